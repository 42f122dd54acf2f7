"""Unit tests of one room's state machine (rooms/room.py): pure, no I/O."""
from __future__ import annotations

import math

import pytest

from rooms.protocol import BAD_REQUEST, NOT_MEMBER, ROOM_FULL
from rooms.refusal import Refused
from rooms import rules
from rooms.room import Limits, Member, Room, RoomInfo, place

HOUR_MS = 3600 * 1000


def make_room(capacity: int | None = None, *, width: int = 32, height: int = 24, **limits: object) -> Room:
    return Room("hall:1", RoomInfo("hall", "Hall 1", capacity, width, height), Limits(**limits))


def member(i: int | str, nick: str | None = None) -> Member:
    return Member(f"u{i}", nick or f"nick{i}", "visitor")


def seqs(events: list[dict]) -> list[int]:
    return [e["seq"] for e in events]


# -- join / leave / presence -------------------------------------------------------

def test_join_emits_presence_with_seq_1_and_member_public_fields():
    room = make_room()
    event = room.join(member(1), 3, 4)
    assert event == {
        "t": "presence", "room": "hall:1", "seq": 1,
        "joins": [{"id": "u1", "nick": "nick1", "role": "visitor", "x": 3.0, "y": 4.0}],
        "leaves": [],
    }
    assert room.seq == 1
    assert list(room.members) == ["u1"]


def test_join_without_position_places_members_apart_near_the_entrance():
    room = make_room(width=32, height=24)
    for i in range(1, 9):
        room.join(member(i))
    places = {(m.x, m.y) for m in room.members.values()}
    assert len(places) >= 6  # spread over the spots around the entrance, not stacked on one
    assert all(abs(x - 16) < 4 and abs(y - 24 * 0.6) < 4 for x, y in places), places
    assert (room.members["u1"].x, room.members["u1"].y) == rules.arrival_spot(32, 24, "u1")  # the same each time


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, "3", [1]])
def test_join_with_bad_position_falls_back_to_the_arrival_spot(bad):
    room = make_room(width=10, height=20)
    event = room.join(member(1), bad, bad)
    assert (event["joins"][0]["x"], event["joins"][0]["y"]) == rules.arrival_spot(10, 20, "u1")


def test_join_position_is_clamped_into_the_room():
    room = make_room(width=10, height=20)
    event = room.join(member(1), -5, 1e9)
    assert (event["joins"][0]["x"], event["joins"][0]["y"]) == (0.0, 20.0)


def test_seq_rises_by_exactly_one_per_presence_said_deleted():
    room = make_room()
    observed = [room.join(member(1))["seq"]]
    observed.append(room.join(member(2))["seq"])
    observed.append(room.say("u1", "m1", "hi", 1_000)["seq"])
    room.move("u1", 1, 1)
    assert room.tick() is not None  # moves are not sequenced
    observed.append(room.delete("m1")["seq"])
    observed.append(room.say("u2", "m2", "yo", 2_000)["seq"])
    observed.append(room.leave("u2")["seq"])
    assert observed == [1, 2, 3, 4, 5, 6]
    assert room.seq == 6


def test_joiner_snapshot_seq_equals_seq_after_its_own_presence():
    room = make_room()
    room.join(member(1))
    room.say("u1", "m1", "hello", 1_000)
    presence = room.join(member(2))
    snap = room.snapshot(2_000)
    assert snap["seq"] == presence["seq"] == 3
    assert snap["room"] == "hall:1"
    assert [m["id"] for m in snap["members"]] == ["u1", "u2"]  # the joiner included
    assert [h["id"] for h in snap["history"]] == ["m1"]
    assert snap["info"] == {"kind": "hall", "title": "Hall 1", "capacity": None, "width": 32, "height": 24}


def test_joining_twice_changes_nothing_and_returns_none():
    room = make_room()
    room.join(member(1), 1, 2)
    before = (room.seq, dict(room.members), list(room.replay))
    again = Member("u1", "another-nick", "admin")
    assert room.join(again, 9, 9) is None
    assert (room.seq, dict(room.members), list(room.replay)) == before
    m = room.members["u1"]
    assert (m.nick, m.role, m.x, m.y) == ("nick1", "visitor", 1.0, 2.0)


def test_capacity_refuses_with_room_full_and_no_seq_change():
    room = make_room(capacity=2)
    room.join(member(1))
    assert not room.is_full
    room.join(member(2))
    assert room.is_full
    refused = room.join(member(3))
    assert isinstance(refused, Refused)
    assert refused.code == ROOM_FULL
    assert room.seq == 2
    assert "u3" not in room.members


def test_member_already_in_a_full_room_rejoins_without_error():
    room = make_room(capacity=1)
    room.join(member(1))
    assert room.join(member(1)) is None


