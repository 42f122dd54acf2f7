"""Unit tests of request parsing (rooms/requests.py): shapes, refs, error codes."""
from __future__ import annotations

import pytest

from rooms.protocol import BAD_FRAME, BAD_REQUEST, UNKNOWN_TYPE
from rooms.requests import BadMessage, Hello, Join, Leave, Move, Ping, Say, parse, valid_ref


@pytest.mark.parametrize("ref", [0, 1, -1, 2**63 - 1, -(2**63), "a", "x" * 64, "ä", "1"])
def test_valid_refs(ref):
    assert valid_ref(ref)


@pytest.mark.parametrize("ref", [True, False, 1.0, 0.5, "", "x" * 65, [1], {"a": 1}, 2**63, -(2**63) - 1, b"r", None])
def test_invalid_refs(ref):
    assert not valid_ref(ref)


@pytest.mark.parametrize("ref", [True, False, 1.5, "x" * 65, "", [1], {"r": 1}, 2**63])
def test_invalid_ref_gives_bad_request_without_ref(ref):
    result = parse({"t": "ping", "ref": ref})
    assert isinstance(result, BadMessage)
    assert result.ref is None
    assert result.refused.code == BAD_REQUEST


def test_invalid_ref_wins_over_other_errors():
    result = parse({"t": "nope", "ref": True})
    assert isinstance(result, BadMessage) and result.ref is None and result.refused.code == BAD_REQUEST


@pytest.mark.parametrize("ref", [7, "abc", "x" * 64, 2**63 - 1])
def test_valid_ref_is_carried_on_the_request(ref):
    assert parse({"t": "ping", "ref": ref}) == Ping(ref)


def test_request_without_ref_has_ref_none():
    assert parse({"t": "ping"}) == Ping(None)
    assert parse({"t": "ping", "ref": None}) == Ping(None)


@pytest.mark.parametrize("message", [None, [], [{"t": "ping"}], "ping", 1, b"{}", 1.5])
def test_non_map_is_bad_frame(message):
    result = parse(message)
    assert isinstance(result, BadMessage)
    assert result.ref is None and result.refused.code == BAD_FRAME


def test_missing_t_is_bad_request_with_ref_echoed():
    result = parse({"ref": 5, "room": "lobby"})
    assert isinstance(result, BadMessage)
    assert result.ref == 5 and result.refused.code == BAD_REQUEST
    assert parse({}).refused.code == BAD_REQUEST


@pytest.mark.parametrize("t", [None, 1, True, ["join"], {"t": "join"}, b"join"])
def test_non_string_t_is_bad_request(t):
    result = parse({"t": t, "ref": "r1"})
    assert isinstance(result, BadMessage)
    assert result.ref == "r1" and result.refused.code == BAD_REQUEST


@pytest.mark.parametrize("t", ["dance", "", "JOIN", "welcome", "said"])
def test_unknown_type_echoes_ref(t):
    result = parse({"t": t, "ref": 9})
    assert isinstance(result, BadMessage)
    assert result.ref == 9 and result.refused.code == UNKNOWN_TYPE


# -- hello -------------------------------------------------------------------------------

def test_hello_defaults():
    assert parse({"t": "hello", "nick": "aki"}) == Hello(None, "aki", None, "ja", None, None)


def test_hello_full():
    resume = {"session": "s_x", "rooms": {"lobby": 3}}
    got = parse({"t": "hello", "ref": 1, "nick": "aki", "age_band": "15-17", "lang": "en", "token": "tok", "resume": resume})
    assert got == Hello(1, "aki", "15-17", "en", "tok", resume)


@pytest.mark.parametrize("band", ["u15", "15-17", "18-24", "25+"])
def test_hello_accepts_every_age_band(band):
    assert parse({"t": "hello", "nick": "a", "age_band": band}).age_band == band


@pytest.mark.parametrize("band", ["U15", "12", "", 15, ["u15"], True])
def test_hello_refuses_unknown_age_band(band):
    result = parse({"t": "hello", "ref": 2, "nick": "a", "age_band": band})
    assert isinstance(result, BadMessage) and result.ref == 2 and result.refused.code == BAD_REQUEST


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hello_accepts_both_languages(lang):
    assert parse({"t": "hello", "nick": "a", "lang": lang}).lang == lang


