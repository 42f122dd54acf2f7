"""Bad input on the wire: each gets the documented error or close code, and the
others in the room carry on as if nothing happened."""
from __future__ import annotations

import asyncio
import json

import msgpack
import pytest
from websockets.exceptions import ConnectionClosed

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK
from tests.support.probe import metrics_async, wait_metric
from tests.support.rawws import RawWebSocket
from tests.support.wsclient import WireClient


async def _room_with_observer(server):
    """An observer and a speaker in the lobby; returns both."""
    observer = await WireClient.hello(server.url, "みまもり")
    speaker = await WireClient.hello(server.url, "はなす")
    await observer.request({"t": "join", "room": "lobby"})
    await speaker.request({"t": "join", "room": "lobby"})
    await observer.expect("presence")
    return observer, speaker


async def _room_still_works(observer: WireClient, speaker: WireClient, text: str) -> None:
    ok = await speaker.request({"t": "say", "room": "lobby", "text": text})
    assert ok["t"] == "ok"
    seen = await observer.expect("said", text=text)
    assert seen["seq"] == ok["seq"]


async def _messages(raw: RawWebSocket, n: int, decode, opcode: int) -> list[dict]:
    """The next `n` messages on a raw socket, taking batches apart."""
    got: list[dict] = []
    while len(got) < n:
        op, payload = await raw.recv_frame()
        assert op == opcode
        value = decode(payload)
        got.extend(value if isinstance(value, list) else [value])
    return got


@pytest.mark.parametrize("codec", ["json", "msgpack"])
async def test_malformed_messages_get_errors_and_the_connection_stays(server, codec):
    observer, speaker = await _room_with_observer(server)
    bad = await WireClient.hello(server.url, "いたずら", codec, lang="en")
    await bad.request({"t": "join", "room": "lobby"})
    await observer.expect("presence")
    cases = [
        ([1, 2, 3], "bad_frame"),  # not a map
        ({"t": "join", "ref": 10, "room": 5}, "bad_request"),  # wrong field type
        ({"t": "say", "ref": 11, "room": "lobby", "text": 123}, "bad_request"),
        ({"t": "teleport", "ref": 12}, "unknown_type"),
        ({"ref": 13}, "bad_request"),  # no t
    ]
    for message, code in cases:
        await bad.send(message)
        reply = await bad.expect("error")
        assert reply["code"] == code, message
        assert isinstance(reply["message"], str) and reply["message"]
        if isinstance(message, dict) and "ref" in message:
            assert reply["ref"] == message["ref"]
    # five bad frames within 10 s are tolerated; the connection is still usable
    assert (await bad.request({"t": "ping", "ref": 99}))["t"] == "pong"
    # a ref that is not valid: error without it
    other = await WireClient.hello(server.url, "ref", codec)
    too_big = [2**64] if codec == "json" else []  # MessagePack cannot even carry it
    for ref in ["r" * 65, True, [1], 1.5, *too_big]:
        await other.send({"t": "ping", "ref": ref})
        reply = await other.expect("error")
        assert reply["code"] == "bad_request" and "ref" not in reply
    await _room_still_works(observer, speaker, "まだ話せるよ")
    assert not [m for m in await observer.quiet(0.2) if m["t"] in ("said", "presence")]


async def test_garbage_in_either_codec_is_a_bad_frame(server):
    observer, speaker = await _room_with_observer(server)
    as_json = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    as_json.send_frame(b'{"t": "hello", "nick": ', 0x1)
    as_json.send_frame(b"\x81\xa1t\xa4ping", 0x2)  # binary on a JSON connection
    assert [m["code"] for m in await _messages(as_json, 2, json.loads, 0x1)] == ["bad_frame"] * 2
    as_mp = await RawWebSocket.connect(server.port, SUBPROTOCOL_MSGPACK)
    assert as_mp.protocol == SUBPROTOCOL_MSGPACK
    as_mp.send_frame(b"\xc1\xff\x00garbage", 0x2)  # 0xc1 is never used in MessagePack
    as_mp.send_frame(b'{"t":"ping"}', 0x1)  # text on a MessagePack connection
    as_mp.send_frame(msgpack.packb({"t": "ping"}) + b"\x00", 0x2)  # trailing bytes
    assert [m["code"] for m in await _messages(as_mp, 3, msgpack.unpackb, 0x2)] == ["bad_frame"] * 3
    await _room_still_works(observer, speaker, "だいじょうぶ")


async def test_no_subprotocol_or_unknown_ones_get_json(server):
    plain = await RawWebSocket.connect(server.port, None)
    assert plain.protocol is None
    plain.send_frame(json.dumps({"t": "ping", "ref": 1}).encode())
    op, payload = await plain.recv_frame()
    assert op == 0x1 and json.loads(payload)["code"] == "not_welcomed"
    odd = await RawWebSocket.connect(server.port, "chat.v9")
    odd.send_frame(json.dumps({"t": "hello", "nick": "x", "ref": 1}).encode())
    op, payload = await odd.recv_frame()
    assert op == 0x1 and json.loads(payload)["t"] == "welcome"


