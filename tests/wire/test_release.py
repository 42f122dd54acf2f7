"""A release that installs: the wheel carries every data file, and a node runs from it alone.

`pip install -e .` hides a missing data file (the checkout is on the path);
this test builds the wheel, installs it into a folder outside the checkout,
and starts a node from there, as an operator would.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("server", "rooms", "booths", "moderation", "clients")


def _build(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(REPO)], check=True, timeout=300, capture_output=True)
    return next(out.glob("tsunagaru-*.whl"))


def test_the_wheel_ships_every_data_file_and_a_node_starts_from_it(tmp_path: Path):
    wheel = _build(tmp_path / "dist")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f.relative_to(REPO).as_posix() for p in PACKAGES for f in (REPO / p).rglob("*")
              if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"}
    assert sorted(wanted - shipped) == []

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=300, capture_output=True)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(target), "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/n.db"}
    env.pop("REDIS_URL", None)
    log = open(tmp_path / "node.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--port", str(port), "--demo"],
                            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        where = subprocess.run([sys.executable, "-c", "import server, moderation; print(server.__file__)"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60).stdout
        assert where.startswith(str(target))  # the installed copy, not the checkout
        ready = page = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (ready == 200 and page == 200):
            assert proc.poll() is None, (tmp_path / "node.log").read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    ready = r.status
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.status
            except OSError:
                time.sleep(0.3)
        assert (ready, page) == (200, 200), (tmp_path / "node.log").read_text(errors="replace")
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()
