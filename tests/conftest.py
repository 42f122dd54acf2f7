"""Shared fixtures: a real server process on a free loopback port, and the layer markers.

Wire tests never mock sockets: they start `python -m server serve` exactly as
an operator would and talk to it over 127.0.0.1 (tests/support/nodes.py).
Every test is marked with its layer (unit, wire, cluster, browser), the
directory it lives in, so `pytest -m unit` runs one layer (tests/README.md).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.support.nodes import REPO, ServerProcess, launch, reap, start_server, stop_all, wait_ready  # noqa: F401
from tests.support.services import database, redis_server  # noqa: F401  (fixtures)

TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "wire", "cluster", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
        if parts and parts[0] in LAYERS:
            item.add_marker(parts[0])


def pytest_sessionfinish() -> None:
    reap()  # nodes stopped in the background (tests/support/nodes.py)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    s = start_server(tmp_path)
    try:
        yield s
    finally:
        stop_all([s])


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[object]:
    """Start servers with their own environment (limits set low for a test)."""
    started: list[ServerProcess] = []

    def make(env: dict[str, str] | None = None, *args: str) -> ServerProcess:
        s = start_server(tmp_path, env, *args)
        started.append(s)
        return s

    def many(envs: list[dict[str, str]]) -> list[ServerProcess]:
        """Several nodes started at the same time (a cluster), each waited for."""
        launched = [launch(tmp_path, env) for env in envs]
        started.extend(launched)
        return [wait_ready(s) for s in launched]

    make.many = many  # type: ignore[attr-defined]

    try:
        yield make
    finally:
        stop_all(started)
