"""Shared fixtures: a real server process on a free loopback port, and the layer markers.

Wire tests never mock sockets: they start `python -m server serve` exactly as
an operator would and talk to it over 127.0.0.1 (tests/support/nodes.py).
Every test is marked with its layer (unit, wire, cluster, browser), the
directory it lives in, so `pytest -m unit` runs one layer (tests/README.md).
What tests would otherwise share (the PostgreSQL database, Redis, ports) is per
test process, so the suite runs in parallel with pytest-xdist (tests/README.md).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.support import postgres
from tests.support.nodes import REPO, ServerProcess, launch, reap, start_many, start_server, stop_all, wait_ready  # noqa: F401
from tests.support.services import database, redis_server  # noqa: F401  (fixtures)

TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "wire", "cluster", "browser")
# The order modules are handed to xdist workers: the slowest layer first, so the many short unit
# modules fill the end of the run instead of a browser module starting last (tests/README.md).
HEAVIEST_FIRST = ("browser", "cluster", "wire", "unit")


def _layer(item: pytest.Item) -> str | None:
    parts = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
    return parts[0] if parts and parts[0] in LAYERS else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = _layer(item)
        if layer:
            item.add_marker(layer)
    rank = {layer: i for i, layer in enumerate(HEAVIEST_FIRST)}
    items.sort(key=lambda item: rank.get(_layer(item) or "", len(rank)))  # stable: modules stay whole


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`-n N` alone distributes whole modules (`--dist loadfile`): a module's `module_server` node
    then starts once, on one worker, instead of once on every worker that gets one of its tests.
    Modules go out in collection order (HEAVIEST_FIRST), not xdist's default of the most tests
    first, which sent the many-test unit modules first and the few-test browser modules last."""
    if getattr(config.option, "numprocesses", None) and getattr(config.option, "dist", None) == "no":
        config.option.dist = "loadfile"
    if getattr(config.option, "dist", None) in ("loadfile", "loadscope"):
        config.option.loadscopereorder = False


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Bytes that are not plain text are named by their length, not their content: content made at
    random when the module is read (a frame's mask key) gives each pytest-xdist worker other test
    ids, and xdist then refuses to run any test ("Different tests were collected")."""
    if isinstance(val, bytes) and not all(32 <= b < 127 for b in val):
        return f"{argname}-{len(val)}B"
    return None


def _runs_tests(session: pytest.Session) -> bool:
    """False in the pytest-xdist controller, which hands the tests to its workers and runs none."""
    return not session.config.pluginmanager.has_plugin("dsession")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _runs_tests(session):
        postgres.create()  # this process's own PostgreSQL database (tests/support/postgres.py)


def pytest_sessionfinish(session: pytest.Session) -> None:
    reap()  # nodes stopped in the background (tests/support/nodes.py)
    if _runs_tests(session):
        postgres.drop()


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
        nodes = start_many(tmp_path, envs)
        started.extend(nodes)
        return nodes

    make.many = many  # type: ignore[attr-defined]

    try:
        yield make
    finally:
        stop_all(started)
