"""The rooms of one festival: which exist, which are made on demand, overflow.

A `Catalogue` says which rooms an operator defined (lobby, halls, stages,
booths). The `Registry` holds the live `Room` objects, makes circles and
overflow rooms when someone joins them, and disposes of them when empty.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import rules
from .names import RoomId, parse_room_id
from .protocol import NO_SUCH_ROOM
from .refusal import Refused
from .room import Event, Limits, Member, Room, RoomInfo


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Rooms defined by the operator, by base id (`lobby`, `hall:1`, `booth:x`)."""

    rooms: dict[str, RoomInfo]
    circle: RoomInfo = RoomInfo("circle", "おしゃべりサークル / Talk circle", 8, 12, 12, on_demand=True)
    # a room for one visitor and staff only (moderation.policy says who may enter)
    support: RoomInfo = RoomInfo("support", "スタッフと話す部屋 / Talk with staff", 4, 8, 8, on_demand=True)
    # any `staff:<slug>` not defined: a meeting room or breakout group, staff accounts only (rules.STAFF_ONLY_KINDS)
    staff: RoomInfo = RoomInfo("staff", "会議室 / Meeting room", 100, 24, 16, on_demand=True)
    max_circles: int = 2_000
    max_overflow: int = 50

    def info_for(self, rid: RoomId) -> RoomInfo | Refused:
        """What a room id names: a defined room, a circle, or an overflow of a defined room."""
        defined = self.rooms.get(str(rid))
        if defined is not None:
            return defined
        if rid.kind == "circle":
            return self.circle
        if rid.kind == "support":
            return self.support
        if rid.kind == "staff":
            return self.staff
        base = self.rooms.get(rid.base)
        if base is None or not rid.overflow or base.capacity is None or rid.overflow > self.max_overflow:
            return Refused(NO_SUCH_ROOM, "room_unknown")
        return _overflow_info(base, rid.overflow)

    def overflow_names(self, rid: RoomId) -> list[str]:
        """Rooms to try, in order, when `rid` is full (none for booths and circles)."""
        if rid.kind in ("circle", "booth", "support", "staff"):
            return []
        return [f"{rid.base}~{k}" for k in range(2, self.max_overflow + 1) if k != rid.overflow]


@dataclass(frozen=True, slots=True)
class Joined:
    """A join that succeeded: the room, and the `presence` event (None if already in)."""

    room: Room
    event: Event | None


@dataclass
class Registry:
    catalogue: Catalogue
    limits: Limits = field(default_factory=Limits)
    rooms: dict[str, Room] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for base, info in self.catalogue.rooms.items():
            self.rooms[base] = Room(base, info, self.limits)

    def get(self, room_id: str) -> Room | None:
        return self.rooms.get(room_id)

    def open(self, raw_id: object) -> Room | Refused:
        """The live room for an id, creating a circle or overflow room on demand."""
        rid = parse_room_id(raw_id)
        if isinstance(rid, Refused):
            return rid
        name = str(rid)
        room = self.rooms.get(name)
        if room is not None:
            return room
        info = self.catalogue.info_for(rid)
        if isinstance(info, Refused):
            return info
        if rules.counts_as_circle(info.kind):
            circles = sum(1 for r in self.rooms.values() if rules.counts_as_circle(r.info.kind))
            if rules.circles_full(circles, self.catalogue.max_circles):
                return rules.too_many_circles()
        return self._create(name, info)

    def join(self, raw_id: object, member: Member, x: object = None, y: object = None) -> Joined | Refused:
        room = self.open(raw_id)
        if isinstance(room, Refused):
            return room
        result = room.join(member, x, y)
        if isinstance(result, Refused):
            self.dispose_if_empty(room)
            overflow = self.overflow_for(room)
            return Refused(result.code, result.reason, {"overflow": overflow} if overflow else {})
        return Joined(room, result)

    def overflow_for(self, room: Room) -> str | None:
        """The room to try when `room` is full: the first overflow with space."""
        rid = parse_room_id(room.id)
        if isinstance(rid, Refused):
            return None
        candidates = self.catalogue.overflow_names(rid)
        sizes = {name: len(r.members) for name in candidates if (r := self.rooms.get(name)) is not None}
        return rules.first_with_space(candidates, sizes, room.info.capacity)

    def dispose_if_empty(self, room: Room) -> bool:
        """Remove an empty on-demand room; a later join starts it afresh."""
        if room.disposable and self.rooms.get(room.id) is room:
            del self.rooms[room.id]
            return True
        return False

    def member_count(self) -> int:
        return sum(len(r.members) for r in self.rooms.values())

    def _create(self, name: str, info: RoomInfo) -> Room:
        room = Room(name, info, self.limits)
        self.rooms[name] = room
        return room


def _overflow_info(base: RoomInfo, k: int) -> RoomInfo:
    return RoomInfo(base.kind, f"{base.title} ({k})", base.capacity, base.width, base.height, on_demand=True)

