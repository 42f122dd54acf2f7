"""`python -m clients.loadgen`: N SDK clients in R rooms, each saying M lines a second.

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
import random
import sys
import time
from collections import Counter
from functools import partial

from clients.loadgen import CONSONANTS, make_text, read_text
from clients.loadgen.stats import Stats, human
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
    args = p.parse_args(argv)
    if args.clients < 1 or args.rooms < 1 or args.rate < 0 or args.seconds < 0:
        p.error("--clients and --rooms must be >= 1, --rate and --seconds >= 0")
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
        elif t == "error":
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
        await asyncio.sleep(a.warmup)
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
                    on_event=self.on_event, open_timeout=15, request_timeout=15,
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
            try:
                await client.join(room)
            except ServerError as exc:
                st.errors[f"join:{exc.code}"] += 1
                return
            except (Disconnected, asyncio.TimeoutError) as exc:
                st.errors[f"join:{type(exc).__name__}"] += 1
                return
            st.joined += 1
            self.members[room] += 1
            self.seats.append((client, room))

    async def send_all(self) -> None:
        a = self.args
        if a.rate <= 0 or a.seconds <= 0 or not self.seats:
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        self.stats.first_send = time.monotonic()
        end = start + a.seconds
        count = math.ceil(a.rate * a.seconds)
        await asyncio.gather(*(self.sender(c, room, start, end, count) for c, room in self.seats))

    async def sender(self, client: Client, room: str, start: float, end: float, count: int) -> None:
        """Say `count` lines at a steady rate, stopping at `end` whatever happens."""
        loop = asyncio.get_running_loop()
        interval = 1.0 / self.args.rate
        due = start + random.random() * interval  # spread clients over the first interval
        for _ in range(count):
            now = loop.time()
            if now >= end:
                return
            if due > now:
                await asyncio.sleep(due - now)
            elif now - due > 1.0:
                due = now  # fell far behind: do not burst to catch up (that trips rate limits)
            due += interval
            text = make_text(time.monotonic_ns(), self.tag)
            try:
                fut = await client.submit({"t": "say", "room": room, "text": text})
            except Disconnected:
                self.stats.errors["disconnected"] += 1
                return
            self.stats.sent += 1
            self.outstanding += 1
            fut.add_done_callback(partial(self.on_reply, room))

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


async def run(args: argparse.Namespace) -> dict:
    """Run the whole load under a hard deadline and return the summary."""
    r = Run(args)
    budget = args.connect_timeout + args.warmup + args.seconds + args.drain + 10
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
