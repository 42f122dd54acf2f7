"""One room's state machine: members, positions, `seq`, chat history, moves.

The lifecycle reads like the domain (after Colyseus): a room is created by the
registry, members join, say, move and leave, and an empty on-demand room is
disposed of. Every method takes the clock reading it needs (`now_ms`) and
returns the event to publish; nothing here sends anything. The rules
themselves (shapes, placement, admission, cut-off, replay) are in
`rooms.rules`, shared with the Redis engine.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from . import rules
from .bus import Event
from .nearby import Nearby
from .refusal import Refused
from .rules import clashes, place  # noqa: F401  (their home was here; both engines use rules.*)


@dataclass(slots=True)
class Member:
    """A user as seen by the others in a room."""

    id: str
    nick: str
    role: str
    x: float = 0.0
    y: float = 0.0
    group: str = "open"  # "minor", "adult" or "open": who may share a small room (never shown)
    avatar: str | None = None  # `rooms.looks.AVATARS`; absent from the wire when not chosen

    def public(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"id": self.id, "nick": self.nick, "role": self.role, "x": self.x, "y": self.y}
        if self.avatar is not None:
            shown["avatar"] = self.avatar
        return shown


def _place(m: Member) -> tuple[str, float, float]:
    return m.id, m.x, m.y


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
    move_policy: str = rules.CLAMP  # or rules.REFUSE
    members_page: int = rules.MEMBERS_PAGE  # K: members in a `join` answer and in one `members` page


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
    pending_reacts: dict[str, str] = field(default_factory=dict)  # member id -> its latest emote this tick
    nearby: Nearby = field(default_factory=Nearby, repr=False)  # the members by place (the K nearest of a join)

    def __post_init__(self) -> None:
        self.history = deque(maxlen=self.limits.history_count)
        self.replay = deque(maxlen=self.limits.replay_events)

    # -- lifecycle ---------------------------------------------------------
    @property
    def is_full(self) -> bool:
        return rules.is_full(self.info.capacity, len(self.members))

    @property
    def disposable(self) -> bool:
        """An on-demand room with nobody left is removed (and starts afresh)."""
        return self.info.on_demand and not self.members

    def join(self, member: Member, x: object = None, y: object = None) -> Event | Refused | None:
        """Add a member; returns the `presence` event, or None if already in."""
        if member.id in self.members:
            return None
        info = self.info
        refused = rules.admit(len(self.members), info.capacity, info.kind, member.group,
                              (m.group for m in self.members.values()), member.role)
        if refused is not None:
            return refused
        member.x, member.y = rules.join_position(info.width, info.height, x, y, member.id)
        self.members[member.id] = member
        self.nearby.put(member.id, member.x, member.y)
        return self._sequenced(rules.presence(self.id, joins=[member.public()]))

    def leave(self, member_id: str) -> Event | Refused:
        if self.members.pop(member_id, None) is None:
            return rules.not_member()
        self.nearby.remove(member_id)
        self.pending_moves.pop(member_id, None)
        self.pending_reacts.pop(member_id, None)
        return self._sequenced(rules.presence(self.id, leaves=[member_id]))

    def leave_many(self, member_ids: list[str]) -> Event | None:
        """One `presence` event for several leaves (a dead node's members)."""
        gone = [m for m in member_ids if self.members.pop(m, None) is not None]
        for m in gone:
            self.nearby.remove(m)
            self.pending_moves.pop(m, None)
            self.pending_reacts.pop(m, None)
        if not gone:
            return None
        return self._sequenced(rules.presence(self.id, leaves=gone))

    # -- messages ----------------------------------------------------------
    def say(self, member_id: str, message_id: str, text: str, now_ms: int) -> Event | Refused:
        """Append a chat message (text already validated and moderated)."""
        member = self.members.get(member_id)
        if member is None:
            return rules.not_member()
        event = self._sequenced(rules.said(self.id, message_id, member.public(), text, now_ms))
        self.history.append(event)
        return event

    def delete(self, message_id: str) -> Event | None:
        """Remove a message from history; the `deleted` event, or None if unknown."""
        for i, said in enumerate(self.history):
            if said["id"] == message_id:
                del self.history[i]
                return self._sequenced(rules.deleted(self.id, message_id))
        return None

    def move(self, member_id: str, x: object, y: object) -> bool | Refused:
        """Record a member's latest position; delivered on the next tick."""
        member = self.members.get(member_id)
        if member is None:
            return rules.not_member()
        where = rules.move_position(self.info.width, self.info.height, self.limits.move_policy, x, y)
        if isinstance(where, Refused):
            return where
        member.x, member.y = where
        self.nearby.put(member_id, *where)
        self.pending_moves[member_id] = where
        return True

    def tick(self) -> Event | None:
        """The coalesced `moves` event for this tick: each mover's latest position."""
        if not self.pending_moves:
            return None
        event = rules.moves(self.id, self.pending_moves)
        self.pending_moves.clear()
        return event

    def react(self, member_id: str, emote: str) -> bool | Refused:
        """Record a member's reaction (an emote from `rooms.looks.EMOTES`); delivered on the next tick."""
        if member_id not in self.members:
            return rules.not_member()
        self.pending_reacts[member_id] = emote
        return True

    def tick_reacts(self) -> Event | None:
        """The coalesced `reacts` event for this tick, like moves: each member's latest emote."""
        if not self.pending_reacts:
            return None
        event = rules.reacts(self.id, self.pending_reacts)
        self.pending_reacts.clear()
        return event

    # -- what a joiner and a resumer see ------------------------------------
    def recent_history(self, now_ms: int) -> list[Event]:
        """The bounded history, oldest first, without messages past their age."""
        while self.history and not rules.is_fresh(self.history[0], now_ms, self.limits.history_age_ms):
            self.history.popleft()
        return list(self.history)

    def events_after(self, last_seq: int) -> list[Event] | None:
        """The sequenced events after `last_seq`, or None if the gap cannot be filled."""
        return rules.events_after(self.replay, self.seq, last_seq)

    def everyone(self) -> list[dict[str, Any]]:
        return [m.public() for m in self.members.values()]

    def snapshot(self, now_ms: int, joiner: str | None = None) -> dict[str, Any]:
        """The join answer: everyone in a small room, the K nearest to `joiner` in a large one."""
        return {**self.state(now_ms), "members": self.nearest(joiner)}

    def state(self, now_ms: int) -> dict[str, Any]:
        """The join answer but its members (`nearest`)."""
        return rules.snapshot(self.id, self.seq, [], self.recent_history(now_ms), self.info.public(),
                              len(self.members))

    def nearest(self, joiner: str | None) -> list[dict[str, Any]]:
        """Everyone in a small room; in a large one `joiner` and the K - 1 nearest to it (`rules.nearest`)."""
        k, me = self.limits.members_page, self.members.get(joiner) if joiner is not None else None
        if len(self.members) <= k or me is None:
            chosen = rules.nearest(list(self.members.values()), joiner, k, _place)
        else:  # the same answer as rules.nearest, from the neighbourhood instead of the whole room
            chosen = [me, *(self.members[m] for m in self.nearby.nearest(me.x, me.y, k - 1, leave_out=me.id))]
        return [m.public() for m in chosen]

    def members_page(self, after: str | None) -> dict[str, Any]:
        """One page of the member list (`members` request), ordered by id."""
        return rules.page(self.everyone(), after, self.limits.members_page)

    def _sequenced(self, event: Event) -> Event:
        self.seq += 1
        event["seq"] = self.seq
        self.replay.append(event)
        return event
