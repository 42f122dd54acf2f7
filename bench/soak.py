"""S9: a soak (issue 18) — hours of churn compressed into N minutes, looking for leaks.

    python bench/soak.py                       # 30 minutes (opt-in: never part of the test suite)
    python bench/soak.py --minutes 3           # a short run: says less about slow leaks

A private `redis-server` on a free port and two nodes over it: A stays up all the time (its memory
is what is measured), B is restarted every `--restart-every` seconds (SIGTERM, a new process on the
same port). Before a restart the "load balancer" sends B's visitors to A: their SDK clients resume
there (hello with the session and each room's last seq). Meanwhile `--visitors` visitors churn,
each a bounded loop of visits: connect to A or B, join the lobby and sometimes a hall, walk
(1 move a second), chat (0.1 lines a second), then end the visit one of three ways: close
normally, leave the rooms and close, or lose the connection (the transport aborted: the SDK
resumes the session and the visit goes on). Two observers (one on each node, B's moved to A on
its restarts) stay in the lobby and hall:1 throughout and record every line they receive.

It reports node A's RSS after the warm-up against at the end of the churn, the Redis key count
before the first visitor against after the last has left and the sessions' grace has passed, the
rooms, members and sessions each node still holds then (/metrics), and whether every line a
sender had accepted reached each observer or was accounted for (a `reset` for that room, which
tells a client that a gap cannot be filled). Every loop is bounded in count and time; the run
ends by the deadline whatever happens.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster  # noqa: E402  (bench/cluster.py: the private Redis and the nodes)
import results_file  # noqa: E402  (bench/results_file.py)
import run as bench  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from clients.loadgen import CONSONANTS, make_text  # noqa: E402
from clients.sdk import Client, Disconnected, ServerError  # noqa: E402

ROOMS = ("lobby", "hall:1")
NODE_ENV = {"SESSION_GRACE_S": "20", "DRAIN_S": "3"}  # shorter than production so that the end is reached sooner


@dataclass
class Ledger:
    """What the visitors did and what the observers saw."""

    accepted: dict[str, dict[str, float]] = field(default_factory=lambda: {r: {} for r in ROOMS})  # room → id → when
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


class Observer:
    """Stays in the rooms throughout and records every line (and every reset) it is sent."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: dict[str, set[str]] = {r: set() for r in ROOMS}
        self.resets: dict[str, list[float]] = {r: [] for r in ROOMS}
        self.client: Client | None = None
        self.since = 0.0

    def on_event(self, m: dict) -> None:
        room = m.get("room")
        if m.get("t") == "said" and room in self.seen:
            self.seen[room].add(m.get("id"))
        elif m.get("t") in ("reset", "rejoin_failed") and room in self.resets:
            self.resets[room].append(time.monotonic())

    async def start(self, url: str) -> None:
        self.client = await Client.connect(url, nick=self.name, on_event=self.on_event, max_events=10)
        for room in ROOMS:
            await self.client.join(room)
        self.since = time.monotonic()

    def missing(self, ledger: Ledger, until: float) -> dict[str, dict[str, int]]:
        out = {}
        for room in ROOMS:
            want = {i for i, t in ledger.accepted[room].items() if self.since < t < until}
            lost = want - self.seen[room]
            told = {i for i in lost if any(r > ledger.accepted[room][i] for r in self.resets[room])}
            out[room] = {"accepted": len(want), "received": len(want & self.seen[room]),
                         "accounted_by_reset": len(told), "unaccounted": len(lost - told)}
        return out


async def visit(live: dict, i: int, ledger: Ledger, deadline: float, rng: random.Random, tag: str) -> None:
    """One visitor's bounded loop of visits until the deadline."""
    for _ in range(10_000):
        if time.monotonic() >= deadline:
            return
        try:
            client = await Client.connect(rng.choice(live["urls"]), nick=f"soak{i}", request_timeout=10)
        except (ServerError, Disconnected, OSError, asyncio.TimeoutError) as exc:
            ledger.count(f"connect failed: {type(exc).__name__}")
            await asyncio.sleep(1 + rng.random())
            continue
        ledger.count("visits")
        live["clients"].add(client)
        try:
            await one_visit(client, ledger, deadline, rng, tag)
        except (ServerError, Disconnected, asyncio.TimeoutError) as exc:
            ledger.count(f"visit cut: {getattr(exc, 'code', type(exc).__name__)}")
        finally:
            if not client.done:
                await client.close()
            ledger.count("resumes", client.resumes)
            live["clients"].discard(client)
        await asyncio.sleep(rng.random() * 2)


