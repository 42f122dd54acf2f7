"""The two clocks the core is fed: wall time for `ts`, monotonic time for rates."""
from __future__ import annotations

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def monotonic() -> float:
    return time.monotonic()
