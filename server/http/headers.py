"""What every HTTP answer carries for browsers, and quiet ends for requests whose client went away.

* `Content-Security-Policy`: scripts, styles and connections from this node
  only, no inline script (the pages have none: every script is a module file
  under `/static/`), no plugins, never inside a frame (`frame-ancestors
  'none'`, and `X-Frame-Options: DENY` for older browsers).
* `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a ticket
  code or a room in a URL never leaves in a `Referer`).

A request aborted by the read timeouts (`server/http/guard.py`), or whose
client hung up while its body was being read, ends here with nothing logged
beyond the guard's one line: aiohttp would log a traceback naming the peer.
"""
from __future__ import annotations

import re
from typing import Awaitable, Callable

from aiohttp import web

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def content_security_policy(host: str | None) -> str:
    """The policy; `connect-src` names this node's WebSocket origin (older browsers do not read 'self' as ws:)."""
    sockets = f" ws://{host} wss://{host}" if host and _HOST.fullmatch(host) else ""
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            f"connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


async def _on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", content_security_policy(request.headers.get("Host")))


@web.middleware
async def _client_gone(request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    try:
        return await handler(request)
    except ConnectionResetError:
        transport = request.transport
        if transport is not None and not transport.is_closing():
            raise
        return web.Response(status=408)  # never written: the connection is gone


def install(app: web.Application) -> None:
    app.on_response_prepare.append(_on_prepare)
    app.middlewares.append(_client_gone)
