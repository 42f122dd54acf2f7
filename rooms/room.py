"""One room's state machine: members, positions, `seq`, chat history, moves.

The lifecycle reads like the domain (after Colyseus): a room is created by the
registry, members join, say, move and leave, and an empty on-demand room is
disposed of. Every method takes the clock reading it needs (`now_ms`) and
returns the event to publish; nothing here sends anything.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable

from .protocol import BAD_REQUEST, FORBIDDEN, NOT_MEMBER, ROOM_FULL
from .refusal import Refused

Event = dict[str, Any]


@dataclass(slots=True)
class Member:
    """A user as seen by the others in a room."""

    id: str
    nick: str
    role: str
    x: float = 0.0
    y: float = 0.0
    group: str = "open"  # "minor", "adult" or "open": who may share a small room (never shown)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "nick": self.nick, "role": self.role, "x": self.x, "y": self.y}


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """What a joiner is told about a room (`ok.info`)."""

    kind: str
    title: str
    capacity: int | None
    width: int
    height: int
    on_demand: bool = False  # overflow rooms and circles: disposed of when empty

    def public(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "capacity": self.capacity,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True, slots=True)
class Limits:
    """The room-level limits; each has a name in config."""

    history_count: int = 50
    history_age_ms: int = 6 * 3600 * 1000
    replay_events: int = 512
    moves_per_second: int = 20
    move_policy: str = "clamp"  # or "refuse"


def clashes(group: str, others: "Iterable[str]") -> bool:
    """No private channel between an adult and a minor: a small room never holds both."""
    if group == "open":
        return False
    other = "adult" if group == "minor" else "minor"
    return any(g == other for g in others)


def place(value: object, size: int) -> float | None:
    """A coordinate inside [0, size], or None if it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        v = float(value)
    except OverflowError:  # an int beyond float range
        return None
    if not math.isfinite(v):
        return None
    if v < 0.0:
        return 0.0
    if v > size:
        return float(size)
    return v


@dataclass
class Room:
    """A room and everything a member of it can observe."""

    id: str
    info: RoomInfo
    limits: Limits = field(default_factory=Limits)
    seq: int = 0
    members: dict[str, Member] = field(default_factory=dict)
    history: deque[Event] = field(init=False)
    replay: deque[Event] = field(init=False)
    pending_moves: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.history = deque(maxlen=self.limits.history_count)
        self.replay = deque(maxlen=self.limits.replay_events)

    # -- lifecycle ---------------------------------------------------------
    @property
    def is_full(self) -> bool:
        cap = self.info.capacity
        return cap is not None and len(self.members) >= cap

    @property
    def disposable(self) -> bool:
        """An on-demand room with nobody left is removed (and starts afresh)."""
        return self.info.on_demand and not self.members

    def join(self, member: Member, x: object = None, y: object = None) -> Event | Refused | None:
        """Add a member; returns the `presence` event, or None if already in."""
        if member.id in self.members:
            return None
        if self.is_full:
            return Refused(ROOM_FULL, "room_full")
        if self.info.kind == "circle" and clashes(member.group, (m.group for m in self.members.values())):
            return Refused(FORBIDDEN, "age_mix")
        px = place(x, self.info.width) if x is not None else None
        py = place(y, self.info.height) if y is not None else None
        member.x = px if px is not None else self.info.width / 2
        member.y = py if py is not None else self.info.height / 2
        self.members[member.id] = member
        return self._sequenced({"t": "presence", "room": self.id, "joins": [member.public()], "leaves": []})

    def leave(self, member_id: str) -> Event | Refused:
        if self.members.pop(member_id, None) is None:
            return Refused(NOT_MEMBER, "not_member")
        self.pending_moves.pop(member_id, None)
        return self._sequenced({"t": "presence", "room": self.id, "joins": [], "leaves": [member_id]})

    def leave_many(self, member_ids: list[str]) -> Event | None:
        """One `presence` event for several leaves (a dead node's members)."""
        gone = [m for m in member_ids if self.members.pop(m, None) is not None]
        for m in gone:
            self.pending_moves.pop(m, None)
        if not gone:
            return None
        return self._sequenced({"t": "presence", "room": self.id, "joins": [], "leaves": gone})

    # -- messages ----------------------------------------------------------
    def say(self, member_id: str, message_id: str, text: str, now_ms: int) -> Event | Refused:
        """Append a chat message (text already validated and moderated)."""
        member = self.members.get(member_id)
        if member is None:
            return Refused(NOT_MEMBER, "not_member")
        event = self._sequenced({
            "t": "said",
            "room": self.id,
            "id": message_id,
            "from": {"id": member.id, "nick": member.nick, "role": member.role},
            "text": text,
            "ts": now_ms,
        })
        self.history.append(event)
        return event

    def delete(self, message_id: str) -> Event | None:
        """Remove a message from history; the `deleted` event, or None if unknown."""
        for i, said in enumerate(self.history):
            if said["id"] == message_id:
                del self.history[i]
                return self._sequenced({"t": "deleted", "room": self.id, "id": message_id})
        return None

    def move(self, member_id: str, x: object, y: object) -> bool | Refused:
        """Record a member's latest position; delivered on the next tick."""
        member = self.members.get(member_id)
        if member is None:
            return Refused(NOT_MEMBER, "not_member")
        px, py = place(x, self.info.width), place(y, self.info.height)
        if px is None or py is None:
            return Refused(BAD_REQUEST, "bad_coordinates")
        if self.limits.move_policy == "refuse" and (px != x or py != y):
            return Refused(BAD_REQUEST, "outside_room")
        member.x, member.y = px, py
        self.pending_moves[member_id] = (px, py)
        return True

    def tick(self) -> Event | None:
        """The coalesced `moves` event for this tick: each mover's latest position."""
        if not self.pending_moves:
            return None
        batch = [[mid, x, y] for mid, (x, y) in self.pending_moves.items()]
        self.pending_moves.clear()
        return {"t": "moves", "room": self.id, "batch": batch}

    # -- what a joiner and a resumer see ------------------------------------
    def recent_history(self, now_ms: int) -> list[Event]:
        """The bounded history, oldest first, without messages past their age."""
        cutoff = now_ms - self.limits.history_age_ms
        while self.history and self.history[0]["ts"] < cutoff:
            self.history.popleft()
        return list(self.history)

    def events_after(self, last_seq: int) -> list[Event] | None:
        """The sequenced events after `last_seq`, or None if the gap cannot be filled."""
        if last_seq > self.seq or last_seq < 0:
            return None
        if last_seq == self.seq:
            return []
        if not self.replay or self.replay[0]["seq"] > last_seq + 1:
            return None
        return [e for e in self.replay if e["seq"] > last_seq]

    def snapshot(self, now_ms: int) -> dict[str, Any]:
        return {
            "room": self.id,
            "seq": self.seq,
            "members": [m.public() for m in self.members.values()],
            "history": self.recent_history(now_ms),
            "info": self.info.public(),
        }

    def _sequenced(self, event: Event) -> Event:
        self.seq += 1
        event["seq"] = self.seq
        self.replay.append(event)
        return event
