"""The engine port (`RoomState`): where a room's members, `seq`, history and replay live.

Split as Centrifugo splits its engine into a broker and a presence manager:
`Broker` publishes sequenced events and keeps history and the replay window,
`Presence` holds who is in which room (capacity, placement, moves),
`SharedSessions` lets a resume find its session on any node. `RoomState` is
all three, the one thing `server.realtime.node` talks to.

Two engines: one node's rooms in memory (`LocalState`, the core's own
`rooms.Registry`) and Redis shared by every node (`server.cluster.state_redis`).
Neither holds a room rule: both take them from `rooms.rules` (event shapes,
placement, admission, circles, move policy, cut-off, replay window), and
`tests/cluster/test_engine_contract.py` runs the same cases against both.
Each engine publishes a sequenced event as part of the change that makes it
(in-process: on the bus at once; Redis: in the same Lua step), so the order
of `seq` is the order of delivery; the `Bus` carries the rest (moves, control).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from rooms import rules
from rooms.bus import Bus
from rooms.refusal import Refused
from rooms.registry import Registry
from rooms.room import Event, Member
from rooms.session import Session


class Unavailable(Exception):
    """The shared state cannot be reached right now; the request fails, the connection stays."""


@dataclass(frozen=True, slots=True)
class JoinResult:
    room: str  # the room actually joined (its canonical id)
    state: dict[str, Any]  # room, seq, count, history, info: the join answer but its members
    new: bool  # False: already a member, nothing changed
    # every member at `seq`, made only when asked (a node's first member of a room seeds its picture)
    everyone: Callable[[], list[dict[str, Any]]] = list
    # at most K members, the joiner first, then the nearest: made only when asked, since a visitor in a room
    # filtered by area is given those shown around it instead (server.realtime.fanout), and choosing the
    # nearest of a lobby of thousands packed at its entrance is a scan of the whole room
    nearest: Callable[[], list[dict[str, Any]]] = list

    @property
    def snapshot(self) -> dict[str, Any]:
        """The join answer with the engine's choice of members."""
        return {**self.state, "members": self.nearest()}


class Broker(Protocol):
    """Sequenced events of a room: publish with `seq`, history, replay window, moves."""

    async def say(self, room_id: str, sender: dict[str, str], message_id: str, text: str, now_ms: int) -> int | Refused:
        """Publish a chat line; its `seq`, or refused if the sender is not in the room."""
        ...

    async def delete(self, room_id: str, message_id: str) -> int | None:
        """Take a line out of history and publish `deleted`; its `seq`, or None if unknown."""
        ...

    async def history(self, room_id: str, now_ms: int) -> list[Event]: ...

    async def replay(self, room_id: str, last_seq: int, member_id: str) -> list[Event] | None:
        """A member's missed events after `last_seq`; None if the window no longer holds them."""
        ...

    def move(self, room_id: str, member_id: str, x: object, y: object) -> bool | Refused: ...

    def react(self, room_id: str, member_id: str, emote: str) -> bool | Refused:
        """A member's reaction, kept until the tick like a move."""
        ...

    async def tick(self) -> None:
        """Publish each room's coalesced `moves` and `reacts`."""
        ...


class Presence(Protocol):
    """Who is in which room: joins (capacity, circles, age policy), leaves, counts."""

    async def join(self, room_id: str, member: Member, x: object, y: object, now_ms: int) -> JoinResult | Refused: ...

    async def leave(self, room_id: str, member_id: str) -> None: ...

    async def leave_many(self, room_id: str, member_ids: list[str]) -> None:
        """Several leave at once: one `presence` event."""
        ...

    async def members(self, room_id: str, after: str | None) -> dict[str, Any] | Refused:
        """One page of a room's members by id (`rooms.rules.page`); refused for an unknown room."""
        ...

    async def everyone(self, room_id: str) -> list[dict[str, Any]]:
        """Every member of a room (public, with places): a node's picture of it after a resume."""
        ...

    def room_count(self) -> int: ...

    def member_count(self) -> int: ...

    async def room_sizes(self, room_ids: list[str]) -> dict[str, int]:
        """Members in each of these rooms and in every other open room this node knows (all nodes counted)."""
        ...

    async def restore(self, members: dict[str, list[Member]]) -> None:
        """After an outage: put this node's members back."""
        ...


class SharedSessions(Protocol):
    """Sessions shared with other nodes (no-ops on a single node)."""

    async def save_session(self, session: Session) -> None: ...

    async def load_session(self, session_id: str, now_ms: int) -> tuple[Session, str] | None: ...

    async def drop_session(self, session_id: str) -> None: ...

    async def adopt(self, session: Session, from_node: str) -> None: ...

    def forget_local(self, session: Session) -> None: ...

    def tell(self, message: dict[str, Any]) -> None: ...