async def test_messages_before_hello_and_second_hello(server):
    c = await WireClient.open(server.url)
    for message in ({"t": "join", "ref": 1, "room": "lobby"}, {"t": "say", "ref": 2, "room": "lobby", "text": "x"}):
        reply = await c.request(message)
        assert reply["code"] == "not_welcomed" and reply["ref"] == message["ref"]
    nick_bad = await c.request({"t": "hello", "nick": "a\u202eb"})
    assert nick_bad["code"] == "bad_request"  # and the client may try again
    too_long = await c.request({"t": "hello", "nick": "あ" * 21})
    assert too_long["code"] == "bad_request"
    ok = await c.request({"t": "hello", "nick": "あ" * 20, "age_band": "u15"})
    assert ok["t"] == "welcome"
    again = await c.request({"t": "hello", "nick": "b"})
    assert again["code"] == "bad_request"


async def test_frame_limit_is_exact_and_oversize_closes_1009(server):
    observer, speaker = await _room_with_observer(server)
    exact = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    body = json.dumps({"t": "ping", "ref": 1, "pad": ""}).encode()
    padded = body[:-2] + b"x" * (16_384 - len(body)) + b'"}'
    assert len(padded) == 16_384
    exact.send_frame(padded)
    op, payload = await exact.recv_frame()
    assert json.loads(payload)["code"] == "not_welcomed"  # accepted and answered

    over = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    over.send_frame(padded + b" ")
    assert await over.close_code() == 1009
    megaref = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    megaref.send_frame(json.dumps({"t": "ping", "ref": "x" * 1_000_000}).encode())
    # The server closes with 1009 as soon as it reads the header; the client is still
    # writing, so TCP may reset the socket before the close frame is read here.
    assert await megaref.close_code() in (1009, None)
    assert await wait_metric(server.http, "tsunagaru_oversized_closed_total", 2) == 2
    await _room_still_works(observer, speaker, "大きすぎる人がいたけど平気")


async def test_invalid_utf8_closes_1007(server):
    observer, speaker = await _room_with_observer(server)
    raw = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    raw.send_frame(b'{"t":"hello","nick":"\xff\xfe"}', 0x1)
    assert await raw.close_code() == 1007
    await _room_still_works(observer, speaker, "文字化けさんは退場")


async def test_long_texts_and_odd_coordinates(server):
    observer, speaker = await _room_with_observer(server)
    too_long = await speaker.request({"t": "say", "room": "lobby", "text": "a" * 10_000})
    assert too_long["code"] == "too_large"
    exactly = await speaker.request({"t": "say", "room": "lobby", "text": "あ" * 500})
    assert exactly["t"] == "ok"
    over = await speaker.request({"t": "say", "room": "lobby", "text": "あ" * 501})
    assert over["code"] == "too_large"
    # JSON cannot carry NaN: the frame is not standard JSON
    await speaker.ws.send('{"t":"move","room":"lobby","x":NaN,"y":1}')
    assert (await speaker.expect("error"))["code"] == "bad_frame"
    await speaker.ws.send('{"t":"move","room":"lobby","x":1e999,"y":1,"ref":7}')
    assert (await speaker.expect("error"))["code"] in ("bad_frame", "bad_request")
    await speaker.send({"t": "move", "room": "lobby", "x": "3", "y": 1, "ref": 8})
    assert (await speaker.expect("error", ref=8))["code"] == "bad_request"
    # MessagePack can carry NaN and infinity: refused, never stored or relayed
    mp = await WireClient.hello(server.url, "mp", "msgpack")
    for bad in ("1", True):  # a wrongly typed field is a bad request, not a random spot
        refused = await mp.request({"t": "join", "room": "hall:1", "x": bad, "y": 1})
        assert refused["code"] == "bad_request" and refused["message"]
    await mp.request({"t": "join", "room": "lobby"})
    for x in (float("nan"), float("inf"), -float("inf")):
        await mp.send({"t": "move", "room": "lobby", "x": x, "y": 2.0, "ref": 5})
        assert (await mp.expect("error", ref=5))["code"] == "bad_request"
    await mp.send({"t": "move", "room": "lobby", "x": -5, "y": 2.5})
    moves = await observer.expect("moves")
    assert moves["batch"] == [[mp.welcome["user"]["id"], 0.0, 2.5]]
    late = await WireClient.hello(server.url, "late")
    snap = await late.request({"t": "join", "room": "lobby"})
    for m in snap["members"]:
        assert all(isinstance(m[k], (int, float)) and m[k] == m[k] for k in ("x", "y"))
    await _room_still_works(observer, speaker, "座標も大丈夫")


