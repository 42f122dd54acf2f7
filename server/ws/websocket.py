"""One upgraded socket as an asyncio protocol: frames in, the node's handling, close.

After the handshake the transport belongs to this small object and nothing
else: no HTTP request kept, no reader queue, no handler task waiting on an
idle socket. A task exists only while frames are being handled, so an idle
visitor costs the transport, this object and its `Connection` (S4 in
docs/performance.md).
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING

from rooms.protocol import Close

from server import clock
from server.ws.codec import Codec
from server.ws.frames import (OP_CLOSE, OP_PING, OP_PONG, Broken, Control, FrameReader, Message, close_frame,
                       control_frame, parse_close)

if TYPE_CHECKING:
    from server.realtime.connection import Connection
    from server.realtime.node import Node

log = logging.getLogger("tsunagaru.websocket")
INBOUND_PAUSE = 32  # whole messages waiting to be handled before we stop reading the socket


class WebSocket(asyncio.Protocol):
    __slots__ = ("node", "conn", "reader", "_pending", "_task", "_paused", "_lost", "_peer_code", "ended")

    def __init__(self, node: "Node", transport: asyncio.Transport, codec: Codec, peer: str) -> None:
        self.node = node
        self.reader = FrameReader(node.config.max_frame_bytes)
        self.conn: "Connection" = node.new_connection(transport=transport, codec=codec, peer=peer)
        self._pending: deque[str | bytes] | None = None
        self._task: asyncio.Task[None] | None = None
        self._paused = False
        self._lost = False
        self._peer_code: int | None = None
        self.ended: asyncio.Future[None] | None = None  # made by whoever waits for the end (gateway)

    # -- asyncio.Protocol ---------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        conn = self.conn
        conn.seen = clock.monotonic()
        for event in self.reader.feed(data):
            if isinstance(event, Message):
                if not conn.closing:
                    self._enqueue(event.data)
            elif isinstance(event, Control):
                self._control(event)
            else:
                self._broken(event)

    def eof_received(self) -> bool | None:
        return None  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self.conn.closed()
        if self.ended is not None and not self.ended.done():
            self.ended.set_result(None)
        if self._task is None:
            asyncio.get_running_loop().create_task(self._forget())

    # -- frames ----------------------------------------------------------------------------
    def _control(self, event: Control) -> None:
        conn = self.conn
        if event.opcode == OP_PING:
            # Pings count as frames (a ping flood is a flood, 4008) and pongs go through the bounded
            # send queue (a client that pings but never reads is a slow consumer, 4009).
            if not conn.frames.take(clock.monotonic()):
                self.node.metrics.floods_closed += 1
                conn.close(Close.FLOOD, "flood")
            elif not conn.closing:
                conn.write(control_frame(OP_PONG, event.payload))
        elif event.opcode == OP_CLOSE:
            parsed = parse_close(event.payload)
            if isinstance(parsed, Broken):
                self._broken(parsed)
                return
            self._peer_code = parsed[0]
            if conn.closing:  # the answer to our close frame: the handshake is complete
                conn.transport.close()
            else:
                conn.closing = True
                conn.close_code = parsed[0]
                echo = 1000 if parsed[0] == 1005 else parsed[0]
                conn.transport.write(close_frame(echo))
                conn.transport.close()

    def _broken(self, event: Broken) -> None:
        if event.code == 1009:
            self.node.metrics.oversized_closed += 1
        if self.conn.close_code is not None:  # our close frame is out already: just end it
            self.conn.transport.abort()
        else:
            self.conn.close_now(event.code, event.reason)

    # -- handling --------------------------------------------------------------------------
    def _enqueue(self, data: str | bytes) -> None:
        if self._pending is None:
            self._pending = deque()
        self._pending.append(data)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._handle())
        elif len(self._pending) >= INBOUND_PAUSE and not self._paused:
            self._paused = True
            self.conn.transport.pause_reading()

    async def _handle(self) -> None:
        """Handle waiting messages one by one, in order; then the task ends."""
        conn, node = self.conn, self.node
        pending = self._pending
        try:
            while pending and not self._lost:
                data = pending.popleft()
                conn.in_receive = True
                try:
                    await node.receive(conn, data)
                finally:
                    conn.in_receive = False
                if conn.close_requested is not None:
                    code, reason = conn.close_requested
                    conn.close_requested = None
                    node.fanout.flush()  # replies to this frame leave before the close frame
                    conn.close_now(code, reason)
                    break
                if self._paused and len(pending) < INBOUND_PAUSE // 2:
                    self._resume()
        except Exception:
            log.exception("handling a frame failed")
        finally:
            self._task = None
            self._pending = None
            self._resume()  # the rest is discarded; the client's answer to a close frame must be read
            if self._lost:
                await self._forget()

    def _resume(self) -> None:
        if self._paused:
            self._paused = False
            if not self.conn.transport.is_closing():
                self.conn.transport.resume_reading()

    async def _forget(self) -> None:
        conn = self.conn
        await self.node.connection_lost(conn, conn.close_code if conn.close_code is not None else self._peer_code)
