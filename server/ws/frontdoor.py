"""Every accepted socket starts here: an upgrade to `/ws` becomes a `WebSocket`,
anything else goes to the aiohttp application unchanged.

Why not aiohttp's own WebSocket support: it keeps, for every open socket, the
HTTP protocol object and parser, the parsed request, a reader queue and a
handler task waiting on it — about 16 KB per idle visitor, more than the
15 KB budget for the whole connection (issue 2, S4). Handing the transport to
a small protocol right after the handshake keeps only what a visitor needs.
"""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Callable

from rooms.protocol import SUBPROTOCOLS

from server.ws.codec import codec_for
from server.http.client_address import client_address, direct_local
from server.ws.handshake import MAX_HEAD_BYTES, Accepted, Rejected, RequestHead, accept, parse_head, wants_websocket
from server.http.guard import HttpGuard
from server.http.origins import origin_refusal
from server.ws.websocket import WebSocket

if TYPE_CHECKING:
    from server.realtime.node import Node

WS_PATH = "/ws"


class FrontDoor(asyncio.Protocol):
    """Reads the first request head, then hands the transport over for good."""

    __slots__ = ("node", "http_factory", "transport", "buf", "timer", "started")

    def __init__(self, node: "Node", http_factory: Callable[[], asyncio.Protocol]) -> None:
        self.node = node
        self.http_factory = http_factory
        self.transport: asyncio.Transport | None = None
        self.buf = b""
        self.timer: asyncio.TimerHandle | None = None
        self.started = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # a socket that sends no complete request head in HTTP_HEAD_TIMEOUT_S is dropped
        self.transport = transport  # type: ignore[assignment]
        loop = asyncio.get_running_loop()
        self.started = loop.time()
        self.timer = loop.call_later(self.node.config.http_head_timeout_s, transport.abort)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        buf = self.buf
        if not buf.startswith(b"GET "[: len(buf)]):
            self._to_http()
            return
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            if len(buf) > MAX_HEAD_BYTES:
                self._to_http()  # aiohttp answers an oversized head properly
            return
        head = parse_head(buf[:end])
        if head is None or not wants_websocket(head, WS_PATH):
            self._to_http()
            return
        self._upgrade(head, buf[end + 4:])

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _to_http(self) -> None:
        self._stop_timer()
        transport, data = self.transport, self.buf
        assert transport is not None
        self.buf = b""
        config = self.node.config  # every request gets head and body read timeouts (server/http/guard.py)
        guard = HttpGuard(self.http_factory(), config.http_head_timeout_s, config.http_body_timeout_s)
        guard.attach(transport, self.started, data)

    def _upgrade(self, head: RequestHead, rest: bytes) -> None:
        self._stop_timer()
        transport = self.transport
        assert transport is not None
        self.buf = b""
        outcome = upgrade(self.node, transport, head)
        if isinstance(outcome, WebSocket) and rest:
            outcome.data_received(rest)


def upgrade(node: "Node", transport: asyncio.Transport, head: RequestHead) -> WebSocket | Rejected:
    """Answer an upgrade request on `transport` and, if accepted, give the transport to a `WebSocket`."""
    answer: Accepted | Rejected
    if node.draining:
        answer = Rejected(503, "draining", "this node is shutting down; connect again")
    else:
        answer = origin_refusal(head.headers, node.config.allowed_origins) or accept(head, SUBPROTOCOLS)
    if isinstance(answer, Rejected):
        transport.write(answer.response())
        transport.close()
        return answer
    transport.write(answer.response)
    peer = transport.get_extra_info("peername")
    address = client_address(peer[0] if peer else "?", head.headers, node.trusted_proxies)
    socket = WebSocket(node, transport, codec_for(answer.subprotocol), address)
    socket.conn.exempt = direct_local(peer[0] if peer else "?", head.headers)
    transport.set_protocol(socket)
    return socket
