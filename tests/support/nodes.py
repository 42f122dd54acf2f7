"""Real node processes for tests: `python -m server serve` on a free loopback port (forked from a
process that has imported the server already, tests/support/zygote.py).

Wire tests never mock sockets: they start a node exactly as an operator would
and talk to it over 127.0.0.1. `launch` starts the process, `wait_ready` waits
(bounded) for /healthz; `start_server` does both.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.support import template_db, zygote
from tests.support.services import PortTaken, free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class ServerProcess:
    port: int
    proc: subprocess.Popen[bytes] | zygote.ForkedProcess
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


def start_server(tmp: Path, extra_env: dict[str, str] | None = None, *args: str) -> ServerProcess:
    """Start a node and wait (bounded) until it listens and /healthz answers."""
    return start_many(tmp, [extra_env or {}], *args)[0]


def start_many(tmp: Path, envs: list[dict[str, str]], *args: str) -> list[ServerProcess]:
    """Nodes started at the same time (a cluster), each waited for. `free_port` only finds a port
    that was free a moment ago: a node that found it taken is started again on another (bounded)."""
    launched = [launch(tmp, env, *args) for env in envs]
    try:
        for i, env in enumerate(envs):
            for attempt in range(3):
                try:
                    wait_ready(launched[i])
                    break
                except PortTaken:
                    if attempt == 2:
                        raise
                    launched[i] = launch(tmp, env, *args)
    except BaseException:
        for node in launched:
            node.stop()
        raise
    return launched


def launch(tmp: Path, extra_env: dict[str, str] | None = None, *args: str) -> ServerProcess:
    """Start a node's process without waiting for it (`wait_ready`): a cluster's nodes start together."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/t-{port}.db", "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    # A test's clients cannot answer close frames when its server stops (the test's event loop has
    # ended), so the drain always waits its whole DRAIN_S: keep it short. The drain still runs
    # (close frames sent, then the rest aborted); test_wire_drain checks it with the default.
    env["DRAIN_S"] = "0.2"
    env.update(extra_env or {})
    if "DATABASE_URL" not in (extra_env or {}) and not (tmp / f"t-{port}.db").exists():
        template_db.copy_migrated(tmp / f"t-{port}.db")  # the schema made once (tests/support/template_db.py)
    log_path = tmp / f"server-{port}.log"
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port), "--demo", *args]
    if zygote.enabled():
        return ServerProcess(port, _zygote.spawn(argv, env, log_path), log_path, env)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "server", *argv], cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    return ServerProcess(port, proc, log_path, env)


_zygote = zygote.Zygote()  # this test process's (tests/support/zygote.py)


def wait_ready(server: ServerProcess) -> ServerProcess:
    """Bounded wait for /healthz. The node must also have logged that it listens: a port taken by
    another test's node answers /healthz too, and that node is not ours."""
    proc = server.proc
    quiet = server.env.get("LOG_LEVEL", "info").lower() not in ("debug", "info")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = server.log()
            if "address already in use" in log.lower():
                raise PortTaken(f"port {server.port} was taken:\n{log}")
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log}")
        if not quiet and '"msg":"listening"' not in server.log():
            time.sleep(0.1)
            continue
        try:
            with urllib.request.urlopen(f"{server.http}/healthz", timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not answer /healthz within 20 s:\n{server.log()}")


_retiring: list[ServerProcess] = []


def private(server: ServerProcess) -> bool:
    """A node that shares nothing with later tests: its own SQLite file, no Redis."""
    return server.env.get("DATABASE_URL", "").startswith("sqlite") and not server.env.get("REDIS_URL")


def stop_all(started: list[ServerProcess]) -> None:
    """Every node drains at once. A private node finishes in the background (`reap` waits for it at
    the end of the session) while the next test starts; any other is waited for here, so nothing it
    still writes reaches the next test's Redis or PostgreSQL."""
    for s in started:
        if s.proc.poll() is None:
            s.proc.send_signal(signal.SIGTERM)
    for s in started:
        if private(s):
            _retiring.append(s)
        else:
            s.stop()
    _retiring[:] = [s for s in _retiring if s.proc.poll() is None]


def reap() -> None:
    """Wait for every node still finishing in the background (bounded; killed after)."""
    while _retiring:
        _retiring.pop().stop()
    _zygote.close()


def module_server(env: dict[str, str] | None = None, *args: str) -> Any:
    """A module-scoped fixture: one node (started with `env`) for every test of the module that asks
    for it by the name it is assigned to. Only for tests that leave nothing behind that another
    could see (rooms, bans, counters, log lines they count): the rest use `server_factory`."""

    @pytest.fixture(scope="module")
    def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
        s = start_server(tmp_path_factory.mktemp("node"), env, *args)
        try:
            yield s
        finally:
            stop_all([s])

    return node