class RoomState(Broker, Presence, SharedSessions, Protocol):
    """The engine: what a node needs of room state, whichever engine holds it."""

    # True when an event is delivered before the call that caused it returns
    # (in-process): a joiner then never sees events older than its snapshot.
    synchronous: bool

    def start(self) -> None: ...

    async def stop(self) -> None: ...


class LocalState:
    """One node's rooms in memory; events go to the (in-process) bus at once."""

    synchronous = True

    def __init__(self, registry: Registry, bus: Bus) -> None:
        self.registry = registry
        self.bus = bus
        self._moving: set[str] = set()  # rooms with moves or reactions waiting for the tick

    async def join(self, room_id: str, member: Member, x: object, y: object, now_ms: int) -> JoinResult | Refused:
        joined = self.registry.join(room_id, member, x, y)
        if isinstance(joined, Refused):
            return joined
        if joined.event is not None:
            self.bus.publish(joined.room.id, joined.event)
        room = joined.room
        return JoinResult(room.id, room.state(now_ms), joined.event is not None, room.everyone,
                          lambda: room.nearest(member.id))

    async def members(self, room_id: str, after: str | None) -> dict[str, Any] | Refused:
        room = self.registry.get(room_id)
        if room is None:
            return rules.not_member()
        return room.members_page(after)

    async def everyone(self, room_id: str) -> list[dict[str, Any]]:
        room = self.registry.get(room_id)
        return room.everyone() if room is not None else []

    async def leave(self, room_id: str, member_id: str) -> None:
        room = self.registry.get(room_id)
        if room is None:
            return
        event = room.leave(member_id)
        if not isinstance(event, Refused):
            self.bus.publish(room_id, event)
        self.registry.dispose_if_empty(room)

    async def leave_many(self, room_id: str, member_ids: list[str]) -> None:
        room = self.registry.get(room_id)
        if room is None:
            return
        event = room.leave_many(member_ids)
        if event is not None:
            self.bus.publish(room_id, event)
        self.registry.dispose_if_empty(room)

    async def say(self, room_id: str, sender: dict[str, str], message_id: str, text: str, now_ms: int) -> int | Refused:
        room = self.registry.get(room_id)
        if room is None:
            return rules.not_member()
        event = room.say(sender["id"], message_id, text, now_ms)
        if isinstance(event, Refused):
            return event
        self.bus.publish(room_id, event)
        return event["seq"]

    async def replay(self, room_id: str, last_seq: int, member_id: str) -> list[Event] | None:
        room = self.registry.get(room_id)
        if room is None or member_id not in room.members:
            return None
        return room.events_after(last_seq)

    async def delete(self, room_id: str, message_id: str) -> int | None:
        room = self.registry.get(room_id)
        event = room.delete(message_id) if room is not None else None
        if event is None:
            return None
        self.bus.publish(room_id, event)
        return event["seq"]

    async def history(self, room_id: str, now_ms: int) -> list[Event]:
        room = self.registry.get(room_id)
        return room.recent_history(now_ms) if room is not None else []

    def move(self, room_id: str, member_id: str, x: object, y: object) -> bool | Refused:
        room = self.registry.get(room_id)
        if room is None:
            return rules.not_member()
        moved = room.move(member_id, x, y)
        if moved is True:
            self._moving.add(room_id)
        return moved

    def react(self, room_id: str, member_id: str, emote: str) -> bool | Refused:
        room = self.registry.get(room_id)
        if room is None:
            return rules.not_member()
        reacted = room.react(member_id, emote)
        if reacted is True:
            self._moving.add(room_id)
        return reacted

    async def tick(self) -> None:
        moving, self._moving = self._moving, set()
        for room_id in moving:
            room = self.registry.get(room_id)
            if room is None:
                continue
            for event in (room.tick(), room.tick_reacts()):
                if event is not None:
                    self.bus.publish(room_id, event)

    def room_count(self) -> int:
        return len(self.registry.rooms)

    def member_count(self) -> int:
        return self.registry.member_count()

    async def room_sizes(self, room_ids: list[str]) -> dict[str, int]:
        sizes = {rid: 0 for rid in room_ids}
        for rid, room in self.registry.rooms.items():
            sizes[rid] = len(room.members)
        return sizes

    def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    # One node: sessions live in the node's memory only, and nothing is shared.
    async def save_session(self, session: Session) -> None:
        return None

    async def load_session(self, session_id: str, now_ms: int) -> tuple[Session, str] | None:
        return None

    async def drop_session(self, session_id: str) -> None:
        return None

    async def adopt(self, session: Session, from_node: str) -> None:
        return None

    def forget_local(self, session: Session) -> None:
        return None

    def tell(self, message: dict[str, Any]) -> None:
        return None

    async def restore(self, members: dict[str, list[Member]]) -> None:
        return None
