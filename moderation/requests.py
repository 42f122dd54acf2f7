"""Moderation's messages on the wire: a visitor's `report`, and the moderator's `mod.*`.

They extend `rooms.requests` (registered at import), so every frame is parsed
in one place and shape errors are answered the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rooms.protocol import BAD_REQUEST
from rooms.refusal import Refused
from rooms.requests import Parser, Ref

REPORT_REASONS = ("harassment", "personal_data", "self_harm", "sexual", "spam", "other")
MAX_NOTE = 200
MAX_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class Report:
    ref: Ref
    room: str
    message: str | None
    user: str | None
    reason: str
    note: str


@dataclass(frozen=True, slots=True)
class ModAction:
    """One moderator request; `kind` is the part after `mod.`."""

    ref: Ref
    kind: str
    room: str | None = None
    id: str | None = None
    user: str | None = None
    minutes: int = 0
    seconds: int = 0
    locked: bool = False
    text: str = ""
    report: int | None = None
    alert: str | None = None
    note: str = ""
    address: bool = False  # a ban that also refuses new identities from the target's address (at most 60 min)
    offset: int = 0  # where a page of `mod.reports` starts


def _str(m: dict[str, Any], key: str, required: bool = True, limit: int = 128) -> str | None | Refused:
    value = m.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        return Refused(BAD_REQUEST, "bad_field")
    return value


def _int(m: dict[str, Any], key: str, low: int, high: int) -> int | Refused:
    value = m.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return Refused(BAD_REQUEST, "bad_field")
    return value


def _report(m: dict[str, Any], ref: Ref) -> Report | Refused:
    room = _str(m, "room")
    message = _str(m, "id", required=False)
    user = _str(m, "user", required=False)
    reason = m.get("reason")
    note = m.get("note", "")
    for value in (room, message, user):
        if isinstance(value, Refused):
            return value
    if message is None and user is None:
        return Refused(BAD_REQUEST, "report_target")
    if reason not in REPORT_REASONS or not isinstance(note, str) or len(note) > MAX_NOTE:
        return Refused(BAD_REQUEST, "report_reason")
    return Report(ref, room, message, user, reason, note)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Ignore:
    """A visitor mutes (or unmutes) another member for themselves only."""

    ref: Ref
    user: str
    on: bool


def _ignore(m: dict[str, Any], ref: Ref) -> Ignore | Refused:
    user = _str(m, "user")
    on = m.get("on", True)
    if isinstance(user, Refused):
        return user
    if not isinstance(on, bool):
        return Refused(BAD_REQUEST, "bad_field")
    return Ignore(ref, user, on)  # type: ignore[arg-type]


# Which fields each moderator action needs.
_NEEDS: dict[str, tuple[str, ...]] = {
    "watch": ("room",), "unwatch": ("room",), "delete": ("room", "id"), "release": ("id",), "drop": ("id",),
    "warn": ("user", "text"), "mute": ("user", "minutes"), "kick": ("user",), "ban": ("user", "minutes"),
    "slow": ("room", "seconds"), "lock": ("room", "locked"), "reports": (), "resolve": ("report",),
    "unmute": ("user",), "unban": ("user",), "alerts": (), "ack": ("alert",), "support": ("user",),
}
# Fields an action may carry: absent is the default.
_OPTIONAL: dict[str, tuple[str, ...]] = {"ban": ("address",), "ack": ("note",), "reports": ("offset",)}


def _mod(kind: str):  # type: ignore[no-untyped-def]
    def parse(m: dict[str, Any], ref: Ref) -> ModAction | Refused:
        fields: dict[str, Any] = {}
        for name in _NEEDS[kind] + tuple(n for n in _OPTIONAL.get(kind, ()) if n in m):
            if name in ("room", "id", "user", "alert"):
                value = _str(m, name)
            elif name in ("text", "note"):
                value = _str(m, name, limit=MAX_NOTE)
            elif name == "minutes":
                value = _int(m, name, 0, MAX_MINUTES)
            elif name == "seconds":
                value = _int(m, name, 0, 3600)
            elif name == "offset":
                value = _int(m, name, 0, 100_000)
            elif name == "report":
                value = _int(m, name, 1, 2**62)
            else:  # locked, address
                value = m.get(name)
                if not isinstance(value, bool):
                    value = Refused(BAD_REQUEST, "bad_field")
            if isinstance(value, Refused):
                return value
            fields[name] = value
        return ModAction(ref, kind, **fields)

    return parse


PARSERS: dict[str, Parser] = {"report": _report, "ignore": _ignore,
                              **{f"mod.{kind}": _mod(kind) for kind in _NEEDS}}
