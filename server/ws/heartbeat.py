"""Keeping sockets honest: a ping each period, a drop after two silent periods, and a close for a
socket that never said hello. One pass over every socket per period (scheduled in
`server.realtime.jobs`) instead of timers per socket: an idle connection costs no timer handle.
"""
from __future__ import annotations

from typing import Iterable, Protocol

from rooms.protocol import Close

from server.ws.frames import PING_FRAME


class Socket(Protocol):
    seen: float  # monotonic time of the last frame from the client
    opened: float
    closing: bool

    @property
    def transport(self): ...  # an asyncio transport

    @property
    def welcomed(self) -> bool: ...

    def close(self, code: int, reason: str = "") -> None: ...


def heartbeat(sockets: Iterable[Socket], now: float, period_s: float) -> int:
    """Ping the live ones; abort those silent for two periods (the peer is gone: nothing to say
    goodbye to). Returns how many were dropped."""
    silent_since = now - 2 * period_s
    dropped = 0
    for sock in list(sockets):
        if sock.seen < silent_since:
            dropped += 1
            sock.transport.abort()
        elif not sock.closing and not sock.transport.is_closing():
            sock.transport.write(PING_FRAME)
    return dropped


def sweep_silent_hellos(sockets: Iterable[Socket], now: float, timeout_s: float) -> None:
    """A socket that opened and never said hello is closed (4001) after `timeout_s`."""
    deadline = now - timeout_s
    for sock in [s for s in sockets if not s.welcomed and s.opened < deadline]:
        sock.close(Close.UNAUTHORIZED, "no hello")
