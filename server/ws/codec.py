"""The two wire codecs, and server WebSocket frames built once for many sockets.

A broadcast is encoded once per codec and framed once: server frames are not
masked, so the very same bytes go to every recipient's transport.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Callable

import msgpack
import orjson

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK

_OP_TEXT = 0x81  # FIN + text
_OP_BINARY = 0x82  # FIN + binary


class DecodeError(ValueError):
    """A frame that is not one value of the connection's codec."""


def _decode_json(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        raise DecodeError("binary frame on a JSON connection")
    try:
        return orjson.loads(data)  # orjson refuses NaN and Infinity: standard JSON only
    except orjson.JSONDecodeError as exc:
        raise DecodeError(str(exc)) from None


def _decode_msgpack(data: bytes | str) -> Any:
    if isinstance(data, str):
        raise DecodeError("text frame on a MessagePack connection")
    try:
        return msgpack.unpackb(data, raw=False, strict_map_key=True)
    except Exception as exc:  # msgpack raises several unrelated types for garbage
        raise DecodeError(type(exc).__name__) from None


def _encode_msgpack(message: Any) -> bytes:
    return msgpack.packb(message, use_bin_type=True)


def _array_header_msgpack(n: int) -> bytes:
    if n < 16:
        return bytes((0x90 | n,))
    if n < 0x10000:
        return b"\xdc" + struct.pack(">H", n)
    return b"\xdd" + struct.pack(">I", n)


@dataclass(frozen=True, slots=True)
class Codec:
    name: str
    opcode: int
    decode: Callable[[bytes | str], Any]
    encode: Callable[[Any], bytes]

    def batch(self, parts: list[bytes]) -> bytes:
        """One value from already-encoded messages: the message itself, or an array."""
        if len(parts) == 1:
            return parts[0]
        if self.opcode == _OP_TEXT:
            return b"[" + b",".join(parts) + b"]"
        return _array_header_msgpack(len(parts)) + b"".join(parts)

    def frame(self, payload: bytes) -> bytes:
        """A complete unmasked server frame carrying `payload`."""
        n = len(payload)
        if n < 126:
            header = bytes((self.opcode, n))
        elif n < 0x10000:
            header = struct.pack(">BBH", self.opcode, 126, n)
        else:
            header = struct.pack(">BBQ", self.opcode, 127, n)
        return header + payload


JSON = Codec("json", _OP_TEXT, _decode_json, orjson.dumps)
MSGPACK = Codec("msgpack", _OP_BINARY, _decode_msgpack, _encode_msgpack)
CODECS = (JSON, MSGPACK)


def codec_for(subprotocol: str | None) -> Codec:
    """MessagePack if negotiated; JSON for `tsunagaru.v1.json`, none, or unknown offers."""
    return MSGPACK if subprotocol == SUBPROTOCOL_MSGPACK else JSON


__all__ = ["Codec", "CODECS", "DecodeError", "JSON", "MSGPACK", "SUBPROTOCOL_JSON", "codec_for"]
