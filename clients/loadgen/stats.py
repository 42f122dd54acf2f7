"""Counters and latency percentiles of one load run, and how they are reported.

Latencies are kept in a bounded reservoir (uniform sample) so a long run at
high rate does not grow memory without limit; the maximum is exact.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

RESERVOIR = 200_000


@dataclass
class Reservoir:
    """Latencies in ms: a uniform sample of at most RESERVOIR values, the count and the exact maximum."""

    count: int = 0
    max: float = 0.0
    samples: list[float] = field(default_factory=list)
    _rng: random.Random = field(default_factory=lambda: random.Random(7), repr=False)

    def add(self, ms: float) -> None:
        self.count += 1
        if ms > self.max:
            self.max = ms
        if len(self.samples) < RESERVOIR:
            self.samples.append(ms)
        else:
            j = self._rng.randrange(self.count)
            if j < RESERVOIR:
                self.samples[j] = ms

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.samples)
        return {"count": self.count, "p50": _pct(ordered, 0.50), "p95": _pct(ordered, 0.95),
                "p99": _pct(ordered, 0.99), "max": round(self.max, 3) if self.count else None}


@dataclass
class Stats:
    clients: int = 0
    connections: int = 0
    failed: int = 0
    joined: int = 0
    sent: int = 0
    accepted: int = 0  # ok replies that were shown (not held)
    held: int = 0
    delivered: int = 0
    expected: int = 0
    gaps: int = 0
    first_send: float | None = None
    last_delivery: float | None = None
    deadline_hit: bool = False
    errors: Counter = field(default_factory=Counter)
    close_codes: Counter = field(default_factory=Counter)
    said_latency: "Reservoir" = field(default_factory=lambda: Reservoir())
    # moves (`--move-rate`): sent, position entries received, and the latency of those matched to a send
    moves_sent: int = 0
    move_entries: int = 0
    move_latency: "Reservoir" = field(default_factory=lambda: Reservoir())
    # what the clients received in the send phase (frames and payload bytes, every kind of event)
    received_frames: int = 0
    received_bytes: int = 0
    window_s: float = 0.0
    send_lag: "Reservoir" = field(default_factory=lambda: Reservoir())  # how late sends left against their schedule
    loadgen_cpu_pct: float | None = None  # this process, over the send phase (100 = one core)
    server_cpu_pct: float | None = None  # `--server-pid`, over the send phase
    late_start_s: float | None = None  # `--start-at`: how long after it the send phase began (0: on time)

    def latency(self, ms: float) -> None:
        """Record one chat line's end-to-end latency."""
        self.said_latency.add(ms)

    def summary(self) -> dict[str, Any]:
        """Everything a run measured, as the final JSON line prints it."""
        duration = 0.0
        if self.first_send is not None and self.last_delivery is not None:
            duration = max(self.last_delivery - self.first_send, 1e-9)
        return {
            "clients": self.clients,
            "connections": self.connections,
            "failed": self.failed,
            "joined": self.joined,
            "sent": self.sent,
            "accepted": self.accepted,
            "held": self.held,
            "delivered": self.delivered,
            "expected": self.expected,
            "delivered_ratio": round(self.delivered / self.expected, 6) if self.expected else None,
            "delivered_per_s": round(self.delivered / duration, 1) if duration else 0.0,
            "duration_s": round(duration, 3),
            "latency_ms": self.said_latency.summary(),
            "moves": {"sent": self.moves_sent, "entries_received": self.move_entries,
                      "latency_ms": self.move_latency.summary()},
            "received": {"frames": self.received_frames, "bytes": self.received_bytes, "window_s": round(self.window_s, 3),
                         "bytes_per_client_per_s": round(self.received_bytes / self.joined / self.window_s, 1)
                         if self.joined and self.window_s else None},
            "send_lag_ms": {k: v for k, v in self.send_lag.summary().items() if k in ("p50", "p99", "max")},
            "loadgen_cpu_pct": self.loadgen_cpu_pct,
            "server_cpu_pct": self.server_cpu_pct,
            "late_start_s": self.late_start_s,
            "gaps": self.gaps,
            "errors": dict(sorted(self.errors.items())),
            "close_codes": {str(k): v for k, v in sorted(self.close_codes.items())},
            "deadline_hit": self.deadline_hit,
        }


def _pct(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def human(s: dict[str, Any]) -> str:
    """A few lines for a person watching the run."""
    lat = s["latency_ms"]
    ratio = "n/a" if s["delivered_ratio"] is None else f"{s['delivered_ratio']:.4f}"
    lines = [
        f"connections {s['connections']}/{s['clients']} ok, {s['failed']} failed, {s['joined']} joined",
        f"sent {s['sent']} ({s['accepted']} shown, {s['held']} held)",
        f"delivered {s['delivered']} of {s['expected']} expected (ratio {ratio}), "
        f"{s['delivered_per_s']}/s over {s['duration_s']} s",
        f"latency ms p50 {lat['p50']} p95 {lat['p95']} p99 {lat['p99']} max {lat['max']} "
        f"({lat['count']} samples)",
        f"moves sent {s['moves']['sent']}, {s['moves']['entries_received']} positions received; latency ms "
        f"p50 {s['moves']['latency_ms']['p50']} p99 {s['moves']['latency_ms']['p99']} ({s['moves']['latency_ms']['count']} matched)",
        f"received {s['received']['bytes_per_client_per_s']} bytes per client per second; cpu: server "
        f"{s['server_cpu_pct']}%, loadgen {s['loadgen_cpu_pct']}%; send lag p99 {s['send_lag_ms']['p99']} ms",
        f"seq gaps {s['gaps']}; errors {s['errors'] or 'none'}; close codes {s['close_codes'] or 'none'}",
    ]
    if s["deadline_hit"]:
        lines.append("HARD DEADLINE HIT: the run was cut short")
    return "\n".join(lines)
