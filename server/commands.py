"""The offline commands `tsunagaru import`, `export` and `admin`, against the configured database."""
from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys

from server.store import db
from server.store import migrate
from server.store.accounts import AccountError, Accounts
from server.config import ConfigError, from_environ
from server.store.directory_import import ImportRefused, run_import
from server.store.directory import DirectoryStore


def run(args: argparse.Namespace) -> int:
    try:
        config = from_environ({"database_url": args.database_url})
    except ConfigError as exc:
        print(f"tsunagaru: configuration error: {exc}", file=sys.stderr)
        return 2
    commands = {"import": _import, "export": _export, "admin": _create_user}
    return asyncio.run(commands[args.command](args, config.database_url))


async def _create_user(args: argparse.Namespace, url: str) -> int:
    engine = db.engine_for(url)
    try:
        await migrate.upgrade(engine)
        organization = args.organization
        if organization:  # an id or a short name; checked before the password is asked for
            organization = await DirectoryStore(engine).organization_id_for(args.organization)
            if organization is None:
                print(f"tsunagaru: unknown_organization: no organization has the id or short name "
                      f"{args.organization!r} (`tsunagaru export --format hsds` lists them)", file=sys.stderr)
                return 1
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("password (12 characters or more): ")
        outcome = await Accounts(engine).create_user(args.username, password, args.role, organization)
    finally:
        await engine.dispose()
    if isinstance(outcome, AccountError):
        print(f"tsunagaru: {outcome.code}: {outcome.message}", file=sys.stderr)
        return 1
    org = f" of organization {outcome.organization_id}" if outcome.organization_id else ""
    print(f"created {outcome.role} {outcome.username} ({outcome.id}){org}")
    return 0


async def _store(url: str) -> DirectoryStore:
    engine = db.engine_for(url)
    await migrate.upgrade(engine)
    store = DirectoryStore(engine)
    await store.seed_vocabulary()
    return store


async def _import(args: argparse.Namespace, url: str) -> int:
    try:
        with open(args.path, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"tsunagaru: cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    store = await _store(url)
    try:
        outcome = await run_import(store, data, args.format, municipality=args.municipality, strict=args.strict,
                                   source=f"file:{args.path.rsplit('/', 1)[-1]}",
                                   progress=lambda n: print(f"… {n} organizations", file=sys.stderr))
    finally:
        await store.engine.dispose()
    if isinstance(outcome, ImportRefused):
        print(f"tsunagaru: {outcome.code}: {outcome.message}; nothing was imported", file=sys.stderr)
        return 1
    for p in outcome.rejected:
        print(f"rejected {p.path}: {p.code}: {p.message}", file=sys.stderr)
    state = "imported" if outcome.committed else "NOT imported (strict)"
    print(f"{state}: {outcome.organizations} organizations, {outcome.services} services, "
          f"{outcome.locations} locations; {len(outcome.rejected)} rejected rows or fields")
    return 0 if outcome.committed else 1


async def _export(args: argparse.Namespace, url: str) -> int:
    store = await _store(url)
    try:
        if args.format == "hsds":
            docs = [doc async for doc in store.export_documents()]
            out = {"organizations": docs}
        else:
            from booths.geojson import feature_collection
            from booths.municipalities import load_municipalities
            from booths.search import ServiceQuery

            out = feature_collection(await store.map_points(ServiceQuery()), load_municipalities())
    finally:
        await store.engine.dispose()
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0
