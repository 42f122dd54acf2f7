"""`python -m clients.loadgen`: N SDK clients in R rooms, each saying M lines a second (and, with
`--move-rate`, walking: W moves a second, each position's delivery timed; see walking.py).

Phases, each bounded in time: connect and join (concurrency-limited), a
warm-up pause so the join presence storm settles, the send phase (S seconds),
a drain (until every line is delivered or `--drain` seconds pass), then a
normal close. A hard deadline over the whole run cuts it short if the server
stalls; the report is printed either way: a human summary, then one JSON line.

Expected deliveries count, for each line the server accepted and showed, the
members this run put in that room (the sender included: it gets its own `said`).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Awaitable, Callable

from clients.loadgen import CONSONANTS, make_text, read_text
from clients.loadgen.stats import Stats, human
from clients.loadgen.walking import Walker, Walkers
from clients.sdk import Client, Disconnected, ServerError

CLOSE_BUDGET_S = 10.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m clients.loadgen", description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True, action="append",
                   help="WebSocket URL, e.g. ws://127.0.0.1:8080/ws; repeat it to spread clients round-robin over nodes")
    p.add_argument("--clients", type=int, default=10, help="connections to open")
    p.add_argument("--rooms", type=int, default=1, help="rooms <room-prefix><i>, clients round-robin")
    p.add_argument("--rate", type=float, default=1.0, help="lines said per client per second")
    p.add_argument("--seconds", type=float, default=5.0, help="length of the send phase")
    p.add_argument("--codec", choices=("json", "msgpack"), default="json")
    p.add_argument("--room-prefix", default="circle:lg-", help="prefix of generated room ids")
    p.add_argument("--room", default=None, help="one room for every client (e.g. lobby)")
    p.add_argument("--warmup", type=float, default=1.0, help="pause after joining, before sending")
    p.add_argument("--drain", type=float, default=5.0, help="longest wait for deliveries after sending")
    p.add_argument("--connect-timeout", type=float, default=60.0, help="budget of the connect phase")
    p.add_argument("--connect-concurrency", type=int, default=100, help="handshakes in flight at once")
    p.add_argument("--nick-prefix", default="lg", help="nicks are <prefix><i>")
    p.add_argument("--move-rate", type=float, default=0.0, help="moves per client per second (0: none)")
    p.add_argument("--server-pid", type=int, default=None,
                   help="a local server process whose CPU over the send phase is reported (from /proc)")
    p.add_argument("--observe", type=int, default=None, metavar="K",
                   help="only K clients (spread evenly) read what they receive; the others count the bytes and "
                        "read only replies (so one process can drive a big room); delivery and latency are "
                        "measured at the K. Default: every client")
    p.add_argument("--place", default=None, metavar="WxH",
                   help="join at a random place in a W x H area (e.g. 32x24) instead of near the entrance")
    p.add_argument("--start-at", type=float, default=None, metavar="UNIX_TIME",
                   help="start the send phase at this wall-clock time (time.time()) instead of --warmup after "
                        "joining, so several processes' send phases coincide; if joining ends later, it starts "
                        "at once and the report says how late (late_start_s)")
    args = p.parse_args(argv)
    if args.clients < 1 or args.rooms < 1 or args.rate < 0 or args.seconds < 0 or not 0 <= args.move_rate <= 20:
        p.error("--clients and --rooms must be >= 1, --rate and --seconds >= 0, --move-rate 0..20 (the server's limit)")
    try:
        args.place = tuple(float(v) for v in args.place.lower().split("x")) if args.place else None
        assert args.place is None or (len(args.place) == 2 and min(args.place) > 0)
    except (ValueError, AssertionError):
        p.error("--place is W x H in tiles, e.g. 32x24")
    return args


class Run:
    """One load run: its clients, rooms and counters."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stats = Stats(clients=args.clients)
        self.tag = "".join(random.choice(CONSONANTS) for _ in range(6))
        self.clients: list[Client] = []
        self.seats: list[tuple[Client, str]] = []  # clients that joined, and where
        self.members: Counter[str] = Counter()
        self.outstanding = 0
        self.walkers = Walkers(self.stats)
        self.walking: list[tuple[Client, str, Walker]] = []
        self.rng = random.Random()

    def observes(self, i: int) -> bool:
        """Client i reads everything it receives (an observer): every client, or K spread evenly."""
        k, n = self.args.observe, self.args.clients
        return k is None or k >= n or (i * k) // n != ((i + 1) * k) // n

    def room_for(self, i: int) -> str:
        if self.args.room:
            return self.args.room
        return f"{self.args.room_prefix}{i % self.args.rooms}"

    # -- receiving (called by the SDK's reader for every event: keep it cheap) --

    def on_event(self, m: dict) -> None:
        t = m.get("t")
        if t == "said":
            sent_ns = read_text(m.get("text"), self.tag)
            if sent_ns is None:
                return
            st = self.stats
            st.delivered += 1
            st.latency((time.monotonic_ns() - sent_ns) / 1e6)
            st.last_delivery = time.monotonic()
        elif t == "moves":
            self.walkers.on_moves(m.get("batch"))
        elif t == "error":
            self.stats.errors[str(m.get("code"))] += 1

    def on_skimmed(self, m: dict) -> None:
        """A non-observer reads only frames with a reply in them; of their other events, only errors count."""
        if m.get("t") == "error":
            self.stats.errors[str(m.get("code"))] += 1

    def on_reply(self, room: str, fut: asyncio.Future) -> None:
        self.outstanding -= 1
        st = self.stats
        if fut.cancelled():
            st.errors["cancelled"] += 1
            return
        exc = fut.exception()
        if exc is not None:
            st.errors["disconnected" if isinstance(exc, Disconnected) else type(exc).__name__] += 1
            return
        reply = fut.result()
        if reply.get("t") != "ok":
            st.errors[str(reply.get("code"))] += 1
        elif reply.get("held"):
            st.held += 1
        else:
            st.accepted += 1
            st.expected += self.members[room]

    # -- phases ----------------------------------------------------------------

    async def phases(self) -> None:
        a = self.args
        await self.connect_all()
        if a.start_at is None:
            await asyncio.sleep(a.warmup)
        else:  # a shared start: late when joining took longer than planned
            self.stats.late_start_s = round(max(0.0, time.time() - a.start_at), 3)
            await asyncio.sleep(max(0.0, a.start_at - time.time()))
        await self.send_all()
        await self.drain()

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(max(1, self.args.connect_concurrency))
        tasks = [asyncio.create_task(self.connect_one(i, gate)) for i in range(self.args.clients)]
        done, pending = await asyncio.wait(tasks, timeout=self.args.connect_timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
        self.stats.failed = self.args.clients - self.stats.connections

    async def connect_one(self, i: int, gate: asyncio.Semaphore) -> None:
        a, st = self.args, self.stats
        async with gate:
            try:
                client = await Client.connect(
                    a.url[i % len(a.url)], nick=f"{a.nick_prefix}{i}", codec=a.codec, auto_resume=False,
                    on_event=self.on_event if self.observes(i) else self.on_skimmed, open_timeout=15, request_timeout=15,
                )
            except ServerError as exc:
                st.errors[f"hello:{exc.code}"] += 1
                return
            except Disconnected as exc:
                st.close_codes[exc.code] += 1
                return
            except Exception as exc:  # refused, timed out, HTTP 503 ...
                st.errors[f"connect:{type(exc).__name__}"] += 1
                return
            st.connections += 1
            self.clients.append(client)
            room = self.room_for(i)
            place = a.place and (round(self.rng.uniform(0, a.place[0]), 2), round(self.rng.uniform(0, a.place[1]), 2))
            try:
                joined = await client.join(room, *(place or (None, None)))
            except ServerError as exc:
                st.errors[f"join:{exc.code}"] += 1
                return
            except (Disconnected, asyncio.TimeoutError) as exc:
                st.errors[f"join:{type(exc).__name__}"] += 1
                return
            st.joined += 1
            if self.observes(i):
                self.members[room] += 1
            else:
                client.skim = skim
            self.seats.append((client, room))
            if a.move_rate > 0 and client.user:
                self.walking.append((client, room, self.walkers.add(client.user["id"], joined)))

    async def send_all(self) -> None:
        a = self.args
        if a.seconds <= 0 or not self.seats or (a.rate <= 0 and a.move_rate <= 0):
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        st = self.stats
        st.first_send = time.monotonic()
        end = start + a.seconds
        frames0, bytes0 = self.received()
        cpu0 = (time.process_time(), cpu_seconds(a.server_pid))

        async def window_closes() -> None:  # what was received from start to end, whatever the senders do
            await asyncio.sleep(a.seconds)
            frames1, bytes1 = self.received()
            st.received_frames, st.received_bytes = frames1 - frames0, bytes1 - bytes0
            st.window_s = loop.time() - start
            st.loadgen_cpu_pct = round(100 * (time.process_time() - cpu0[0]) / st.window_s, 1)
            server = cpu_seconds(a.server_pid)
            if server is not None and cpu0[1] is not None:
                st.server_cpu_pct = round(100 * (server - cpu0[1]) / st.window_s, 1)

        jobs = [window_closes()]
        if a.rate > 0:
            jobs += [paced(start, end, a.rate, partial(self.say_one, c, room), st) for c, room in self.seats]
        if a.move_rate > 0:
            jobs += [paced(start, end, a.move_rate, partial(self.move_one, c, room, w), st) for c, room, w in self.walking]
        await asyncio.gather(*jobs)

    def received(self) -> tuple[int, int]:
        """Frames and payload bytes received so far by every client of the run."""
        return sum(c.frames_in for c in self.clients), sum(c.bytes_in for c in self.clients)

    async def say_one(self, client: Client, room: str) -> bool:
        """One timestamped line; False once the client is gone."""
        text = make_text(time.monotonic_ns(), self.tag)
        try:
            fut = await client.submit({"t": "say", "room": room, "text": text})
        except Disconnected:
            self.stats.errors["disconnected"] += 1
            return False
        self.stats.sent += 1
        self.outstanding += 1
        fut.add_done_callback(partial(self.on_reply, room))
        return True

    async def move_one(self, client: Client, room: str, walker: Walker) -> bool:
        """One step; False once the client is gone (the SDK drops moves while it reconnects)."""
        x, y = walker.step(self.rng)
        if not await client.move(room, x, y):
            self.stats.errors["move_dropped"] += 1
            return not client.done
        self.stats.moves_sent += 1
        return True

    async def drain(self) -> None:
        """Wait until every reply and every expected delivery arrived, or `--drain` passes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.args.drain
        st = self.stats
        while loop.time() < deadline:
            if self.outstanding <= 0 and st.delivered >= st.expected:
                return
            await asyncio.sleep(0.05)

    async def close_all(self) -> None:
        """Close every client normally (bounded), then collect close codes and seq gaps."""
        if self.clients:
            tasks = [asyncio.create_task(c.close()) for c in self.clients]
            _, pending = await asyncio.wait(tasks, timeout=CLOSE_BUDGET_S)
            for task in pending:
                task.cancel()
        for c in self.clients:
            self.stats.gaps += c.gaps
            for code in c.close_codes:
                self.stats.close_codes[code] += 1


def skim(frame: bytes | str) -> bool:
    """A frame a non-observer need not read: one that carries no reply (no `ref` key, JSON or MessagePack)."""
    if isinstance(frame, str):
        return "ref" not in frame
    return b'"ref"' not in frame and b"\xa3ref" not in frame


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a local process (`--server-pid`), from /proc; None when unknown."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def paced(start: float, end: float, rate: float, act: Callable[[], Awaitable[bool]], st: Stats) -> None:
    """Call `act` `rate` times a second from `start` (first call at a random point of the first interval,
    so clients spread out) until `end` or until it returns False; never bursts to catch up."""
    loop = asyncio.get_running_loop()
    interval = 1.0 / rate
    due = start + random.random() * interval
    for _ in range(math.ceil(rate * (end - start))):
        now = loop.time()
        if now >= end:
            return
        if due > now:
            await asyncio.sleep(due - now)
        else:
            st.send_lag.add((now - due) * 1000)
            if now - due > 1.0:
                due = now  # fell far behind: do not burst to catch up (that trips rate limits)
        due += interval
        if not await act():
            return


async def run(args: argparse.Namespace) -> dict:
    """Run the whole load under a hard deadline and return the summary."""
    r = Run(args)
    wait = args.warmup if args.start_at is None else max(args.warmup, args.start_at - time.time())
    budget = args.connect_timeout + wait + args.seconds + args.drain + 10
    try:
        await asyncio.wait_for(r.phases(), budget)
    except asyncio.TimeoutError:
        r.stats.deadline_hit = True
    await r.close_all()
    return r.stats.summary()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    summary = asyncio.run(run(args))
    print(human(summary), flush=True)
    print(json.dumps(summary, separators=(",", ":")), flush=True)
    return 0 if summary["connections"] else 1


if __name__ == "__main__":
    sys.exit(main())
