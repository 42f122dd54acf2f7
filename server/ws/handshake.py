"""The WebSocket opening handshake (RFC 6455 §4.2), without I/O.

The front door reads a request head and asks here whether it is an upgrade
to `/ws` and what to answer. Anything else is left to the HTTP application.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_HEAD_BYTES = 16 * 1024


@dataclass(slots=True, frozen=True)
class RequestHead:
    method: str
    path: str  # without the query string
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "


@dataclass(slots=True, frozen=True)
class Accepted:
    response: bytes
    subprotocol: str | None


@dataclass(slots=True, frozen=True)
class Rejected:
    """An HTTP error to answer instead of upgrading, with a code and a sentence."""

    status: int
    code: str
    message: str

    def response(self) -> bytes:
        reason = {400: "Bad Request", 403: "Forbidden", 426: "Upgrade Required", 503: "Service Unavailable"}.get(self.status, "Error")
        body = f"{self.code}: {self.message}\n".encode()
        extra = "Sec-WebSocket-Version: 13\r\n" if self.status == 426 else ""
        return (f"HTTP/1.1 {self.status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n").encode() + body


def parse_head(head: bytes) -> RequestHead | None:
    """The request line and headers of `head` (ending at the blank line); None if malformed."""
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError:  # latin-1 decodes every byte; kept for clarity of intent
        return None
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            return None
        key = name.lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return RequestHead(parts[0], parts[1].split("?", 1)[0], headers)


def wants_websocket(head: RequestHead, path: str) -> bool:
    return head.method == "GET" and head.path == path and "websocket" in head.headers.get("upgrade", "").lower()


def _tokens(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


def accept(head: RequestHead, subprotocols: tuple[str, ...]) -> Accepted | Rejected:
    """The 101 answer to an upgrade request, or why it is refused.

    The first protocol the client offers that we speak is chosen (the client
    states its preference); none offered or none known means JSON.
    """
    h = head.headers
    if "upgrade" not in [t.lower() for t in _tokens(h.get("connection", ""))]:
        return Rejected(400, "bad_handshake", "Connection: Upgrade is missing")
    if h.get("sec-websocket-version") != "13":
        return Rejected(426, "bad_handshake", "only WebSocket version 13 is spoken")
    key = h.get("sec-websocket-key", "")
    try:
        if len(base64.b64decode(key.encode("ascii"), validate=True)) != 16:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return Rejected(400, "bad_handshake", "Sec-WebSocket-Key is not 16 bytes in base64")
    chosen = next((p for p in _tokens(h.get("sec-websocket-protocol", "")) if p in subprotocols), None)
    digest = base64.b64encode(hashlib.sha1(key.encode("ascii") + _GUID).digest()).decode()
    lines = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Accept: {digest}"]
    if chosen:
        lines.append(f"Sec-WebSocket-Protocol: {chosen}")
    return Accepted(("\r\n".join(lines) + "\r\n\r\n").encode(), chosen)