async def test_joining_a_thousand_rooms_is_bounded(server):
    observer, speaker = await _room_with_observer(server)
    greedy = await WireClient.hello(server.url, "greedy")
    rooms = ["lobby", "hall:1", "hall:2", "stage:1", "hall:1~2", "hall:1~3", "circle:c0", "circle:c1",
             "hall:1~4", "hall:2~2", "circle:c2", "circle:c3"]
    replies = [await greedy.request({"t": "join", "room": room}) for room in rooms]
    assert [r["t"] for r in replies[:8]] == ["ok"] * 8  # eight rooms per session (two of them circles)
    assert {r["code"] for r in replies[8:]} == {"forbidden"}
    try:  # then the other 988 as fast as the socket takes them
        for i in range(12, 1000):
            await greedy.send({"t": "join", "ref": i, "room": f"circle:c{i}"})
        while True:
            reply = await greedy.recv(1.0)
            if reply["t"] == "notice":  # still going after rate_limited: muted first
                assert reply["code"] == "muted"
                continue
            assert reply["t"] == "error" and reply["code"] in ("forbidden", "rate_limited")
    except (ConnectionClosed, TimeoutError, asyncio.TimeoutError):
        pass
    assert greedy.ws.close_code in (None, 4008)
    rooms = (await metrics_async(server.http))["tsunagaru_rooms"]
    assert rooms <= 10 + 8  # the demo's fixed rooms plus one session's circles
    await _room_still_works(observer, speaker, "部屋集めの人がいても平気")


async def test_too_many_bad_frames_close_4008(server):
    observer, speaker = await _room_with_observer(server)
    raw = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON)
    for _ in range(6):
        raw.send_frame(b"not json")
    assert await raw.close_code() == 4008
    await _room_still_works(observer, speaker, "荒らしは去った")


async def test_a_flood_closes_4008_and_others_carry_on(server):
    observer, speaker = await _room_with_observer(server)
    flooder = await WireClient.hello(server.url, "flood")
    await flooder.request({"t": "join", "room": "lobby"})
    await observer.expect("presence")
    rate_limited = 0
    try:
        for i in range(400):
            await flooder.send({"t": "say", "room": "lobby", "text": f"spam {i}", "ref": i})
        while True:
            reply = await flooder.recv(2.0)
            rate_limited += reply.get("code") == "rate_limited"
    except Exception:
        pass
    assert rate_limited > 0 or flooder.ws.close_code == 4008
    assert flooder.ws.close_code == 4008
    spam_seen = [m for m in await observer.quiet(0.5) if m["t"] == "said"]
    assert len(spam_seen) <= 25  # the burst allowance, not 400
    await _room_still_works(observer, speaker, "静かになった")


async def test_a_client_that_never_reads_is_closed_4009(server_factory):
    server = server_factory({"SEND_QUEUE_BYTES": "65536", "REQUESTS_PER_S": "1000", "REQUESTS_BURST": "1000",
                             "FRAMES_PER_S": "2000", "FRAMES_BURST": "2000", "FLOOD_STRIKES": "1000000", "USER_SAYS_PER_S": "100000", "USER_SAYS_BURST": "100000"})
    observer, speaker = await _room_with_observer(server)
    sleeper = await RawWebSocket.connect(server.port, SUBPROTOCOL_JSON, rcvbuf=4096)
    sleeper.send_frame(json.dumps({"t": "hello", "nick": "zzz"}).encode())
    sleeper.send_frame(json.dumps({"t": "join", "room": "lobby", "ref": 1}).encode())
    await observer.expect("presence")
    sleeper.stop_reading()
    # From now on the sleeper never reads. The kernel buffers a few MB before the
    # server's own queue for it grows, so the speaker sends up to 12 MB (bounded).
    seen = {"observer": 0}

    async def keep_reading(client: WireClient, key: str) -> None:
        while True:
            message = await client.recv(30)
            seen[key] = seen.get(key, 0) + (message["t"] == "said")

    readers = [asyncio.create_task(keep_reading(observer, "observer")),
               asyncio.create_task(keep_reading(speaker, "speaker"))]
    text = "長い" * 240
    sent = 0
    for round_ in range(160):
        for i in range(50):
            await speaker.send({"t": "say", "room": "lobby", "text": f"{round_}-{i} {text}"})
            sent += 1
        await asyncio.sleep(0.02)
        metrics = await metrics_async(server.http)
        if metrics["tsunagaru_slow_consumers_closed_total"] >= 1:
            break
    else:
        pytest.fail(f"the client that never reads was not closed: {sent=} {seen=} {metrics=}")
    assert metrics["tsunagaru_slow_consumers_closed_total"] == 1  # the sleeper only
    assert metrics["tsunagaru_send_queue_high_water_bytes"] > 65536
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    accepted = metrics["tsunagaru_messages_said_total"]
    while seen["observer"] < accepted and loop.time() < deadline:  # every accepted message reached the observer
        await asyncio.sleep(0.05)
    assert seen["observer"] == accepted
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    observer.inbox.clear()
    await _room_still_works(observer, speaker, "ねぼすけは切断")
    sleeper.abort()
