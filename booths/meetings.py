"""Members' meetings (issue 15): what the secretariat schedules, the rules it must follow, and how a
meeting room is split into breakout groups.

A meeting happens in a staff-only room (`staff:<key>`, `rooms.rules.STAFF_ONLY_KINDS`); the server
runs no video, it only keeps the link to the video service the platform already uses, which must be
https. Breakout groups are rooms of their own, `staff:<key>-g<k>`, so a meeting room's key may not
look like a group's. Pure: the HTTP layer decodes a body into `MeetingInput` and asks `problems()`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from booths.cases import image_origin
from rooms.roles import HOST

MAX_TITLE = 120
MAX_AGENDA = 4000
MAX_LINKS = 5
MAX_NOTICE = 2000
MAX_MEETING_HOURS = 12
MAX_GROUP_SIZE = 50
MAX_GROUPS = 40
STAFF_PREFIX = "staff:"
_ROOM_KEY = re.compile(r"[a-z0-9-]{1,28}")  # 28: room for the group suffix in the 32 of a slug
_GROUP = re.compile(r"(.+)-g([1-9][0-9]?)")


@dataclass
class Link:
    """A shared link pinned with the agenda (slides, minutes, a form): https only."""

    title: str
    url: str


@dataclass
class MeetingInput:
    """What the secretariat writes: times are ISO 8601 with an offset (`2026-12-10T14:00+09:00`)."""

    title: str
    starts_at: str
    ends_at: str
    room: str
    agenda: str = ""
    video_url: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def moment(value: str) -> dt.datetime | None:
    """An aware time from ISO 8601 with an offset; None for anything else (a naive time is ambiguous)."""
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else None


def is_https(url: str | None) -> bool:
    """A link people may open from a meeting: https to a plain host (the rule of case images), no
    javascript:, no http, nothing that could break out of an attribute."""
    return isinstance(url, str) and image_origin(url) is not None


def is_meeting_room(room: str) -> bool:
    """`staff:<key>`: a staff room a meeting can be held in (not a breakout group's name)."""
    if not room.startswith(STAFF_PREFIX):
        return False
    key = room[len(STAFF_PREFIX):]
    return bool(_ROOM_KEY.fullmatch(key)) and _GROUP.fullmatch(key) is None


def problems(meeting: MeetingInput) -> list[Problem]:
    """Everything wrong with a meeting as written; empty when it can be saved."""
    found: list[Problem] = []
    if not meeting.title.strip() or len(meeting.title) > MAX_TITLE:
        found.append(Problem("title", f"1 to {MAX_TITLE} characters"))
    if len(meeting.agenda) > MAX_AGENDA:
        found.append(Problem("agenda", f"at most {MAX_AGENDA} characters"))
    starts, ends = moment(meeting.starts_at), moment(meeting.ends_at)
    if starts is None:
        found.append(Problem("starts_at", "ISO 8601 with an offset, e.g. 2026-12-10T14:00+09:00"))
    if ends is None:
        found.append(Problem("ends_at", "ISO 8601 with an offset, e.g. 2026-12-10T16:00+09:00"))
    if starts is not None and ends is not None and not dt.timedelta(0) < ends - starts <= dt.timedelta(
            hours=MAX_MEETING_HOURS):
        found.append(Problem("ends_at", f"after the start, at most {MAX_MEETING_HOURS} hours later"))
    if not is_meeting_room(meeting.room):
        found.append(Problem("room", "staff:<key>: lower-case letters, digits and '-', at most 28, not ending in -g<n>"))
    if meeting.video_url is not None and not is_https(meeting.video_url):
        found.append(Problem("video_url", "an https link to the video service (the server runs no video)"))
    if len(meeting.links) > MAX_LINKS:
        found.append(Problem("links", f"at most {MAX_LINKS}"))
    for i, link in enumerate(meeting.links[:MAX_LINKS]):
        if not link.title.strip() or len(link.title) > MAX_TITLE:
            found.append(Problem(f"links[{i}].title", f"1 to {MAX_TITLE} characters"))
        if not is_https(link.url):
            found.append(Problem(f"links[{i}].url", "an https link"))
    return found


def texts(meeting: MeetingInput) -> list[str]:
    """What members will read: screened by moderation like every text others read."""
    return [meeting.title, meeting.agenda, *(link.title for link in meeting.links)]


def to_ms(value: str) -> int:
    when = moment(value)
    assert when is not None, "checked by problems()"
    return int(when.timestamp() * 1000)


# -- breakout groups ---------------------------------------------------------------------------
def group_room(room: str, k: int) -> str:
    """The k-th breakout group (1-based) of a meeting room."""
    return f"{room}-g{k}"


def group_rooms(room: str, groups: int) -> list[str]:
    return [group_room(room, k) for k in range(1, groups + 1)]


def meeting_room_of(room: str) -> str | None:
    """The meeting room a breakout group belongs to (None if `room` is not a group)."""
    if not room.startswith(STAFF_PREFIX):
        return None
    matched = _GROUP.fullmatch(room[len(STAFF_PREFIX):])
    return STAFF_PREFIX + matched.group(1) if matched else None


def assign(meeting_id: str, room: str, members: Sequence[tuple[str, str]], size: int) -> dict[str, str]:
    """Member id → group room: the hosts in the room in groups of at most `size`.

    Only hosts (the members' staff) are split; the secretariat's admins and the moderators stay in
    the meeting room and may visit any group. The order is a shuffle that is the same on every node
    and for every retry (a hash of the meeting and the member), dealt round-robin, so groups differ
    by at most one person and people who arrived together are not kept together.
    """
    hosts = sorted((mid for mid, role in members if role == HOST),
                   key=lambda mid: hashlib.sha256(f"{meeting_id}|{mid}".encode()).hexdigest())
    if not hosts:
        return {}
    groups = min(MAX_GROUPS, math.ceil(len(hosts) / size))
    return {mid: group_room(room, i % groups + 1) for i, mid in enumerate(hosts)}
