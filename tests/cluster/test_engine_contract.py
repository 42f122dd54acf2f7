"""The engine contract: the same cases against the in-memory and the Redis engine.

Every room rule is in `rooms.rules`; both engines must apply it the same way.
Each case runs once per engine: in memory, the Redis engine on a private
redis-server (tests/support/services.py), and the Redis engine on a private
three-shard Redis Cluster with sharded pub/sub (tests/support/redis_cluster.py,
one for the module, emptied before each case), observing only what a node
can: return values and the events published on the bus. A rule that drifts on
one side fails here.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, AsyncIterator, Awaitable, Callable

import pytest

from rooms import rules
from rooms.bus import Bus, Event
from rooms.protocol import BAD_REQUEST, FORBIDDEN, NOT_MEMBER, ROOM_FULL
from rooms.refusal import Refused
from rooms.registry import Catalogue, Registry
from rooms.room import Limits, Member, RoomInfo
from server.cluster.bus_local import LocalBus
from server.cluster.state import JoinResult, LocalState, RoomState
from tests.support.redis_cluster import redis_cluster  # noqa: F401  (the fixture)

T0 = 1_000_000
CATALOGUE = Catalogue(
    {"lobby": RoomInfo("lobby", "Lobby", None, 40, 30), "hall:1": RoomInfo("hall", "Hall", 2, 32, 24)},
    circle=RoomInfo("circle", "Circle", 3, 12, 12, on_demand=True),
    max_circles=2,
)
LIMITS = Limits(history_count=3, history_age_ms=1_000, replay_events=4)


@dataclass
class Engine:
    """An engine under test and what it published, per room."""

    state: RoomState
    bus: Bus
    seen: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))

    async def watch(self, room: str) -> None:
        self.bus.subscribe(room, lambda key, event: self.seen[key].append(event))
        assert await self.bus.subscribed(room)

    async def events(self, room: str, count: int) -> list[Event]:
        """The first `count` events published in `room` (waits for a remote bus)."""
        for _ in range(300):
            if len(self.seen[room]) >= count:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # and no more than that
        assert len(self.seen[room]) == count, self.seen[room]
        return self.seen[room]


Factory = Callable[..., Awaitable[Engine]]


@pytest.fixture(params=["memory", "redis", "redis-cluster"])
async def make(request: pytest.FixtureRequest) -> AsyncIterator[Factory]:
    closers: list[Callable[[], Awaitable[None]]] = []
    if request.param == "redis-cluster":
        request.getfixturevalue("redis_cluster").flush()

    async def build(limits: Limits = LIMITS, catalogue: Catalogue = CATALOGUE) -> Engine:
        if request.param == "memory":
            bus = LocalBus()
            return Engine(LocalState(Registry(catalogue, limits), bus), bus)
        from server.cluster.bus_redis import RedisBus
        from server.cluster.state_redis import RedisState

        redis = request.getfixturevalue("redis_server" if request.param == "redis" else "redis_cluster")
        redis_bus = RedisBus(redis.url)
        await redis_bus.start()
        closers.append(redis_bus.close)
        return Engine(RedisState(redis_bus, catalogue, limits, "node-c", 30.0), redis_bus)

    yield build
    for close in closers:
        await close()


def person(mid: str, group: str = "open") -> Member:
    return Member(mid, f"nick-{mid}", "visitor", group=group)


async def joined(engine: Engine, room: str, mid: str, x: object = None, y: object = None,
                 group: str = "open", now: int = T0) -> JoinResult:
    result = await engine.state.join(room, person(mid, group), x, y, now)
    assert isinstance(result, JoinResult), result
    return result


def public(mid: str, x: float, y: float) -> dict[str, Any]:
    return {"id": mid, "nick": f"nick-{mid}", "role": "visitor", "x": x, "y": y}


def sender(mid: str) -> dict[str, str]:
    return {"id": mid, "nick": f"nick-{mid}", "role": "visitor"}


# -- presence -------------------------------------------------------------------------------------
async def test_join_snapshot_shape_and_presence_event(make: Factory) -> None:
    engine = await make()
    await engine.watch("lobby")
    first = await joined(engine, "lobby", "a")
    assert first.new and first.room == "lobby"
    assert first.snapshot == {
        "room": "lobby", "seq": 1, "count": 1, "members": [public("a", *rules.arrival_spot(40, 30, "a"))], "history": [],
        "info": {"kind": "lobby", "title": "Lobby", "capacity": None, "width": 40, "height": 30},
    }
    second = await joined(engine, "lobby", "b", 3, 4)
    assert second.snapshot["seq"] == 2
    assert sorted(m["id"] for m in second.snapshot["members"]) == ["a", "b"]
    again = await joined(engine, "lobby", "a")
    assert not again.new and again.snapshot["seq"] == 2
    assert await engine.events("lobby", 2) == [
        {"t": "presence", "room": "lobby", "joins": [public("a", *rules.arrival_spot(40, 30, "a"))], "leaves": [], "seq": 1},
        {"t": "presence", "room": "lobby", "joins": [public("b", 3.0, 4.0)], "leaves": [], "seq": 2},
    ]


async def test_placement_clamps_into_the_room_or_takes_the_arrival_spot(make: Factory) -> None:
    engine = await make()
    assert (await joined(engine, "lobby", "a", -5, 99)).snapshot["members"] == [public("a", 0.0, 30.0)]
    placed = (await joined(engine, "lobby", "b", float("nan"), "x")).snapshot["members"]
    assert public("b", *rules.arrival_spot(40, 30, "b")) in placed
    assert public("c", 1.5, 2.5) in (await joined(engine, "lobby", "c", 1.5, 2.5)).snapshot["members"]


async def test_capacity_refuses_and_names_the_overflow_room(make: Factory) -> None:
    engine = await make()
    await joined(engine, "hall:1", "a")
    await joined(engine, "hall:1", "b")
    full = await engine.state.join("hall:1", person("c"), None, None, T0)
    assert full == Refused(ROOM_FULL, "room_full", {"overflow": "hall:1~2"})
    overflow = await joined(engine, "hall:1~2", "c")
    assert overflow.snapshot["info"]["title"] == "Hall (2)" and overflow.snapshot["info"]["capacity"] == 2
    await joined(engine, "hall:1~2", "d")
    again = await engine.state.join("hall:1", person("e"), None, None, T0)
    assert again == Refused(ROOM_FULL, "room_full", {"overflow": "hall:1~3"})
    sizes = await engine.state.room_sizes(["hall:1", "hall:1~2", "hall:1~3"])
    assert {k: sizes[k] for k in ("hall:1", "hall:1~2", "hall:1~3")} == {"hall:1": 2, "hall:1~2": 2, "hall:1~3": 0}


async def test_circles_limit_and_an_emptied_circle_starting_afresh(make: Factory) -> None:
    engine = await make()
    await joined(engine, "circle:one", "a")
    await joined(engine, "circle:two", "b")
    assert await engine.state.join("circle:three", person("c"), None, None, T0) == Refused(ROOM_FULL, "too_many_circles")
    await joined(engine, "circle:one", "c")  # an open circle still takes people
    await engine.state.leave("circle:two", "b")
    fresh = await joined(engine, "circle:three", "d")
    assert fresh.snapshot["seq"] == 1
    await engine.state.leave("circle:three", "d")
    assert (await joined(engine, "circle:three", "e")).snapshot["seq"] == 1


async def test_age_policy_keeps_adults_and_minors_apart_in_circles_only(make: Factory) -> None:
    engine = await make()
    await joined(engine, "circle:c", "kid", group="minor")
    assert await engine.state.join("circle:c", person("grown", "adult"), None, None, T0) == Refused(FORBIDDEN, "age_mix")
    await joined(engine, "circle:c", "other-kid", group="minor")
    await joined(engine, "circle:c", "anyone", group="open")
    await joined(engine, "lobby", "kid", group="minor")
    await joined(engine, "lobby", "grown", group="adult")


async def test_staff_rooms_admit_staff_accounts_only_and_mix_no_ages(make: Factory) -> None:
    engine = await make(catalogue=replace(CATALOGUE, rooms={**CATALOGUE.rooms, "staff:lounge": RoomInfo(
        "staff", "Lounge", 1, 24, 16)}))
    await engine.watch("staff:lounge")
    refused = await engine.state.join("staff:lounge", person("kid", "minor"), None, None, T0)
    assert refused == Refused(FORBIDDEN, "staff_room")
    host = Member("h", "nick-h", "host", group="adult")
    assert isinstance(await engine.state.join("staff:lounge", host, None, None, T0), JoinResult)
    # the role comes before capacity: a visitor is not told that a staff room is full
    assert await engine.state.join("staff:lounge", person("v"), None, None, T0) == Refused(FORBIDDEN, "staff_room")
    # a meeting room or breakout group on demand: hosts, moderators and admins together, no age rule
    for mid, role in (("h", "host"), ("m", "moderator"), ("a", "admin")):
        made = await engine.state.join("staff:meeting-1-g2", Member(mid, f"nick-{mid}", role, group="adult"),
                                       None, None, T0)
        assert isinstance(made, JoinResult) and made.snapshot["info"]["kind"] == "staff"
    assert await engine.state.join("staff:meeting-1-g2", person("v"), None, None, T0) == Refused(FORBIDDEN,
                                                                                                  "staff_room")
    assert len(await engine.events("staff:lounge", 1)) == 1  # only the host's presence was published


async def test_leave_publishes_presence_and_leave_many_one_event(make: Factory) -> None:
    engine = await make()
    await engine.watch("lobby")
    for mid in ("a", "b", "c", "d"):
        await joined(engine, "lobby", mid)
    await engine.state.leave("lobby", "a")
    await engine.state.leave("lobby", "a")  # not a member any more: nothing
    await engine.state.leave_many("lobby", ["b", "x", "c"])
    events = (await engine.events("lobby", 6))[4:]
    assert events == [
        {"t": "presence", "room": "lobby", "joins": [], "leaves": ["a"], "seq": 5},
        {"t": "presence", "room": "lobby", "joins": [], "leaves": ["b", "c"], "seq": 6},
    ]
    assert (await engine.state.room_sizes(["lobby"]))["lobby"] == 1


async def test_large_room_join_answers_the_count_and_the_nearest_and_pages_the_rest(make: Factory) -> None:
    engine = await make(limits=replace(LIMITS, members_page=3))
    for i, mid in enumerate(["e", "a", "d", "b", "c"]):
        await joined(engine, "lobby", mid, i * 5, 0)  # e at 0, a at 5, d at 10, b at 15, c at 20
    late = await joined(engine, "lobby", "f", 14, 0)
    assert late.snapshot["count"] == 6
    assert [m["id"] for m in late.snapshot["members"]] == ["f", "b", "d"]  # itself, then the nearest
    assert len(late.everyone()) == 6
    first = await engine.state.members("lobby", None)
    assert first == {"count": 6, "members": [public("a", 5.0, 0.0), public("b", 15.0, 0.0), public("c", 20.0, 0.0)],
                     "next": "c"}
    await engine.state.leave("lobby", "a")  # the order is by id: nobody is skipped or repeated
    rest = await engine.state.members("lobby", "c")
    assert rest == {"count": 5, "members": [public("d", 10.0, 0.0), public("e", 0.0, 0.0), public("f", 14.0, 0.0)]}
    small = await joined(engine, "circle:x", "a")
    assert small.snapshot["count"] == 1 and small.snapshot["members"] == small.everyone()


# -- broker ---------------------------------------------------------------------------------------
async def test_say_in_seq_order_with_said_shape(make: Factory) -> None:
    engine = await make()
    await engine.watch("lobby")
    await joined(engine, "lobby", "a")
    seqs = [await engine.state.say("lobby", sender("a"), f"m{i}", f"hello {i}", T0 + i) for i in range(3)]
    assert seqs == [2, 3, 4]
    assert await engine.state.say("lobby", sender("z"), "mz", "no", T0) == Refused(NOT_MEMBER, "not_member")
    events = await engine.events("lobby", 4)
    assert events[1] == {"t": "said", "room": "lobby", "id": "m0", "from": sender("a"), "text": "hello 0",
                         "ts": T0, "seq": 2}
    assert [e["seq"] for e in events] == [1, 2, 3, 4]


async def test_history_is_bounded_and_cut_off_by_age(make: Factory) -> None:
    engine = await make()
    await joined(engine, "lobby", "a")
    for i in range(5):
        await engine.state.say("lobby", sender("a"), f"m{i}", "x", T0 + i * 400)
    history = await engine.state.history("lobby", T0 + 1_700)
    assert [e["id"] for e in history] == ["m2", "m3", "m4"]  # count 3
    assert [e["id"] for e in await engine.state.history("lobby", T0 + 2_500)] == ["m4"]  # ts >= now - 1000
    late = await joined(engine, "lobby", "b", now=T0 + 2_500)
    assert [e["id"] for e in late.snapshot["history"]] == ["m4"]


async def test_replay_window_in_range_and_too_old(make: Factory) -> None:
    engine = await make()
    await joined(engine, "lobby", "a")
    for i in range(5):
        await engine.state.say("lobby", sender("a"), f"m{i}", "x", T0)
    # seq 6 now; the window holds the last 4 (3..6)
    assert [e["seq"] for e in await engine.state.replay("lobby", 2, "a")] == [3, 4, 5, 6]
    assert [e["id"] for e in await engine.state.replay("lobby", 4, "a")] == ["m3", "m4"]
    assert await engine.state.replay("lobby", 6, "a") == []
    assert await engine.state.replay("lobby", 1, "a") is None  # too old
    assert await engine.state.replay("lobby", 7, "a") is None  # from the future
    assert await engine.state.replay("lobby", -1, "a") is None
    assert await engine.state.replay("lobby", 4, "stranger") is None


async def test_delete_takes_the_line_out_of_history(make: Factory) -> None:
    engine = await make()
    await engine.watch("lobby")
    await joined(engine, "lobby", "a")
    await engine.state.say("lobby", sender("a"), "m1", "one", T0)
    await engine.state.say("lobby", sender("a"), "m2", "two", T0)
    assert await engine.state.delete("lobby", "m1") == 4
    assert await engine.state.delete("lobby", "m1") is None
    assert await engine.state.delete("lobby", "unknown") is None
    assert [e["id"] for e in await engine.state.history("lobby", T0)] == ["m2"]
    assert (await engine.events("lobby", 4))[3] == {"t": "deleted", "room": "lobby", "id": "m1", "seq": 4}


# -- moves ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("policy", ["clamp", "refuse"])
async def test_move_policy_and_coalesced_moves(make: Factory, policy: str) -> None:
    engine = await make(limits=replace(LIMITS, move_policy=policy))
    await engine.watch("lobby")
    await joined(engine, "lobby", "a")
    assert engine.state.move("lobby", "a", 1, 2) is True
    outside = engine.state.move("lobby", "a", 50, 2)
    if policy == "refuse":
        assert outside == Refused(BAD_REQUEST, "outside_room")
    else:
        assert outside is True
    assert engine.state.move("lobby", "a", "x", 2) == Refused(BAD_REQUEST, "bad_coordinates")
    assert engine.state.move("lobby", "nobody", 1, 2) == Refused(NOT_MEMBER, "not_member")
    await engine.state.tick()
    x = 40.0 if policy == "clamp" else 1.0
    assert (await engine.events("lobby", 2))[1] == {"t": "moves", "room": "lobby", "batch": [["a", x, 2.0]]}


async def test_reactions_are_coalesced_per_tick_and_only_for_members(make: Factory) -> None:
    engine = await make()
    await engine.watch("lobby")
    await joined(engine, "lobby", "a")
    await joined(engine, "lobby", "b")
    assert engine.state.react("lobby", "a", "heart") is True
    assert engine.state.react("lobby", "a", "star") is True  # the latest of the tick wins
    assert engine.state.react("lobby", "b", "clap") is True
    assert engine.state.react("lobby", "nobody", "clap") == Refused(NOT_MEMBER, "not_member")
    await engine.state.tick()
    reacts = [e for e in await engine.events("lobby", 3) if e["t"] == "reacts"]
    assert reacts == [{"t": "reacts", "room": "lobby", "batch": [["a", "star"], ["b", "clap"]]}]
    assert "seq" not in reacts[0]  # not sequenced, not replayed: they last seconds
    await engine.state.tick()
    await engine.events("lobby", 3)  # nothing more without a new reaction
