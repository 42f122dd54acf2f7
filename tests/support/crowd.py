"""Crowded-room scenarios over the wire, run on one node (tests/wire) and on a Redis cluster (tests/cluster).

The node is started with a tiny crowd: K = 3 members per page, filtering by area
past 4 members, 10-tile cells, radius 1, and the default 12 members shown per
cell. The lobby is 40x30, so a visitor in the top-left corner (cell 0,0) does
not see the bottom-right corner (cell 3,2).
"""
from __future__ import annotations

import asyncio
from typing import Any

from tests.support.wsclient import WireClient

MOD_SECRET = "moderator-secret-for-crowds-01"
ENV = {"MEMBERS_PAGE": "3", "AREA_FROM": "4", "AREA_CELL": "10", "AREA_RADIUS": "1",
       "STATIC_TOKENS": f"moderator:{MOD_SECRET}", "IP_HASH_SALT": "same-on-every-node"}
CORNER, FAR = (1, 1), (38, 28)


async def visitor(urls: list[str], i: int, nick: str, at: tuple[float, float], room: str = "lobby",
                  **hello: Any) -> tuple[WireClient, dict[str, Any]]:
    """A visitor on node `i % len(urls)` who joined `room` at `at`; the client and its join answer."""
    client = await WireClient.hello(urls[i % len(urls)], nick, **hello)
    reply = await client.request({"t": "join", "room": room, "x": at[0], "y": at[1]})
    assert reply["t"] == "ok", reply
    return client, reply


def uid(client: WireClient) -> str:
    return client.welcome["user"]["id"]


async def settle(*clients: WireClient) -> None:
    """Let every node hear of every join (a remote presence comes through Redis) and drop what came."""
    await asyncio.sleep(0.3)
    for c in clients:
        await c.quiet(0.1)


async def moves_of(client: WireClient, seconds: float = 0.6) -> set[str]:
    """Ids whose positions `client` was sent within `seconds`."""
    return {entry[0] for m in await client.quiet(seconds) if m["t"] == "moves" for entry in m["batch"]}


async def paged_members(urls: list[str]) -> None:
    ROOM = "stage:1"  # noqa: N806  (each scenario has a room of its own: they may share a node)
    people = []
    for i, x in enumerate([2, 6, 10, 14, 18]):
        people.append(await visitor(urls, i, f"p{i}", (x, 5), room=ROOM))
    late, joined = await visitor(urls, 5, "late", (13, 5), room=ROOM)
    assert joined["count"] == 6 and len(joined["members"]) == 3
    ids = [m["id"] for m in joined["members"]]
    assert ids[0] == uid(late)  # itself first, then the nearest: at 14 and at 10
    assert set(ids[1:]) == {uid(people[3][0]), uid(people[2][0])}
    assert joined["area"] == {"from": 4, "cell": 10.0, "radius": 1, "show": 12}

    seen: list[str] = []
    after = None
    for _ in range(5):  # bounded: 6 members, 3 a page
        page = await late.request({"t": "members", "room": ROOM, **({"after": after} if after else {})})
        assert page["t"] == "ok" and page["room"] == ROOM and page["count"] == 6 and len(page["members"]) <= 3
        seen += [m["id"] for m in page["members"]]
        after = page.get("next")
        if after is None:
            break
    assert seen == sorted(seen) and set(seen) == {uid(c) for c, _ in people} | {uid(late)}

    stranger = await WireClient.hello(urls[0], "stranger")
    refused = await stranger.request({"t": "members", "room": ROOM})
    assert refused["t"] == "error" and refused["code"] == "not_member"
    bad = await late.request({"t": "members", "room": ROOM, "after": 7})
    assert bad["t"] == "error" and bad["code"] == "bad_request"
    small, in_circle = await visitor(urls, 0, "small", (1, 1), room="circle:quiet")
    assert in_circle["count"] == 1 and [m["id"] for m in in_circle["members"]] == [uid(small)]
    for c in [late, stranger, small, *(c for c, _ in people)]:
        await c.close()


async def aggregated_presence(urls: list[str]) -> None:
    """Past K members a `presence` carries the room's `count`, and `first` when it stands for several joins."""
    ROOM = "hall:1"  # noqa: N806
    watcher, _ = await visitor(urls, 0, "watcher", CORNER, room=ROOM)
    others = [await visitor(urls, i + 1, f"o{i}", CORNER, room=ROOM) for i in range(3)]
    await settle(watcher, *(c for c, _ in others))
    arriving = await asyncio.gather(*(visitor(urls, i, f"n{i}", (2, 2), room=ROOM) for i in range(3)))
    joins: list[str] = []
    last: dict[str, Any] = {}
    for _ in range(10):  # bounded: at most one event per join
        if len(joins) >= 3:
            break
        last = await watcher.expect("presence")
        assert last["first"] <= last["seq"] and last["count"] >= 5
        joins += [j["id"] for j in last["joins"]]
    assert sorted(joins) == sorted(uid(c) for c, _ in arriving)
    assert last["count"] == 7
    for c in [watcher, *(c for c, _ in others), *(c for c, _ in arriving)]:
        await c.close()


