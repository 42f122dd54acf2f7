"""Unit tests of nick, chat text and room id validation (rooms/names.py)."""
from __future__ import annotations

import time

import pytest

from rooms.names import RoomId, normalize_nick, normalize_text, parse_room_id
from rooms.protocol import BAD_REQUEST, NO_SUCH_ROOM, TOO_LARGE
from rooms.refusal import Refused


def refused_code(value: object) -> str | None:
    return value.code if isinstance(value, Refused) else None


# -- nicks ---------------------------------------------------------------------------

def test_nick_is_nfkc_normalised():
    assert normalize_nick("ＡＢＣ") == "ABC"
    assert normalize_nick("ｱｷ") == "アキ"  # half-width katakana
    assert normalize_nick("ｶﾞ") == "ガ"


def test_nick_is_trimmed():
    assert normalize_nick("  aki  ") == "aki"
    assert normalize_nick("\u3000aki\u3000") == "aki"  # ideographic space -> space (NFKC), trimmed


@pytest.mark.parametrize("nick", ["a", "x" * 20, "Ａ" * 20, "あいう", "aki 2", "\u3300" * 5])
def test_nick_of_1_to_20_chars_after_nfkc_is_accepted(nick):
    assert isinstance(normalize_nick(nick), str)


@pytest.mark.parametrize("nick", ["", "   ", "x" * 21, "Ａ" * 21, "\u3300" * 6])
def test_nick_outside_1_to_20_chars_after_nfkc_is_refused(nick):
    # "\u3300" (SQUARE APAATO) is 4 characters after NFKC: 6 of them are 24
    assert refused_code(normalize_nick(nick)) == BAD_REQUEST


@pytest.mark.parametrize("nick", [
    "ab\u202ecd",  # right-to-left override
    "ab\u200bcd",  # zero-width space
    "\u200b",
    "ab\x00cd",
    "\x00",
    "ab\x07",
    "a\tb",
    "a\nb",
    "a\u2028b",  # line separator
    "a\ufeffb",  # zero-width no-break space
    "a\ud800b",  # lone surrogate
    "a\ue000b",  # private use
])
def test_nick_with_control_or_format_chars_is_refused(nick):
    assert refused_code(normalize_nick(nick)) == BAD_REQUEST


@pytest.mark.parametrize("nick", [None, 1, 1.5, b"aki", ["aki"], {"nick": "aki"}, True])
def test_non_string_nick_is_refused(nick):
    assert refused_code(normalize_nick(nick)) == BAD_REQUEST


# -- chat text -------------------------------------------------------------------------

def test_text_of_500_chars_is_accepted_and_501_is_too_large():
    assert normalize_text("あ" * 500) == "あ" * 500
    assert refused_code(normalize_text("あ" * 501)) == TOO_LARGE


def test_text_length_is_measured_after_nfkc():
    # "\u3300" is one character as typed and four after NFKC
    assert isinstance(normalize_text("\u3300" * 125), str)
    assert refused_code(normalize_text("\u3300" * 126)) == TOO_LARGE
    # composition shrinks: 4 code points of Greek become one character after NFKC
    greek = "\u03b1\u0313\u0300\u0345"
    assert isinstance(normalize_text(greek * 500), str)


def test_text_is_relayed_as_typed():
    assert normalize_text("はじめまして！①") == "はじめまして！①"
    assert normalize_text("ＡＢＣ") == "ＡＢＣ"


def test_text_keeps_newlines_and_tabs_inside_and_is_trimmed():
    assert normalize_text("  one\n\ttwo\n  ") == "one\n\ttwo"


