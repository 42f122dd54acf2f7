"""Nodes started at the same moment with DEMO=1 on one database: each loads the demo, none logs an error.

The schema, the vocabulary and every directory import take one lock (an advisory lock on
PostgreSQL, the write lock on SQLite), so the second node waits and replaces the same rows
instead of colliding on their ids. Real nodes, a shared SQLite file and the machine's
PostgreSQL (a database of its own for this test, dropped after).
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.nodes import REPO, ServerProcess
from tests.support.services import PG_URL, free_port, missing

NODES = 3
DEMO_ORGANIZATIONS = 31
DEMO_BOOTHS = 30
DEMO_CASES_PUBLISHED = 11  # booths/demo_cases.py: 12, one of them submitted (not public)


def _start_together(tmp: Path, database_url: str) -> list[ServerProcess]:
    """Every node launched before any is waited for: they migrate, seed and import at the same time."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", "DEMO": "1"}
    env.pop("REDIS_URL", None)
    nodes = []
    for _ in range(NODES):
        port = free_port()
        log_path = tmp / f"node-{port}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                    cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        nodes.append(ServerProcess(port, proc, log_path, env))
    deadline = time.monotonic() + 60
    for node in nodes:
        while True:
            if node.proc.poll() is not None:
                raise RuntimeError(f"node exited with {node.proc.returncode}:\n{node.log()}")
            try:
                with urllib.request.urlopen(f"{node.http}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"node did not answer /healthz:\n{node.log()}")
            time.sleep(0.1)
    return nodes


def _get(node: ServerProcess, path: str) -> dict:
    with urllib.request.urlopen(node.http + path, timeout=10) as r:
        return json.loads(r.read())


def _check(nodes: list[ServerProcess]) -> None:
    for node in nodes:
        assert _get(node, "/hsds/organizations?per_page=1")["total_items"] == DEMO_ORGANIZATIONS
        assert len(_get(node, "/api/booths")["booths"]) == DEMO_BOOTHS
        assert _get(node, "/api/cases?per_page=1")["total_items"] == DEMO_CASES_PUBLISHED
        with urllib.request.urlopen(node.http + "/readyz", timeout=10) as r:
            assert r.status == 200
    for node in nodes:
        node.stop()
        log = node.log()
        assert '"level":"error"' not in log and "Traceback" not in log, log[-3000:]
        assert "demo directory loaded" in log and "demo cases loaded" in log


def test_nodes_started_together_on_one_sqlite_file_each_load_the_demo(tmp_path):
    nodes = _start_together(tmp_path, f"sqlite+aiosqlite:///{tmp_path}/shared.db")
    try:
        _check(nodes)
    finally:
        for node in nodes:
            node.stop()


@pytest.fixture
def postgres_database():
    """A fresh PostgreSQL database of this test's own (the shared test database is left to other tests)."""
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"tsunagaru_demo_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        missing(f"PostgreSQL is not reachable at {PG_URL} (or may not create a database): {type(exc).__name__}")
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_nodes_started_together_on_one_postgresql_database_each_load_the_demo(tmp_path, postgres_database):
    nodes = _start_together(tmp_path, postgres_database)
    try:
        _check(nodes)
    finally:
        for node in nodes:
            node.stop()