async def one_visit(client: Client, ledger: Ledger, deadline: float, rng: random.Random, tag: str) -> None:
    rooms = ["lobby"] + (["hall:1"] if rng.random() < 0.5 else [])
    for room in rooms:
        await client.join(room, round(rng.uniform(1, 30), 2), round(rng.uniform(1, 20), 2))
        ledger.count("joins")
    seconds = rng.uniform(5, 30)
    ending = rng.choice(("close", "leave", "drop"))
    end = min(time.monotonic() + seconds, deadline)
    dropped = False
    for _ in range(int(seconds) + 2):
        if time.monotonic() >= end or client.done:
            break
        room = rng.choice(rooms)
        if await client.move(room, round(rng.uniform(0, 32), 2), round(rng.uniform(0, 24), 2)):
            ledger.count("moves")
        if rng.random() < 0.1:
            ok = await client.say(room, make_text(time.monotonic_ns(), tag))
            if not ok.get("held"):
                ledger.accepted[room][ok["id"]] = time.monotonic()
        if ending == "drop" and not dropped and time.monotonic() > end - seconds / 2 and client.ws is not None:
            client.ws.transport.abort()  # the train enters a tunnel: the SDK resumes the session
            dropped = True
            ledger.count("drops")
        await asyncio.sleep(1)
    if ending == "leave" and not client.done:
        for room in rooms:
            await client.leave(room)
            ledger.count("leaves")


def metrics(port: int) -> dict[str, float]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError as exc:
        return {"error": str(exc)}  # type: ignore[dict-item]
    wanted = ("connections", "rooms", "members", "sessions")
    return {k: float(line.split()[-1]) for line in text.splitlines() for k in wanted if line.startswith(f"tsunagaru_{k} ")}


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def keys(rport: int) -> list[str]:
    """Every key of the private Redis (small: this run's only)."""
    reply = cluster.redis_cmd(rport, "KEYS", "*").decode(errors="replace").split("\r\n")
    return sorted(line for line in reply[2::2] if line)


KEPT = re.compile(r"tsu:(nodes|node:[^:]+|\{(lobby|hall:\d+)\}:(seq|hist|replay))")


def leftovers(names: list[str]) -> list[str]:
    """Keys that should be gone once everyone has left: all but the nodes' liveness keys and the permanent
    rooms' seq, history and replay ring (kept by design: a room's seq never goes back, its history lasts hours)."""
    return [k for k in names if not KEPT.fullmatch(k)]


async def soak(a: argparse.Namespace, procs: cluster.Procs, tmp: Path, rport: int) -> dict:
    redis_url = f"redis://127.0.0.1:{rport}/0"
    os.environ.update(NODE_ENV)
    (pa, node_a), (pb, node_b) = cluster.start_nodes(procs, tmp, 2, redis_url, "soak")
    url_a, url_b = f"ws://127.0.0.1:{pa}/ws", f"ws://127.0.0.1:{pb}/ws"
    live: dict = {"urls": [url_a, url_b], "clients": set()}  # the load balancer's rotation; open visitors
    res: dict = {"keys_before": keys(rport), "rss_a_mb": [], "restarts": 0}
    ledger, tag = Ledger(), "".join(random.choice(CONSONANTS) for _ in range(6))
    observers = [Observer("obs-a"), Observer("obs-b")]
    await observers[0].start(url_a)
    await observers[1].start(url_b)
    start = time.monotonic()
    deadline = start + a.minutes * 60
    warm_at = start + min(60.0, a.minutes * 60 * 0.2)
    visitors = [asyncio.create_task(visit(live, i, ledger, deadline, random.Random(i), tag))
                for i in range(a.visitors)]
    next_restart = start + a.restart_every
    for _ in range(int(a.minutes * 60 / 5) + 2):  # the conductor: samples every 5 s, restarts B on schedule
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(min(5.0, max(0.0, deadline - time.monotonic())))
        res["rss_a_mb"].append([round(time.monotonic() - start), rss_mb(node_a.pid)])
        if "rss_a_after_warmup_mb" not in res and time.monotonic() >= warm_at:
            res["rss_a_after_warmup_mb"] = rss_mb(node_a.pid)
        if time.monotonic() >= next_restart and time.monotonic() < deadline - 15:
            live["urls"] = [url_a]  # B leaves the rotation; its visitors (and observer) resume on A
            for client in [*live["clients"], *(o.client for o in observers)]:
                if client is not None and client.url == url_b:
                    client.url = url_a
            await asyncio.to_thread(procs.stop, node_b)
            node_b = restart_b(procs, tmp, pb, redis_url)
            await asyncio.to_thread(cluster.wait_http, pb)
            live["urls"] = [url_a, url_b]
            res["restarts"] += 1
            next_restart += a.restart_every
    await asyncio.wait(visitors, timeout=60)
    churn_end = time.monotonic()
    res["rss_a_end_mb"] = rss_mb(node_a.pid)
    await asyncio.sleep(3)  # the last lines reach the observers
    res["lines"] = {o.name: o.missing(ledger, churn_end - 2) for o in observers}
    res["observer_resumes"] = {o.name: o.client.resumes if o.client else None for o in observers}
    for o in observers:
        if o.client is not None:
            await o.client.close()
    grace = float(NODE_ENV["SESSION_GRACE_S"])
    waited = time.monotonic()
    for _ in range(int(grace) + 40):  # aborted sessions end after their grace; then only the kept keys remain
        if not leftovers(keys(rport)):
            break
        await asyncio.sleep(1)
    res["keys_after"], res["seconds_until_clean"] = keys(rport), round(time.monotonic() - waited, 1)
    res["left_behind"] = {"A": metrics(pa), "B": metrics(pb)}
    res["counts"] = ledger.counts
    res["accepted_lines"] = {r: len(v) for r, v in ledger.accepted.items()}
    res["minutes"] = a.minutes
    return res


