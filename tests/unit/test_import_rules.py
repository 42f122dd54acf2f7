"""The layers' import rules, read statically from the source (ast): nothing is imported, so it is fast.

- The core packages (rooms/, booths/, moderation/) are logic: they do no network, database,
  process or event-loop I/O, so they import none of the modules that do, and nothing of
  server/ or clients/. Reading their own data files (pathlib, open) stays allowed.
- clients/ talks to a node over the wire only: it never imports server/.

Every import counts, also one inside a function or under `if TYPE_CHECKING:`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.nodes import REPO

CORE = ("rooms", "booths", "moderation")
IO = frozenset({
    # network and web
    "aiohttp", "websockets", "socket", "ssl", "selectors", "http", "urllib", "requests", "httpx", "smtplib",
    # databases and queues
    "redis", "sqlalchemy", "asyncpg", "aiosqlite", "sqlite3", "psycopg", "psycopg2", "alembic",
    # processes and the event loop (streams, subprocesses, servers)
    "asyncio", "subprocess", "multiprocessing", "signal",
})
APPS = frozenset({"server", "clients", "tests"})


def imported(path: Path, package: str) -> set[str]:
    """Every module `path` imports, absolute; relative imports resolved against its `package`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                found.add(node.module)
    return found


def breaches(top: str, forbidden: frozenset[str]) -> list[str]:
    """`file: module` for each import under the package `top` whose first name is forbidden."""
    out = []
    for path in sorted((REPO / top).rglob("*.py")):
        rel = path.relative_to(REPO)
        for module in sorted(imported(path, ".".join(rel.parent.parts))):
            if module.split(".")[0] in forbidden:
                out.append(f"{rel.as_posix()}: {module}")
    return out


@pytest.mark.parametrize("top", CORE)
def test_the_core_imports_no_io_and_no_application(top: str) -> None:
    assert list((REPO / top).rglob("*.py")), f"{top}/ has no Python files: the rule would check nothing"
    assert breaches(top, IO | (APPS - {top})) == []


def test_clients_never_import_the_server() -> None:
    assert list((REPO / "clients").rglob("*.py")), "clients/ has no Python files: the rule would check nothing"
    assert breaches("clients", frozenset({"server", "tests"})) == []


def test_the_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The rule can fail: plain, from, nested, TYPE_CHECKING-only and relative imports are all seen."""
    source = tmp_path / "mod.py"
    source.write_text(
        "import aiohttp.web\n"
        "from redis import asyncio as aioredis\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sqlalchemy import Engine\n"
        "def later():\n    import socket\n"
        "from . import sibling\n"
        "from ..server import node\n", encoding="utf-8")
    seen = imported(source, "pkg.sub")
    assert {"aiohttp.web", "redis", "sqlalchemy", "socket", "pkg.sub", "pkg.server"} <= seen
