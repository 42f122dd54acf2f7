"""Moves for the load generator: every client walks in small random steps, and each position a
receiver is sent is matched to the moment its mover sent it (the move latency).

Moves carry no timestamp and get no reply, and the server coalesces them per tick (a receiver is
sent only the latest position of each mover), so a mover remembers when it sent each of its
recent positions, and a receiver looks the position it was sent up there. Positions are rounded
to 2 decimals, so they go over the wire (JSON or MessagePack) and come back as the same float.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from clients.loadgen.stats import Stats

RECENT = 64  # positions one mover remembers: at 20 moves/s and a 10 Hz tick, a few seconds' worth
STEP = 1.0  # at most this many tiles each way per move


@dataclass
class Walker:
    """One mover: where it stands in its room and when it sent its recent positions."""

    width: float
    height: float
    x: float
    y: float
    sent: dict[tuple[float, float], int] = field(default_factory=dict)

    def step(self, rng: random.Random) -> tuple[float, float]:
        """The next position (a small random step, kept inside the room), remembered with its send time."""
        self.x = round(min(max(self.x + rng.uniform(-STEP, STEP), 0.0), self.width), 2)
        self.y = round(min(max(self.y + rng.uniform(-STEP, STEP), 0.0), self.height), 2)
        self.sent[(self.x, self.y)] = time.monotonic_ns()
        if len(self.sent) > RECENT:
            del self.sent[next(iter(self.sent))]  # the oldest (dicts keep insertion order)
        return self.x, self.y


class Walkers:
    """Every mover of a run by member id; turns received `moves` batches into latencies."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.by_id: dict[str, Walker] = {}

    def add(self, member_id: str, joined: dict[str, Any]) -> Walker:
        """A walker for the member from its `join` answer: the room's size and its own place (listed first)."""
        info = joined.get("info") or {}
        me = next((m for m in joined.get("members") or [] if m.get("id") == member_id), {})
        walker = Walker(float(info.get("width") or 0), float(info.get("height") or 0),
                        float(me.get("x") or 0), float(me.get("y") or 0))
        self.by_id[member_id] = walker
        return walker

    def on_moves(self, batch: Any) -> None:
        """Count the positions received and time those that match a remembered send."""
        if not isinstance(batch, list):
            return
        now = time.monotonic_ns()
        st = self.stats
        for entry in batch:
            st.move_entries += 1
            walker = self.by_id.get(entry[0]) if isinstance(entry, list) and len(entry) == 3 else None
            if walker is None:
                continue
            sent = walker.sent.get((entry[1], entry[2]))
            if sent is not None:
                st.move_latency.add((now - sent) / 1e6)


__all__ = ["RECENT", "Walker", "Walkers"]
