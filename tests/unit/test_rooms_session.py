"""Unit tests of sessions and their grace period (rooms/session.py)."""
from __future__ import annotations

import pytest

from rooms.session import Sessions, User, new_id

GRACE = 60_000


def user(i: int = 1) -> User:
    return User(f"u{i}", f"nick{i}", "visitor")


def test_open_gives_unguessable_distinct_ids():
    sessions = Sessions()
    a, b = sessions.open(user(1)), sessions.open(user(2))
    assert a.id != b.id and a.id.startswith("s_") and len(a.id) >= 16
    assert sessions.by_id == {a.id: a, b.id: b}
    assert a.detached_at_ms is None and a.rooms == set()
    assert len({new_id("x") for _ in range(100)}) == 100


def test_default_grace_is_60_seconds():
    assert Sessions().grace_ms == GRACE


def test_attached_session_is_resumable_at_any_time():
    sessions = Sessions(grace_ms=GRACE)
    s = sessions.open(user())
    assert sessions.resumable(s.id, 0) is s
    assert sessions.resumable(s.id, 10**12) is s


@pytest.mark.parametrize("elapsed", [0, 1, GRACE // 2, GRACE])
def test_detached_session_is_resumable_within_grace(elapsed):
    sessions = Sessions(grace_ms=GRACE)
    s = sessions.open(user())
    sessions.detach(s, 1_000)
    assert sessions.resumable(s.id, 1_000 + elapsed) is s


@pytest.mark.parametrize("elapsed", [GRACE + 1, 10 * GRACE])
def test_detached_session_is_not_resumable_after_grace(elapsed):
    sessions = Sessions(grace_ms=GRACE)
    s = sessions.open(user())
    sessions.detach(s, 1_000)
    assert sessions.resumable(s.id, 1_000 + elapsed) is None


@pytest.mark.parametrize("sid", ["s_unknown", "", None, 1, ["s_x"], {"id": "s_x"}])
def test_unknown_or_malformed_session_id_is_not_resumable(sid):
    sessions = Sessions()
    sessions.open(user())
    assert sessions.resumable(sid, 0) is None


def test_expired_lists_only_detached_sessions_past_grace():
    sessions = Sessions(grace_ms=GRACE)
    attached = sessions.open(user(1))
    recent = sessions.open(user(2))
    old = sessions.open(user(3))
    edge = sessions.open(user(4))
    sessions.detach(old, 0)
    sessions.detach(edge, 40_000)
    sessions.detach(recent, 90_000)
    now = 100_000  # old is 100 s gone, edge exactly 60 s, recent 10 s
    assert sessions.expired(now) == [old]
    assert sessions.resumable(edge.id, now) is edge
    assert {s.id for s in sessions.expired(now + 1)} == {old.id, edge.id}
    assert attached not in sessions.expired(10**12)


def test_attach_clears_detachment():
    sessions = Sessions(grace_ms=GRACE)
    s = sessions.open(user())
    sessions.detach(s, 0)
    sessions.attach(s)
    assert s.detached_at_ms is None
    assert sessions.expired(10**9) == []
    assert sessions.resumable(s.id, 10**9) is s


def test_detach_again_restarts_the_grace_period():
    sessions = Sessions(grace_ms=GRACE)
    s = sessions.open(user())
    sessions.detach(s, 0)
    sessions.attach(s)
    sessions.detach(s, 50_000)
    assert sessions.resumable(s.id, 100_000) is s
    assert sessions.expired(100_000) == []


def test_end_removes_the_session():
    sessions = Sessions()
    s = sessions.open(user())
    sessions.end(s)
    assert sessions.resumable(s.id, 0) is None
    assert s.id not in sessions.by_id
    sessions.end(s)  # ending twice is harmless


def test_user_public_fields():
    u = User("u1", "Aki", "host", "15-17", "en")
    assert u.public() == {"id": "u1", "nick": "Aki", "role": "host"}
