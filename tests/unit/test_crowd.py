"""Crowded rooms (rooms.crowd): merged presence, filtering by area, appear/disappear."""
from __future__ import annotations

from typing import Any

import pytest

from rooms import rules
from rooms.crowd import Area, View
from server.config import ConfigError, load

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


# -- a packed cell shows at most `show` members ------------------------------------------------------
PACKED = Area(page=3, filter_from=4, cell=10.0, radius=1, show=2)


def packed() -> View:
    """s1, s2 shown in cell (0,0) (the first two to arrive); w1, w2 wait there; loner alone at (95,95), mid at (60,60)."""
    people = [member("s1", 1, 1), member("s2", 2, 2), member("w1", 3, 3), member("w2", 4, 4), member("loner", 95, 95),
              member("mid", 60, 60)]
    return View.seed("lobby", PACKED, 5, people)


def test_a_packed_cell_shows_only_its_first_members_and_their_moves() -> None:
    view = packed()
    assert sorted(view.near(view.cells["s1"])) == ["s1", "s2"]
    turn = view.digest([{"t": "moves", "room": "lobby", "batch": [["s1", 1.5, 1], ["w1", 3.5, 3]]}])
    # anyone standing there (shown or waiting) is sent the shown member's step, not the waiting one's
    for receiver in ("s2", "w2"):
        assert turn.for_cell(view, view.cells[receiver]) == [{"t": "moves", "room": "lobby", "batch": [["s1", 1.5, 1]]}]
    assert turn.for_cell(view, None)[0]["batch"] == [["s1", 1.5, 1], ["w1", 3.5, 3]]  # staff see everyone


def test_joining_a_packed_cell_reaches_nobody_but_staff() -> None:
    view = packed()
    turn = view.digest([presence(6, joins=[member("late", 5, 5)])])
    assert turn.by_area_only and turn.for_cell(view, view.cells["s1"]) == []
    assert turn.for_cell(view, None)[0]["joins"] == [member("late", 5, 5)]
    assert "late" in view.hidden and view.count == 7


def test_when_a_shown_member_leaves_the_first_waiting_appears_in_its_place() -> None:
    view = packed()
    turn = view.digest([presence(6, leaves=["s1"])])
    to_s2 = turn.for_cell(view, view.cells["s2"], "s2")
    assert {"t": "appear", "room": "lobby", "members": [member("w1", 3, 3)]} in to_s2
    assert to_s2[0]["leaves"] == ["s1"]
    assert sorted(view.near(view.cells["s2"])) == ["s2", "w1"] and view.hidden == {"w2"}
    # a waiting member who leaves changes nothing anyone draws, but its leave still goes to its area
    # (a join answer lists the nearest members, shown or not: nobody may keep someone who has gone)
    gone = view.digest([presence(7, leaves=["w2"])])
    assert gone.for_cell(view, view.cells["s2"])[0]["leaves"] == ["w2"]
    assert not view.hidden and not view.waiting


def test_walking_out_of_a_packed_cell_frees_a_place_and_shows_the_walker_elsewhere() -> None:
    view = packed()
    turn = view.digest([{"t": "moves", "room": "lobby", "batch": [["s1", 90, 90], ["w2", 85, 85], ["mid", 93, 93]]}])
    # s1 left the packed cell: w1 takes its place; s1 takes the loner's cell's second place, w2 an empty
    # cell next to it; mid came third to the loner's cell and waits there
    to_loner = turn.for_cell(view, view.cells["loner"])
    assert {"t": "moves", "room": "lobby", "batch": [["s1", 90, 90], ["w2", 85, 85]]} in to_loner
    assert {"t": "appear", "room": "lobby", "members": [member("s1", 90, 90), member("w2", 85, 85)]} in to_loner
    assert view.hidden == {"mid"}
    to_s2 = turn.for_cell(view, view.cells["s2"])
    assert {"t": "appear", "room": "lobby", "members": [member("w1", 3, 3)]} in to_s2
    assert {"t": "disappear", "room": "lobby", "ids": ["s1"]} in to_s2  # w2 was never shown to s2
    # the walker (waiting until now, but a receiver like anyone) sees whom its new area shows: s1 came
    # along with it (its step is in the batch), the loner appears, s2 is left behind
    mine = turn.for_cell(view, view.cells["w2"], "w2")
    assert {"t": "appear", "room": "lobby", "members": [member("loner", 95, 95)]} in mine
    assert {"t": "disappear", "room": "lobby", "ids": ["s2"]} in mine


def test_ten_thousand_on_one_spot_cost_a_receiver_what_its_area_shows() -> None:
    area = Area(page=50, filter_from=100, cell=8.0, radius=1, show=12)
    view = View.seed("lobby", area, 1, [member(f"m{i:05d}", 20 + i % 5 * 0.1, 18) for i in range(10_000)])
    assert len(list(view.near(view.cells["m00000"]))) == 12
    joins = [member(f"n{i:03d}", 20, 18) for i in range(500)]
    turn = view.digest([presence(2 + i, joins=[j]) for i, j in enumerate(joins)])
    assert turn.for_cell(view, view.cells["m09999"]) == []  # a turn of 500 joins into the crowd: nothing to draw
    assert view.count == 10_500


def test_the_area_settings_come_from_config_and_refuse_a_negative_count() -> None:
    assert load({}).area_show == Area().show == 12
    assert load({"AREA_SHOW": "0"}).area_show == 0  # 0: every member shown (no limit)
    for name in ("AREA_SHOW", "AREA_RADIUS"):
        with pytest.raises(ConfigError, match=f"{name} must be 0 or more"):
            load({name: "-1"})
