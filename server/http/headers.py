"""What every HTTP answer carries for browsers, and quiet ends for requests whose client went away.

* `Content-Security-Policy`: scripts, styles and connections from this node
  only, no inline script (the pages have none: every script is a module file
  under `/static/`), no plugins, never inside a frame (`frame-ancestors
  'none'`, and `X-Frame-Options: DENY` for older browsers). Images also from
  the map's tile origin when MAP_TILES_URL is set.
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

from server.http.map_tiles import tile_source

TILES = web.AppKey("map_tiles", object)  # the configured TileSource, or None

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def well_formed_host(host: str | None) -> bool:
    """A Host header that may be written back into a header or a link (name or address, optional port)."""
    return bool(host) and _HOST.fullmatch(host or "") is not None


def content_security_policy(host: str | None, tiles_origin: str = "") -> str:
    """The policy; `connect-src` names this node's WebSocket origin (older browsers do not read 'self' as ws:);
    `img-src` adds the map's tile origin when an operator configured one (server/http/map_tiles.py)."""
    sockets = f" ws://{host} wss://{host}" if well_formed_host(host) else ""
    tiles = f" {tiles_origin}" if tiles_origin else ""
    return (f"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; font-src 'self'; "
            f"connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


async def _on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    source = request.app.get(TILES)
    response.headers.setdefault("Content-Security-Policy", content_security_policy(
        request.headers.get("Host"), source.origin if source else ""))


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
    config = app["config"]
    app[TILES] = tile_source(config.map_tiles_url, config.map_tiles_attribution, config.map_tiles_max_zoom)
    app.on_response_prepare.append(_on_prepare)
    app.middlewares.append(_client_gone)


def base_url(request: web.Request) -> str:
    """This node's address as the client reached it (an odd Host header gives a relative-safe default)."""
    host = request.headers.get("Host", "")
    return f"{request.scheme}://{host}" if well_formed_host(host) else "http://localhost"
