"""The default filters on the wire: what a visitor and the others actually see."""
from __future__ import annotations

import asyncio

from tests.support.wsclient import WireClient

SECRET = "moderator-secret-for-tests-0002"


async def _pair(server):
    a = await WireClient.hello(server.url, "あおい", age_band="15-17")
    b = await WireClient.hello(server.url, "みか", age_band="15-17")
    for c in (a, b):
        await c.request({"t": "join", "room": "lobby"})
    return a, b


async def test_a_full_width_phone_number_is_blocked_kindly_and_nobody_sees_it(server):
    a, b = await _pair(server)
    reply = await a.request({"t": "say", "room": "lobby", "text": "でんわして ０９０ー１２３４ー５６７８"})
    assert reply["code"] == "blocked" and "電話番号" in reply["message"]
    for text in ("LINE交換しよ", "ａｏｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "緑中の2年3組です"):
        assert (await a.request({"t": "say", "room": "lobby", "text": text}))["code"] == "blocked"
    ok = await a.request({"t": "say", "room": "lobby", "text": "14:00〜16:00の体験会、参加費500円だって"})
    assert ok["t"] == "ok"
    seen = [m["text"] for m in await b.quiet(0.5) if m["t"] == "said"]
    assert seen == ["14:00〜16:00の体験会、参加費500円だって"]


async def test_a_blocked_nick_gets_a_kind_error(server):
    c = await WireClient.open(server.url)
    await c.send({"t": "hello", "ref": 1, "nick": "090-1234-5678"})
    reply = await c.expect("error")
    assert reply["code"] == "blocked"
    assert (await c.request({"t": "hello", "nick": "あおい"}))["t"] == "welcome"


async def test_a_cry_for_help_gets_support_and_reaches_moderators_not_the_room(server_factory):
    server = server_factory({"STATIC_TOKENS": f"moderator:{SECRET}"})
    mod = await WireClient.hello(server.url, "スタッフ", token=SECRET)
    a, b = await _pair(server)
    reply = await a.request({"t": "say", "room": "lobby", "text": "もう消えたい"})
    assert reply["t"] == "ok" and reply["held"] is True
    support = await a.expect("notice")
    assert support["code"] == "support" and support["items"]
    alert = await mod.expect("alert")
    assert alert["code"] == "crisis" and alert["text"] == "もう消えたい" and alert["rule"].startswith("crisis:")
    assert "session" not in alert and alert["category"] == "crisis"
    assert not [m for m in await b.quiet(0.4) if m["t"] in ("said", "notice")]
    assert (await a.request({"t": "say", "room": "lobby", "text": "ありがとう"}))["t"] == "ok"  # never punished


async def test_harassment_escalates_warn_then_hold_then_mute(server):
    a, b = await _pair(server)
    assert (await a.request({"t": "say", "room": "lobby", "text": "お前きもい"}))["code"] == "blocked"
    assert (await a.expect("notice"))["code"] == "warned"
    held = await a.request({"t": "say", "room": "lobby", "text": "お前ほんとブスだな"})
    assert held["t"] == "ok" and held["held"] is True  # the second time, a moderator decides
    assert (await a.request({"t": "say", "room": "lobby", "text": "学校来んな"}))["code"] == "blocked"
    assert (await a.expect("notice"))["code"] == "muted"
    assert (await a.request({"t": "say", "room": "lobby", "text": "ごめん"}))["code"] == "blocked"
    assert not [m for m in await b.quiet(0.3) if m["t"] == "said"]  # the room saw none of it


async def test_hostile_texts_on_the_wire_leave_the_room_working(server):
    a, b = await _pair(server)
    hostile = [
        "a" + "\u0301" * 499,  # a combining-character storm (500 characters)
        "👨‍👩‍👧‍👦" * 60,  # emoji ZWJ sequences
        "\u202eこんにちは\u202c",  # right-to-left override around ordinary text
        "Привет مرحبا 你好 こんにちは",  # mixed scripts
        "x" * 10_000,  # far too long
        "\u202eLINE教えて",  # a dodge wrapped in an override
    ]
    replies = [await a.request({"t": "say", "room": "lobby", "text": t}) for t in hostile]
    assert [r.get("code", r["t"]) for r in replies] == ["ok", "ok", "ok", "ok", "too_large", "blocked"]
    seen = [m["text"] for m in await b.quiet(0.5) if m["t"] == "said"]
    assert "\u202e" not in "".join(seen)  # overrides never reach others
    assert seen[2] == "こんにちは"
    assert (await b.request({"t": "say", "room": "lobby", "text": "まだ大丈夫"}))["t"] == "ok"
