"""Counters and gauges, exposed at `/metrics` in Prometheus text format.

Plain attributes incremented on the hot path (no locks, no label lookups):
one process is one node and one event loop.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Metrics:
    frames_in: int = 0
    frames_out: int = 0
    bytes_out: int = 0
    messages_said: int = 0
    slow_consumers_closed: int = 0
    send_queue_high_water: int = 0
    floods_closed: int = 0
    oversized_closed: int = 0
    heartbeat_timeouts: int = 0
    errors_sent: dict[str, int] = field(default_factory=dict)
    gauges: dict[str, Callable[[], float]] = field(default_factory=dict)
    counters: dict[str, tuple[str, Callable[[], float]]] = field(default_factory=dict)  # name → (help, read)
    job_runs: dict[str, int] = field(default_factory=dict)  # background job passes (server/realtime/jobs.py), by job
    job_failures: dict[str, int] = field(default_factory=dict)

    def error(self, code: str) -> None:
        self.errors_sent[code] = self.errors_sent.get(code, 0) + 1

    def render(self) -> str:
        lines: list[str] = []

        def one(name: str, kind: str, help_: str, value: float) -> None:
            lines.append(f"# HELP tsunagaru_{name} {help_}")
            lines.append(f"# TYPE tsunagaru_{name} {kind}")
            lines.append(f"tsunagaru_{name} {value}")

        for name, read in self.gauges.items():
            one(name, "gauge", f"Current {name.replace('_', ' ')}.", read())
        one("frames_in_total", "counter", "WebSocket data frames received.", self.frames_in)
        one("frames_out_total", "counter", "WebSocket frames written.", self.frames_out)
        one("bytes_out_total", "counter", "Bytes of WebSocket frames written.", self.bytes_out)
        one("messages_said_total", "counter", "Chat messages accepted.", self.messages_said)
        one("slow_consumers_closed_total", "counter", "Connections closed with 4009 (slow consumer).",
            self.slow_consumers_closed)
        one("floods_closed_total", "counter", "Connections closed with 4008 (flood).", self.floods_closed)
        one("oversized_closed_total", "counter", "Connections closed with 1009 (frame over the limit).",
            self.oversized_closed)
        one("heartbeat_timeouts_total", "counter", "Connections dropped after two silent heartbeat periods.",
            self.heartbeat_timeouts)
        one("send_queue_high_water_bytes", "gauge", "Largest send queue seen on any connection.",
            self.send_queue_high_water)
        for name, (help_, read) in self.counters.items():
            one(name, "counter", help_, read())
        for name, values, help_ in (("job_runs_total", self.job_runs, "Background job passes that completed, by job."),
                                    ("job_failures_total", self.job_failures, "Background job passes that failed, by job.")):
            lines.append(f"# HELP tsunagaru_{name} {help_}")
            lines.append(f"# TYPE tsunagaru_{name} counter")
            for job, n in sorted(values.items()):
                lines.append(f'tsunagaru_{name}{{job="{job}"}} {n}')
        lines.append("# HELP tsunagaru_errors_sent_total Error replies sent, by code.")
        lines.append("# TYPE tsunagaru_errors_sent_total counter")
        for code, n in sorted(self.errors_sent.items()):
            lines.append(f'tsunagaru_errors_sent_total{{code="{code}"}} {n}')
        return "\n".join(lines) + "\n"
