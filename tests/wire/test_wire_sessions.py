"""Sessions on the wire: resume, replacement, grace period, hello deadline."""
from __future__ import annotations

import asyncio

from tests.support.rawws import RawWebSocket
from tests.support.wsclient import WireClient


async def _pair_in(server, room: str = "lobby"):
    a = await WireClient.hello(server.url, "a")
    b = await WireClient.hello(server.url, "b")
    ja = await a.request({"t": "join", "room": room})
    await b.request({"t": "join", "room": room})
    await a.expect("presence")
    return a, b, ja


async def test_resume_replays_missed_events_in_order_without_presence(server):
    a, b, _ = await _pair_in(server)
    last = (await a.request({"t": "say", "room": "lobby", "text": "one"}))["seq"]
    await b.expect("said", text="one")
    b.ws.transport.abort()  # the phone loses its network, no close frame
    for text in ("two", "three"):
        await a.request({"t": "say", "room": "lobby", "text": text})
    back = await WireClient.open(server.url)
    await back.send({"t": "hello", "ref": 1, "nick": "b", "resume": {"session": b.welcome["session"],
                                                                     "rooms": {"lobby": last}}})
    welcome = await back.expect("welcome")
    assert welcome["resumed"] is True
    assert welcome["session"] == b.welcome["session"] and welcome["user"] == b.welcome["user"]
    replay = [await back.expect("said") for _ in range(2)]
    assert [m["text"] for m in replay] == ["two", "three"]
    assert [m["seq"] for m in replay] == [last + 1, last + 2]
    assert not [m for m in await a.quiet(0.3) if m["t"] == "presence"]  # a resume makes no presence
    await a.request({"t": "say", "room": "lobby", "text": "four"})
    assert (await back.expect("said"))["text"] == "four"


async def test_resume_with_a_gap_or_unlisted_room_gets_reset(server_factory):
    server = server_factory({"REPLAY_EVENTS": "2"})
    a, b, _ = await _pair_in(server)
    await b.request({"t": "join", "room": "stage:1"})
    b.ws.transport.abort()
    for i in range(5):
        await a.request({"t": "say", "room": "lobby", "text": f"m{i}"})
    back = await WireClient.open(server.url)
    await back.send({"t": "hello", "nick": "b", "resume": {"session": b.welcome["session"], "rooms": {"lobby": 1}}})
    assert (await back.expect("welcome"))["resumed"] is True
    resets = {(await back.expect("reset"))["room"] for _ in range(2)}
    assert resets == {"lobby", "stage:1"}
    again = await back.request({"t": "join", "room": "lobby"})  # the client joins again: same membership
    assert again["t"] == "ok" and [h["text"] for h in again["history"]][-1] == "m4"


async def test_resume_listing_a_circle_opened_again_gets_reset(server):
    a = await WireClient.hello(server.url, "a")
    await a.request({"t": "join", "room": "lobby"})
    joined = await a.request({"t": "join", "room": "circle:tea"})
    await a.request({"t": "leave", "room": "circle:tea"})  # empty: the circle is removed
    others = [await WireClient.hello(server.url, f"o{i}") for i in range(2)]
    for o in others:  # opened again by others, and it moves on past a's last seq
        await o.request({"t": "join", "room": "circle:tea"})
    for i in range(3):
        await others[0].request({"t": "say", "room": "circle:tea", "text": f"new {i}"})
    a.ws.transport.abort()
    back = await WireClient.open(server.url)
    await back.send({"t": "hello", "nick": "a", "resume": {"session": a.welcome["session"],
                                                           "rooms": {"lobby": 10**6, "circle:tea": joined["seq"]}}})
    assert (await back.expect("welcome"))["resumed"] is True
    resets = {(await back.expect("reset"))["room"] for _ in range(2)}
    assert resets == {"lobby", "circle:tea"}  # lobby: a seq from the future; the circle: not the same one
    assert not [m for m in await back.quiet(0.3) if m["t"] == "said"]  # none of the new circle's talk


async def test_unknown_session_gets_a_fresh_welcome(server):
    c = await WireClient.open(server.url)
    await c.send({"t": "hello", "nick": "c", "resume": {"session": "s_nope", "rooms": {"lobby": 3}}})
    welcome = await c.expect("welcome")
    assert welcome["resumed"] is False and welcome["session"] != "s_nope"


async def test_a_newer_connection_replaces_the_old_one_with_4011(server):
    a, b, _ = await _pair_in(server)
    newer = await WireClient.open(server.url)
    await newer.send({"t": "hello", "nick": "b", "resume": {"session": b.welcome["session"], "rooms": {}}})
    assert (await newer.expect("welcome"))["resumed"] is True
    await asyncio.wait_for(b.ws.wait_closed(), 5)
    assert b.ws.close_code == 4011
    assert (await newer.request({"t": "say", "room": "lobby", "text": "still here"}))["t"] == "ok"


async def test_a_dropped_visitor_leaves_after_the_grace_period(server_factory):
    server = server_factory({"SESSION_GRACE_S": "1"})
    a, b, _ = await _pair_in(server)
    b.ws.transport.abort()
    gone = await a.expect("presence", timeout=5)
    assert gone["leaves"] == [b.welcome["user"]["id"]]
    late = await WireClient.open(server.url)
    await late.send({"t": "hello", "nick": "b", "resume": {"session": b.welcome["session"], "rooms": {"lobby": 1}}})
    assert (await late.expect("welcome"))["resumed"] is False


async def test_no_hello_within_the_deadline_closes_4001(server_factory):
    server = server_factory({"HELLO_TIMEOUT_S": "0.5"})
    silent = await RawWebSocket.connect(server.port)
    assert await silent.close_code(5) == 4001


async def test_heartbeat_keeps_live_clients_and_drops_silent_ones(server_factory):
    from tests.support.probe import wait_metric

    server = server_factory({"HEARTBEAT_S": "0.5"})
    live = await WireClient.hello(server.url, "live")  # websockets answers pings by itself
    silent = await RawWebSocket.connect(server.port)
    silent.send_frame(b'{"t":"hello","nick":"silent"}')
    silent.stop_reading()  # never reads, so never answers a ping
    assert await wait_metric(server.http, "tsunagaru_heartbeat_timeouts_total", 1, timeout=6) == 1
    assert (await live.request({"t": "ping"}))["t"] == "pong"
    assert live.welcome["heartbeat_s"] == 0.5
