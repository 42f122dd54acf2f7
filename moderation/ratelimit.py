"""Token buckets: the one rate-limit mechanism used everywhere."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenBucket:
    """`rate` tokens a second, holding at most `burst`. Time is passed in (seconds)."""

    rate: float
    burst: float
    tokens: float = field(init=False)
    stamp: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.tokens = self.burst

    def take(self, now: float, cost: float = 1.0) -> bool:
        elapsed = now - self.stamp
        if elapsed > 0:
            self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
            self.stamp = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False


@dataclass(slots=True)
class StrikeWindow:
    """Counts strikes (bad frames, refused floods) within a sliding window."""

    limit: int
    window: float
    stamps: list[float] | None = None  # made on the first strike: most connections never have one

    def strike(self, now: float) -> bool:
        """Record a strike; True once more than `limit` fall within the window."""
        cutoff = now - self.window
        stamps = [s for s in self.stamps or () if s > cutoff]
        stamps.append(now)
        self.stamps = stamps
        return len(stamps) > self.limit
