"""Unit tests of the room registry (rooms/registry.py): on-demand rooms and overflow."""
from __future__ import annotations

import pytest

from rooms.protocol import BAD_REQUEST, NO_SUCH_ROOM, ROOM_FULL
from rooms.refusal import Refused
from rooms.registry import Catalogue, Joined, Registry
from rooms.room import Limits, Member, Room, RoomInfo

HALL_CAP = 3


def catalogue(**kw: object) -> Catalogue:
    rooms = {
        "lobby": RoomInfo("lobby", "Lobby", None, 40, 30),
        "hall:1": RoomInfo("hall", "Hall 1", HALL_CAP, 32, 24),
        "hall:2": RoomInfo("hall", "Hall 2", HALL_CAP, 32, 24),
        "stage:1": RoomInfo("stage", "Stage", None, 30, 20),
        "booth:abc-1": RoomInfo("booth", "Booth", 2, 12, 10),
    }
    return Catalogue(rooms, **kw)


def registry(**kw: object) -> Registry:
    return Registry(catalogue(**kw))


def member(i: int | str) -> Member:
    return Member(f"u{i}", f"n{i}", "visitor")


def fill(reg: Registry, room_id: str, n: int, start: int = 0) -> list[Joined]:
    out = []
    for i in range(start, start + n):
        joined = reg.join(room_id, member(i))
        assert isinstance(joined, Joined), joined
        out.append(joined)
    return out


def test_catalogue_rooms_exist_from_the_start_and_nothing_else():
    reg = registry()
    assert set(reg.rooms) == {"lobby", "hall:1", "hall:2", "stage:1", "booth:abc-1"}
    assert reg.get("lobby").info.kind == "lobby"
    assert reg.get("circle:x") is None
    assert reg.member_count() == 0


def test_default_circle_info_has_capacity_8_and_is_on_demand():
    circle = Catalogue({}).circle
    assert circle.kind == "circle" and circle.capacity == 8 and circle.on_demand


def test_join_returns_room_and_presence_and_second_join_returns_none_event():
    reg = registry()
    joined = reg.join("lobby", member(1), 2, 3)
    assert isinstance(joined, Joined)
    assert joined.room is reg.get("lobby")
    assert joined.event["t"] == "presence" and joined.event["seq"] == 1
    again = reg.join("lobby", member(1))
    assert isinstance(again, Joined) and again.event is None and again.room is joined.room
    assert joined.room.seq == 1
    assert reg.member_count() == 1


@pytest.mark.parametrize("room_id", ["hall:3", "stage:2", "booth:nope", "hall:0", "nonsense", "lobby~1"])
def test_unknown_room_is_no_such_room(room_id):
    reg = registry()
    refused = reg.join(room_id, member(1))
    assert isinstance(refused, Refused) and refused.code == NO_SUCH_ROOM
    assert room_id not in reg.rooms


def test_non_string_room_is_bad_request():
    refused = registry().join(42, member(1))
    assert isinstance(refused, Refused) and refused.code == BAD_REQUEST


@pytest.mark.parametrize("room_id", ["lobby~2", "stage:1~2"])
def test_no_overflow_for_rooms_without_capacity(room_id):
    refused = registry().open(room_id)
    assert isinstance(refused, Refused) and refused.code == NO_SUCH_ROOM


def test_overflow_number_above_max_overflow_is_unknown():
    reg = registry(max_overflow=5)
    assert isinstance(reg.open("hall:1~5"), Room)
    refused = reg.open("hall:1~6")
    assert isinstance(refused, Refused) and refused.code == NO_SUCH_ROOM


# -- capacity and overflow ---------------------------------------------------------

def test_full_hall_answers_room_full_pointing_at_the_first_overflow():
    reg = registry()
    fill(reg, "hall:1", HALL_CAP)
    refused = reg.join("hall:1", member(99))
    assert isinstance(refused, Refused)
    assert refused.code == ROOM_FULL
    assert refused.extra == {"overflow": "hall:1~2"}
    assert len(reg.get("hall:1").members) == HALL_CAP
    assert "hall:1~2" not in reg.rooms  # only pointed at, not created yet


def test_overflow_room_is_created_on_demand_with_the_base_room_shape():
    reg = registry()
    fill(reg, "hall:1", HALL_CAP)
    joined = reg.join("hall:1~2", member(99))
    assert isinstance(joined, Joined)
    room = reg.get("hall:1~2")
    assert joined.room is room and room.id == "hall:1~2"
    assert room.info.kind == "hall" and room.info.capacity == HALL_CAP
    assert (room.info.width, room.info.height) == (32, 24)
    assert room.info.on_demand
    assert joined.event["seq"] == 1
    assert room.snapshot(0)["info"]["capacity"] == HALL_CAP