def test_leave_frees_a_place_in_a_full_room():
    room = make_room(capacity=1)
    room.join(member(1))
    room.leave("u1")
    assert not room.is_full
    assert room.join(member(2))["seq"] == 3


def test_leave_emits_presence_and_unknown_leave_is_not_member():
    room = make_room()
    room.join(member(1))
    event = room.leave("u1")
    assert event == {"t": "presence", "room": "hall:1", "seq": 2, "joins": [], "leaves": ["u1"]}
    refused = room.leave("u1")
    assert isinstance(refused, Refused) and refused.code == NOT_MEMBER
    assert room.seq == 2


def test_leave_many_is_one_presence_event():
    room = make_room()
    for i in range(4):
        room.join(member(i))
    room.move("u1", 1, 1)
    event = room.leave_many(["u1", "u2", "nobody"])
    assert event == {"t": "presence", "room": "hall:1", "seq": 5, "joins": [], "leaves": ["u1", "u2"]}
    assert room.seq == 5
    assert set(room.members) == {"u0", "u3"}
    assert room.tick() is None  # the pending move of a leaver is dropped


def test_leave_many_of_nobody_returns_none_and_keeps_seq():
    room = make_room()
    room.join(member(1))
    assert room.leave_many(["x", "y"]) is None
    assert room.leave_many([]) is None
    assert room.seq == 1


def test_disposable_only_when_on_demand_and_empty():
    fixed = make_room()
    assert not fixed.disposable
    on_demand = Room("circle:x", RoomInfo("circle", "c", 8, 12, 12, on_demand=True))
    assert on_demand.disposable
    on_demand.join(member(1))
    assert not on_demand.disposable
    on_demand.leave("u1")
    assert on_demand.disposable


# -- chat ----------------------------------------------------------------------------

def test_say_emits_said_and_appends_history():
    room = make_room()
    room.join(Member("u1", "Aki", "host"))
    event = room.say("u1", "m1", "こんにちは", 1_234)
    assert event == {
        "t": "said", "room": "hall:1", "seq": 2, "id": "m1",
        "from": {"id": "u1", "nick": "Aki", "role": "host"},
        "text": "こんにちは", "ts": 1_234,
    }
    assert list(room.history) == [event]


def test_say_by_non_member_is_refused_without_seq_change():
    room = make_room()
    refused = room.say("u9", "m1", "hi", 0)
    assert isinstance(refused, Refused) and refused.code == NOT_MEMBER
    assert room.seq == 0 and not room.history


def test_history_is_bounded_by_count_oldest_first():
    room = make_room(history_count=3)
    room.join(member(1))
    for i in range(5):
        room.say("u1", f"m{i}", f"t{i}", 1_000 + i)
    assert [e["id"] for e in room.recent_history(2_000)] == ["m2", "m3", "m4"]


def test_history_is_bounded_by_age():
    room = make_room(history_age_ms=HOUR_MS)
    room.join(member(1))
    room.say("u1", "old", "a", 0)
    room.say("u1", "edge", "b", 1_000)
    room.say("u1", "new", "c", HOUR_MS)
    now = HOUR_MS + 1_000  # cutoff is exactly the "edge" message's ts: it stays
    assert [e["id"] for e in room.recent_history(now)] == ["edge", "new"]
    assert [e["id"] for e in room.snapshot(now + 1)["history"]] == ["new"]
    assert [e["id"] for e in room.recent_history(10 * HOUR_MS)] == []


def test_delete_removes_from_history_and_emits_deleted_with_seq():
    room = make_room()
    room.join(member(1))
    room.say("u1", "m1", "a", 1)
    room.say("u1", "m2", "b", 2)
    room.say("u1", "m3", "c", 3)
    event = room.delete("m2")
    assert event == {"t": "deleted", "room": "hall:1", "id": "m2", "seq": 5}
    assert [e["id"] for e in room.recent_history(10)] == ["m1", "m3"]
    assert room.delete("m2") is None  # already gone
    assert room.seq == 5


def test_delete_of_unknown_message_returns_none_and_keeps_seq():
    room = make_room()
    room.join(member(1))
    room.say("u1", "m1", "a", 1)
    assert room.delete("nope") is None
    assert room.seq == 2
    assert [e["id"] for e in room.history] == ["m1"]


# -- moves -----------------------------------------------------------------------------

@pytest.mark.parametrize("value,size,expected", [
    (0, 10, 0.0), (10, 10, 10.0), (5.5, 10, 5.5), (-0.1, 10, 0.0), (10.0001, 10, 10.0),
    (-10**6, 10, 0.0), (10**6, 10, 10.0), (3, 10, 3.0),
])
def test_place_clamps_inside_the_room(value, size, expected):
    got = place(value, size)
    assert got == expected and isinstance(got, float)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, False, "1", None, [1], {"x": 1}])
