"""Crowded rooms (rooms.crowd): merged presence, filtering by area, appear/disappear."""
from __future__ import annotations

from typing import Any

from rooms import rules
from rooms.crowd import Area, View

AREA = Area(page=3, filter_from=4, cell=10.0, radius=1)


def member(mid: str, x: float, y: float) -> dict[str, Any]:
    return {"id": mid, "nick": mid, "role": "visitor", "x": x, "y": y}


def crowd() -> View:
    # a at (1,1) cell (0,0); b next to it; far at (95,95) cell (9,9); d and e in the middle
    people = [member("a", 1, 1), member("b", 12, 1), member("far", 95, 95), member("d", 50, 50), member("e", 52, 52)]
    return View.seed("lobby", AREA, 5, people)


def presence(seq: int, joins=(), leaves=()) -> dict[str, Any]:
    return {**rules.presence("lobby", joins, leaves), "seq": seq}


def test_small_room_events_pass_unchanged() -> None:
    view = View.seed("lobby", AREA, 1, [member("a", 1, 1)])
    events = [presence(2, joins=[member("b", 2, 2)]), presence(3, joins=[member("c", 3, 3)])]
    turn = view.digest(events)
    assert not turn.crowded and turn.for_cell(view, (0, 0)) == events
    assert view.count == 3


def test_presence_of_one_turn_is_one_event_with_the_count() -> None:
    view = View.seed("lobby", AREA, 1, [member(m, 1, 1) for m in "abcz"])
    turn = view.digest([presence(2, joins=[member("d", 2, 2)]), presence(3, leaves=["a"]),
                        presence(4, joins=[member("x", 3, 3)]), presence(5, leaves=["x"])])
    assert turn.crowded and not turn.filtered
    assert turn.for_cell(view, None) == [{"t": "presence", "room": "lobby", "joins": [member("d", 2, 2)],
                                          "leaves": ["a"], "count": 4, "seq": 5, "first": 2}]


def test_presence_past_the_threshold_goes_only_to_those_near() -> None:
    view = crowd()
    turn = view.digest([presence(6, joins=[member("new", 3, 3)]), presence(7, leaves=["far"])])
    assert turn.filtered
    near_a = turn.for_cell(view, view.cells["a"])
    assert near_a == [{"t": "presence", "room": "lobby", "joins": [member("new", 3, 3)], "leaves": [],
                       "count": 5, "seq": 7, "first": 6}]
    assert turn.for_cell(view, view.cells["d"]) == []  # nothing near d changed
    assert turn.for_cell(view, None)[0]["leaves"] == ["far"]  # staff see everything


def test_moves_go_to_the_area_and_crossing_sends_appear_and_disappear() -> None:
    view = crowd()
    turn = view.digest([{"t": "moves", "room": "lobby", "batch": [["d", 51, 51], ["far", 94, 94]]}])
    assert turn.for_cell(view, view.cells["a"]) == []  # far from both movers
    assert turn.for_cell(view, view.cells["e"]) == [{"t": "moves", "room": "lobby", "batch": [["d", 51, 51]]}]
    # far walks to a's corner: a sees it appear (with its place); e does not
    walk = view.digest([{"t": "moves", "room": "lobby", "batch": [["far", 5, 5]]}])
    to_a = walk.for_cell(view, view.cells["a"])
    assert to_a == [{"t": "moves", "room": "lobby", "batch": [["far", 5, 5]]},
                    {"t": "appear", "room": "lobby", "members": [member("far", 5, 5)]}]
    assert walk.for_cell(view, view.cells["e"]) == []
    # and walks away again: one disappear for a
    back = view.digest([{"t": "moves", "room": "lobby", "batch": [["far", 90, 90]]}])
    assert back.for_cell(view, view.cells["a"]) == [{"t": "disappear", "room": "lobby", "ids": ["far"]}]


def test_a_receiver_that_walks_sees_who_comes_into_its_area() -> None:
    view = crowd()
    turn = view.digest([{"t": "moves", "room": "lobby", "batch": [["a", 45, 45]]}])
    mine = turn.for_cell(view, view.cells["a"], "a")
    assert {"t": "appear", "room": "lobby", "members": [member("d", 50, 50), member("e", 52, 52)]} in mine
    assert {"t": "disappear", "room": "lobby", "ids": ["b"]} in mine
    # b, left behind, sees a go
    assert turn.for_cell(view, view.cells["b"]) == [{"t": "disappear", "room": "lobby", "ids": ["a"]}]


def test_events_already_in_the_seed_are_not_applied_twice() -> None:
    view = crowd()
    view.digest([presence(5, leaves=["a"])])  # seq 5 is what the seed already holds
    assert "a" in view.members and view.count == 5


def test_join_answer_is_bounded_and_pages_are_stable() -> None:
    people = [member(f"m{i:02d}", i, 0) for i in range(10)]
    assert [m["id"] for m in rules.nearest(people, "m05", 4)] == ["m05", "m04", "m06", "m03"]
    assert rules.nearest(people[:4], "m01", 4) == people[:4]  # a small room: everyone, in its order
    first = rules.page(people, None, 4)
    assert [m["id"] for m in first["members"]] == ["m00", "m01", "m02", "m03"] and first["next"] == "m03"
    last = rules.page(people, "m07", 4)
    assert [m["id"] for m in last["members"]] == ["m08", "m09"] and "next" not in last


def test_reactions_are_seen_where_the_avatar_is() -> None:
    view = crowd()
    turn = view.digest([{"t": "reacts", "room": "lobby", "batch": [["far", "heart"], ["b", "clap"]]}])
    assert turn.for_cell(view, view.cells["a"]) == [{"t": "reacts", "room": "lobby", "batch": [["b", "clap"]]}]


def test_a_turn_of_chat_only_is_the_same_for_everyone() -> None:
    view = crowd()
    said = {"t": "said", "room": "lobby", "seq": 6, "id": "m1", "from": {}, "text": "hi", "ts": 1}
    assert view.digest([said]).uniform
    assert not view.digest([said, {"t": "moves", "room": "lobby", "batch": [["d", 51, 51]]}]).uniform
