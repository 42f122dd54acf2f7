"""Members' meetings and notices as msgspec types for the route table (the meeting body is
booths.meetings' dataclass)."""
from __future__ import annotations

from msgspec import Struct

from booths.meetings import MAX_GROUP_SIZE, MAX_NOTICE, MAX_TITLE, Link, MeetingInput
from server.http.models_directory import _q

__all__ = ["MeetingInput", "Meeting", "Meetings", "MeetingIdPath", "BreakoutInput", "Breakout", "NoticeInput",
           "Notice", "Notices"]


class Meeting(Struct):
    id: str
    title: str
    agenda: str
    starts_ms: int
    ends_ms: int
    starts_at: str  # ISO 8601 in Japan
    ends_at: str
    room: str  # staff:<key>, staff accounts only
    video_url: str | None  # https; the server runs no video
    links: list[Link]
    groups: int  # breakout groups open now (0: everyone in `room`)


class Meetings(Struct):
    meetings: list[Meeting]


class MeetingIdPath(Struct):
    id: _q(str, "A meeting id.", pattern=r"^[A-Za-z0-9_-]{1,24}$")  # type: ignore[valid-type]


class BreakoutInput(Struct, forbid_unknown_fields=True):
    size: _q(int, "People per group (at most).", ge=2, le=MAX_GROUP_SIZE)  # type: ignore[valid-type]


class Breakout(Struct):
    groups: list[str]  # the group rooms, staff:<key>-g<k>
    moved: int  # hosts told to go to their group (0 when bringing everyone back)


class NoticeInput(Struct, forbid_unknown_fields=True):
    title: _q(str, "The heading.", min_length=1, max_length=MAX_TITLE)  # type: ignore[valid-type]
    body: _q(str, "The announcement.", max_length=MAX_NOTICE) = ""  # type: ignore[valid-type]


class Notice(Struct):
    id: str
    title: str
    body: str
    posted_ms: int
    posted_at: str


class Notices(Struct):
    notices: list[Notice]
