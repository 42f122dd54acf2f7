"""Real node processes for tests: `python -m server serve` on a free loopback port.

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

from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class ServerProcess:
    port: int
    proc: subprocess.Popen[bytes]
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
    """Start a node and wait (bounded) until /healthz answers."""
    return wait_ready(launch(tmp, extra_env, *args))


def launch(tmp: Path, extra_env: dict[str, str] | None = None, *args: str) -> ServerProcess:
    """Start a node's process without waiting for it (`wait_ready`): a cluster's nodes start together."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/t-{port}.db", "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    # A test's clients are gone when its server stops: waiting for their close frames (up to 3 s a
    # node) only makes the suite slow. test_wire_drain checks the drain itself.
    env["DRAIN_S"] = "1"
    env.update(extra_env or {})
    log_path = tmp / f"server-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port), "--demo", *args],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    return ServerProcess(port, proc, log_path, env)


def wait_ready(server: ServerProcess) -> ServerProcess:
    proc = server.proc
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.http}/healthz", timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not answer /healthz within 20 s:\n{server.log()}")


def stop_all(started: list[ServerProcess]) -> None:
    """Every node drains at once, then each is waited for."""
    for s in started:
        if s.proc.poll() is None:
            s.proc.send_signal(signal.SIGTERM)
    for s in started:
        s.stop()
