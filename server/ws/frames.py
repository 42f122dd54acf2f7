"""Reading client WebSocket frames (RFC 6455), without I/O.

The gateway feeds the bytes it reads; the reader hands back whole messages,
control frames and, for a broken stream, the close code the contract names.
It keeps per connection only a few slots and, between frames, no buffer at
all: an idle connection costs almost nothing here (issue 2, S4).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from websockets.speedups import apply_mask  # C unmasking; the library is already a dependency

from rooms.protocol import Close

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
_DATA = (OP_TEXT, OP_BINARY)
_CONTROL = (OP_CLOSE, OP_PING, OP_PONG)
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_INVALID_DATA = 1007
_NO_STATUS = 1005  # "no code given", never sent on the wire
_VALID_CLOSE = set(range(1000, 1004)) | set(range(1007, 1012)) | set(range(3000, 5000))


@dataclass(slots=True, frozen=True)
class Message:
    """A whole data message: `str` for text, `bytes` for binary."""

    data: str | bytes


@dataclass(slots=True, frozen=True)
class Control:
    opcode: int
    payload: bytes


@dataclass(slots=True, frozen=True)
class Broken:
    """The stream cannot go on: close with `code`."""

    code: int
    reason: str


Event = Message | Control | Broken


class FrameReader:
    """Incremental parser of masked client frames, with a message size limit."""

    __slots__ = ("max_size", "_buf", "_parts", "_part_op", "_part_len", "broken", "_skip", "_done")

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._buf: bytearray | None = None
        self._parts: list[bytes] | None = None  # fragments of an unfinished message
        self._part_op = 0
        self._part_len = 0
        self.broken = False
        self._skip = 0  # once broken: bytes of the current frame still to discard
        self._done = False  # once broken: the peer's close frame has been seen

    def feed(self, data: bytes) -> list[Event]:
        if self.broken:
            return self._drain(data)
        if self._buf:
            self._buf += data
            buf: bytes | bytearray = self._buf
        else:
            buf = data
        events: list[Event] = []
        pos = 0
        end = len(buf)
        while True:
            if end - pos < 2:
                break
            b0, b1 = buf[pos], buf[pos + 1]
            fin, opcode, masked, length = b0 & 0x80, b0 & 0x0F, b1 & 0x80, b1 & 0x7F
            head = 2
            if length == 126:
                if end - pos < 4:
                    break
                length = struct.unpack_from(">H", buf, pos + 2)[0]
                head = 4
            elif length == 127:
                if end - pos < 10:
                    break
                length = struct.unpack_from(">Q", buf, pos + 2)[0]
                head = 10
            problem = self._check(b0, opcode, fin, masked, length)
            if problem is not None:
                return self._break(events, problem, buf[pos:], head + (4 if masked else 0) + length)
            if end - pos < head + 4 + length:
                break
            key = bytes(buf[pos + head:pos + head + 4])
            start = pos + head + 4
            payload = apply_mask(bytes(buf[start:start + length]), key) if length else b""
            pos = start + length
            event = self._frame(opcode, bool(fin), payload)
            if event is not None:
                if isinstance(event, Broken):
                    return self._break(events, event, buf[pos:], 0)
                events.append(event)
        rest = end - pos
        if rest == 0:
            self._buf = None
        elif buf is self._buf:
            del self._buf[:pos]
        else:
            self._buf = bytearray(buf[pos:])
        return events

    def _check(self, b0: int, opcode: int, fin: int, masked: int, length: int) -> Broken | None:
        if b0 & 0x70:
            return Broken(CLOSE_PROTOCOL_ERROR, "reserved bits set")
        if not masked:
            return Broken(CLOSE_PROTOCOL_ERROR, "client frames must be masked")
        if opcode in _CONTROL:
            if not fin or length > 125:
                return Broken(CLOSE_PROTOCOL_ERROR, "bad control frame")
            return None
        if opcode not in _DATA and opcode != OP_CONT:
            return Broken(CLOSE_PROTOCOL_ERROR, "unknown opcode")
        if self._part_len + length > self.max_size:
            return Broken(Close.TOO_LARGE, "message too big")
        return None

    def _frame(self, opcode: int, fin: bool, payload: bytes) -> Event | None:
        if opcode in _CONTROL:
            return Control(opcode, payload)
        if opcode == OP_CONT:
            if self._parts is None:
                return Broken(CLOSE_PROTOCOL_ERROR, "continuation without a message")
            self._parts.append(payload)
            self._part_len += len(payload)
            if not fin:
                return None
            opcode, payload = self._part_op, b"".join(self._parts)
            self._parts, self._part_len = None, 0
        elif self._parts is not None:
            return Broken(CLOSE_PROTOCOL_ERROR, "new message inside a fragmented one")
        elif not fin:
            self._parts, self._part_op, self._part_len = [payload], opcode, len(payload)
            return None
        if opcode == OP_TEXT:
            try:
                return Message(payload.decode("utf-8"))
            except UnicodeDecodeError:
                return Broken(CLOSE_INVALID_DATA, "text frame is not UTF-8")
        return Message(payload)

    def _break(self, events: list[Event], problem: Broken, rest: bytes | bytearray, skip: int) -> list[Event]:
        """The stream is broken; what follows is only read for the peer's close frame (`_drain`)."""
        self.broken = True
        self._parts = None
        self._buf, self._skip = None, skip
        events.append(problem)
        events.extend(self._drain(bytes(rest)))
        return events

    def _drain(self, data: bytes) -> list[Event]:
        """After our close frame went out: discard frames until the peer's close frame, so the socket
        ends as soon as the close handshake completes (RFC 6455 §7.1.1) rather than on a timer.
        Holds at most one frame head and one close frame's payload."""
        if self._done:
            return []
        buf = bytes(self._buf) + data if self._buf else data
        pos, end = 0, len(buf)
        while True:
            taken = min(self._skip, end - pos)
            pos += taken
            self._skip -= taken
            if self._skip or end - pos < 2:
                break
            b0, b1 = buf[pos], buf[pos + 1]
            opcode, masked, length, head = b0 & 0x0F, b1 & 0x80, b1 & 0x7F, 2
            if length >= 126:
                head = 4 if length == 126 else 10
                if end - pos < head:
                    break
                length = struct.unpack_from(">H" if head == 4 else ">Q", buf, pos + 2)[0]
            size = head + (4 if masked else 0) + length
            if opcode == OP_CLOSE and length <= 125:
                if end - pos < size:
                    break
                payload = bytes(buf[pos + size - length:pos + size])
                if masked:
                    payload = apply_mask(payload, bytes(buf[pos + head:pos + head + 4]))
                self._done, self._buf = True, None
                return [Control(OP_CLOSE, payload)]
            self._skip = size
        self._buf = bytearray(buf[pos:]) if pos < end else None
        return []


def parse_close(payload: bytes) -> Broken | tuple[int, str]:
    """The code and reason of a client's close frame (1005 when it gave none)."""
    if not payload:
        return (_NO_STATUS, "")
    if len(payload) == 1:
        return Broken(CLOSE_PROTOCOL_ERROR, "close frame of one byte")
    code = struct.unpack_from(">H", payload)[0]
    if code not in _VALID_CLOSE:
        return Broken(CLOSE_PROTOCOL_ERROR, "invalid close code")
    try:
        return (code, payload[2:].decode("utf-8"))
    except UnicodeDecodeError:
        return Broken(CLOSE_INVALID_DATA, "close reason is not UTF-8")


def control_frame(opcode: int, payload: bytes = b"") -> bytes:
    """An unmasked server control frame (payload at most 125 bytes)."""
    return bytes((0x80 | opcode, len(payload))) + payload


def close_frame(code: int, reason: str = "") -> bytes:
    # at most 123 bytes of reason, never cutting a character in half
    body = struct.pack(">H", code) + reason.encode("utf-8")[:123].decode("utf-8", "ignore").encode("utf-8")
    return control_frame(OP_CLOSE, body)


PING_FRAME = control_frame(OP_PING)
