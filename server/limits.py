"""Per-key limits at the edge, without I/O: backoff after failures, and budgets per address.

Keys are salted hashes (the caller hashes), so these tables hold no address
and no username in the clear. Every table is bounded: past `max_keys` the
oldest entries are dropped (an attacker who floods the table with new keys
only forgets their own oldest entries first).

An IPv6 visitor is counted by the /64 network they are in: one host usually
holds a whole /64, and counting single addresses would give it 2^64 budgets.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from moderation.ratelimit import TokenBucket


def address_key(address: str) -> str:
    """The unit a per-address limit counts: an IPv4 address, or the /64 an IPv6 address is in."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def _bound(table: dict, max_keys: int) -> None:  # type: ignore[type-arg]
    while len(table) > max_keys:
        del table[next(iter(table))]


@dataclass
class Backoff:
    """`free` failures per key, then each further failure doubles the wait (1 s, 2 s, 4 s … up to `max_s`).

    A key is forgotten `forget_s` after its last failure, or at once on `succeeded`. Callers record
    a failure *before* the expensive check and clear it on success, so attempts made at the same
    moment count against each other.
    """

    free: int
    max_s: float
    forget_s: float = 3600.0
    max_keys: int = 100_000
    table: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # key -> (failures, last, blocked until)

    def wait(self, key: str, now: float) -> float:
        """Seconds before `key` may try again (0: now)."""
        entry = self.table.get(key)
        if entry is None:
            return 0.0
        failures, last, until = entry
        if now - last > self.forget_s:
            del self.table[key]
            return 0.0
        return max(0.0, until - now)

    def failed(self, key: str, now: float) -> None:
        failures, last, _ = self.table.pop(key, (0, now, now))
        if now - last > self.forget_s:
            failures = 0
        failures += 1
        over = failures - self.free
        until = now + min(self.max_s, 2.0 ** (over - 1)) if over > 0 else now
        self.table[key] = (failures, now, until)
        _bound(self.table, self.max_keys)

    def succeeded(self, key: str) -> None:
        self.table.pop(key, None)

    def undo(self, key: str) -> None:
        """Take back one failure recorded in advance (the attempt turned out not to be a guess)."""
        entry = self.table.get(key)
        if entry is None:
            return
        failures, last, until = entry
        if failures <= 1:
            del self.table[key]
        else:
            over = failures - 1 - self.free
            self.table[key] = (failures - 1, last, last + min(self.max_s, 2.0 ** (over - 1)) if over > 0 else last)


@dataclass
class Budget:
    """A token bucket per key: `rate` a second after a `burst`."""

    rate: float
    burst: float
    max_keys: int = 100_000
    table: dict[str, TokenBucket] = field(default_factory=dict)

    def take(self, key: str, now: float, cost: float = 1.0) -> bool:
        bucket = self.table.get(key)
        if bucket is None:
            bucket = self.table[key] = TokenBucket(self.rate, self.burst, stamp=now)
            _bound(self.table, self.max_keys)
        return bucket.take(now, cost)

    def refund(self, key: str, cost: float = 1.0) -> None:
        """Give back what a `take` spent on an attempt that turned out not to count."""
        bucket = self.table.get(key)
        if bucket is not None:
            bucket.tokens = min(self.burst, bucket.tokens + cost)

    def retry_after(self, key: str, cost: float = 1.0) -> float:
        """Seconds until `cost` tokens are there again (after a refused `take`)."""
        bucket = self.table.get(key)
        if bucket is None or bucket.tokens >= cost:
            return 0.0
        return (cost - bucket.tokens) / self.rate