@pytest.mark.parametrize("raw,expected", [
    ("abc\u202edef", "abcdef"),
    ("\u202aabc\u202c", "abc"),
    ("\u2066a\u2067b\u2068c\u2069", "abc"),
    ("a\u200eb\u200fc\u061c", "abc"),
    ("\u202e\u202d!dlrow olleh", "!dlrow olleh"),
])
def test_bidi_controls_are_removed_from_text(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw", ["", " ", "\n\t ", "\u3000", "\u202e", "\u202e \u202c"])
def test_empty_or_whitespace_text_is_refused(raw):
    assert refused_code(normalize_text(raw)) == BAD_REQUEST


@pytest.mark.parametrize("raw", ["a\x00b", "a\x07b", "a\rb", "a\x7fb", "a\x85b", "a\ud800b", "a\ue000b"])
def test_text_with_control_or_unassigned_chars_is_refused(raw):
    assert refused_code(normalize_text(raw)) == BAD_REQUEST


@pytest.mark.parametrize("raw", [None, 5, b"hi", ["hi"], {"text": "hi"}])
def test_non_string_text_is_refused(raw):
    assert refused_code(normalize_text(raw)) == BAD_REQUEST


def test_huge_text_is_refused_as_too_large_cheaply():
    huge = "あ" * 10_000
    started = time.perf_counter()
    for _ in range(200):
        assert refused_code(normalize_text(huge)) == TOO_LARGE
    assert time.perf_counter() - started < 0.5
    assert refused_code(normalize_text("x" * 1_000_000)) == TOO_LARGE


def test_combining_character_storm_is_handled():
    storm = "a" + "\u0301" * 400
    result = normalize_text(storm)
    assert result == storm  # 400 characters after NFKC: accepted, as typed
    assert refused_code(normalize_text("a" + "\u0301" * 600)) == TOO_LARGE
    assert refused_code(normalize_text("\u0301" * 1999)) == TOO_LARGE
    assert refused_code(normalize_nick("a" + "\u0301" * 400)) == BAD_REQUEST


# -- room ids --------------------------------------------------------------------------

@pytest.mark.parametrize("raw,kind,key,overflow", [
    ("lobby", "lobby", "", 0),
    ("hall:1", "hall", "1", 0),
    ("hall:1~2", "hall", "1", 2),
    ("hall:12~999", "hall", "12", 999),
    ("stage:3", "stage", "3", 0),
    ("stage:3~4", "stage", "3", 4),
    ("lobby~2", "lobby", "", 2),
    ("booth:abc-1", "booth", "abc-1", 0),
    ("circle:x", "circle", "x", 0),
    ("circle:" + "a" * 32, "circle", "a" * 32, 0),
])
def test_valid_room_ids_parse_and_print_back(raw, kind, key, overflow):
    rid = parse_room_id(raw)
    assert rid == RoomId(kind, key, overflow)
    assert str(rid) == raw


def test_room_id_base():
    assert parse_room_id("hall:1~2").base == "hall:1"
    assert parse_room_id("lobby").base == "lobby"
    assert parse_room_id("booth:abc-1").base == "booth:abc-1"


@pytest.mark.parametrize("raw", [
    "hall:0", "hall:01", "hall:1~1", "hall:1~0", "hall:1~02", "hall:1~1000", "hall:1~2~3", "hall:1~",
    "hall:", "hall", "hall:a", "hall:-1", "hall:1.5", "hall:1234567",
    "circle:UPPER", "circle:", "circle:a_b", "circle:a b", "circle:" + "a" * 33, "circle:x~2",
    "booth:x~2", "booth:", "booth:ÄÖ",
    "lobby~1", "lobby:", "lobby:1", "LOBBY", " lobby", "lobby ",
    "room:1", "", "~2", ":", "x" * 100, "hall:１",
])
def test_invalid_room_ids_are_unknown(raw):
    assert refused_code(parse_room_id(raw)) == NO_SUCH_ROOM


@pytest.mark.parametrize("raw", [None, 1, b"lobby", ["lobby"], {"room": "lobby"}])
def test_non_string_room_id_is_bad_request(raw):
    assert refused_code(parse_room_id(raw)) == BAD_REQUEST
