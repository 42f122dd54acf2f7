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
class TokenRevoked:
    """A staff token was logged out: every node closes the sockets that signed in with it (4001)."""

    token_hash: str


@dataclass(frozen=True, slots=True)
class AccountDisabled:
    """A staff account was disabled: every node closes its sockets at once (4001), whatever the token."""

    account: str


@dataclass(frozen=True, slots=True)
class Kick:
    """Close every connection of `user` with 4010; the session ends."""

    user: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Ban:
    """Close every connection of `user` (and `device`) with 4003 and refuse them until `until_ms`.

    `ip_hash` with `since_ms` is the explicit address ban: new identities from
    that address are refused (at most 60 minutes); nobody already there is closed.
    A node that holds the user and knows its device sends the ban again with it.
    """

    user: str | None
    ip_hash: str | None
    until_ms: int
    by: str
    reason: str = ""
    device: str | None = None
    since_ms: int = 0


@dataclass(frozen=True, slots=True)
class Unban:
    """Lift a ban of `user` (and `device`), and the address ban made with it."""

    user: str
    by: str
    device: str | None = None


@dataclass(frozen=True, slots=True)
class Mute:
    """`user` (and `device`) may not say anything until `until_ms` (0 lifts it)."""

    user: str
    until_ms: int
    by: str
    device: str | None = None


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
    """A message held for a moderator; `alert` (an alert id) marks a priority alert to every moderator.

    It carries no session id or other secret: it is shown to staff as it is.
    """

    room: str
    id: str
    sender: dict
    text: str
    reason: str
    rule: str
    ts: int
    alert: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class AlertClosed:
    """A moderator acknowledged `alert`: every console on every node drops it."""

    alert: str
    by: str


@dataclass(frozen=True, slots=True)
class SupportInvite:
    """A moderator opened support room `room` for `user`: that visitor is told who is there."""

    user: str
    room: str
    staff: dict


@dataclass(frozen=True, slots=True)
class Warn:
    """A moderator's warning, shown to every connection of `user`."""

    user: str
    text: str
    by: str


Control = Union[SessionMoved, TokenRevoked, AccountDisabled, Kick, Ban, Unban, Mute, Delete, Lock, SlowMode, Held, Warn, AlertClosed,
                SupportInvite]
_TYPES: dict[str, type] = {
    "session_moved": SessionMoved, "token_revoked": TokenRevoked, "account_disabled": AccountDisabled, "kick": Kick, "ban": Ban, "unban": Unban, "mute": Mute, "delete": Delete,
    "lock": Lock, "slow_mode": SlowMode, "held": Held, "warn": Warn,
    "alert_closed": AlertClosed, "support_invite": SupportInvite,
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
