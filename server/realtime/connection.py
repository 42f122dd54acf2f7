"""One client connection: its socket, codec, session and limits.

The send queue of a connection is its transport's write buffer, bounded in
bytes (`send_queue_bytes`): frames are written straight to the transport
without a per-message coroutine, and a client whose buffer passes the bound
cannot keep up with its own traffic and is closed with 4009.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from moderation.ratelimit import StrikeWindow, TokenBucket
from rooms.protocol import Close
from rooms.session import Session

from server.ws.codec import Codec
from server.ws.frames import close_frame

if TYPE_CHECKING:
    from server.metrics import Metrics

CLOSE_TIMEOUT_S = 3.0  # how long a client has to answer our close frame


@dataclass(eq=False, slots=True)
class Connection:
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
    reacts: TokenBucket | None = None  # reactions' own budget (`rooms.looks`), made on the first one
    opened: float = 0.0  # monotonic time of the upgrade
    seen: float = 0.0  # monotonic time of the last bytes from the client (data, ping or pong)
    session: Session | None = None
    lang: str = "ja"
    exempt: bool = False  # a tool on this machine, not behind a proxy: no per-address limits (client_address)
    token: str | None = None  # a staff connection's bearer token, re-checked before privileged requests
    token_checked: float = 0.0  # monotonic time of the last successful check
    outbox: list[bytes] | None = None  # encoded direct messages of this turn (made when first needed)
    closing: bool = False  # no more frames go out but the close frame
    close_code: int | None = None  # set once a close frame has gone out (ours, or our echo of the client's)
    in_receive: bool = False  # set by the socket while the node handles this connection's frame
    close_requested: tuple[int, str] | None = None
    campaign: str | None = None  # a registered campaign code this visitor arrived with (server/realtime/campaigns.py)
    _abort: asyncio.TimerHandle | None = None

    @property
    def limited_peer(self) -> str | None:
        """The address per-address limits count, or None for exempt local traffic."""
        return None if self.exempt else self.peer

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

        While the socket is handling this connection's own frame, the close
        frame waits until the replies to that frame are out; the client then
        gets its answer and the close code instead of a TCP reset.
        """
        if self.closing:
            return
        if self.in_receive:
            self.closing = True
            self.close_requested = (code, reason)
            return
        self.close_now(code, reason)

    def close_now(self, code: int, reason: str = "") -> None:
        """Send the close frame; the socket ends when the client answers, or after CLOSE_TIMEOUT_S."""
        if self.close_code is not None:
            return
        self.closing = True
        self.close_code = code
        transport = self.transport
        if transport.is_closing():
            return
        transport.write(close_frame(code, reason))
        self._abort = asyncio.get_running_loop().call_later(CLOSE_TIMEOUT_S, transport.abort)

    def closed(self) -> None:
        """The socket is gone."""
        self.closing = True
        if self._abort is not None:
            self._abort.cancel()
            self._abort = None
