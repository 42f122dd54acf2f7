"""Wire protocol v1 constants shared by the server and the clients.

`clients/` may import this module (and only this one from the core): it is the
contract in code form, so the SDK, the load generator and the server can never
disagree on a subprotocol name or a close code.
"""
from __future__ import annotations

from enum import IntEnum

SUBPROTOCOL_MSGPACK = "tsunagaru.v1.msgpack"
SUBPROTOCOL_JSON = "tsunagaru.v1.json"
SUBPROTOCOLS = (SUBPROTOCOL_MSGPACK, SUBPROTOCOL_JSON)

MAX_FRAME_BYTES = 16_384
MAX_TEXT_CHARS = 500
MAX_NICK_CHARS = 20
MAX_REF_CHARS = 64
AGE_BANDS = ("u15", "15-17", "18-24", "25+")
LANGS = ("ja", "en")
ROLES = ("visitor", "host", "moderator", "admin")


class Close(IntEnum):
    """WebSocket close codes used by Tsunagaru."""

    NORMAL = 1000
    GOING_AWAY = 1001
    INVALID_UTF8 = 1007
    POLICY = 1008
    TOO_LARGE = 1009
    UNAUTHORIZED = 4001
    BANNED = 4003
    FLOOD = 4008
    SLOW_CONSUMER = 4009
    KICKED = 4010
    REPLACED = 4011


# Error codes of `error {code}` (PROTOCOL.md, "Replies and errors").
BAD_FRAME = "bad_frame"
BAD_REQUEST = "bad_request"
UNKNOWN_TYPE = "unknown_type"
NOT_WELCOMED = "not_welcomed"
NOT_MEMBER = "not_member"
NO_SUCH_ROOM = "no_such_room"
ROOM_FULL = "room_full"
FORBIDDEN = "forbidden"
RATE_LIMITED = "rate_limited"
BLOCKED = "blocked"
TOO_LARGE = "too_large"
INTERNAL = "internal"

ERROR_CODES = (
    BAD_FRAME, BAD_REQUEST, UNKNOWN_TYPE, NOT_WELCOMED, NOT_MEMBER, NO_SUCH_ROOM,
    ROOM_FULL, FORBIDDEN, RATE_LIMITED, BLOCKED, TOO_LARGE, INTERNAL,
)
