"""Control messages round-trip through plain maps, and junk is not a control."""
from __future__ import annotations

import pytest

from rooms.control import Ban, Delete, Kick, Lock, Mute, SessionMoved, from_message, to_message


@pytest.mark.parametrize("control", [
    SessionMoved("s_1", "node-2"), Kick("u_1", "u_mod", "spam"), Ban("u_1", "ab12", 1_800_000_000_000, "u_mod"),
    Mute("u_1", 0, "u_mod"), Delete("lobby", "m1", "u_mod"), Lock("hall:1", True, "u_mod"),
])
def test_round_trip(control):
    message = to_message(control)
    assert isinstance(message["t"], str)
    assert from_message(message) == control


@pytest.mark.parametrize("junk", [None, [], "kick", {"t": "nope"}, {"t": "kick"}, {"t": "kick", "user": "u", "zzz": 1}])
def test_junk_is_not_a_control(junk):
    assert from_message(junk) is None  # unknown types, and known ones missing a field


def test_unknown_extra_fields_are_ignored():
    assert from_message({"t": "kick", "user": "u", "by": "m", "future": 1}) == Kick("u", "m")
