"""Unit tests of the wire codecs and server frame building (server/codec.py)."""
from __future__ import annotations

import struct

import msgpack
import orjson
import pytest

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK
from server.ws.codec import CODECS, JSON, MSGPACK, DecodeError, codec_for

MESSAGES = [
    {"t": "presence", "room": "lobby", "seq": 1, "joins": [{"id": "u1", "nick": "アキ", "role": "visitor", "x": 1.5, "y": 2}], "leaves": []},
    {"t": "said", "room": "lobby", "seq": 2, "id": "m1", "from": {"id": "u1", "nick": "アキ", "role": "visitor"}, "text": "こんにちは！", "ts": 1_700_000_000_000},
    {"t": "moves", "room": "lobby", "batch": [["u1", 3.0, 4.25], ["u2", 0, 24]]},
    {"t": "pong", "ref": "r-1", "ts": 1},
]


def json_loads(data: bytes):
    return orjson.loads(data)


def msgpack_loads(data: bytes):
    return msgpack.unpackb(data, raw=False)


LOADS = {"json": json_loads, "msgpack": msgpack_loads}


# -- frames -------------------------------------------------------------------------------

@pytest.mark.parametrize("codec,opcode", [(JSON, 0x81), (MSGPACK, 0x82)])
@pytest.mark.parametrize("size,header", [
    (0, b"\x00"),
    (125, b"\x7d"),
    (126, b"\x7e\x00\x7e"),
    (65535, b"\x7e\xff\xff"),
    (65536, b"\x7f\x00\x00\x00\x00\x00\x01\x00\x00"),
])
def test_frame_is_byte_exact(codec, opcode, size, header):
    payload = bytes(i % 251 for i in range(size))
    frame = codec.frame(payload)
    assert frame == bytes([opcode]) + header + payload
    assert frame[1] & 0x80 == 0  # server frames are never masked


def test_frame_of_a_large_payload_uses_the_64_bit_length():
    payload = b"x" * 70_000
    frame = JSON.frame(payload)
    assert frame[:2] == b"\x81\x7f"
    assert struct.unpack(">Q", frame[2:10])[0] == 70_000
    assert frame[10:] == payload


# -- encode / batch ------------------------------------------------------------------------

@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m["t"])
def test_encode_then_decode_round_trips(codec, message):
    data = codec.encode(message)
    assert isinstance(data, bytes)
    wire = data.decode() if codec is JSON else data
    assert codec.decode(wire) == message


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
@pytest.mark.parametrize("n", [2, 3, 4, 15, 16, 17, 300])
def test_batch_decodes_back_to_the_list(codec, n):
    messages = [dict(MESSAGES[i % len(MESSAGES)], n=i) for i in range(n)]
    batch = codec.batch([codec.encode(m) for m in messages])
    assert LOADS[codec.name](batch) == messages
    wire = batch.decode() if codec is JSON else batch
    assert codec.decode(wire) == messages


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_batch_of_one_is_the_message_itself(codec):
    one = codec.encode(MESSAGES[0])
    assert codec.batch([one]) == one
    assert LOADS[codec.name](codec.batch([one])) == MESSAGES[0]


def test_msgpack_batch_headers():
    part = MSGPACK.encode(1)
    assert MSGPACK.batch([part] * 15)[:1] == b"\x9f"
    assert MSGPACK.batch([part] * 16)[:3] == b"\xdc\x00\x10"
    big = MSGPACK.batch([part] * 65536)
    assert big[:5] == b"\xdd\x00\x01\x00\x00"
    assert msgpack_loads(big) == [1] * 65536


def test_json_batch_is_a_json_array():
    batch = JSON.batch([JSON.encode(m) for m in MESSAGES])
    assert batch.startswith(b"[") and batch.endswith(b"]")
    assert json_loads(batch) == MESSAGES


def test_batch_then_frame_is_one_server_frame():
    batch = MSGPACK.batch([MSGPACK.encode(m) for m in MESSAGES])
    frame = MSGPACK.frame(batch)
    assert frame[0] == 0x82
    assert msgpack_loads(frame[2:] if len(batch) < 126 else frame[4:]) == MESSAGES


def test_json_encoding_never_emits_nan_or_infinity():
    data = JSON.encode({"x": float("nan"), "y": float("inf")})
    assert b"NaN" not in data and b"Infinity" not in data
    assert json_loads(data) == {"x": None, "y": None}


# -- decode errors --------------------------------------------------------------------------

def test_binary_frame_on_json_is_a_decode_error():
    with pytest.raises(DecodeError):
        JSON.decode(b'{"t":"ping"}')


def test_text_frame_on_msgpack_is_a_decode_error():
    with pytest.raises(DecodeError):
        MSGPACK.decode('{"t":"ping"}')


@pytest.mark.parametrize("garbage", [
    b"",  # nothing
    b"\xc1",  # the one byte MessagePack never uses
    b"\x91",  # an array of one, with nothing in it
    b"\x82\xa1t",  # a map cut short
    b"\xa3ab",  # a string cut short
    b"\xa2\xff\xfe",  # a string that is not UTF-8
    b"\x81\x01\x02",  # a map with an integer key
    b"\xdd\xff\xff\xff\xff",  # a huge array header with no items
])
def test_garbage_msgpack_is_a_decode_error(garbage):
    with pytest.raises(DecodeError):
        MSGPACK.decode(garbage)


def test_msgpack_trailing_data_is_a_decode_error():
    with pytest.raises(DecodeError):
        MSGPACK.decode(msgpack.packb({"t": "ping"}) + b"\x01")
    with pytest.raises(DecodeError):
        MSGPACK.decode(msgpack.packb({"t": "ping"}) * 2)


@pytest.mark.parametrize("text", [
    "NaN", "Infinity", "-Infinity", '{"t":"move","room":"lobby","x":NaN,"y":1}',
    '{"x": Infinity}', "1e400", '{"x": -1e400}',
])
def test_nan_and_infinity_json_is_a_decode_error(text):
    with pytest.raises(DecodeError):
        JSON.decode(text)


@pytest.mark.parametrize("text", [
    '{"t":"ping"} x', '{"t":"ping"}{"t":"ping"}', '{"t":"ping"},', "[1] [2]", "1 2",
])
def test_json_trailing_data_is_a_decode_error(text):
    with pytest.raises(DecodeError):
        JSON.decode(text)


@pytest.mark.parametrize("text", ["", "   ", "{", '{"t":}', "{'t': 'ping'}", "[1,]", "tru"])
def test_malformed_json_is_a_decode_error(text):
    with pytest.raises(DecodeError):
        JSON.decode(text)


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)


def test_decode_accepts_values_that_are_not_maps():
    # shape checks are the request parser's job (bad_frame), not the codec's
    assert JSON.decode("[1, 2]") == [1, 2]
    assert MSGPACK.decode(msgpack.packb("x")) == "x"


# -- negotiation ----------------------------------------------------------------------------

def test_codec_for_subprotocols():
    assert codec_for(SUBPROTOCOL_MSGPACK) is MSGPACK
    assert codec_for(SUBPROTOCOL_JSON) is JSON
    assert codec_for(None) is JSON
    assert codec_for("something.else") is JSON
    assert (JSON.name, MSGPACK.name) == ("json", "msgpack")
