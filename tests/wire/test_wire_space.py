"""Wire tests: how people look and react in the space (avatars in `hello`, `react` → `reacts`),
and newcomers spread around the entrance instead of stacking on one spot."""
from __future__ import annotations

import asyncio

import pytest

from rooms import looks
from tests.support.nodes import module_server
from tests.support.wsclient import WireClient

server = module_server()  # every test joins its own room or circle and watches only its own sockets


async def test_avatar_is_shown_in_members_and_presence(server):
    a = await WireClient.hello(server.url, "あおい", avatar="neko-sakura")
    b = await WireClient.hello(server.url, "ben", "msgpack", avatar="usagi-sora")
    c = await WireClient.hello(server.url, "chika")  # no avatar: none on the wire, the client draws its default
    try:
        ja = await a.request({"t": "join", "room": "circle:avatars"})
        assert ja["members"][0]["avatar"] == "neko-sakura"
        await b.request({"t": "join", "room": "circle:avatars"})
        arrived = await a.expect("presence")
        assert arrived["joins"][0]["avatar"] == "usagi-sora"
        jc = await c.request({"t": "join", "room": "circle:avatars"})
        avatars = {m["nick"]: m.get("avatar") for m in jc["members"]}
        assert avatars == {"あおい": "neko-sakura", "ben": "usagi-sora", "chika": None}
    finally:
        for client in (a, b, c):
            await client.close()


@pytest.mark.parametrize("bad", ["dragon-gold", "neko", "", 3, ["maru", "sora"], {"shape": "maru"}])
async def test_an_avatar_outside_the_vocabulary_is_refused_and_hello_can_be_tried_again(server, bad):
    c = await WireClient.open(server.url)
    try:
        refused = await c.request({"t": "hello", "nick": "ふみ", "lang": "en", "avatar": bad})
        assert refused["t"] == "error" and refused["code"] == "bad_request"
        assert "アバター" in refused["message"]  # a hello that cannot be read is answered in Japanese
        welcome = await c.request({"t": "hello", "nick": "ふみ", "avatar": "maru-wakaba"})
        assert welcome["t"] == "welcome"
    finally:
        await c.close()


async def test_newcomers_without_a_place_stand_apart_near_the_entrance(server):
    people = [await WireClient.hello(server.url, f"n{i}") for i in range(4)]
    try:
        places = []
        for p in people:
            joined = await p.request({"t": "join", "room": "stage:1"})
            me = next(m for m in joined["members"] if m["id"] == p.welcome["user"]["id"])
            places.append((me["x"], me["y"]))
        width, height = joined["info"]["width"], joined["info"]["height"]
        assert all(abs(x - width / 2) < 4 and abs(y - height * 0.6) < 4 for x, y in places), places  # the entrance
        close = [(p, q) for i, p in enumerate(places) for q in places[i + 1:]
                 if abs(p[0] - q[0]) < 0.5 and abs(p[1] - q[1]) < 0.5]
        assert len(close) <= 1, places  # 4 ids over 24 spots: at worst one pair shares (the client spreads labels)
    finally:
        for p in people:
            await p.close()


async def test_a_member_sees_another_members_reaction(server):
    a = await WireClient.hello(server.url, "あき")
    b = await WireClient.hello(server.url, "beni", "msgpack")
    try:
        await a.request({"t": "join", "room": "circle:reacts"})
        await b.request({"t": "join", "room": "circle:reacts"})
        assert (await b.request({"t": "react", "room": "circle:reacts", "emote": "heart"}))["t"] == "ok"
        seen = await a.expect("reacts")
        assert seen == {"t": "reacts", "room": "circle:reacts", "batch": [[b.welcome["user"]["id"], "heart"]]}
        own = await b.expect("reacts")  # the reactor sees its own too: the client shows what was relayed
        assert own["batch"] == [[b.welcome["user"]["id"], "heart"]]
    finally:
        await a.close()
        await b.close()


@pytest.mark.parametrize("emote", ["poop", "", "❤", 1, None])
async def test_an_unknown_emote_is_refused(server, emote):
    a = await WireClient.hello(server.url, "ゆう", lang="en")
    try:
        await a.request({"t": "join", "room": "circle:unknown-emote"})
        refused = await a.request({"t": "react", "room": "circle:unknown-emote", "emote": emote})
        assert refused["t"] == "error" and refused["code"] == "bad_request"
        assert "reaction" in refused["message"].lower()
        assert not [m for m in await a.quiet(0.3) if m["t"] == "reacts"]
        assert (await a.request({"t": "ping"}))["t"] == "pong"
    finally:
        await a.close()


async def test_reacting_outside_ones_room_is_refused(server):
    a = await WireClient.hello(server.url, "そと")
    try:
        refused = await a.request({"t": "react", "room": "lobby", "emote": "star"})
        assert refused["code"] == "not_member"
    finally:
        await a.close()


async def test_a_flood_of_reactions_is_rate_limited_without_closing_the_connection(server):
    a = await WireClient.hello(server.url, "はやい")
    b = await WireClient.hello(server.url, "みる")
    try:
        await a.request({"t": "join", "room": "circle:flood"})
        await b.request({"t": "join", "room": "circle:flood"})
        for i in range(40):
            await a.send({"t": "react", "ref": i, "room": "circle:flood", "emote": looks.EMOTES[i % len(looks.EMOTES)]})
        replies = {}
        while len(replies) < 40:
            m = await a.recv()
            if m.get("ref") in range(40):
                replies[m["ref"]] = m
        codes = [replies[i].get("code", "ok") for i in range(40)]
        assert codes[: int(looks.REACTS_BURST)] == ["ok"] * int(looks.REACTS_BURST)
        assert codes.count("rate_limited") >= 40 - int(looks.REACTS_BURST) - 2  # a refill or two meanwhile
        seen = [m for m in await b.quiet(0.5) if m["t"] == "reacts"]
        assert 1 <= sum(len(m["batch"]) for m in seen) <= int(looks.REACTS_BURST) + 2
        # still open and not muted: chat and, a moment later, another reaction go through
        assert (await a.request({"t": "say", "room": "circle:flood", "text": "ごめんね"}))["t"] == "ok"
        await asyncio.sleep(1.1)
        assert (await a.request({"t": "react", "room": "circle:flood", "emote": "smile"}))["t"] == "ok"
    finally:
        await a.close()
        await b.close()


async def test_the_sdk_chooses_an_avatar_and_reacts(server):
    from clients.sdk import Client, ServerError

    async with await Client.connect(server.url, nick="えす", avatar="hoshi-yamabuki") as a, \
            await Client.connect(server.url, nick="でぃー", codec="msgpack") as b:
        joined = await a.join("circle:sdk-space")
        assert joined["members"][0]["avatar"] == "hoshi-yamabuki"
        await b.join("circle:sdk-space")
        assert (await b.react("circle:sdk-space", "wow"))["t"] == "ok"
        seen = await a.next_event("reacts", room="circle:sdk-space")
        assert seen["batch"] == [[b.user["id"], "wow"]]
        with pytest.raises(ServerError) as refused:
            await b.react("circle:sdk-space", "nope")
        assert refused.value.code == "bad_request"