def test_place_refuses_non_finite_and_non_numbers(value):
    assert place(value, 10) is None


def test_move_is_clamped_inside_the_room():
    room = make_room(width=10, height=20)
    room.join(member(1))
    assert room.move("u1", -3, 25.5) is True
    m = room.members["u1"]
    assert (m.x, m.y) == (0.0, 20.0)
    assert room.tick()["batch"] == [["u1", 0.0, 20.0]]
    assert room.move("u1", 10, 0) is True
    assert room.tick()["batch"] == [["u1", 10.0, 0.0]]


@pytest.mark.parametrize("x,y", [
    (math.nan, 1), (1, math.nan), (math.inf, 1), (1, -math.inf),
    (True, 1), (1, False), ("1", 1), (1, "2"), (None, 1), ([1], 1),
])
def test_move_with_bad_coordinates_is_refused_and_never_stored(x, y):
    room = make_room(width=10, height=10)
    room.join(member(1), 2, 3)
    refused = room.move("u1", x, y)
    assert isinstance(refused, Refused) and refused.code == BAD_REQUEST
    m = room.members["u1"]
    assert (m.x, m.y) == (2.0, 3.0)
    assert room.tick() is None


def test_move_by_non_member_is_not_member():
    room = make_room()
    refused = room.move("ghost", 1, 1)
    assert isinstance(refused, Refused) and refused.code == NOT_MEMBER
    assert room.tick() is None


def test_move_policy_refuse_refuses_out_of_room_but_takes_inside_and_edges():
    room = make_room(width=10, height=10, move_policy="refuse")
    room.join(member(1), 5, 5)
    for x, y in [(-0.5, 1), (1, 10.5), (11, 11)]:
        refused = room.move("u1", x, y)
        assert isinstance(refused, Refused) and refused.code == BAD_REQUEST
    m = room.members["u1"]
    assert (m.x, m.y) == (5.0, 5.0)
    assert room.tick() is None
    assert room.move("u1", 0, 10) is True
    assert room.move("u1", 2.5, 7) is True
    assert room.tick()["batch"] == [["u1", 2.5, 7.0]]


def test_move_does_not_change_seq():
    room = make_room()
    room.join(member(1))
    room.move("u1", 1, 1)
    room.tick()
    assert room.seq == 1


def test_tick_coalesces_moves_into_latest_position_per_member():
    room = make_room()
    room.join(member(1))
    room.join(member(2))
    room.move("u1", 1, 1)
    room.move("u2", 5, 5)
    room.move("u1", 2, 2)
    room.move("u1", 3, 4)
    event = room.tick()
    assert event == {"t": "moves", "room": "hall:1", "batch": [["u1", 3.0, 4.0], ["u2", 5.0, 5.0]]}
    assert "seq" not in event
    assert room.tick() is None  # nothing moved since


def test_tick_with_nothing_moved_returns_none():
    room = make_room()
    assert room.tick() is None
    room.join(member(1))
    assert room.tick() is None


# -- resume (events_after) -------------------------------------------------------------

def _busy_room(n_events: int, replay_events: int = 512) -> Room:
    room = make_room(replay_events=replay_events)
    room.join(member(1))
    for i in range(n_events - 1):
        room.say("u1", f"m{i}", "x", i)
    assert room.seq == n_events
    return room


def test_events_after_replays_exactly_the_events_after_last_seq():
    room = make_room()
    room.join(member(1))  # 1
    room.join(member(2))  # 2
    room.say("u1", "m1", "a", 1)  # 3
    room.move("u1", 1, 1)
    room.tick()
    room.delete("m1")  # 4
    room.leave("u2")  # 5
    replay = room.events_after(2)
    assert seqs(replay) == [3, 4, 5]
    assert [e["t"] for e in replay] == ["said", "deleted", "presence"]
    assert seqs(room.events_after(0)) == [1, 2, 3, 4, 5]
    assert seqs(room.events_after(4)) == [5]


def test_events_after_when_up_to_date_is_empty_list():
    room = _busy_room(5)
    assert room.events_after(5) == []
    assert make_room().events_after(0) == []


@pytest.mark.parametrize("last_seq", [6, 100, -1])
def test_events_after_future_or_negative_seq_is_none(last_seq):
    room = _busy_room(5)
    assert room.events_after(last_seq) is None


def test_events_after_is_none_when_the_ring_no_longer_holds_the_gap():
    room = _busy_room(10, replay_events=4)  # the ring holds seq 7..10
    assert seqs(room.events_after(6)) == [7, 8, 9, 10]
    assert room.events_after(5) is None
    assert room.events_after(0) is None
    assert seqs(room.events_after(9)) == [10]