@pytest.mark.parametrize("lang", ["fr", "JA", "", 1, ["ja"]])
def test_hello_refuses_unknown_language(lang):
    result = parse({"t": "hello", "ref": 3, "nick": "a", "lang": lang})
    assert isinstance(result, BadMessage) and result.ref == 3 and result.refused.code == BAD_REQUEST


@pytest.mark.parametrize("field,value", [("token", 1), ("token", ["t"]), ("resume", "s_x"), ("resume", [1])])
def test_hello_refuses_wrongly_typed_token_or_resume(field, value):
    result = parse({"t": "hello", "ref": 4, "nick": "a", field: value})
    assert isinstance(result, BadMessage) and result.ref == 4 and result.refused.code == BAD_REQUEST


def test_hello_leaves_nick_validation_to_later():
    assert parse({"t": "hello"}).nick is None  # normalize_nick refuses it afterwards


# -- room requests -------------------------------------------------------------------------

def test_join_leave_move_say_parse():
    assert parse({"t": "join", "ref": 1, "room": "lobby", "x": 1, "y": 2}) == Join(1, "lobby", 1, 2)
    assert parse({"t": "join", "ref": 1, "room": "lobby"}) == Join(1, "lobby", None, None)
    assert parse({"t": "leave", "room": "hall:1"}) == Leave(None, "hall:1")
    assert parse({"t": "move", "room": "lobby", "x": 1.5, "y": 2}) == Move(None, "lobby", 1.5, 2)
    assert parse({"t": "say", "ref": "s", "room": "lobby", "text": "hi"}) == Say("s", "lobby", "hi")


def test_unknown_fields_are_ignored():
    assert parse({"t": "ping", "ref": 1, "extra": {"anything": True}}) == Ping(1)


@pytest.mark.parametrize("t", ["join", "leave", "move", "say"])
@pytest.mark.parametrize("room", [None, "", 1, ["lobby"], {"id": "lobby"}])
def test_room_requests_without_a_room_string_are_bad_request(t, room):
    message = {"t": t, "ref": 11, "x": 1, "y": 1, "text": "hi"}
    if room is not None:
        message["room"] = room
    result = parse(message)
    assert isinstance(result, BadMessage)
    assert result.ref == 11 and result.refused.code == BAD_REQUEST


def test_join_without_room():
    result = parse({"t": "join", "ref": 1})
    assert isinstance(result, BadMessage) and result.ref == 1 and result.refused.code == BAD_REQUEST


# -- the space: avatars and reactions (rooms/looks.py vocabularies) -----------------------------------
def test_hello_avatar_is_one_of_the_fixed_looks_or_absent():
    from rooms import looks

    assert len(looks.AVATARS) == len(looks.SHAPES) * len(looks.COLOURS)
    for avatar in sorted(looks.AVATARS):
        assert parse({"t": "hello", "nick": "a", "avatar": avatar}).avatar == avatar
    assert parse({"t": "hello", "nick": "a"}).avatar is None


@pytest.mark.parametrize("bad", ["", "neko", "neko-gold", "NEKO-SORA", " neko-sora", 1, True, ["neko", "sora"], {"a": 1}])
def test_hello_avatar_outside_the_looks_is_bad_request(bad):
    result = parse({"t": "hello", "ref": 3, "nick": "a", "avatar": bad})
    assert isinstance(result, BadMessage) and result.ref == 3
    assert (result.refused.code, result.refused.reason) == (BAD_REQUEST, "avatar")


def test_react_takes_a_room_and_a_known_emote():
    from rooms import looks
    from rooms.requests import React

    for emote in looks.EMOTES:
        assert parse({"t": "react", "room": "lobby", "emote": emote}) == React(None, "lobby", emote)
    for bad in ("poop", "", "HEART", None, 1, ["heart"]):
        result = parse({"t": "react", "ref": "r", "room": "lobby", "emote": bad})
        assert isinstance(result, BadMessage) and result.refused.reason == "emote" and result.ref == "r"
    assert parse({"t": "react", "emote": "heart"}).refused.reason == "room_type"
