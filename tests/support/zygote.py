"""Nodes for tests forked from one process that has already imported the server.

A node started with `python -m server serve` spends about 1.3 s of CPU importing
aiohttp, SQLAlchemy, alembic and our own modules before it does anything, and the
suite starts hundreds of nodes on a 2-core machine. A zygote (Android's name for
the same trick) imports all of that once per test worker, then forks a child for
each node: the child sets its own environment, working folder and log file and
runs the same `server.cli.main` an operator runs. Configuration is read at run
time (`server.config.from_environ`), never at import, so a forked node is the
node `python -m server` would have started.

The zygote reaps its children and writes each one's exit code next to its log,
so a test handles a forked node like a `subprocess.Popen` (`ForkedProcess`).
`TSU_TEST_FORK=0` starts every node as its own process instead.
"""
from __future__ import annotations

import json
import os
import pkgutil
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("rooms", "booths", "moderation", "server")
# What a node imports only when it runs (migrations, the database drivers, the Japanese analyser):
# about 0.15 s of CPU per node when left to each child. Found by listing sys.modules before and
# after a node's start in a preloaded process.
RUNTIME_IMPORTS = ("alembic.command", "alembic.config", "alembic.runtime.environment", "alembic.runtime.migration",
                   "alembic.ddl.sqlite", "alembic.ddl.postgresql", "alembic.util.pyfiles", "mako.exceptions",
                   "sqlalchemy.dialects.sqlite.aiosqlite", "sqlalchemy.dialects.postgresql.asyncpg",
                   "sqlalchemy.ext.compiler", "aiosqlite", "sqlite3", "sudachipy", "zoneinfo", "tomllib",
                   "configparser", "encodings.idna")


class ForkedProcess:
    """The part of `subprocess.Popen` the tests use, for a child of the zygote."""

    def __init__(self, pid: int, rc_path: Path) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._rc_path = rc_path

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = int(self._rc_path.read_text())
            except (OSError, ValueError):  # not written yet: the child still runs
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"node {self.pid}", timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class Zygote:
    """The test worker's side: one zygote process, asked over a pipe for one node at a time."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def spawn(self, argv: list[str], env: dict[str, str], log_path: Path) -> ForkedProcess:
        rc_path = log_path.with_suffix(".rc")
        log_path.write_bytes(b"")  # there before the child runs: a test may read it at once
        request = json.dumps({"argv": argv, "env": env, "log": str(log_path), "rc": str(rc_path)})
        with self._lock:
            proc = self._started()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(request + "\n")
            proc.stdin.flush()
            answer = proc.stdout.readline()
        if not answer.strip().isdigit():
            raise RuntimeError(f"the test zygote did not fork a node (it answered {answer!r})")
        return ForkedProcess(int(answer), rc_path)

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._proc = None

    def _started(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen([sys.executable, "-m", "tests.support.zygote"], cwd=REPO, text=True,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._proc


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get("TSU_TEST_FORK", "1") != "0"


# ---- the zygote process itself ------------------------------------------------------------------

_children: dict[int, str] = {}  # pid -> the file its exit code goes to


REAP_EVERY_S = 0.05  # how soon a child's exit code is written after it ends


def _reap() -> None:
    """Write the exit code of every child that has ended (in the main loop, never in a handler)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        rc_path = _children.pop(pid, None)
        if rc_path is not None:
            tmp = f"{rc_path}.tmp"
            with open(tmp, "w") as f:
                f.write(str(os.waitstatus_to_exitcode(status)))
            os.replace(tmp, rc_path)


def _preload() -> None:
    """Every module a node may import, so that no child imports anything itself."""
    import importlib

    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if info.name.endswith("__main__") or ".migrations." in info.name:
                continue
            importlib.import_module(info.name)
    for name in RUNTIME_IMPORTS:
        importlib.import_module(name)


def _run_child(request: dict[str, Any]) -> None:
    """In the forked child: become the node `python -m server <argv>` would have been."""
    code = 1
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(devnull)
        sys.stdin = open(0, closefd=False)
        sys.stdout = open(1, "w", buffering=1, closefd=False)
        sys.stderr = open(2, "w", buffering=1, closefd=False)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(REPO)
        sys.argv = [str(REPO / "server" / "__main__.py"), *request["argv"]]
        from server.cli import main

        code = main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def serve() -> None:
    """Fork a node for each request line on stdin; reap ended children every `REAP_EVERY_S`.

    Reaping is polled, not done in a SIGCHLD handler: a signal that arrives after the handler's
    last `waitpid` but before the main thread blocks reading stdin is only handled when the next
    line comes, so a node that had ended looked alive for as long as no other test asked for a
    node (seen once in CI: a stopped node's exit code written 20 s late, the test's stop timed out).
    """
    _preload()
    pending = b""
    while True:
        readable, _, _ = select.select([0], [], [], REAP_EVERY_S)
        _reap()
        if not readable:
            continue
        data = os.read(0, 65536)
        if not data:  # the test worker closed the pipe: its session is over
            return
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                _run_child(request)
            _children[pid] = request["rc"]  # reaped only by this loop, so never before this line
            print(pid, flush=True)


if __name__ == "__main__":
    serve()