async def area_of_interest(urls: list[str]) -> None:
    near, _ = await visitor(urls, 0, "near", CORNER)
    buddy, _ = await visitor(urls, 1, "buddy", (3, 3))
    far, _ = await visitor(urls, 1, "far", FAR)
    far_friend, _ = await visitor(urls, 0, "farfriend", (37, 27))
    crowd, _ = await visitor(urls, 1, "crowd", (20, 28))
    mod = await WireClient.hello(urls[0], "mod", token=MOD_SECRET)
    assert (await mod.request({"t": "join", "room": "lobby", "x": 1, "y": 1}))["t"] == "ok"
    everyone = [near, buddy, far, far_friend, crowd, mod]
    await settle(*everyone)

    # a move in the far corner: its neighbour and the moderator get it, the visitor far away does not
    await far.send({"t": "move", "room": "lobby", "x": 36, "y": 26})
    assert uid(far) in await moves_of(far_friend)
    assert uid(far) in await moves_of(mod)  # staff are never filtered
    assert uid(far) not in await moves_of(near, 0.3)
    await buddy.send({"t": "move", "room": "lobby", "x": 4, "y": 4})
    assert uid(buddy) in await moves_of(near)

    # far walks over to the corner: near is sent one appear with its place; the far friend one disappear
    await far.send({"t": "move", "room": "lobby", "x": 5, "y": 5})
    appear = await near.expect("appear")
    assert [(m["id"], m["nick"], m["x"], m["y"]) for m in appear["members"]] == [(uid(far), "far", 5, 5)]
    gone = await far_friend.expect("disappear")
    assert gone["ids"] == [uid(far)]
    walker_view = [m for m in await far.quiet(0.5) if m["t"] in ("appear", "disappear")]
    assert {m["id"] for e in walker_view if e["t"] == "appear" for m in e["members"]} == {uid(near), uid(buddy), uid(mod)}
    assert {i for e in walker_view if e["t"] == "disappear" for i in e["ids"]} == {uid(far_friend), uid(crowd)}

    # a newcomer in the far corner: its presence goes to those near it, not to the corner
    newcomer, _ = await visitor(urls, 0, "newcomer", FAR)
    arrived = await far_friend.expect("presence")
    assert [j["id"] for j in arrived["joins"]] == [uid(newcomer)] and arrived["count"] == 7
    seen_by_near = await near.quiet(1.5)
    assert not [m for m in seen_by_near if m["t"] == "presence"]
    assert {"t": "crowd", "room": "lobby", "count": 7} in seen_by_near  # the running count still comes
    assert uid(newcomer) in {j["id"] for m in await mod.quiet(0.3) if m["t"] == "presence" for j in m["joins"]}
    for c in [*everyone, newcomer]:
        await c.close()


async def resume_onto_another_node(urls: list[str]) -> None:
    """A member who resumes on a node that had nobody in the room is still sent only its area."""
    room = "hall:2"  # 32x24: cells (0..3, 0..2); the corners do not see each other
    others = [await visitor(urls, 0, f"c{i}", at, room=room) for i, at in enumerate([(30, 22), (29, 21), (28, 20)])]
    far = others[0][0]
    me, joined = await visitor(urls, 0, "me", (1, 1), room=room)
    mate, _ = await visitor(urls, 0, "mate", (2, 1), room=room)
    await settle(me, mate, *(c for c, _ in others))
    session = me.welcome["session"]
    await me.close(4000)  # a dropped phone: the session stays
    again = await WireClient.open(urls[-1])
    await again.send({"t": "hello", "ref": 0, "nick": "me", "resume": {"session": session, "rooms": {room: joined["seq"]}}})
    welcome = await again.expect("welcome")
    assert welcome["resumed"] is True and welcome["user"]["id"] == uid(me)
    await again.quiet(0.3)
    await far.send({"t": "move", "room": room, "x": 31, "y": 23})
    assert uid(far) not in await moves_of(again)  # the far corner stays out of sight after the resume
    await mate.send({"t": "move", "room": room, "x": 3, "y": 2})
    assert uid(mate) in await moves_of(again)
    await far.send({"t": "move", "room": room, "x": 4, "y": 4})
    appear = await again.expect("appear")
    assert [m["id"] for m in appear["members"]] == [uid(far)]
    for c in [again, mate, *(c for c, _ in others)]:
        await c.close()


async def packed_cell(urls: list[str]) -> None:
    """A cell shows its first 12 members: a 13th is there (counted, chatting) but drawn by nobody until a
    shown one leaves; staff see it throughout."""
    room = "hall:3"
    early = [await visitor(urls, i, f"e{i}", (1 + i % 4, 1 + i // 4), room=room) for i in range(12)]
    mod = await WireClient.hello(urls[0], "mod", token=MOD_SECRET)
    assert (await mod.request({"t": "join", "room": room, "x": 30, "y": 22}))["t"] == "ok"
    shown_ids = {uid(c) for c, _ in early}
    watcher = early[1][0]
    everyone = [*(c for c, _ in early), mod]
    await settle(*everyone)

    late, joined = await visitor(urls, 1, "late", (2, 2), room=room)
    assert joined["count"] == 14 and joined["members"][0]["id"] == uid(late)
    assert {m["id"] for m in joined["members"][1:]} <= shown_ids  # whom it is shown: those shown around it
    assert uid(late) in {j["id"] for m in await mod.quiet(0.5) if m["t"] == "presence" for j in m["joins"]}
    assert not [m for m in await watcher.quiet(0.5) if m["t"] == "presence"]  # nobody draws the 13th
    await late.send({"t": "move", "room": room, "x": 3, "y": 2})
    assert uid(late) not in await moves_of(watcher)
    assert uid(late) in await moves_of(mod)
    said = await late.request({"t": "say", "room": room, "text": "こんにちは"})
    assert said["t"] == "ok"
    assert any(m["t"] == "said" and m["text"] == "こんにちは" for m in await watcher.quiet(0.5))  # chat: everyone

    # a shown member leaves: the late one takes its place and appears where it stands
    await early[0][0].close()
    appear = await watcher.expect("appear")
    assert [(m["id"], m["x"], m["y"]) for m in appear["members"]] == [(uid(late), 3, 2)]
    await late.send({"t": "move", "room": room, "x": 4, "y": 3})
    assert uid(late) in await moves_of(watcher)
    for c in [late, *everyone[1:]]:
        await c.close()