def test_overflow_points_past_full_overflow_rooms():
    reg = registry()
    fill(reg, "hall:1", HALL_CAP)
    fill(reg, "hall:1~2", HALL_CAP, start=10)
    refused = reg.join("hall:1", member(99))
    assert refused.code == ROOM_FULL and refused.extra == {"overflow": "hall:1~3"}
    refused = reg.join("hall:1~2", member(98))
    assert refused.code == ROOM_FULL and refused.extra == {"overflow": "hall:1~3"}


def test_overflow_room_removed_when_empty_and_name_reused_afresh():
    reg = registry()
    fill(reg, "hall:1", HALL_CAP)
    room = reg.join("hall:1~2", member(99)).room
    reg.join("hall:1~2", member(98))
    room.say("u99", "m1", "hi", 0)
    room.leave("u99")
    assert reg.dispose_if_empty(room) is False  # someone is still there
    room.leave("u98")
    assert reg.dispose_if_empty(room) is True
    assert reg.get("hall:1~2") is None
    assert reg.dispose_if_empty(room) is False  # already gone
    again = reg.join("hall:1~2", member(97))
    assert again.room is not room
    assert again.event["seq"] == 1 and again.room.seq == 1
    assert again.room.recent_history(0) == []
    # the full base room still points at the reused name
    assert reg.join("hall:1", member(96)).extra == {"overflow": "hall:1~2"}


def test_catalogue_rooms_are_never_disposed():
    reg = registry()
    room = reg.join("hall:1", member(1)).room
    room.leave("u1")
    assert reg.dispose_if_empty(room) is False
    assert reg.get("hall:1") is room


def test_a_stale_room_object_does_not_dispose_its_replacement():
    reg = registry()
    old = reg.join("circle:x", member(1)).room
    old.leave("u1")
    assert reg.dispose_if_empty(old)
    new = reg.open("circle:x")
    assert isinstance(new, Room) and new is not old
    assert reg.dispose_if_empty(old) is False
    assert reg.get("circle:x") is new


def test_booth_has_capacity_and_no_overflow():
    reg = registry()
    fill(reg, "booth:abc-1", 2)
    refused = reg.join("booth:abc-1", member(99))
    assert isinstance(refused, Refused) and refused.code == ROOM_FULL
    assert refused.extra == {}
    assert reg.overflow_for(reg.get("booth:abc-1")) is None


# -- circles -----------------------------------------------------------------------

def test_circle_created_on_demand_with_capacity_8():
    reg = registry()
    assert reg.get("circle:tea") is None
    joined = reg.join("circle:tea", member(1))
    assert isinstance(joined, Joined)
    room = reg.get("circle:tea")
    assert joined.room is room
    assert room.info.kind == "circle" and room.info.capacity == 8 and room.info.on_demand
    assert joined.event["seq"] == 1


def test_full_circle_is_room_full_without_overflow():
    reg = registry()
    fill(reg, "circle:tea", 8)
    refused = reg.join("circle:tea", member(99))
    assert isinstance(refused, Refused) and refused.code == ROOM_FULL
    assert refused.extra == {}
    assert len(reg.get("circle:tea").members) == 8


def test_circle_removed_when_empty_and_starts_afresh():
    reg = registry()
    room = reg.join("circle:tea", member(1)).room
    room.say("u1", "m1", "hello", 0)
    room.say("u1", "m2", "again", 1)
    old_seq = room.seq
    assert old_seq == 3
    room.leave("u1")
    assert reg.dispose_if_empty(room)
    assert reg.get("circle:tea") is None
    fresh = reg.open("circle:tea")
    assert isinstance(fresh, Room) and fresh is not room
    assert fresh.seq == 0 and not fresh.members and fresh.recent_history(10) == []
    assert fresh.events_after(old_seq) is None  # a resume into it cannot be filled: reset
    assert reg.join("circle:tea", member(2)).event["seq"] == 1


def test_too_many_circles_is_refused():
    reg = registry(max_circles=2)
    reg.join("circle:a", member(1))
    reg.join("circle:b", member(2))
    refused = reg.join("circle:c", member(3))
    assert isinstance(refused, Refused) and refused.code == ROOM_FULL
    assert reg.get("circle:c") is None
    assert isinstance(reg.join("circle:a", member(4)), Joined)  # existing circles still open


def test_registry_limits_are_given_to_every_room():
    limits = Limits(history_count=2)
    reg = Registry(catalogue(), limits)
    assert reg.get("lobby").limits is limits
    assert reg.join("circle:z", member(1)).room.limits is limits


def test_member_count_spans_rooms():
    reg = registry()
    fill(reg, "lobby", 3)
    fill(reg, "circle:a", 2, start=10)
    assert reg.member_count() == 5
