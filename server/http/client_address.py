"""The visitor's address, as far as this node can trust it.

Per-address limits and address bans read `X-Forwarded-For` / `Forwarded`
only when the TCP peer is one of `TRUSTED_PROXIES` (CIDRs; empty by
default): anyone else could write any address into those headers. Behind a
trusted proxy, the client is the right-most hop that is not itself trusted.
"""
from __future__ import annotations

import ipaddress
import re

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_FOR = re.compile(r'for="?\[?([^\]";,]+)', re.IGNORECASE)


def parse_trusted(spec: str) -> tuple[Network, ...]:
    """`TRUSTED_PROXIES` as networks; ValueError naming the entry that is not a CIDR or address."""
    nets = []
    for item in filter(None, (s.strip() for s in spec.split(","))):
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES entry {item!r} is not an address or CIDR") from None
    return tuple(nets)


def _trusted(address: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in nets)


def direct_local(peer: str, headers: dict[str, str]) -> bool:
    """A tool on this machine talking to the node itself: the only traffic exempt from per-address limits.

    A reverse proxy on the same host always sends `X-Forwarded-For`/`Forwarded`, so the festival's
    visitors behind it are never exempt: with `TRUSTED_PROXIES` they are counted by their own
    address, without it they all share the proxy's (limits that fail closed, not open).
    """
    if "x-forwarded-for" in headers or "forwarded" in headers:
        return False
    try:
        return ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False


def client_address(peer: str, headers: dict[str, str], nets: tuple[Network, ...]) -> str:
    """`headers` has lower-case names (repeated headers joined with ", ")."""
    if not nets or not _trusted(peer, nets):
        return peer
    hops: list[str] = []
    if "forwarded" in headers:
        hops = [m.group(1).strip() for m in _FOR.finditer(headers["forwarded"])]
    elif "x-forwarded-for" in headers:
        hops = [h.strip() for h in headers["x-forwarded-for"].split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, nets):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a proxy that writes nonsense: count the proxy itself
    return hops[0] if hops else peer
