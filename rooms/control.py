"""Node-wide control messages: decisions that must apply on every node.

They travel on the bus under `rooms.bus.CONTROL_KEY`, as plain maps with `t`,
so any node (or an operator's tool publishing to Redis) can send them. The
moderation issue sends kick, ban, mute, delete and lock; sessions use
`session_moved` when a visitor resumes on another node.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Union


@dataclass(frozen=True, slots=True)
class SessionMoved:
    """A session was resumed on `node`; any other node lets go of it (4011)."""

    session: str
    node: str


@dataclass(frozen=True, slots=True)
class Kick:
    """Close every connection of `user` with 4010; the session ends."""

    user: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Ban:
    """Close every connection of `user` (or from `ip_hash`) with 4003 and refuse it until `until_ms`."""

    user: str | None
    ip_hash: str | None
    until_ms: int
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Mute:
    """`user` may not say anything until `until_ms` (0 lifts it)."""

    user: str
    until_ms: int
    by: str


@dataclass(frozen=True, slots=True)
class Delete:
    """Message `message` is removed from `room` (a `deleted` event follows)."""

    room: str
    message: str
    by: str


@dataclass(frozen=True, slots=True)
class Lock:
    """`room` takes no new members (`locked`) or takes them again."""

    room: str
    locked: bool
    by: str


@dataclass(frozen=True, slots=True)
class SlowMode:
    """In `room`, a visitor may say one message every `seconds` (0 lifts it)."""

    room: str
    seconds: int
    by: str


@dataclass(frozen=True, slots=True)
class Held:
    """A message held for a moderator; `alert` marks a crisis (priority to every moderator)."""

    room: str
    id: str
    sender: dict
    text: str
    reason: str
    rule: str
    ts: int
    session: str
    alert: bool


@dataclass(frozen=True, slots=True)
class Release:
    """A moderator decided on held message `id`: shown (`publish`) or dropped."""

    id: str
    publish: bool
    by: str


@dataclass(frozen=True, slots=True)
class Warn:
    """A moderator's warning, shown to every connection of `user`."""

    user: str
    text: str
    by: str


Control = Union[SessionMoved, Kick, Ban, Mute, Delete, Lock, SlowMode, Held, Release, Warn]
_TYPES: dict[str, type] = {
    "session_moved": SessionMoved, "kick": Kick, "ban": Ban, "mute": Mute, "delete": Delete, "lock": Lock,
    "slow_mode": SlowMode, "held": Held, "release": Release, "warn": Warn,
}
_NAMES = {cls: name for name, cls in _TYPES.items()}


def to_message(control: Control) -> dict[str, Any]:
    return {"t": _NAMES[type(control)], **asdict(control)}


def from_message(message: object) -> Control | None:
    """The control a bus message carries, or None if it is not one (ignored, logged by the caller)."""
    if not isinstance(message, dict):
        return None
    cls = _TYPES.get(message.get("t"))  # type: ignore[arg-type]
    if cls is None:
        return None
    names = {f.name for f in fields(cls)}
    try:
        return cls(**{k: v for k, v in message.items() if k in names})
    except TypeError:
        return None
