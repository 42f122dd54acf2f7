"""Which web pages may talk to this node: the browser's `Origin` checked at `/ws` and on cross-site POSTs.

A browser sends `Origin` with every WebSocket handshake and every POST; any
page on the internet can make a visitor's browser open `/ws` or post a form.
Allowed: no `Origin` at all (not a browser: the SDK, bots, curl), the node's
own origin (same host and port as the request's `Host`), and the origins
listed in `ALLOWED_ORIGINS` (comma-separated `https://host[:port]`).
Anything else, `null` included (sandboxed frames, `file:` pages), is refused.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from server.ws.handshake import Rejected

_DEFAULT_PORT = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


def _normal(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


@lru_cache(maxsize=8)
def parse_allowed(spec: str) -> frozenset[str]:
    return frozenset(_normal(o) for o in spec.split(",") if o.strip())


def _strip_port(hostport: str, scheme: str) -> str:
    default = _DEFAULT_PORT.get(scheme)
    if default and hostport.endswith(f":{default}") and not hostport.endswith("]"):
        return hostport[: -len(default) - 1]
    return hostport


def origin_allowed(origin: str | None, host: str | None, allowed_spec: str) -> bool:
    if origin is None:
        return True
    normal = _normal(origin)
    if normal in parse_allowed(allowed_spec):
        return True
    scheme, sep, rest = normal.partition("://")
    if not sep or not rest or "/" in rest or not host:
        return False
    return _strip_port(rest, scheme) == _strip_port(host.strip().lower(), scheme)


def origin_refusal(headers: Mapping[str, str], allowed_spec: str) -> Rejected | None:
    """`headers` has lower-case names. None when the request may go on."""
    if origin_allowed(headers.get("origin"), headers.get("host"), allowed_spec):
        return None
    return Rejected(403, "origin_not_allowed", "this page's origin may not open a connection here")
