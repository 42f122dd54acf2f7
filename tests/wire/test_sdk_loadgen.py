"""Wire tests of the Python SDK and the load generator against a real server process.

The `server` and `server_factory` fixtures (tests/conftest.py) start
`python -m server serve --demo` on a free loopback port.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clients.loadgen import decode_stamp, encode_stamp, make_text, read_text
from clients.sdk import Client, Disconnected, ServerError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("codec_a,codec_b", [("json", "msgpack"), ("msgpack", "json")])
async def test_two_sdk_clients_see_each_other(server, codec_a, codec_b):
    async with await Client.connect(server.url, nick="あおい", codec=codec_a) as a, \
            await Client.connect(server.url, nick="Ben", codec=codec_b, lang="en") as b:
        assert a.session and a.session != b.session
        assert a.user["nick"] == "あおい" and a.user["role"] == "visitor" and a.node
        joined_a = await a.join("lobby", 3, 4)
        joined_b = await b.join("lobby")
        assert joined_b["seq"] == joined_a["seq"] + 1
        assert {m["id"] for m in joined_b["members"]} == {a.user["id"], b.user["id"]}
        assert joined_b["info"]["capacity"] is None

        presence = await a.next_event("presence", room="lobby")
        assert [m["id"] for m in presence["joins"]] == [b.user["id"]]
        assert a.seqs["lobby"] == b.seqs["lobby"] == presence["seq"]

        ok = await b.say("lobby", "はじめまして")
        assert ok["t"] == "ok" and ok["seq"] == presence["seq"] + 1
        for c in (a, b):  # the sender gets its own `said` too
            said = await c.next_event("said")
            assert said["id"] == ok["id"] and said["text"] == "はじめまして"
            assert said["from"]["id"] == b.user["id"] and c.seqs["lobby"] == ok["seq"]

        assert await b.move("lobby", 5, 6)
        moves = await a.next_event("moves")
        assert [b.user["id"], 5, 6] in [list(m) for m in moves["batch"]]

        pong = await a.ping()
        assert pong["t"] == "pong" and isinstance(pong["ts"], int)

        with pytest.raises(ServerError) as too_long:
            await a.say("lobby", "あ" * 501)
        assert too_long.value.code == "too_large" and too_long.value.message
        with pytest.raises(ServerError) as outsider:
            await a.leave("stage:1")
        assert outsider.value.code == "not_member"
        unknown = await a.request({"t": "dance"})
        assert unknown["t"] == "error" and unknown["code"] == "unknown_type"

        await b.close()
        left = await a.next_event("presence", room="lobby")
        assert left["leaves"] == [b.user["id"]]
        assert b.closed_code == 1000 and b.done
    assert a.done and a.gaps == 0


async def test_events_iterator_flattens_batches_in_order(server):
    async with await Client.connect(server.url, nick="a") as a, \
            await Client.connect(server.url, nick="b", codec="msgpack") as b:
        await a.join("circle:batch")
        await b.join("circle:batch")
        oks = await asyncio.gather(*(b.say("circle:batch", f"line {i}") for i in range(8)))
        seen = []
        async for event in a.events():
            if event["t"] == "said":
                seen.append(event)
                if len(seen) == 8:
                    break
        assert [e["seq"] for e in seen] == sorted(o["seq"] for o in oks)
        assert {e["text"] for e in seen} == {f"line {i}" for i in range(8)}


async def test_bad_frame_is_an_event_and_the_connection_stays(server):
    async with await Client.connect(server.url, nick="a", codec="msgpack") as a:
        await a.send_raw(b"\xc1")  # never valid MessagePack
        error = await a.next_event("error")
        assert error["code"] == "bad_frame" and "ref" not in error
        assert (await a.ping())["t"] == "pong"


async def test_drop_then_auto_resume_replays_missed_said_in_order(server):
    a = await Client.connect(server.url, nick="a")
    b = await Client.connect(server.url, nick="b", codec="msgpack")
    try:
        await a.join("lobby")
        await b.join("lobby")
        await a.next_event("presence")
        session, user_id, last = a.session, a.user["id"], a.seqs["lobby"]

        a.ws.transport.abort()  # the train enters a tunnel: no close frame
        sent = [await b.say("lobby", f"missed {i}") for i in range(5)]

        welcome = await a.next_event("welcome", timeout=10)
        assert welcome["resumed"] is True
        assert a.session == session and a.user["id"] == user_id and a.resumes == 1
        replayed = [await a.next_event("said", timeout=5) for _ in sent]
        assert [e["seq"] for e in replayed] == [s["seq"] for s in sent]
        assert [e["text"] for e in replayed] == [f"missed {i}" for i in range(5)]
        assert replayed[0]["seq"] == last + 1 and a.gaps == 0
        assert 1006 in a.close_codes and a.connected

        # b saw no leave and no join: a resume causes no presence event
        assert all(e["t"] != "presence" for e in list(b._events))
        ok = await a.say("lobby", "ただいま")
        saids = [await b.next_event("said") for _ in range(len(sent) + 1)]  # its own five, then a's
        assert saids[-1]["id"] == ok["id"] and saids[-1]["seq"] == sent[-1]["seq"] + 1
    finally:
        await a.close()
        await b.close()


async def test_resume_past_the_replay_window_gets_reset_and_rejoins(server_factory):
    server = server_factory({"REPLAY_EVENTS": "2", "HISTORY_COUNT": "2"})
    a = await Client.connect(server.url, nick="a")
    b = await Client.connect(server.url, nick="b")
    try:
        await a.join("circle:window", 1, 2)
        await b.join("circle:window")
        await a.next_event("presence")
        a.ws.transport.abort()
        for i in range(6):
            await b.say("circle:window", f"line {i}")
        reset = await a.next_event("reset", timeout=10)
        assert reset["room"] == "circle:window"
        rejoined = await a.next_event("rejoined", timeout=5)
        assert rejoined["room"] == "circle:window" and a.seqs["circle:window"] == rejoined["seq"]
        assert "circle:window" in a.rooms
        ok = await b.say("circle:window", "おかえり")
        assert (await a.next_event("said", room="circle:window"))["seq"] == ok["seq"]
    finally:
        await a.close()
        await b.close()


async def test_final_close_codes_do_not_resume(server_factory):
    server = server_factory({"STATIC_TOKENS": "moderator:moderator-secret-0123456789"})
    with pytest.raises(Disconnected) as refused:
        await Client.connect(server.url, nick="x", token="guess-guess-guess-guess")
    assert refused.value.code == 4001


def test_stamp_letters_round_trip():
    for ns in (0, 1, 2**63 + 12345, 2**64 - 1):
        letters = encode_stamp(ns)
        assert len(letters) == 32 and letters.isalpha() and not any(c in "aeiou" for c in letters)
        assert decode_stamp(letters) == ns
    assert read_text(make_text(42, "bcdfgh"), "bcdfgh") == 42
    assert read_text(make_text(42, "bcdfgh"), "zzzzzz") is None
    assert read_text("lg hello world", "bcdfgh") is None


def _loadgen(url: str, *args: str, timeout: float = 60) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "clients.loadgen", "--url", url, *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr
    return json.loads(lines[-1])


@pytest.mark.parametrize("codec,rooms", [("json", ["--rooms", "2"]), ("msgpack", ["--room", "lobby"])])
def test_loadgen_delivers_everything(server, codec, rooms):
    report = _loadgen(server.url, "--clients", "10", "--rate", "2", "--seconds", "2",
                      "--warmup", "0.5", "--codec", codec, *rooms)
    assert report["connections"] == 10 and report["failed"] == 0 and report["joined"] == 10
    assert report["sent"] >= 30 and report["accepted"] == report["sent"]
    assert report["expected"] > 0 and report["delivered"] == report["expected"]
    assert report["delivered_ratio"] == 1.0 and report["errors"] == {}
    assert report["close_codes"] == {"1000": 10} and not report["deadline_hit"]
    lat = report["latency_ms"]
    assert lat["count"] == report["delivered"] and 0 <= lat["p50"] <= lat["p99"] <= lat["max"]



@pytest.mark.parametrize("codec", ["json", "msgpack"])
def test_loadgen_walks_and_times_each_position_it_is_sent(server, codec):
    """`--move-rate`: every client walks; each position a peer is sent is matched to when it was sent.
    `--observe 2`: only two clients read what they receive, so chat is expected at those two alone,
    while the bytes every client received are still counted."""
    report = _loadgen(server.url, "--clients", "6", "--room", "lobby", "--place", "12x12", "--rate", "1",
                      "--move-rate", "5", "--seconds", "1.5", "--warmup", "0.3", "--observe", "2", "--codec", codec)
    moves = report["moves"]
    assert report["joined"] == 6 and report["errors"] == {} and not report["deadline_hit"]
    assert moves["sent"] >= 6 * 6  # 5 a second for 1.5 s, the first at a random point of the first 0.2 s
    # two observers, each sent the other five's positions (coalesced per tick), every one of them timed
    assert moves["entries_received"] >= 2 * 5 and moves["latency_ms"]["count"] == moves["entries_received"]
    assert 0 <= moves["latency_ms"]["p50"] <= moves["latency_ms"]["p99"]
    assert report["expected"] == 2 * report["accepted"] and report["delivered"] == report["expected"]
    assert report["received"]["bytes"] > 0 and report["received"]["bytes_per_client_per_s"] > 0


def test_two_loadgens_start_together_in_one_room(server):
    """`--start-at`: two processes, a probe whose clients all read and a bulk part that reads nothing but
    replies (`--observe 0`), send in one window. The probe is sent the bulk's positions too (received, not
    timed: a process times only its own movers), and every line the bulk said is still accepted."""
    start_at = time.time() + 4
    common = ["--url", server.url, "--room", "lobby", "--place", "12x12", "--rate", "1", "--move-rate", "4",
              "--seconds", "1.5", "--start-at", str(start_at)]
    procs = [subprocess.Popen([sys.executable, "-m", "clients.loadgen", *common, *extra], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for extra in (["--clients", "2", "--nick-prefix", "probe"],
                           ["--clients", "4", "--observe", "0", "--nick-prefix", "bulk"])]
    probe, bulk = (json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in procs)
    assert time.time() >= start_at + 1.5  # neither sent before the shared start
    assert probe["joined"] == 2 and bulk["joined"] == 4
    for report in (probe, bulk):
        assert report["errors"] == {} and not report["deadline_hit"] and report["late_start_s"] is not None
    assert bulk["sent"] > 0 and bulk["accepted"] == bulk["sent"] and bulk["expected"] == 0
    assert probe["expected"] == 2 * probe["accepted"] and probe["delivered"] == probe["expected"]
    moves = probe["moves"]
    assert 0 < moves["latency_ms"]["count"] < moves["entries_received"]  # its own movers timed, the bulk's not
    assert bulk["moves"]["sent"] > 0 and bulk["moves"]["entries_received"] == 0


async def test_the_sdk_keeps_its_device_so_a_mute_follows_it(server_factory):
    secret = "moderator-secret-for-sdk-test-01"
    server = server_factory({"STATIC_TOKENS": f"moderator:{secret}"})
    async with await Client.connect(server.url, nick="mod", token=secret) as mod:
        async with await Client.connect(server.url, nick="first") as a:
            assert a.device
            await mod.request({"t": "mod.mute", "user": a.user["id"], "minutes": 5})
            device = a.device
        async with await Client.connect(server.url, nick="second", device=device) as b:
            assert b.device == device and b.user["id"] != a.user["id"]
            await b.join("lobby")
            with pytest.raises(ServerError) as muted:
                await b.say("lobby", "hello again")
            assert muted.value.code == "blocked"
