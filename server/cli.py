"""The `tsunagaru` command line."""
from __future__ import annotations

import argparse
import asyncio
import sys

from rooms.roles import ACCOUNT_ROLES

from server import logs
from server.config import ConfigError, from_environ


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tsunagaru", description="Tsunagaru realtime festival server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run one node (flags override the same-named environment variables)")
    serve.add_argument("--host", help="address to listen on (HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (PORT, default 8080)")
    serve.add_argument("--redis-url", help="Redis for many nodes (REDIS_URL; redis+cluster://h1:p1,h2:p2 for a "
                                           "Redis Cluster); none: in-process bus")
    serve.add_argument("--database-url", help="database (DATABASE_URL, default sqlite+aiosqlite:///tsunagaru.db)")
    serve.add_argument("--demo", action="store_true", default=None, help="load the demo festival (DEMO=1)")
    serve.add_argument("--node-id", help="name of this node in welcome.node (NODE_ID)")
    serve.add_argument("--log-level", help="debug, info, warning (LOG_LEVEL)")
    imp = sub.add_parser("import", help="import a directory file into the configured database")
    imp.add_argument("path", help="the file (HSDS JSON, or a 公共施設一覧 / イベント一覧 CSV)")
    imp.add_argument("--format", required=True, choices=("hsds", "ods-facility", "ods-event"))
    imp.add_argument("--municipality", help="6-digit municipality code for rows that lack one")
    imp.add_argument("--strict", action="store_true", help="import nothing if any row or field is rejected")
    imp.add_argument("--database-url", help="database (DATABASE_URL)")
    admin = sub.add_parser("admin", help="staff accounts")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create-user", help="create an admin, moderator or host account")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ACCOUNT_ROLES)
    create.add_argument("--organization", help="the organization a host belongs to: its id or its short name (its booth's slug)")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.add_argument("--database-url", help="database (DATABASE_URL)")
    exp = sub.add_parser("export", help="write the directory to standard output")
    exp.add_argument("--format", required=True, choices=("hsds", "geojson"))
    exp.add_argument("--database-url", help="database (DATABASE_URL)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("import", "export", "admin"):
        from server import commands

        return commands.run(args)
    overrides = {k: v for k, v in vars(args).items() if k != "command"}
    try:
        config = from_environ(overrides)
    except ConfigError as exc:
        print(f"tsunagaru: configuration error: {exc}", file=sys.stderr)
        return 2
    logs.configure(config.log_level)
    from server.runner import serve

    try:
        asyncio.run(serve(config))
    except OSError as exc:
        print(f"tsunagaru: cannot listen on {config.host}:{config.port}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
