"""The grid of a room's members (rooms.nearby) gives the join answer's K nearest exactly as the rule does."""
from __future__ import annotations

import random

from rooms import rules
from rooms.nearby import Nearby
from rooms.room import Limits, Member, Room, RoomInfo


def test_the_nearest_are_the_rules_tie_for_tie_on_rooms_it_was_not_written_against() -> None:
    for seed in range(40):
        rng = random.Random(seed)
        n, k = rng.randint(1, 400), rng.randint(1, 60)
        # integer places make ties common; some crowd one spot, some are spread over a 40x30 room
        people = [{"id": f"m{rng.randrange(10**6):06d}-{i}", "x": float(rng.choice([rng.randint(0, 40), 20])),
                   "y": float(rng.choice([rng.randint(0, 30), 18]))} for i in range(n)]
        index = Nearby()
        for p in people:
            index.put(p["id"], p["x"], p["y"])
        for p in rng.sample(people, min(5, n)):  # some walk before the join
            p["x"], p["y"] = float(rng.randint(0, 40)), float(rng.randint(0, 30))
            index.put(p["id"], p["x"], p["y"])
        me = rng.choice(people)
        if n <= k:  # a small room's answer is everyone in order: the index is not asked (Room.nearest)
            continue
        expected = [m["id"] for m in rules.nearest(people, me["id"], k)]
        assert [me["id"], *index.nearest(me["x"], me["y"], k - 1, leave_out=me["id"])] == expected, seed


def test_a_room_answers_a_join_from_the_grid_and_forgets_who_left() -> None:
    room = Room("lobby", RoomInfo("lobby", "Lobby", None, 40, 30), Limits(members_page=3))
    for i, x in enumerate([1, 5, 9, 13, 17, 21]):
        room.join(Member(f"p{i}", f"p{i}", "visitor"), x, 5)
    assert [m["id"] for m in room.snapshot(0, "p2")["members"]] == ["p2", "p1", "p3"]
    room.leave("p1")
    room.move("p5", 8, 5)
    assert [m["id"] for m in room.snapshot(0, "p2")["members"]] == ["p2", "p5", "p3"]
    assert len(room.nearby) == 5
