"""RecentLines: the sender's last lines in a room, for messages split over several sends."""
from __future__ import annotations

from moderation.context import RecentLines


def test_recent_lines_are_oldest_first_and_only_within_the_window():
    lines = RecentLines(window_s=30, keep=3)
    lines.add("u1", "lobby", "090-1234", now=100.0)
    lines.add("u1", "lobby", "5678", now=110.0)
    assert lines.recent("u1", "lobby", now=111.0) == ("090-1234", "5678")
    assert lines.recent("u1", "lobby", now=135.0) == ("5678",)  # the first is 35 s old
    assert lines.recent("u1", "lobby", now=200.0) == ()


def test_lines_are_per_user_and_per_room():
    lines = RecentLines()
    lines.add("u1", "lobby", "a", now=1.0)
    lines.add("u2", "lobby", "b", now=1.0)
    lines.add("u1", "hall", "c", now=1.0)
    assert lines.recent("u1", "lobby", now=2.0) == ("a",)
    assert lines.recent("u2", "lobby", now=2.0) == ("b",)
    assert lines.recent("u1", "hall", now=2.0) == ("c",)
    assert lines.recent("u3", "lobby", now=2.0) == ()


def test_only_the_last_few_lines_are_kept():
    lines = RecentLines(keep=3)
    for i in range(10):
        lines.add("u1", "lobby", str(i), now=float(i))
    assert lines.recent("u1", "lobby", now=10.0) == ("7", "8", "9")


def test_memory_is_bounded_the_least_recently_written_go_first():
    lines = RecentLines(max_keys=100)
    for i in range(1_000):
        lines.add(f"u{i}", "lobby", "hi", now=1.0)
    assert len(lines) == 100
    assert lines.recent("u0", "lobby", now=2.0) == ()
    assert lines.recent("u999", "lobby", now=2.0) == ("hi",)
    lines.add("u900", "lobby", "again", now=3.0)  # writing makes a key young again
    for i in range(1_000, 1_099):
        lines.add(f"u{i}", "lobby", "hi", now=3.0)
    assert lines.recent("u900", "lobby", now=4.0) == ("hi", "again")


def test_forget_user_drops_every_room_of_that_user_only():
    lines = RecentLines()
    lines.add("u1", "lobby", "a", now=1.0)
    lines.add("u1", "hall", "b", now=1.0)
    lines.add("u2", "lobby", "c", now=1.0)
    lines.forget_user("u1")
    assert lines.recent("u1", "lobby", now=2.0) == () and lines.recent("u1", "hall", now=2.0) == ()
    assert lines.recent("u2", "lobby", now=2.0) == ("c",)
    lines.forget_user("nobody")  # no error
    assert len(lines) == 1


def test_expired_lines_do_not_stay_in_memory():
    lines = RecentLines(window_s=30)
    lines.add("u1", "lobby", "a", now=0.0)
    assert lines.recent("u1", "lobby", now=100.0) == ()
    assert len(lines) == 0
