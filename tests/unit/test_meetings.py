"""Members' meetings (booths/meetings.py): what may be scheduled and how a room is split into groups."""
from __future__ import annotations

from collections import Counter

from booths import meetings as m


def _meeting(**extra: object) -> m.MeetingInput:
    doc = m.MeetingInput(title="会員連絡会", starts_at="2026-12-10T14:00+09:00", ends_at="2026-12-10T16:00+09:00",
                         room="staff:renraku")
    for key, value in extra.items():
        setattr(doc, key, value)
    return doc


def _fields(doc: m.MeetingInput) -> list[str]:
    return [p.field for p in m.problems(doc)]


def test_a_plain_meeting_passes_and_times_need_an_offset_and_an_order() -> None:
    assert m.problems(_meeting()) == []
    assert _fields(_meeting(starts_at="2026-12-10T14:00")) == ["starts_at"]  # naive: which zone?
    assert _fields(_meeting(ends_at="2026-12-10T13:00+09:00")) == ["ends_at"]
    assert _fields(_meeting(ends_at="2026-12-11T14:00+09:00")) == ["ends_at"]  # over 12 hours
    assert _fields(_meeting(title=" ")) == ["title"]


def test_the_room_is_a_staff_room_that_cannot_be_mistaken_for_a_group() -> None:
    assert _fields(_meeting(room="staff:lounge")) == []
    for room in ("hall:1", "circle:x", "staff:Kaigi", "staff:" + "a" * 29, "staff:kaigi-g2", "staff:"):
        assert _fields(_meeting(room=room)) == ["room"], room


def test_video_and_shared_links_are_https_only() -> None:
    assert _fields(_meeting(video_url="https://video.example.jp/j/1")) == []
    for url in ("http://video.example.jp/j/1", "javascript:alert(1)", "https://", "https://a b.jp/", "ftp://x.jp"):
        assert _fields(_meeting(video_url=url)) == ["video_url"], url
    links = [m.Link("資料", "https://example.jp/a.pdf"), m.Link("", "http://example.jp/b")]
    assert _fields(_meeting(links=links)) == ["links[1].title", "links[1].url"]
    assert "links" in _fields(_meeting(links=[m.Link("x", "https://example.jp/")] * 6))


def test_only_hosts_are_dealt_into_groups_of_at_most_n_differing_by_one() -> None:
    people = [(f"u{i}", "host") for i in range(7)] + [("adm", "admin"), ("mod", "moderator")]
    groups = m.assign("mt1", "staff:kenshu", people, 3)
    assert set(groups) == {f"u{i}" for i in range(7)}  # the secretariat and moderators stay
    assert sorted(Counter(groups.values()).values()) == [2, 2, 3]
    assert set(groups.values()) == set(m.group_rooms("staff:kenshu", 3))
    assert m.assign("mt1", "staff:kenshu", list(reversed(people)), 3) == groups  # same on every node and retry
    assert m.assign("mt1", "staff:kenshu", [("adm", "admin")], 3) == {}


def test_a_group_room_names_its_meeting_room() -> None:
    assert m.meeting_room_of("staff:kenshu-g2") == "staff:kenshu"
    assert m.meeting_room_of("staff:kenshu") is None
    assert m.meeting_room_of("circle:a-g1") is None
