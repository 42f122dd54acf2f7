"""A PostgreSQL database of this test process's own, so test runs can share the machine's server.

Tests empty and recreate their tables (`database` in tests/support/services.py), so two
processes on one database break each other: pytest-xdist workers of one run, or the runs of
two engineers on one machine. Each test process therefore gets `<base>_<worker>_<pid>`
(`test_gw0_4242`, `test_main_4242` without xdist), made with CREATE DATABASE when the session
starts (tests/conftest.py) and dropped when it ends. One left behind by a killed run (its pid
is gone) is dropped by the next run. `TEST_POSTGRES_URL` names the server and the database the
admin statements connect to (default: the machine's `test`, trust auth).
"""
from __future__ import annotations

import asyncio
import os
import re
import time

BASE_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
_SERVER, _BASE = BASE_URL.rsplit("/", 1)


def worker() -> str:
    """The pytest-xdist worker this process is (`gw0`, `gw1`…), or `main` without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


NAME = f"{_BASE}_{worker()}_{os.getpid()}"
URL = f"{_SERVER}/{NAME}"
_OURS = re.compile(rf"^{re.escape(_BASE)}_(?:main|gw\d+)_(\d+)$")

unavailable: str | None = "the session database was not made (tests/conftest.py makes it)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def _admin(*statements: str) -> list[str]:
    """Run statements outside a transaction on the base database; the names of databases of ours."""
    import asyncpg

    conn = await asyncpg.connect(BASE_URL.replace("postgresql+asyncpg://", "postgresql://", 1), timeout=10)
    try:
        for sql in statements:
            await conn.execute(sql)
        rows = await conn.fetch("SELECT datname FROM pg_database")
        return [r["datname"] for r in rows if _OURS.match(r["datname"])]
    finally:
        await conn.close()


def create() -> None:
    """Make this process's database (dropping any left by dead runs first); a failure is kept in
    `unavailable` for the fixtures to report (skip, or fail under CI=true), never raised here."""
    global unavailable
    last = ""
    for attempt in range(3):  # CREATE DATABASE may meet another's on the template: bounded retry
        try:
            ours = asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{NAME}"', f'CREATE DATABASE "{NAME}"'))
            unavailable = None
            break
        except Exception as exc:  # noqa: BLE001 - reported by the fixtures that need PostgreSQL
            last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5 * (attempt + 1))
    else:
        unavailable = f"PostgreSQL is not reachable at {BASE_URL} (or may not create a database): {last}"
        return
    stale = [n for n in ours if not _alive(int(_OURS.match(n).group(1)))]  # type: ignore[union-attr]
    if stale:
        try:
            asyncio.run(_admin(*(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in stale)))
        except Exception:  # noqa: BLE001 - another run may be dropping the same ones
            pass


def drop() -> None:
    if unavailable is None:
        try:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        except Exception:  # noqa: BLE001 - the next run drops it (its pid is gone)
            pass
