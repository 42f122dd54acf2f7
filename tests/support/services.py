"""Real services for tests: a private redis-server, PostgreSQL, or a clear reason why not.

Where `redis-server` is installed, each test gets its own on a free port, so it
can stop, restart and pause it (and parallel workers never share one). PostgreSQL
is the machine's server, with a database of each test process's own
(tests/support/postgres.py). A missing service skips the test with a printed
reason — except under `CI=true`, where it is a failure.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import postgres, template_db


def missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a required service is missing: {reason}")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A port free a moment ago: another process may take it before ours binds (`PortTaken`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortTaken(RuntimeError):
    """Another process bound the port first (parallel runs): start again on another port."""


@dataclass
class RedisProcess:
    port: int
    workdir: Path
    proc: subprocess.Popen[bytes] | None = None
    args: tuple[str, ...] = ()  # more of redis-server's options (a cluster shard's)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--protected-mode", "no", *self.args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:  # it could not bind: another process has the port
                raise PortTaken(f"redis-server exited ({self.proc.returncode}) on port {self.port}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG") and self._answering_pid() == self.proc.pid:
                        return  # ours, not another test's redis-server on the same port
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def _answering_pid(self) -> int:
        info = self.command("INFO", "server").decode(errors="replace")
        found = re.search(r"process_id:(\d+)", info)
        return int(found.group(1)) if found else -1

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def pause(self) -> None:
        """Unreachable without closing anything: the process is stopped (SIGSTOP)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def command(self, *args: str | bytes) -> bytes:
        """One command over a plain socket (RESP), for INFO and the like."""
        raw = [a.encode() if isinstance(a, str) else a for a in args]
        parts = [b"*%d\r\n" % len(raw)] + [b"$%d\r\n%s\r\n" % (len(a), a) for a in raw]
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(b"".join(parts))
            data = b""
            s.settimeout(1.0)
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                    if data.startswith(b"$") and data.count(b"\r\n") >= 2:
                        length = int(data[1:data.index(b"\r\n")])
                        if len(data) >= data.index(b"\r\n") + 2 + length + 2:
                            break
                    elif data.startswith((b"+", b"-", b":")) and data.endswith(b"\r\n"):
                        break
            except socket.timeout:
                pass
            return data


@pytest.fixture
def redis_server(tmp_path: Path):
    if shutil.which("redis-server") is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    for attempt in range(3):
        server = RedisProcess(free_port(), tmp_path)
        try:
            server.start()
            break
        except PortTaken:
            if attempt == 2:
                raise
    try:
        yield server
    finally:
        if server.proc is not None and server.proc.poll() is None:
            server.resume()
        server.stop()


PG_URL = postgres.URL  # this test process's own database (tests/support/postgres.py)


async def _drop_everything(engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from server.store.schema import metadata

    async with engine.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path: Path):
    """A migrated, empty database: a SQLite file, and the machine's PostgreSQL (emptied before and after)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from server.store.migrate import upgrade

    if request.param == "sqlite":
        template_db.copy_migrated(tmp_path / "test.db")  # made by the same migrations, once per process
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/test.db")
    else:
        if postgres.unavailable:
            missing(postgres.unavailable)
        engine = create_async_engine(PG_URL)
        try:
            await _drop_everything(engine)
        except Exception as exc:
            await engine.dispose()
            missing(f"PostgreSQL is not reachable at {PG_URL}: {type(exc).__name__}")
    await upgrade(engine)
    try:
        yield engine
    finally:
        if request.param == "postgresql":
            await _drop_everything(engine)
        await engine.dispose()