def restart_b(procs: cluster.Procs, tmp: Path, port: int, redis_url: str):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/soak-b.db", "NODE_ID": f"soak-b-{time.monotonic_ns()}",
           "REDIS_URL": redis_url, **NODE_ENV}
    return procs.start([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port), "--demo"],
                       env, tmp / "soak-b.log")


def render(res: dict) -> str:
    before, end = res.get("rss_a_after_warmup_mb"), res.get("rss_a_end_mb")
    growth = round(100 * (end - before) / before, 1) if before and end else None
    lines = [f"S9 soak {res['machine']['date_utc']} host {res['machine']['hostname']} nproc {res['machine']['nproc']}"
             f"  {res['minutes']} min, {res['config']['visitors']} visitors, B restarted {res['restarts']} times",
             f"node A RSS after warm-up {before} MB, at the end {end} MB: {growth} % (target <= 5 %)",
             f"Redis keys before the first visitor {len(res['keys_before'])}, {res['seconds_until_clean']} s after the "
             f"last left {len(res['keys_after'])}: {res['keys_after']}; of them per visitor, session or member "
             f"(should be none): {leftovers(res['keys_after']) or 'none'}",
             f"left behind (gauges): {json.dumps(res['left_behind'])}",
             f"lines accepted: {json.dumps(res['accepted_lines'])}",
             f"observers: {json.dumps(res['lines'])}  resumes {json.dumps(res['observer_resumes'])}",
             f"activity: {json.dumps(res['counts'])}",
             f"load average during the run: {res['loadavg']}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--visitors", type=int, default=200)
    ap.add_argument("--restart-every", type=float, default=None, help="seconds between restarts of B (default minutes*60/5)")
    results_file.add_run_options(ap)
    a = ap.parse_args(argv)
    results_file.apply_nice(a.nice)
    if not 0 < a.minutes <= 24 * 60 or not 1 <= a.visitors <= 5000:
        ap.error("--minutes 0..1440 and --visitors 1..5000")
    a.restart_every = a.restart_every or max(30.0, a.minutes * 60 / 5)
    if shutil.which("redis-server") is None:
        print("redis-server is not installed", file=sys.stderr)
        return 2
    bench.raise_nofile(a.visitors * 4 + 512)
    tmp = Path(tempfile.mkdtemp(prefix="tsu-soak-"))
    procs = cluster.Procs()
    load0 = os.getloadavg()
    try:
        rport = bench.free_port()
        procs.start(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", str(tmp)])
        time.sleep(0.5)
        res = asyncio.run(asyncio.wait_for(soak(a, procs, tmp, rport), a.minutes * 60 + 400))
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    res.update(machine=bench.machine_info(), config=vars(a), loadavg={"start": load0, "end": os.getloadavg()})
    text = render(res)
    results_file.publish(res, text, "soak", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
