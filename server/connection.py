"""One client connection: its socket, codec, session and limits.

The send queue of a connection is its transport's write buffer, bounded in
bytes (`send_queue_bytes`): frames are written straight to the transport
without a per-message coroutine, and a client whose buffer passes the bound
cannot keep up with its own traffic and is closed with 4009.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from moderation.ratelimit import StrikeWindow, TokenBucket
from rooms.protocol import Close
from rooms.session import Session

from .codec import Codec

if TYPE_CHECKING:
    from .metrics import Metrics


@dataclass(eq=False, slots=True)
class Connection:
    ws: web.WebSocketResponse
    transport: asyncio.Transport
    codec: Codec
    peer: str
    metrics: "Metrics"
    send_queue_bytes: int
    requests: TokenBucket
    moves: TokenBucket
    frames: TokenBucket
    strikes: StrikeWindow  # bad frames
    floods: StrikeWindow  # requests refused as rate limited
    opened: float = 0.0  # monotonic time of the upgrade
    seen: float = 0.0  # monotonic time of the last frame from the client (data, ping or pong)
    session: Session | None = None
    lang: str = "ja"
    outbox: list[bytes] = field(default_factory=list)  # encoded direct messages of this turn
    closing: bool = False
    close_task: asyncio.Task[None] | None = None
    in_receive: bool = False  # set by the gateway while it handles this connection's frame
    close_requested: tuple[int, str] | None = None

    @property
    def welcomed(self) -> bool:
        return self.session is not None

    def write(self, frame: bytes) -> None:
        """Write a whole frame; close the connection if its queue is over the bound."""
        if self.closing:
            return
        transport = self.transport
        if transport.is_closing():
            return
        transport.write(frame)
        m = self.metrics
        m.frames_out += 1
        m.bytes_out += len(frame)
        queued = transport.get_write_buffer_size()
        if queued > m.send_queue_high_water:
            m.send_queue_high_water = queued
        if queued > self.send_queue_bytes:
            m.slow_consumers_closed += 1
            self.close(Close.SLOW_CONSUMER, "slow consumer")

    def close(self, code: int, reason: str = "") -> None:
        """Close from anywhere (sync).

        While the gateway is handling this connection's own frame, the gateway
        closes it after the frame: the close handshake then reads and discards
        what the client already sent, and the client gets the close code
        instead of a TCP reset. From elsewhere the handshake runs in a task.
        """
        if self.closing:
            return
        self.closing = True
        if self.in_receive:
            self.close_requested = (code, reason)
            return
        self.close_task = asyncio.get_running_loop().create_task(self._close(code, reason))

    async def _close(self, code: int, reason: str) -> None:
        try:
            await asyncio.wait_for(self.ws.close(code=code, message=reason.encode()), 3.0)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            pass
        finally:
            if not self.transport.is_closing():
                self.transport.abort()

