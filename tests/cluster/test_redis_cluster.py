"""Nodes on a Redis Cluster: room keys in one slot per room, sharded pub/sub, the index and circles kept
in their own slots (a private three-shard cluster for the module, tests/support/redis_cluster.py)."""
from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster
from redis.crc import key_slot

from rooms.bus import CONTROL_KEY
from rooms.registry import Catalogue
from rooms.room import Limits, Member, RoomInfo
from rooms.session import Session, User
from server.cluster.bus_redis import RedisBus, channel_for, envelope
from server.cluster.state import JoinResult
from server.cluster.state_redis import RedisState
from tests.support.redis_cluster import Cluster, redis_cluster  # noqa: F401  (the fixture)
from tests.support.wsclient import WireClient

CATALOGUE = Catalogue({"lobby": RoomInfo("lobby", "Lobby", None, 40, 30)},
                      circle=RoomInfo("circle", "Circle", 3, 12, 12, on_demand=True), max_circles=5)


@pytest.fixture
def two_nodes(redis_cluster: Cluster, server_factory):  # noqa: F811
    redis_cluster.flush()
    return server_factory.many([{"REDIS_URL": redis_cluster.url, "NODE_ID": f"node-{i}"} for i in range(2)])


async def test_a_say_on_one_node_reaches_a_visitor_on_another_and_presence_holds(two_nodes, redis_cluster):  # noqa: F811
    a = await WireClient.hello(two_nodes[0].url, "あお")
    b = await WireClient.hello(two_nodes[1].url, "べに")
    c = None
    try:
        assert (a.welcome["node"], b.welcome["node"]) == ("node-0", "node-1")
        for room in ("lobby", "stage:1", "circle:hanashi"):  # rooms whose slots are on different shards
            assert (await a.request({"t": "join", "room": room}))["t"] == "ok"
            joined = await b.request({"t": "join", "room": room})
            assert sorted(m["nick"] for m in joined["members"]) == ["あお", "べに"]
            assert (await a.expect("presence", room=room))["joins"][0]["nick"] == "べに"
            reply = await a.request({"t": "say", "room": room, "text": f"こんにちは {room}"})
            heard = await b.expect("said", room=room)
            assert (heard["text"], heard["seq"]) == (f"こんにちは {room}", reply["seq"])
        assert sum(1 for s in redis_cluster.shards if int(s.command("DBSIZE")[1:].strip()) > 0) >= 2
        c = await WireClient.hello(two_nodes[0].url, "みどり")
        late = await c.request({"t": "join", "room": "circle:hanashi"})
        assert late["count"] == 3 and [h["text"] for h in late["history"]] == ["こんにちは circle:hanashi"]
        assert (await a.expect("presence", room="circle:hanashi"))["joins"][0]["nick"] == "みどり"
        assert (await b.request({"t": "leave", "room": "circle:hanashi"}))["t"] == "ok"
        gone = await a.expect("presence", room="circle:hanashi")
        assert gone["leaves"] == [b.welcome["user"]["id"]]
    finally:
        for client in (a, b, c):
            if client is not None:
                await client.close()


async def test_a_dead_node_s_members_are_removed_and_nothing_is_left_behind(redis_cluster):  # noqa: F811
    """The node index and the open circles live outside the rooms' slots in a cluster: a node that
    died is still found and its members removed, and once everyone has left no key is left over."""
    redis_cluster.flush()
    buses = [RedisBus(redis_cluster.url), RedisBus(redis_cluster.url)]
    for bus in buses:
        await bus.start()
    try:
        dead, alive = (RedisState(bus, CATALOGUE, Limits(), node, 30.0) for bus, node in zip(buses, ("x", "y")))
        for i, room in enumerate(["circle:a", "circle:b", "circle:c", "lobby"]):
            assert isinstance(await dead.join(room, Member(f"m{i}", f"n{i}", "visitor"), None, None, 1), JoinResult)
        stays = await alive.join("circle:a", Member("s", "s", "visitor"), None, None, 1)
        assert isinstance(stays, JoinResult)
        await alive.redis.sadd("tsu:nodes", "x")  # x was known, and its `tsu:node:x` key has expired: it is dead
        await alive._reap_dead_nodes()
        assert (await alive.room_sizes(["circle:a", "circle:b", "circle:c", "lobby"])) == {
            "circle:a": 1, "circle:b": 0, "circle:c": 0, "lobby": 0}
        for room in ("circle:b", "circle:c", "circle:d", "circle:e"):  # the reaped circles closed: 4 of 5 open
            assert isinstance(await alive.join(room, Member("s", "s", "visitor"), None, None, 1), JoinResult)
        for room in ("circle:a", "circle:b", "circle:c", "circle:d", "circle:e"):
            await alive.leave(room, "s")
        leftover = set()
        for shard in redis_cluster.shards:
            plain = aioredis.Redis(port=shard.port)
            leftover |= {k.decode() for k in await plain.keys("*")}
            await plain.aclose()
        # the lobby keeps its seq and replay window (it is not made on demand); the reaper's claim expires
        assert {k for k in leftover if "{lobby}" not in k} == {"tsu:reap:x"}, leftover  # tsu:nodes forgot x
    finally:
        for bus in buses:
            await bus.close()


