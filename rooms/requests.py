"""Client messages parsed into typed requests, before anything acts on them.

Parsing is separate from acting so that every shape error is answered the same
way (`bad_request`, with the `ref` echoed only when the `ref` itself is valid).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Union

from . import looks
from .protocol import AGE_BANDS, BAD_FRAME, BAD_REQUEST, LANGS, MAX_REF_CHARS, UNKNOWN_TYPE
from .refusal import Refused

Ref = Union[int, str, None]
Parser = Callable[[dict[str, Any], Ref], Any]  # a message (a map) and its valid ref -> a request or a Refused
_INT64 = 2**63


@dataclass(frozen=True, slots=True)
class Hello:
    ref: Ref
    nick: object
    age_band: str | None
    lang: str
    token: str | None
    resume: dict[str, Any] | None
    device: str | None = None  # the device token a previous `welcome` gave (see moderation.devices)
    avatar: str | None = None  # a shape and colour from `rooms.looks.AVATARS`; None: the client's default
    campaign: object = None  # the entry URL's `?c=` as sent: checked by the node, never refused nor echoed


@dataclass(frozen=True, slots=True)
class Join:
    ref: Ref
    room: str
    x: object
    y: object


@dataclass(frozen=True, slots=True)
class Leave:
    ref: Ref
    room: str


@dataclass(frozen=True, slots=True)
class Move:
    ref: Ref
    room: str
    x: object
    y: object


@dataclass(frozen=True, slots=True)
class Say:
    ref: Ref
    room: str
    text: object


@dataclass(frozen=True, slots=True)
class Ping:
    ref: Ref


@dataclass(frozen=True, slots=True)
class React:
    ref: Ref
    room: str
    emote: str  # one of `rooms.looks.EMOTES`


@dataclass(frozen=True, slots=True)
class Members:
    """The next page of a room's member list (large rooms answer `join` with at most K)."""

    ref: Ref
    room: str
    after: str | None


Request = Any  # Hello, Join, Leave, Move, Say, Ping, React, or a registered extension


@dataclass(frozen=True, slots=True)
class BadMessage:
    """A message that cannot be acted on; `ref` is set only if it was valid."""

    ref: Ref
    refused: Refused


def valid_ref(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -_INT64 <= value < _INT64
    return isinstance(value, str) and 1 <= len(value) <= MAX_REF_CHARS


def envelope(message: object) -> tuple[str, Ref] | BadMessage:
    """The message's type and ref, checked the same way whatever the type (`t`, then `ref`)."""
    if not isinstance(message, dict):
        return BadMessage(None, Refused(BAD_FRAME, "not_a_map"))
    ref = message.get("ref")
    if ref is not None and not valid_ref(ref):
        return BadMessage(None, Refused(BAD_REQUEST, "bad_ref"))
    t = message.get("t")
    if not isinstance(t, str):
        return BadMessage(ref, Refused(BAD_REQUEST, "no_type"))
    return t, ref


def parse(message: object, parsers: Mapping[str, Parser] | None = None) -> Request | BadMessage:
    """The request a message asks for, by the table of message types the caller serves (the core's own
    by default)."""
    head = envelope(message)
    if isinstance(head, BadMessage):
        return head
    t, ref = head
    build = (PARSERS if parsers is None else parsers).get(t)
    if build is None:
        return BadMessage(ref, Refused(UNKNOWN_TYPE, "unknown_type"))
    assert isinstance(message, dict)
    result = build(message, ref)
    if isinstance(result, Refused):
        return BadMessage(ref, result)
    return result


def _room(message: dict[str, Any]) -> str | Refused:
    room = message.get("room")
    if not isinstance(room, str) or not room:
        return Refused(BAD_REQUEST, "room_type")
    return room


def _hello(m: dict[str, Any], ref: Ref) -> Hello | Refused:
    age = m.get("age_band")
    if age is not None and age not in AGE_BANDS:
        return Refused(BAD_REQUEST, "age_band")
    lang = m.get("lang", "ja")
    if lang not in LANGS:
        return Refused(BAD_REQUEST, "lang")
    token = m.get("token")
    if token is not None and not isinstance(token, str):
        return Refused(BAD_REQUEST, "token_type")
    resume = m.get("resume")
    if resume is not None and not isinstance(resume, dict):
        return Refused(BAD_REQUEST, "resume_type")
    device = m.get("device")
    if device is not None and not isinstance(device, str):
        return Refused(BAD_REQUEST, "device_type")
    avatar = looks.avatar(m.get("avatar"))
    if isinstance(avatar, Refused):
        return avatar
    return Hello(ref, m.get("nick"), age, lang, token, resume, device, avatar, m.get("campaign"))


def _coordinates(m: dict[str, Any], required: bool) -> tuple[object, object] | Refused:
    """`x` and `y` as sent, if each is a finite number (optional on `join`); a string "1" is refused."""
    x, y = m.get("x"), m.get("y")
    for value in (x, y):
        if value is None and not required:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Refused(BAD_REQUEST, "bad_coordinates")
        if isinstance(value, float) and not math.isfinite(value):
            return Refused(BAD_REQUEST, "bad_coordinates")
    return x, y


def _join(m: dict[str, Any], ref: Ref) -> Join | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    xy = _coordinates(m, required=False)
    if isinstance(xy, Refused):
        return xy
    return Join(ref, room, *xy)


def _leave(m: dict[str, Any], ref: Ref) -> Leave | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    return Leave(ref, room)


def _move(m: dict[str, Any], ref: Ref) -> Move | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    xy = _coordinates(m, required=True)
    if isinstance(xy, Refused):
        return xy
    return Move(ref, room, *xy)


def _say(m: dict[str, Any], ref: Ref) -> Say | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    return Say(ref, room, m.get("text"))


def _ping(m: dict[str, Any], ref: Ref) -> Ping:
    return Ping(ref)


def _react(m: dict[str, Any], ref: Ref) -> React | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    emote = m.get("emote")
    if not isinstance(emote, str) or emote not in looks.EMOTES:
        return Refused(BAD_REQUEST, "emote")
    return React(ref, room, emote)


def _members(m: dict[str, Any], ref: Ref) -> Members | Refused:
    room = _room(m)
    if isinstance(room, Refused):
        return room
    after = m.get("after")
    if after is not None and (not isinstance(after, str) or len(after) > MAX_REF_CHARS):
        return Refused(BAD_REQUEST, "after_type")
    return Members(ref, room, after)


# The core's message types; other packages keep their own tables (`booths.requests.PARSERS`,
# `booths.handoff_requests.PARSERS`, `moderation.requests.PARSERS`) and the node joins them at start.
PARSERS: dict[str, Parser] = {"hello": _hello, "join": _join, "leave": _leave, "move": _move, "say": _say,
                              "ping": _ping, "members": _members, "react": _react}
