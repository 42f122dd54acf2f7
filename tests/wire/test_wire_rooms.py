"""Wire tests: rooms, presence, chat and moves over a real server, both codecs."""
from __future__ import annotations

import asyncio

import pytest

from tests.support.probe import metrics_async, readyz
from tests.support.wsclient import WireClient

CODECS = ["json", "msgpack"]


@pytest.mark.parametrize("codec_a,codec_b", [("json", "json"), ("msgpack", "msgpack"), ("json", "msgpack")])
async def test_two_visitors_see_each_other_join_chat_and_move(server, codec_a, codec_b):
    a = await WireClient.hello(server.url, "ＡＫＩ", codec_a)
    b = await WireClient.hello(server.url, "beni", codec_b, lang="en", age_band="15-17")
    assert a.welcome["user"]["nick"] == "AKI"  # NFKC
    assert a.welcome["user"]["role"] == "visitor" and a.welcome["resumed"] is False
    assert a.welcome["node"] == b.welcome["node"]

    ja = await a.request({"t": "join", "room": "lobby", "x": 3, "y": 4})
    assert ja["t"] == "ok" and ja["room"] == "lobby"
    assert ja["info"] == {"kind": "lobby", "title": ja["info"]["title"], "capacity": None, "width": 40, "height": 30}
    assert [m["nick"] for m in ja["members"]] == ["AKI"]

    jb = await b.request({"t": "join", "room": "lobby"})
    assert jb["seq"] == ja["seq"] + 1
    assert {m["id"] for m in jb["members"]} == {a.welcome["user"]["id"], b.welcome["user"]["id"]}
    arrived = await a.expect("presence")
    assert arrived["seq"] == jb["seq"] and arrived["joins"][0]["nick"] == "beni"

    said_ok = await b.request({"t": "say", "room": "lobby", "text": "はじめまして！"})
    assert said_ok["t"] == "ok" and said_ok["seq"] == jb["seq"] + 1
    for client in (a, b):  # the sender also receives its own said
        said = await client.expect("said")
        assert said["text"] == "はじめまして！" and said["seq"] == said_ok["seq"] and said["id"] == said_ok["id"]
        assert said["from"] == b.welcome["user"]

    await b.send({"t": "move", "room": "lobby", "x": 10.5, "y": 99})
    moves = await a.expect("moves")
    assert moves["batch"] == [[b.welcome["user"]["id"], 10.5, 30.0]]  # clamped to the room
    assert not [m for m in await b.quiet(0.3) if m["t"] == "moves"]  # the mover is not sent its own

    c = await WireClient.hello(server.url, "chika", codec_a)
    jc = await c.request({"t": "join", "room": "lobby"})
    assert [h["text"] for h in jc["history"]] == ["はじめまして！"]
    assert {m["id"]: (m["x"], m["y"]) for m in jc["members"]}[b.welcome["user"]["id"]] == (10.5, 30.0)
    for client in (a, b, c):
        await client.close()


async def test_leave_and_normal_close_are_seen_at_once(server):
    a = await WireClient.hello(server.url, "a")
    b = await WireClient.hello(server.url, "b")
    await a.request({"t": "join", "room": "stage:1"})
    await b.request({"t": "join", "room": "stage:1"})
    await a.expect("presence")
    assert (await b.request({"t": "leave", "room": "stage:1"}))["t"] == "ok"
    left = await a.expect("presence")
    assert left["leaves"] == [b.welcome["user"]["id"]]
    again = await b.request({"t": "leave", "room": "stage:1"})
    assert again["code"] == "not_member"
    not_in = await b.request({"t": "say", "room": "stage:1", "text": "hi"})
    assert not_in["code"] == "not_member"

    await b.request({"t": "join", "room": "stage:1"})
    await a.expect("presence")
    await b.close(1000)
    gone = await a.expect("presence", timeout=3)
    assert gone["leaves"] == [b.welcome["user"]["id"]]
    await a.close()


async def test_joining_twice_changes_nothing_and_ping_answers(server):
    a = await WireClient.hello(server.url, "a")
    first = await a.request({"t": "join", "room": "hall:1"})
    second = await a.request({"t": "join", "room": "hall:1"})
    assert second["seq"] == first["seq"] and second["members"] == first["members"]
    pong = await a.request({"t": "ping", "ref": "p-1"})
    assert pong["t"] == "pong" and isinstance(pong["ts"], int)
    await a.close()


async def test_full_hall_points_at_overflow_and_circle_capacity(server_factory):
    server = server_factory({"HALL_CAPACITY": "2", "CIRCLE_CAPACITY": "2"})
    clients = [await WireClient.hello(server.url, f"v{i}") for i in range(4)]
    for c in clients[:2]:
        assert (await c.request({"t": "join", "room": "hall:1"}))["t"] == "ok"
    full = await clients[2].request({"t": "join", "room": "hall:1"})
    assert full["code"] == "room_full" and full["overflow"] == "hall:1~2"
    over = await clients[2].request({"t": "join", "room": full["overflow"]})
    assert over["t"] == "ok" and over["info"]["capacity"] == 2 and over["info"]["kind"] == "hall"

    for c in clients[:2]:
        assert (await c.request({"t": "join", "room": "circle:tea"}))["t"] == "ok"
    third = await clients[3].request({"t": "join", "room": "circle:tea"})
    assert third["code"] == "room_full" and "overflow" not in third
    unknown = await clients[3].request({"t": "join", "room": "hall:7"})
    assert unknown["code"] == "no_such_room"
    for c in clients:
        await c.close()


async def test_empty_circle_starts_afresh(server):
    a = await WireClient.hello(server.url, "a")
    first = await a.request({"t": "join", "room": "circle:night-talk"})
    await a.request({"t": "say", "room": "circle:night-talk", "text": "だれかいる?"})
    await a.request({"t": "leave", "room": "circle:night-talk"})
    again = await a.request({"t": "join", "room": "circle:night-talk"})
    assert again["seq"] == first["seq"] == 1 and again["history"] == []
    await a.close()


async def test_static_token_gives_a_role_and_a_bad_token_is_refused(server_factory):
    secret = "moderator-secret-0123456789"
    server = server_factory({"STATIC_TOKENS": f"moderator:{secret}"})
    mod = await WireClient.hello(server.url, "スタッフ", token=secret)
    assert mod.welcome["user"]["role"] == "moderator"
    intruder = await WireClient.open(server.url)
    await intruder.send({"t": "hello", "nick": "x", "token": "guess-guess-guess-guess"})
    with pytest.raises(Exception):
        await intruder.recv(3)
    assert intruder.ws.close_code == 4001
    await mod.close()


async def test_metrics_count_what_happened(server):
    a = await WireClient.hello(server.url, "a")
    await a.request({"t": "join", "room": "lobby"})
    await a.request({"t": "say", "room": "lobby", "text": "hello"})
    await a.request({"t": "nope"})
    values = await metrics_async(server.http)
    assert values["tsunagaru_connections"] == 1
    assert values["tsunagaru_members"] == 1
    assert values["tsunagaru_frames_in_total"] >= 4
    assert values["tsunagaru_frames_out_total"] >= 3 and values["tsunagaru_bytes_out_total"] > 100
    assert values["tsunagaru_messages_said_total"] == 1
    assert values['tsunagaru_errors_sent_total{code="unknown_type"}'] == 1
    for name in ("tsunagaru_rooms", "tsunagaru_slow_consumers_closed_total", "tsunagaru_send_queue_high_water_bytes"):
        assert name in values
    status, ready = await asyncio.to_thread(readyz, server.http)
    assert status == 200 and ready["ready"] is True
    await a.close()