async def test_a_room_whose_slot_moves_to_another_shard_is_heard_again(redis_cluster):  # noqa: F811
    """Resharding: Redis takes the room's channel away from the old shard's subscribers (an unasked
    `sunsubscribe`); the bus goes through one degraded/restored cycle and listens on the new owner."""
    redis_cluster.flush()
    bus = RedisBus(redis_cluster.url)
    await bus.start()
    publisher = RedisCluster.from_url("redis://127.0.0.1:%d" % redis_cluster.shards[0].port)
    slot = key_slot(channel_for("lobby").encode())
    try:
        await publisher.initialize()
        owner = publisher.get_node_from_key(channel_for("lobby")).port
        target = next(s for s in redis_cluster.shards if s.port != owner)
        health: list[bool] = []

        async def told(healthy: bool) -> None:
            health.append(healthy)

        bus.on_health(told)
        seen: list[dict] = []
        bus.subscribe("lobby", lambda key, event: seen.append(event))
        assert await bus.subscribed("lobby")
        target_id = target.command("CLUSTER", "MYID").split(b"\r\n")[1].decode()
        for shard in redis_cluster.shards:
            assert shard.command("CLUSTER", "SETSLOT", str(slot), "NODE", target_id).startswith(b"+OK")
        for _ in range(100):  # bounded: the bus reconnects with its backoff (0.2 s, 0.5 s, ...)
            await publisher.spublish(channel_for("lobby"), envelope(None, {"t": "moves", "room": "lobby"}))
            if seen:
                break
            await asyncio.sleep(0.1)
        assert seen and seen[0]["t"] == "moves"
        assert health == [False, True]
    finally:
        await publisher.aclose()
        await bus.close()


async def test_a_resumed_member_follows_its_new_node_and_control_reaches_every_node(redis_cluster):  # noqa: F811
    """Adopting a session moves its index entries between two slots; a control message (classic pub/sub
    on a cluster) reaches the other node."""
    redis_cluster.flush()
    buses = [RedisBus(redis_cluster.url) for _ in range(3)]
    for bus in buses:
        await bus.start()
    try:
        x, y, z = (RedisState(bus, CATALOGUE, Limits(), node, 30.0) for bus, node in zip(buses, "xyz"))
        heard: list[dict] = []
        buses[2].subscribe(CONTROL_KEY, lambda key, message: heard.append(message))
        assert await buses[2].subscribed(CONTROL_KEY)
        buses[0].publish(CONTROL_KEY, {"t": "session_moved", "session": "s1", "to": "y"})
        for m in ("moved", "stays"):
            assert isinstance(await x.join("lobby", Member(m, m, "visitor"), None, None, 1), JoinResult)
        await y.adopt(Session("s1", User("moved", "moved", "visitor"), {"lobby"}), "x")
        await z.redis.sadd("tsu:nodes", "x", "y")
        await z.redis.set("tsu:node:y", "1")  # y alive, x dead: only the member x still held goes
        await z._reap_dead_nodes()
        assert [m["id"] for m in await z.everyone("lobby")] == ["moved"]
        await z.redis.delete("tsu:node:y")  # then y dies too: the member it adopted goes with it
        await z._reap_dead_nodes()
        assert await z.everyone("lobby") == [] and await z.redis.exists("tsu:node:x:m", "tsu:node:y:m") == 0
        for _ in range(100):  # bounded wait for the control message
            if heard:
                break
            await asyncio.sleep(0.02)
        assert heard == [{"t": "session_moved", "session": "s1", "to": "y"}]
    finally:
        for bus in buses:
            await bus.close()
