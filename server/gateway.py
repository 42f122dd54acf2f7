"""The `/ws` endpoint: the socket's life from upgrade to close, nothing more."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import WSMsgType, web

from rooms.protocol import SUBPROTOCOLS, Close

from . import clock
from .codec import codec_for
from .node import Node

log = logging.getLogger("tsunagaru.gateway")


def peer_of(request: web.Request) -> str:
    return request.remote or "?"


async def websocket(request: web.Request) -> web.StreamResponse:
    node: Node = request.app["node"]
    if node.draining:
        raise web.HTTPServiceUnavailable(text="draining")
    c = node.config
    ws = web.WebSocketResponse(
        protocols=SUBPROTOCOLS,
        heartbeat=None,  # one node-wide ping loop instead of timers per socket (Node._heartbeat_loop)
        autoping=False,
        max_msg_size=c.max_frame_bytes + 1,  # aiohttp refuses sizes >= its limit; the contract accepts exactly the limit
        compress=False,  # frames are framed once and shared; no per-socket deflate state
        timeout=3.0,
    )
    await ws.prepare(request)
    transport = request.transport
    if transport is None:
        return ws
    conn = node.new_connection(ws=ws, transport=transport, codec=codec_for(ws.ws_protocol), peer=peer_of(request))
    try:
        async for msg in ws:
            conn.seen = clock.monotonic()
            if msg.type is WSMsgType.TEXT or msg.type is WSMsgType.BINARY:
                conn.in_receive = True
                await node.receive(conn, msg.data)
                conn.in_receive = False
                if conn.close_requested is not None:
                    code, reason = conn.close_requested
                    node.fanout.flush()  # replies to this frame leave before the close frame
                    await ws.close(code=code, message=reason.encode())
                    break
            elif msg.type is WSMsgType.PING:
                await ws.pong(msg.data)
            elif msg.type is WSMsgType.ERROR:
                if getattr(msg.data, "code", None) == Close.TOO_LARGE:
                    node.metrics.oversized_closed += 1
                break
        if conn.close_task is not None:
            # Returning ends the HTTP exchange and drops the socket: let the close handshake finish first.
            await asyncio.wait([conn.close_task], timeout=5)
    finally:
        await node.connection_lost(conn, ws.close_code)
    return ws
