"""The HTTP side of the edge limits: who is asking (behind trusted proxies), and the 429 they get.

The client address comes from the same rule as on `/ws`
(`server/http/client_address.py`, `TRUSTED_PROXIES`), counted per IPv4 address
or IPv6 /64 (`server/limits.py`) and keyed by the node's salted hash. No
address is exempt, loopback included: behind a proxy on the same host the
forwarded address is the one that counts.
"""
from __future__ import annotations

import logging
import math
from typing import Any

import orjson
from aiohttp import web

from server.http.client_address import client_address, direct_local
from server.http.bodies import request_lang
from server.limits import address_key
from server.realtime.node import Node
from server.texts import say as text_for

log = logging.getLogger("tsunagaru.http")
_warned = False



def client_of(request: web.Request) -> str:
    """The visitor's address as this node can trust it (the TCP peer unless it is a trusted proxy)."""
    node: Node = request.app["node"]
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if not node.trusted_proxies and ("x-forwarded-for" in headers or "forwarded" in headers):
        _warn_untrusted()
    return client_address(request.remote or "?", headers, node.trusted_proxies)


def limited_of(request: web.Request) -> str | None:
    """The address per-address limits count for this request; None for a local tool (no proxy headers)."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    return None if direct_local(request.remote or "?", headers) else client_of(request)


def _warn_untrusted() -> None:
    """Once per process: behind a proxy nobody declared, every visitor shares the proxy's budget."""
    global _warned
    if not _warned:
        _warned = True
        log.warning("a request carried X-Forwarded-For/Forwarded but TRUSTED_PROXIES is empty: the header is "
                    "ignored and per-address limits count the proxy's address (docs/deploy.md)")


def address_hash(request: web.Request, address: str | None = None) -> str:
    """The salted key of the requester's address unit (IPv4 address, IPv6 /64)."""
    node: Node = request.app["node"]
    return node.moderating.ip_hash(address_key(address if address is not None else client_of(request)))


def refusal(request: web.Request, status: int, code: str, retry_after_s: float | None = None,
            detail: dict[str, Any] | None = None) -> web.Response:
    """The API's error shape (`{"error": {"code", "message"}}`), with `Retry-After` when there is a wait."""
    error: dict[str, Any] = {"code": code, "message": text_for(code, request_lang(request)), **(detail or {})}
    headers = {}
    if retry_after_s is not None:
        seconds = max(1, math.ceil(retry_after_s))
        error["retry_after_s"] = seconds
        headers["Retry-After"] = str(seconds)
    return web.Response(body=orjson.dumps({"error": error}), status=status, content_type="application/json",
                        headers=headers)
