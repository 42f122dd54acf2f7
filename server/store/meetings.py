"""Members' meetings and the notice board in the database (issue 15, booths/meetings.py).

A meeting is listed to members until it ends; its room's pinned agenda is the meeting in that room
that has not ended yet and starts first. Notices are kept; members see the newest.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Callable

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from booths.meetings import MeetingInput, to_ms
from rooms.jst import JST
from rooms.session import new_id

from server import clock
from server.store.schema import meeting, member_notice

NOTICES_SHOWN = 20


def iso(ms: int) -> str:
    """A stored time as members read it: ISO 8601 in Japan."""
    return dt.datetime.fromtimestamp(ms / 1000, JST).isoformat(timespec="minutes")


@dataclass(frozen=True)
class Meeting:
    id: str
    title: str
    agenda: str
    starts_ms: int
    ends_ms: int
    room: str
    video_url: str | None
    links: list[dict[str, str]]
    groups: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "starts_at": iso(self.starts_ms), "ends_at": iso(self.ends_ms)}


@dataclass(frozen=True)
class Notice:
    id: str
    title: str
    body: str
    posted_ms: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "posted_at": iso(self.posted_ms)}


def _meeting(row: Any) -> Meeting:
    return Meeting(row.id, row.title, row.agenda, row.starts_ms, row.ends_ms, row.room, row.video_url,
                   list(row.links or []), row.groups)


class MeetingStore:
    def __init__(self, engine: AsyncEngine, now_ms: Callable[[], int] = clock.now_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms

    async def schedule(self, doc: MeetingInput, actor: str) -> Meeting:
        row = {"id": new_id("mt"), "title": doc.title.strip(), "agenda": doc.agenda, "starts_ms": to_ms(doc.starts_at),
               "ends_ms": to_ms(doc.ends_at), "room": doc.room, "video_url": doc.video_url,
               "links": [asdict(link) for link in doc.links], "groups": 0, "created_ms": self.now_ms(),
               "actor": actor}
        async with self.engine.begin() as conn:
            await conn.execute(insert(meeting).values(**row))
        return Meeting(row["id"], row["title"], row["agenda"], row["starts_ms"], row["ends_ms"], row["room"],
                       row["video_url"], row["links"], 0)

    async def upcoming(self, limit: int = 50) -> list[Meeting]:
        """Meetings that have not ended, the soonest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(meeting).where(meeting.c.ends_ms >= self.now_ms())
                                      .order_by(meeting.c.starts_ms, meeting.c.id).limit(limit))
            return [_meeting(r) for r in rows]

    async def get(self, meeting_id: str) -> Meeting | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(meeting).where(meeting.c.id == meeting_id))).first()
            return _meeting(row) if row is not None else None

    async def in_room(self, room: str) -> Meeting | None:
        """The meeting pinned in `room`: not ended, the first to start."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(meeting).where(meeting.c.room == room, meeting.c.ends_ms >= self.now_ms())
                                      .order_by(meeting.c.starts_ms, meeting.c.id).limit(1))).first()
            return _meeting(row) if row is not None else None

    async def set_groups(self, meeting_id: str, groups: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(meeting).where(meeting.c.id == meeting_id).values(groups=groups))

    async def post_notice(self, title: str, body: str, actor: str) -> Notice:
        notice = Notice(new_id("nt"), title.strip(), body, self.now_ms())
        async with self.engine.begin() as conn:
            await conn.execute(insert(member_notice).values(**asdict(notice), actor=actor))
        return notice

    async def notices(self, limit: int = NOTICES_SHOWN) -> list[Notice]:
        """The newest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(member_notice).order_by(member_notice.c.posted_ms.desc(),
                                                                     member_notice.c.id).limit(limit))
            return [Notice(r.id, r.title, r.body, r.posted_ms) for r in rows]
