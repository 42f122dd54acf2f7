"""What goes over the wire and how it fails: the codecs (JSON as text, MessagePack as binary),
errors as values (`ServerError`, `Disconnected`), and the close code a connection ended with."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

import msgpack
import orjson
from websockets.asyncio.client import ClientConnection

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK


log = logging.getLogger("tsunagaru.sdk")

Message = dict[str, Any]
EventHandler = Callable[[Message], None]

ABNORMAL = 1006  # no close frame: the transport just went away


class ServerError(Exception):
    """An `error` reply as a value: a `code` for programs and a `message` for people."""

    def __init__(self, code: str, message: str, reply: Message | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.reply: Message = reply if reply is not None else {}


class Disconnected(ConnectionError):
    """The connection is gone, for now (a resume is running) or for good; `code` says how."""

    def __init__(self, code: int | None, why: str = "disconnected") -> None:
        super().__init__(f"{why} (close code {code})")
        self.code = code


class _Codec:
    """One wire codec; JSON frames go out as text, MessagePack as binary."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.binary = name == "msgpack"
        self.subprotocol = SUBPROTOCOL_MSGPACK if self.binary else SUBPROTOCOL_JSON

    def encode(self, message: Message) -> bytes:
        if self.binary:
            return msgpack.packb(message, use_bin_type=True)
        return orjson.dumps(message)  # compact; never NaN (orjson writes null)

    def decode(self, frame: bytes | str) -> Any:
        if self.binary and isinstance(frame, bytes):
            return msgpack.unpackb(frame, raw=False)
        return orjson.loads(frame)


CODECS = {"json": _Codec("json"), "msgpack": _Codec("msgpack")}


def check(reply: Message) -> Message:
    """The reply itself when it is not an `error`; otherwise raise it as a ServerError."""
    if reply.get("t") == "error":
        raise ServerError(str(reply.get("code")), str(reply.get("message", "")), reply)
    return reply


def _consume(fut: asyncio.Future) -> None:
    """Mark a fire-and-forget future's outcome as seen, so asyncio does not warn about it."""
    if not fut.cancelled():
        fut.exception()


def _code_of(ws: ClientConnection) -> int:
    """The close code the server sent, or 1006 when the connection ended without one."""
    rcvd = ws.protocol.close_rcvd
    return int(rcvd.code) if rcvd is not None else ABNORMAL


async def _abort(ws: ClientConnection) -> None:
    transport = getattr(ws, "transport", None)
    if transport is not None:
        transport.abort()
