"""`/ws` reached through the HTTP application.

Upgrades normally never get here: the front door hands them to a
`WebSocket` before HTTP is involved. This route serves the one case it
cannot see — an upgrade sent on a keep-alive connection that has already
carried HTTP requests (a reverse proxy reusing its upstream connections may do
that). The transport is handed over the same way; the handler then waits,
holding aiohttp's request open, until the socket ends.
"""
from __future__ import annotations

import asyncio

from aiohttp import web

from server.ws.frontdoor import upgrade
from server.ws.handshake import RequestHead
from server.realtime.node import Node
from server.ws.websocket import WebSocket


async def websocket(request: web.Request) -> web.StreamResponse:
    node: Node = request.app["node"]
    transport = request.transport
    if transport is None:
        raise web.HTTPBadRequest(text="connection already closed")
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    outcome = upgrade(node, transport, RequestHead(request.method, request.path, headers))  # type: ignore[arg-type]
    if isinstance(outcome, WebSocket):
        outcome.ended = asyncio.get_running_loop().create_future()
        await outcome.ended
    raise asyncio.CancelledError  # the transport is no longer aiohttp's: nothing may be written on it
