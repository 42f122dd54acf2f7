"""The Redis engine's positions hash (`pos`) holds members only: a room's keys must not grow with
everyone who ever walked in it (found by the soak, bench/soak.py: `tsu:{lobby}:pos` was left after
everyone had left)."""
from __future__ import annotations

import asyncio

import pytest

from rooms.registry import Catalogue
from rooms.room import Limits, Member, RoomInfo
from server.cluster import state_lua as lua
from server.cluster.bus_redis import RedisBus
from server.cluster.state_redis import RedisState

CATALOGUE = Catalogue({"lobby": RoomInfo("lobby", "Lobby", None, 40, 30)},
                      circle=RoomInfo("circle", "Circle", 3, 12, 12, on_demand=True))


@pytest.mark.parametrize("walkers", [2, 502])  # one tick's write goes in chunks of 500 movers
async def test_a_move_waiting_for_the_tick_does_not_bring_a_leaver_back(redis_server, walkers: int) -> None:
    bus = RedisBus(redis_server.url)
    await bus.start()
    try:
        state = RedisState(bus, CATALOGUE, Limits(), "node-a", 30.0)
        ids = [f"w{i}" for i in range(walkers)]
        for mid in ids:
            await state.join("lobby", Member(mid, f"nick-{mid}", "visitor"), 3, 4, 1_000_000)
        for i, mid in enumerate(ids):
            assert state.move("lobby", mid, 5 + i % 30, 6) is True
        # the race: the leave's script reaches Redis after the tick took the moves and before it wrote them
        # (here the leave runs first: the step that leave_many and the reaper of a dead node share)
        await state._leave_as(state.node, "lobby", ["w0"])
        await state.tick()
        positions = await bus.client.hgetall(lua.keys("lobby")[4])
        assert set(positions) == {mid.encode() for mid in ids[1:]}  # the one who left is not written back
        assert positions[ids[-1].encode()] == f"{5 + (walkers - 1) % 30}.0,6.0".encode()
    finally:
        await bus.close()


async def test_closing_the_bus_while_it_publishes_ends_at_once(redis_server) -> None:
    """A node's shutdown must not wait for ever: redis-py can swallow the cancel of the writer inside a
    pipeline, and the writer then waited on an empty outbox (a 120 s hang of this module in CI)."""
    for _ in range(10):  # the cancel has to land inside the pipeline: give it several chances
        bus = RedisBus(redis_server.url)
        await bus.start()
        for i in range(2_000):
            bus.publish("lobby", {"type": "moves", "room": "lobby", "n": i})
        await asyncio.sleep(0)
        await asyncio.wait_for(bus.close(), 10)
