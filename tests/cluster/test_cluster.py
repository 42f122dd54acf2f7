"""Many nodes, one festival: three real server processes and a private Redis."""
from __future__ import annotations

import asyncio
import time

import pytest

from server.cluster.state_redis import ALIVE_TTL_MS
from tests.support.probe import readyz
from tests.support.wsclient import WireClient


MOD_SECRET = "moderator-secret-for-cluster-01"


@pytest.fixture
def cluster(redis_server, server_factory):
    env = {"REDIS_URL": redis_server.url, "STATIC_TOKENS": f"moderator:{MOD_SECRET}",
           "MODERATION_HOOKS": "tests.support.hooks_for_tests:keyword_hook", "IP_HASH_SALT": "same-on-every-node"}
    nodes = server_factory.many([{**env, "NODE_ID": f"node-{i}"} for i in range(3)])
    return redis_server, nodes


async def _spread(nodes, n: int, room: str = "lobby") -> list[WireClient]:
    clients = []
    for i in range(n):
        c = await WireClient.hello(nodes[i % len(nodes)].url, f"v{i}")
        reply = await c.request({"t": "join", "room": room})
        assert reply["t"] == "ok", reply
        clients.append(c)
    return clients


async def _saids(client: WireClient, count: int, timeout: float = 10) -> list[dict]:
    got = []
    while len(got) < count:
        m = await client.expect("said", timeout=timeout)
        got.append(m)
    return got


