"""The sans-I/O WebSocket pieces: frame reading and the opening handshake."""
from __future__ import annotations

import base64
import os
import struct

import pytest

from server.ws.handshake import Accepted, Rejected, accept, parse_head, wants_websocket
from server.ws.frames import (OP_BINARY, OP_CLOSE, OP_PING, OP_TEXT, Broken, Control, FrameReader, Message,
                             close_frame, parse_close)

SUBPROTOCOLS = ("tsunagaru.v1.msgpack", "tsunagaru.v1.json")


def client_frame(payload: bytes, opcode: int = OP_TEXT, fin: bool = True, masked: bool = True, rsv: int = 0) -> bytes:
    """A frame as a client sends it (masked), built independently of the reader."""
    b0 = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    mask_bit = 0x80 if masked else 0
    if n < 126:
        head = bytes((b0, mask_bit | n))
    elif n < 0x10000:
        head = bytes((b0, mask_bit | 126)) + struct.pack(">H", n)
    else:
        head = bytes((b0, mask_bit | 127)) + struct.pack(">Q", n)
    if not masked:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def test_text_and_binary_messages_come_out_whole():
    r = FrameReader(1024)
    events = r.feed(client_frame("こんにちは".encode()) + client_frame(b"\x81\x00", OP_BINARY))
    assert events == [Message("こんにちは"), Message(b"\x81\x00")]


def test_a_frame_split_at_every_byte_still_arrives_once():
    frame = client_frame(("x" * 300).encode())  # 16-bit length form
    r = FrameReader(1024)
    events = []
    for i in range(len(frame)):
        events += r.feed(frame[i:i + 1])
    assert events == [Message("x" * 300)]


def test_fragments_are_joined_and_controls_may_interleave():
    r = FrameReader(1024)
    data = (client_frame(b"ab", OP_TEXT, fin=False) + client_frame(b"hi", OP_PING)
            + client_frame(b"cd", 0, fin=False) + client_frame(b"ef", 0, fin=True))
    assert r.feed(data) == [Control(OP_PING, b"hi"), Message("abcdef")]


def test_exactly_the_limit_passes_and_one_byte_more_is_1009():
    r = FrameReader(100)
    assert r.feed(client_frame(b"a" * 100)) == [Message("a" * 100)]
    assert r.feed(client_frame(b"a" * 101)) == [Broken(1009, "message too big")]
    assert r.feed(client_frame(b"a")) == []  # a broken stream reads nothing more


def test_fragments_count_against_the_limit_together():
    r = FrameReader(100)
    events = r.feed(client_frame(b"a" * 60, OP_TEXT, fin=False) + client_frame(b"a" * 60, 0))
    assert events == [Broken(1009, "message too big")]


def test_a_huge_announced_length_is_refused_before_any_payload_arrives():
    r = FrameReader(1 << 20)
    head = bytes((0x81, 0x80 | 127)) + struct.pack(">Q", 1 << 40)
    assert r.feed(head) == [Broken(1009, "message too big")]


@pytest.mark.parametrize("frame, code", [
    (client_frame(b"hi", masked=False), 1002),
    (client_frame(b"hi", rsv=0x40), 1002),
    (client_frame(b"hi", opcode=0x3), 1002),
    (client_frame(b"x" * 126, OP_PING), 1002),
    (client_frame(b"hi", OP_PING, fin=False), 1002),
    (client_frame(b"hi", 0), 1002),
    (client_frame(b"\xff\xfe", OP_TEXT), 1007),
])
def test_protocol_errors_give_their_close_code(frame, code):
    events = FrameReader(1024).feed(frame)
    assert len(events) == 1 and isinstance(events[0], Broken) and events[0].code == code


def test_close_frames_are_read_and_checked():
    assert parse_close(b"") == (1005, "")
    assert parse_close(struct.pack(">H", 1000) + "またね".encode()) == (1000, "またね")
    assert isinstance(parse_close(b"\x03"), Broken)
    assert isinstance(parse_close(struct.pack(">H", 1005)), Broken)
    assert isinstance(parse_close(struct.pack(">H", 1000) + b"\xff"), Broken)


def test_a_long_close_reason_is_cut_on_a_character_boundary():
    frame = close_frame(4003, "あ" * 100)
    assert frame[0] == 0x80 | OP_CLOSE and frame[1] <= 125
    frame[4:].decode("utf-8")  # does not raise


def _head(**headers: str) -> bytes:
    base = {"Host": "x", "Upgrade": "websocket", "Connection": "keep-alive, Upgrade",
            "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": base64.b64encode(b"0123456789abcdef").decode()}
    base.update(headers)
    return ("GET /ws?lang=ja HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in base.items() if v)).encode()


def test_the_rfc_example_key_gets_the_rfc_accept_value():
    head = parse_head(_head(**{"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}))
    assert head is not None and wants_websocket(head, "/ws")
    answer = accept(head, SUBPROTOCOLS)
    assert isinstance(answer, Accepted)
    assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" in answer.response
    assert answer.subprotocol is None


def test_the_clients_first_known_subprotocol_is_chosen():
    head = parse_head(_head(**{"Sec-WebSocket-Protocol": "chat.v9, tsunagaru.v1.json, tsunagaru.v1.msgpack"}))
    answer = accept(head, SUBPROTOCOLS)
    assert isinstance(answer, Accepted) and answer.subprotocol == "tsunagaru.v1.json"
    assert b"Sec-WebSocket-Protocol: tsunagaru.v1.json\r\n" in answer.response


@pytest.mark.parametrize("headers, status", [
    ({"Connection": "keep-alive"}, 400),
    ({"Sec-WebSocket-Version": "8"}, 426),
    ({"Sec-WebSocket-Key": "short"}, 400),
    ({"Sec-WebSocket-Key": ""}, 400),
])
def test_bad_handshakes_are_refused_with_a_reason(headers, status):
    answer = accept(parse_head(_head(**headers)), SUBPROTOCOLS)
    assert isinstance(answer, Rejected) and answer.status == status
    assert answer.response().startswith(f"HTTP/1.1 {status} ".encode())


def test_other_requests_are_not_upgrades():
    assert not wants_websocket(parse_head(b"GET / HTTP/1.1\r\nHost: x"), "/ws")
    assert not wants_websocket(parse_head(b"POST /ws HTTP/1.1\r\nUpgrade: websocket"), "/ws")
    assert parse_head(b"GARBAGE") is None
    assert parse_head(b"GET /ws HTTP/1.1\r\n Folded: header") is None


def test_after_a_protocol_error_the_peer_close_frame_is_still_read():
    """RFC 6455 §7.1.1: the socket ends when the close handshake completes, not on a timer."""
    r = FrameReader(16)
    big = client_frame(b"x" * 40)  # over the limit: 1009, its payload still arriving
    events = r.feed(big[:10])
    assert isinstance(events[0], Broken) and events[0].code == 1009 and len(events) == 1
    assert r.feed(big[10:25]) == []
    close = client_frame(struct.pack(">H", 1009), OP_CLOSE)
    rest = big[25:] + client_frame(b"ignored", OP_TEXT) + close
    events = [e for i in range(len(rest)) for e in r.feed(rest[i:i + 1])]  # split at every byte
    assert events == [Control(OP_CLOSE, struct.pack(">H", 1009))]
    assert r.feed(client_frame(b"after")) == []

    r = FrameReader(1024)
    events = r.feed(client_frame(b"\xff\xfe") + client_frame(b"", OP_CLOSE))  # invalid UTF-8, then the answer
    assert isinstance(events[0], Broken) and events[0].code == 1007
    assert events[1:] == [Control(OP_CLOSE, b"")]
