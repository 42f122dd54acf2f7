"""Read timeouts for every HTTP request: a slow or stalled client cannot hold a socket.

aiohttp has no timeout for a request head or body that arrives slowly: a
client that sends half a head, or a head announcing a body it never sends,
keeps its socket (and the handler waiting on it) forever — the "slowloris"
attack. The front door therefore does not hand an HTTP connection to aiohttp
directly: `HttpGuard` sits between the transport and aiohttp's protocol,
follows where each request stands (`RequestFraming`, sans-I/O: head, body of
`Content-Length` bytes or chunked, done) and aborts the connection when

* a request's head (request line and headers) is not complete
  `HTTP_HEAD_TIMEOUT_S` after its first byte (for the first request: after
  the connection was accepted), or
* its body is not complete `HTTP_BODY_TIMEOUT_S` after the head.

Between requests (keep-alive) aiohttp's own idle timeout applies. An aborted
request is logged as one line saying which limit it hit; the client's address
is not logged.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Callable

log = logging.getLogger("tsunagaru.http")

MAX_HEAD_BYTES = 16 * 1024 + 4  # aiohttp refuses longer heads itself; past this we only wait for the timer
MAX_CHUNK_LINE = 1024


class RequestFraming:
    """Where the byte stream of one HTTP/1.x connection stands, request after request (no I/O).

    `phase` is "head" (a head has started or the connection is new), "body" (the head announced
    a body that has not fully arrived), "idle" (the last request is complete) or "broken" (the
    framing cannot be followed; aiohttp answers 400 and closes).
    """

    __slots__ = ("phase", "head", "remaining", "chunk_state", "line")

    def __init__(self) -> None:
        self.phase = "head"
        self.head = bytearray()
        self.remaining = 0  # body bytes still expected (Content-Length, or the current chunk + CRLF)
        self.chunk_state = ""  # "", "size", "data", "trailer"
        self.line = bytearray()

    def feed(self, data: bytes) -> list[str]:
        """Consume `data`; returns the phases entered, in order ("head", "body", "idle")."""
        entered: list[str] = []
        view = memoryview(data)
        i, n = 0, len(data)
        while i < n and self.phase != "broken":
            if self.phase == "idle":
                if data[i] in b"\r\n":  # blank lines between requests are allowed
                    i += 1
                    continue
                self.phase = "head"
                entered.append("head")
            if self.phase == "head":
                start = len(self.head)
                self.head += view[i:]
                end = self.head.find(b"\r\n\r\n", max(0, start - 3))
                if end < 0:
                    if len(self.head) > MAX_HEAD_BYTES:
                        self.phase = "broken"
                    return entered
                used = end + 4 - start
                i += used
                head = bytes(self.head[:end])
                self.head = bytearray()
                self._head_done(head)
                entered.append(self.phase)
            elif self.phase == "body" and not self.chunk_state:
                take = min(self.remaining, n - i)
                self.remaining -= take
                i += take
                if self.remaining == 0:
                    self.phase = "idle"
                    entered.append("idle")
            elif self.phase == "body":
                i = self._chunked(data, i)
                if self.phase == "idle":
                    entered.append("idle")
        return entered

    def _head_done(self, head: bytes) -> None:
        length, chunked = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, sep, value = line.partition(b":")
            if not sep:
                continue
            key = name.strip().lower()
            if key == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    self.phase = "broken"
                    return
                if length < 0:
                    self.phase = "broken"
                    return
            elif key == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            self.phase, self.chunk_state, self.line = "body", "size", bytearray()
        elif length > 0:
            self.phase, self.remaining, self.chunk_state = "body", length, ""
        else:
            self.phase = "idle"

    def _chunked(self, data: bytes, i: int) -> int:
        n = len(data)
        while i < n and self.phase == "body":
            if self.chunk_state == "data":
                take = min(self.remaining, n - i)
                self.remaining -= take
                i += take
                if self.remaining == 0:
                    self.chunk_state, self.line = "size", bytearray()
                continue
            # a size line, or a trailer line: up to CRLF
            nl = data.find(b"\n", i)
            if nl < 0:
                self.line += data[i:]
                if len(self.line) > MAX_CHUNK_LINE:
                    self.phase = "broken"
                return n
            self.line += data[i:nl]
            i = nl + 1
            line = bytes(self.line).rstrip(b"\r")
            self.line = bytearray()
            if self.chunk_state == "size":
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    self.phase = "broken"
                    return n
                if size == 0:
                    self.chunk_state = "trailer"
                else:
                    self.chunk_state, self.remaining = "data", size + 2  # the data and its CRLF
            elif not line:  # the empty line that ends the trailers
                self.phase, self.chunk_state = "idle", ""
        return i


class HttpGuard(asyncio.Protocol):
    """Forwards everything to aiohttp's protocol; aborts a request that stalls (see the module docstring)."""

    __slots__ = ("inner", "transport", "framing", "timer", "head_s", "body_s", "loop")

    def __init__(self, inner: asyncio.Protocol, head_s: float, body_s: float) -> None:
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self.framing = RequestFraming()
        self.timer: asyncio.TimerHandle | None = None
        self.head_s, self.body_s = head_s, body_s
        self.loop = asyncio.get_running_loop()

    def attach(self, transport: asyncio.Transport, started: float, data: bytes) -> None:
        """Take over `transport` (accepted at loop time `started`), then give aiohttp what was read so far."""
        self.transport = transport
        transport.set_protocol(self)
        self._arm("head", started)
        self.inner.connection_made(transport)
        if data:
            self.data_received(data)

    def data_received(self, data: bytes) -> None:
        for phase in self.framing.feed(data):
            self._arm(phase, self.loop.time())
        if self.framing.phase == "broken" and self.timer is None:
            self._arm("body", self.loop.time())  # aiohttp closes it; if not, the timer does
        self.inner.data_received(data)

    def _arm(self, phase: str, since: float) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if phase == "head":
            self.timer = self.loop.call_at(since + self.head_s, self._expired, "head")
        elif phase in ("body", "broken"):
            self.timer = self.loop.call_at(since + self.body_s, self._expired, "body")

    def _expired(self, what: str) -> None:
        self.timer = None
        transport = self.transport
        if transport is None or transport.is_closing() or transport.get_protocol() is not self:
            return  # closed meanwhile, or handed to a WebSocket
        limit = self.head_s if what == "head" else self.body_s
        log.info(f"request aborted: its {what} did not arrive within {limit:g} s",
                 extra={"reason": f"{what}_timeout"})
        transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.transport = None
        self.inner.connection_lost(exc)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


def guarded(factory: Callable[[], asyncio.Protocol], head_s: float, body_s: float) -> Callable[[], HttpGuard]:
    return lambda: HttpGuard(factory(), head_s, body_s)
