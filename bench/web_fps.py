"""Frame rate of the visitor client's map with many avatars moving (issue 7), opt-in.

    python bench/web_fps.py [--avatars 100] [--cpu-throttle 2] [--seconds 5]

Starts a node (demo festival, SQLite in a temp dir), connects N Python SDK
clients to the lobby that each move every 200 ms (the server coalesces moves
at 10 Hz), opens the visitor client in Debian's Chromium at 1280×800 with the
CPU slowed down by DevTools (`Emulation.setCPUThrottlingRate`; 2× stands for a
mid-range laptop), and records `requestAnimationFrame` timestamps for S
seconds: frames per second, frame-interval percentiles, frames over 20 ms.
The same run first measures the empty lobby as the reference. Results go to
bench/results/web-fps-<date>-<host>.{json,txt}. Nothing here is part of the
test suite: it measures, it does not judge.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from clients.sdk import Client  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
MEASURE_JS = """async (seconds) => {
  const stamps = [];
  await new Promise((done) => {
    const end = performance.now() + seconds * 1000;
    const tick = (t) => { stamps.push(t); if (t < end) requestAnimationFrame(tick); else done(); };
    requestAnimationFrame(tick);
  });
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  const q = (p) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))];
  return {frames: gaps.length, fps: gaps.length / seconds, p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99),
          max_ms: gaps[gaps.length - 1], over_20ms: gaps.filter((g) => g > 20).length};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/fps.db"}
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--demo"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


class Crowd:
    """N visitors walking about the lobby, on their own event loop thread (bounded in time)."""

    def __init__(self, url: str, n: int, seconds: float) -> None:
        self.url, self.n, self.seconds = url, n, seconds
        self.ready = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _walker(self, i: int, stop_at: float) -> None:
        c = await Client.connect(self.url, nick=f"ボット{i}")
        await c.join("lobby")
        rnd = random.Random(i)
        self._joined += 1
        if self._joined == self.n:
            self.ready.set()
        while time.monotonic() < stop_at:
            await c.move("lobby", rnd.uniform(1, 39), rnd.uniform(1, 29))
            await asyncio.sleep(0.2)
        await c.close()

    async def _run(self) -> None:
        self._joined = 0
        stop_at = time.monotonic() + self.seconds
        await asyncio.gather(*[self._walker(i, stop_at) for i in range(self.n)], return_exceptions=True)


def measure(port: int, avatars: int, throttle: float, seconds: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    crowd = None
    if avatars:
        crowd = Crowd(f"ws://127.0.0.1:{port}/ws", avatars, seconds + 60)
        crowd.thread.start()
        if not crowd.ready.wait(60):
            raise SystemExit("the crowd did not join in 60 s")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ja-JP")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(f"http://127.0.0.1:{port}/")
        page.fill("#nick", "測定")
        page.click("#entry-form button[type=submit]")
        page.wait_for_selector('#venue[data-room="lobby"]', timeout=30_000)
        if avatars:
            # A large room answers a join with at most MEMBERS_PAGE (50) members and, past AREA_FROM (100),
            # only those in the area: wait for the map to draw what the server gives, not for all of them.
            page.wait_for_function(f"() => window.__tsunagaru.map.avatars.size >= {min(avatars + 1, 50)}",
                                   timeout=30_000)
        page.wait_for_timeout(1000)
        result = page.evaluate(MEASURE_JS, seconds)
        result["avatars"] = avatars
        result["drawn"] = page.evaluate("() => window.__tsunagaru.map.avatars.size")
        browser.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--avatars", type=int, default=100)
    ap.add_argument("--cpu-throttle", type=float, default=2.0)
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_server(tmp)
        try:
            reference = measure(port, 0, a.cpu_throttle, a.seconds)
            loaded = measure(port, a.avatars, a.cpu_throttle, a.seconds)
        finally:
            proc.terminate()
            proc.wait(15)
    host = platform.node() or "host"
    out = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "host": host,
           "nproc": os.cpu_count(), "cpu_throttle": a.cpu_throttle, "seconds": a.seconds,
           "reference_empty_lobby": reference, "crowd": loaded,
           "fps_ratio_crowd_over_empty": round(loaded["fps"] / reference["fps"], 3) if reference["fps"] else None}
    text = (f"web fps  host {host}  nproc {os.cpu_count()}  cpu throttle {a.cpu_throttle}x  {a.seconds}s\n"
            + "\n".join(f"  {label:<18} avatars {r['avatars']:>3} (drawn {r.get('drawn', 0):>3})  fps {r['fps']:6.1f}  p50 {r['p50_ms']:5.1f} ms  "
                        f"p95 {r['p95_ms']:5.1f} ms  p99 {r['p99_ms']:5.1f} ms  over 20 ms {r['over_20ms']}"
                        for label, r in (("empty lobby", reference), ("crowd", loaded)))
            + f"\n  ratio crowd/empty fps {out['fps_ratio_crowd_over_empty']}\n")
    print(text)
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    stem = results / f"web-fps-{dt.date.today().isoformat()}-{host}"
    stem.with_suffix(".json").write_text(json.dumps(out, indent=1))
    stem.with_suffix(".txt").write_text(text)


if __name__ == "__main__":
    main()
