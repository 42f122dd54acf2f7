"""The space across nodes: avatars and reactions through Redis (two real nodes, a private Redis)."""
from __future__ import annotations

import pytest

from tests.support.wsclient import WireClient


@pytest.fixture
def two_nodes(redis_server, server_factory):
    return server_factory.many([{"REDIS_URL": redis_server.url, "NODE_ID": f"node-{i}"} for i in range(2)])


async def test_a_reaction_and_an_avatar_reach_a_member_on_another_node(two_nodes):
    a = await WireClient.hello(two_nodes[0].url, "あお", avatar="kuma-wakaba")
    b = await WireClient.hello(two_nodes[1].url, "べに", "msgpack")
    try:
        assert a.welcome["node"] != b.welcome["node"]
        await a.request({"t": "join", "room": "stage:1"})
        joined = await b.request({"t": "join", "room": "stage:1"})
        assert {m["nick"]: m.get("avatar") for m in joined["members"]} == {"あお": "kuma-wakaba", "べに": None}
        assert (await a.request({"t": "react", "room": "stage:1", "emote": "clap"}))["t"] == "ok"
        seen = await b.expect("reacts", timeout=5)
        assert seen["batch"] == [[a.welcome["user"]["id"], "clap"]] and "seq" not in seen
    finally:
        await a.close()
        await b.close()