async def _leaving(client: WireClient, timeout: float) -> dict:
    """The next presence event that has someone leaving."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        m = await client.expect("presence", timeout=max(0.01, deadline - loop.time()))
        if m["leaves"]:
            return m


async def test_every_member_on_every_node_sees_one_order(cluster):
    _, nodes = cluster
    clients = await _spread(nodes, 6)
    assert {c.welcome["node"] for c in clients} == {"node-0", "node-1", "node-2"}

    async def chatter(i: int, c: WireClient) -> None:
        for k in range(5):
            assert (await c.request({"t": "say", "room": "lobby", "text": f"{i}-{k}"}))["t"] == "ok"

    await asyncio.gather(*(chatter(i, c) for i, c in enumerate(clients)))
    views = await asyncio.gather(*(_saids(c, 30) for c in clients))
    orders = [[(m["seq"], m["id"], m["text"]) for m in view] for view in views]
    assert all(order == orders[0] for order in orders)
    seqs = [s for s, _, _ in orders[0]]
    assert seqs == list(range(seqs[0], seqs[0] + 30))  # no gaps

    # presence agrees everywhere, and history is the same from every node
    snapshots = []
    for node in nodes:
        late = await WireClient.hello(node.url, "late")
        snap = await late.request({"t": "join", "room": "lobby"})
        snapshots.append(snap)
        await late.close()
    assert len({tuple(sorted(m["id"] for m in s["members"] if m["nick"] != "late")) for s in snapshots}) == 1
    assert len(snapshots[0]["members"]) == 7
    assert all([h["id"] for h in s["history"]] == [h["id"] for h in snapshots[0]["history"]] for s in snapshots)
    assert [h["text"] for h in snapshots[0]["history"]][-30:] == [t for _, _, t in orders[0]]


async def test_resume_on_another_node_replays_exactly_the_missed_events(cluster):
    _, nodes = cluster
    a, b = await _spread(nodes, 2)  # a on node-0, b on node-1
    last = (await a.request({"t": "say", "room": "lobby", "text": "before"}))["seq"]
    await b.expect("said", text="before")
    b.ws.transport.abort()
    for text in ("missed 1", "missed 2", "missed 3"):
        await a.request({"t": "say", "room": "lobby", "text": text})
    back = await WireClient.open(nodes[2].url)
    await back.send({"t": "hello", "nick": "b", "resume": {"session": b.welcome["session"], "rooms": {"lobby": last}}})
    welcome = await back.expect("welcome")
    assert welcome["resumed"] is True and welcome["node"] == "node-2"
    assert welcome["user"] == b.welcome["user"]
    replay = [await back.expect("said") for _ in range(3)]
    assert [m["text"] for m in replay] == ["missed 1", "missed 2", "missed 3"]
    assert [m["seq"] for m in replay] == [last + 1, last + 2, last + 3]
    await a.request({"t": "say", "room": "lobby", "text": "after"})
    assert (await back.expect("said"))["text"] == "after"  # live events flow on the new node
    assert not [m for m in await back.quiet(0.3) if m["t"] == "said"]  # and none twice


async def test_capacity_holds_across_nodes(cluster, redis_server):
    _, nodes = cluster
    clients = [await WireClient.hello(nodes[i % 3].url, f"c{i}") for i in range(12)]
    replies = await asyncio.gather(*(c.request({"t": "join", "room": "circle:tea"}) for c in clients))
    assert sum(r["t"] == "ok" for r in replies) == 8
    assert all(r["code"] == "room_full" for r in replies if r["t"] == "error")


async def test_a_killed_node_s_members_vanish_within_15_s(cluster):
    _, nodes = cluster
    clients = await _spread(nodes, 3)
    doomed = clients[2]  # on node-2
    nodes[2].proc.kill()  # SIGKILL: no drain, no goodbye
    started = time.monotonic()
    gone = await _leaving(clients[0], 20)
    assert gone["leaves"] == [doomed.welcome["user"]["id"]]
    assert time.monotonic() - started < 15
    seen_by_other = await _leaving(clients[1], 5)
    assert seen_by_other["seq"] == gone["seq"]
    late = await WireClient.hello(nodes[0].url, "late")
    snap = await late.request({"t": "join", "room": "lobby"})
    assert doomed.welcome["user"]["id"] not in {m["id"] for m in snap["members"]}


async def test_redis_restart_comes_back_by_itself(cluster):
    redis_server, nodes = cluster
    clients = await _spread(nodes, 3)
    await clients[0].request({"t": "say", "room": "lobby", "text": "before"})
    redis_server.stop()
    redis_server.start()  # empty: every room's state is gone
    for c in clients:  # each is told to join again, and does
        await c.expect("reset", timeout=15, room="lobby")
        assert (await c.request({"t": "join", "room": "lobby"}))["t"] == "ok"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(readyz(n.http)[0] != 200 for n in nodes):
        await asyncio.sleep(0.2)
    assert all(readyz(n.http)[0] == 200 for n in nodes)
    for i, c in enumerate(clients):
        await c.request({"t": "say", "room": "lobby", "text": f"after {i}"})
    for c in clients:  # every event after the recovery reaches every member
        texts = [m["text"] for m in await _saids(c, 3)]
        assert sorted(texts) == ["after 0", "after 1", "after 2"]
    snap = await clients[0].request({"t": "join", "room": "lobby"})
    assert len(snap["members"]) == 3  # no ghosts, nobody missing


async def test_redis_unreachable_node_reports_not_ready_and_keeps_connections(cluster):
    redis_server, nodes = cluster
    clients = await _spread(nodes, 3)
    redis_server.pause()
    paused = time.monotonic()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and readyz(nodes[0].http)[0] == 200:
            await asyncio.sleep(0.2)
        assert readyz(nodes[0].http)[0] == 503
        notice = await clients[0].expect("notice", timeout=10)
        assert notice["code"] == "degraded"
        await asyncio.sleep(AWAY_S - (time.monotonic() - paused))  # far longer than a node's key lives
    finally:
        redis_server.resume()
    for c in clients:
        assert c.ws.close_code is None  # still connected
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(readyz(n.http)[0] != 200 for n in nodes):
        await asyncio.sleep(0.2)
    assert all(readyz(n.http)[0] == 200 for n in nodes)
    for c in clients:
        await c.expect("reset", timeout=10, room="lobby")
        await c.request({"t": "join", "room": "lobby"})
    await asyncio.sleep(REAP_SETTLE_S)  # let any reaper run: nobody may be reaped now
    late = await WireClient.hello(nodes[1].url, "late")
    snap = await late.request({"t": "join", "room": "lobby"})
    assert {m["id"] for m in snap["members"]} == {c.welcome["user"]["id"] for c in clients} | {late.welcome["user"]["id"]}
    await clients[0].request({"t": "say", "room": "lobby", "text": "back"})
    for c in clients[1:]:
        assert (await c.expect("said", timeout=5))["text"] == "back"


REAP_SETTLE_S = 4
AWAY_S = 2.5 * ALIVE_TTL_MS / 1000  # 20 s: Redis away for longer than two lifetimes of a node's key


async def test_a_kick_published_on_the_bus_closes_the_visitor_on_its_node(cluster):
    redis_server, nodes = cluster
    a, b = await _spread(nodes, 2)  # b is on node-1
    from rooms.control import Kick, to_message
    from server.cluster.bus_redis import channel_for, envelope
    from rooms.bus import CONTROL_KEY

    payload = envelope(None, to_message(Kick(user=b.welcome["user"]["id"], by="u_mod", reason="test")))
    redis_server.command("PUBLISH", channel_for(CONTROL_KEY), payload)
    await asyncio.wait_for(b.ws.wait_closed(), 10)
    assert b.ws.close_code == 4010
    gone = await _leaving(a, 5)  # a kick ends the session: the others see it leave at once
    assert gone["leaves"] == [b.welcome["user"]["id"]]


async def test_moderator_actions_apply_on_every_node(one_database_cluster):
    nodes = one_database_cluster
    a, b = await _spread(nodes[1:], 2)  # a on node-1, b on node-2
    mod = await WireClient.hello(nodes[0].url, "mod", token=MOD_SECRET)  # on node-0
    await mod.request({"t": "mod.watch", "room": "lobby"})
    crisis = await b.request({"t": "say", "room": "lobby", "text": "つらい [crisis]"})
    assert crisis["held"] is True
    alert = await mod.expect("alert", timeout=5)
    assert alert["id"] == crisis["id"] and "session" not in alert
    assert (await mod.request({"t": "mod.release", "id": crisis["id"]}))["t"] == "ok"
    assert (await a.expect("said", timeout=5))["id"] == crisis["id"]  # released by the node that held it

    said = await a.request({"t": "say", "room": "lobby", "text": "to be deleted"})
    await b.expect("said", text="to be deleted")
    assert (await mod.request({"t": "mod.delete", "room": "lobby", "id": said["id"]}))["t"] == "ok"
    assert (await b.expect("deleted", timeout=5))["id"] == said["id"]

    await mod.request({"t": "mod.mute", "user": a.welcome["user"]["id"], "minutes": 5})
    assert (await a.expect("notice", timeout=5))["code"] == "muted"
    assert (await a.request({"t": "say", "room": "lobby", "text": "x"}))["code"] == "blocked"

    await mod.request({"t": "mod.ban", "user": b.welcome["user"]["id"], "minutes": 30})
    await asyncio.wait_for(b.ws.wait_closed(), 5)
    assert b.ws.close_code == 4003


@pytest.fixture
def one_database_cluster(redis_server, server_factory, tmp_path):
    """Two nodes on one Redis and one database, as a festival runs (one SQLite file stands in for PostgreSQL)."""
    env = {"REDIS_URL": redis_server.url, "STATIC_TOKENS": f"moderator:{MOD_SECRET}",
           "MODERATION_HOOKS": "tests.support.hooks_for_tests:keyword_hook", "IP_HASH_SALT": "same-on-every-node",
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/shared.db"}
    return server_factory.many([{**env, "NODE_ID": f"node-{i}"} for i in range(3)])


async def test_alerts_persist_and_an_ack_closes_them_on_every_node(one_database_cluster):
    nodes = one_database_cluster
    visitor = await WireClient.hello(nodes[2].url, "v", age_band="15-17")
    await visitor.request({"t": "join", "room": "lobby"})
    held = await visitor.request({"t": "say", "room": "lobby", "text": "たすけて [crisis]"})
    assert held["held"] is True and held["support"] is True
    late = [await WireClient.hello(n.url, f"mod{i}", token=MOD_SECRET) for i, n in enumerate(nodes[:2])]
    open_ = []
    for _ in range(50):  # the alert is written in the background: poll, bounded
        open_ = (await late[0].request({"t": "mod.alerts"}))["alerts"]
        if open_:
            break
        await asyncio.sleep(0.1)
    assert [a["id"] for a in open_] == [held["id"]] and "session" not in open_[0]
    assert (await late[1].request({"t": "mod.alerts"}))["alerts"] == open_  # the same on another node
    assert (await late[1].request({"t": "mod.ack", "alert": open_[0]["alert"]}))["t"] == "ok"
    for mod in late:
        assert (await mod.expect("alert.closed", timeout=5))["alert"] == open_[0]["alert"]
    assert (await late[0].request({"t": "mod.alerts"}))["alerts"] == []


async def test_a_mute_follows_the_device_to_another_node(cluster):
    _, nodes = cluster
    mod = await WireClient.hello(nodes[0].url, "mod", token=MOD_SECRET)
    a = await WireClient.hello(nodes[1].url, "pest")
    await a.request({"t": "join", "room": "lobby"})
    await mod.request({"t": "mod.mute", "user": a.welcome["user"]["id"], "minutes": 30})
    assert (await a.expect("notice", timeout=5))["code"] == "muted"
    await a.ws.close()
    b = await WireClient.hello(nodes[2].url, "new-name", device=a.welcome["device"])
    await b.request({"t": "join", "room": "lobby"})
    assert (await b.request({"t": "say", "room": "lobby", "text": "hi"}))["code"] == "blocked"


async def test_max_circles_holds_for_the_whole_cluster(redis_server, server_factory):
    env = {"REDIS_URL": redis_server.url, "MAX_CIRCLES": "3", "IP_HASH_SALT": "same-on-every-node"}
    nodes = server_factory.many([{**env, "NODE_ID": f"node-{i}"} for i in range(3)])
    people = [await WireClient.hello(n.url, f"v{i}") for i, n in enumerate(nodes)]
    for i, person in enumerate(people):
        assert (await person.request({"t": "join", "room": f"circle:c{i}"}))["t"] == "ok"
    late = await WireClient.hello(nodes[0].url, "late")
    refused = await late.request({"t": "join", "room": "circle:c9"})
    assert refused["code"] == "room_full" and refused["message"]
    assert (await late.request({"t": "join", "room": "circle:c1"}))["t"] == "ok"  # an open one still takes people
    await people[2].request({"t": "leave", "room": "circle:c2"})  # empty: removed
    assert (await late.request({"t": "join", "room": "circle:c9"}))["t"] == "ok"


async def test_concurrent_joins_across_nodes_lose_no_presence(redis_server, server_factory):
    """12 visitors join one new circle at the same moment through three nodes, again and again:
    every member sees every later `seq` of the room exactly once (a join's reply and the room's
    events come on different Redis connections; events that arrive first must not be lost)."""
    env = {"REDIS_URL": redis_server.url, "CIRCLE_CAPACITY": "12", "IP_HASH_SALT": "same-on-every-node"}
    nodes = server_factory.many([{**env, "NODE_ID": f"node-{i}"} for i in range(3)])
    people = [await WireClient.hello(nodes[i % 3].url, f"v{i}") for i in range(12)]
    for round_ in range(6):  # bounded
        room = f"circle:race-{round_}"
        replies = await asyncio.gather(*(p.request({"t": "join", "room": room}) for p in people))
        assert all(r["t"] == "ok" for r in replies), replies
        final = max(r["seq"] for r in replies)
        assert final == 12
        for person, reply in zip(people, replies):
            seen = []
            while (seen[-1] if seen else reply["seq"]) < final:
                event = await person.expect("presence", timeout=10, room=room)
                seen.append(event["seq"])
            assert seen == list(range(reply["seq"] + 1, final + 1)), (round_, reply["seq"], seen)
        for person in people:
            await person.request({"t": "leave", "room": room})
        for person in people:
            person.inbox.clear()


async def test_with_redis_away_nothing_is_acknowledged_that_was_not_done(one_database_cluster, redis_server):
    nodes = one_database_cluster
    mod = await WireClient.hello(nodes[0].url, "mod", token=MOD_SECRET)
    visitor = await WireClient.hello(nodes[1].url, "v", age_band="15-17")
    await visitor.request({"t": "join", "room": "lobby"})
    assert (await mod.request({"t": "mod.watch", "room": "lobby"}))["held"] == []
    redis_server.pause()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and readyz(nodes[0].http)[0] == 200:
            await asyncio.sleep(0.2)
        await visitor.expect("notice", timeout=10, code="degraded")
        mute = await mod.request({"t": "mod.mute", "user": visitor.welcome["user"]["id"], "minutes": 5})
        assert mute["t"] == "error" and mute["message"]  # refused, not acknowledged and lost
        ban = await mod.request({"t": "mod.ban", "user": visitor.welcome["user"]["id"], "minutes": 5})
        assert ban["t"] == "error"
        held = await visitor.request({"t": "say", "room": "lobby", "text": "たすけて [crisis]"})
        assert held["held"] is True and held["support"] is True  # the visitor gets help at once regardless
        ordinary = await visitor.request({"t": "say", "room": "lobby", "text": "check me [hold]"})
        assert ordinary["held"] is True
    finally:
        redis_server.resume()
    alert = await mod.expect("alert", timeout=20, id=held["id"])  # delivered once the bus is back
    assert alert["code"] == "crisis" and "session" not in alert
    assert (await mod.expect("held", timeout=10, id=ordinary["id"]))["text"] == "check me [hold]"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and readyz(nodes[0].http)[0] != 200:
        await asyncio.sleep(0.2)
    assert (await mod.request({"t": "mod.mute", "user": visitor.welcome["user"]["id"], "minutes": 5}))["t"] == "ok"
    assert (await visitor.expect("notice", timeout=10, code="muted"))["until"] > 0


async def test_a_message_held_on_one_node_is_seen_and_released_from_another(one_database_cluster):
    nodes = one_database_cluster
    listener = await WireClient.hello(nodes[0].url, "listener")
    sender = await WireClient.hello(nodes[2].url, "sender")
    for c in (listener, sender):
        await c.request({"t": "join", "room": "lobby"})
    held = await sender.request({"t": "say", "room": "lobby", "text": "please check [hold]"})
    assert held["held"] is True
    mod = await WireClient.hello(nodes[1].url, "mod", token=MOD_SECRET)  # signs in afterwards, on another node
    waiting: list = []
    for _ in range(50):  # the hold is written in the background: poll, bounded
        waiting = (await mod.request({"t": "mod.watch", "room": "lobby"}))["held"]
        if waiting:
            break
        await asyncio.sleep(0.1)
    assert [h["id"] for h in waiting] == [held["id"]] and waiting[0]["from"]["id"] == sender.welcome["user"]["id"]
    assert (await mod.request({"t": "mod.release", "id": held["id"]}))["t"] == "ok"
    shown = await listener.expect("said", timeout=5, id=held["id"])
    assert shown["text"] == "please check [hold]"
    again = await mod.request({"t": "mod.release", "id": held["id"]})
    assert again["code"] == "bad_request"  # decided once
    assert (await mod.request({"t": "mod.watch", "room": "lobby"}))["held"] == []

