"""Booths in the database: content, live state, the Q&A queue and visit counts.

Visits are stored only as counts per booth and hour, never per visitor; a
node adds its own counts, so many nodes add up. Questions are kept for
`question_retention_days` (config, 7 by default) as evidence for
moderators, then purged.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths.booth import Booth
from rooms.session import new_id

from server.store.schema import booth, booth_question, booth_visit

MAX_ANNOUNCEMENTS = 3
HOUR_MS = 3_600_000


@dataclass(slots=True, frozen=True)
class Question:
    id: str
    booth: str
    asker: str
    text: str
    status: str
    answer: str | None
    created_ms: int

    def for_host(self) -> dict[str, Any]:
        """What a host sees: the question and when, never who asked."""
        return {"id": self.id, "text": self.text, "status": self.status, "answer": self.answer,
                "ts": self.created_ms}


def _now_ms() -> int:
    return int(time.time() * 1000)


def _booth(row: Any) -> Booth:
    d = row["doc"]
    return Booth(row["slug"], row["organization_id"], d.get("title", row["slug"]), d.get("description", ""),
                 d.get("items", []), d.get("service_ids", []), d.get("live_sessions", []), d.get("open_hours", []),
                 d.get("title_en", ""))


def _doc(b: Booth) -> dict[str, Any]:
    return {"title": b.title, "title_en": b.title_en, "description": b.description, "items": b.items, "service_ids": b.service_ids,
            "live_sessions": b.live_sessions, "open_hours": b.open_hours}


async def ensure_booth(conn: AsyncConnection, slug: str, organization_id: str, title: str, description: str = "",
                       service_ids: list[str] | None = None, title_en: str = "") -> bool:
    """Create the booth if it does not exist (an import never overwrites what a host has edited)."""
    found = (await conn.execute(select(booth.c.slug).where(booth.c.slug == slug))).first()
    if found:
        return False
    b = Booth(slug, organization_id, title, description, [], service_ids or [], [], [], title_en)
    await conn.execute(insert(booth).values(slug=slug, organization_id=organization_id, doc=_doc(b),
                                            live={"presenting": None, "announcements": []}, updated_ms=_now_ms()))
    return True


class BoothStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def all(self) -> list[Booth]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(booth).order_by(booth.c.slug))).mappings().all()
        return [_booth(r) for r in rows]

    async def get(self, slug: str) -> Booth | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(booth).where(booth.c.slug == slug))).mappings().first()
        return _booth(row) if row else None

    async def save(self, b: Booth) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(booth).where(booth.c.slug == b.slug).values(doc=_doc(b), updated_ms=_now_ms()))

    async def live(self, slug: str) -> dict[str, Any]:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(booth.c.live).where(booth.c.slug == slug))).first()
        return dict(row.live) if row else {"presenting": None, "announcements": []}

    async def set_presenting(self, slug: str, item: str | None) -> dict[str, Any]:
        live = await self.live(slug)
        live["presenting"] = item
        await self._set_live(slug, live)
        return live

    async def announce(self, slug: str, text: str, at_ms: int) -> dict[str, Any]:
        live = await self.live(slug)
        live["announcements"] = ([{"text": text, "ts": at_ms}] + list(live.get("announcements") or []))[
            :MAX_ANNOUNCEMENTS]
        await self._set_live(slug, live)
        return live

    async def _set_live(self, slug: str, live: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(booth).where(booth.c.slug == slug).values(live=live, updated_ms=_now_ms()))

    # -- Q&A ----------------------------------------------------------------------------------
    async def ask(self, slug: str, asker: str, text: str, at_ms: int) -> Question:
        q = Question(new_id("q_")[:24], slug, asker, text, "waiting", None, at_ms)
        async with self.engine.begin() as conn:
            await conn.execute(insert(booth_question).values(id=q.id, booth=slug, asker=asker, text=text,
                                                             status="waiting", created_ms=at_ms))
        return q

    async def waiting(self, slug: str) -> list[Question]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(booth_question)
                                       .where(booth_question.c.booth == slug, booth_question.c.status == "waiting")
                                       .order_by(booth_question.c.created_ms, booth_question.c.id))).mappings().all()
        return [Question(r["id"], r["booth"], r["asker"], r["text"], r["status"], r["answer"], r["created_ms"])
                for r in rows]

    async def close(self, slug: str, question_id: str, status: str, answer: str | None, at_ms: int) -> Question | None:
        """Mark a waiting question answered or dismissed; None if it is not waiting in this booth."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(booth_question)
                .where(booth_question.c.id == question_id, booth_question.c.booth == slug,
                       booth_question.c.status == "waiting")
                .values(status=status, answer=answer, closed_ms=at_ms))
            if result.rowcount != 1:
                return None
            r = (await conn.execute(select(booth_question).where(booth_question.c.id == question_id))).mappings().one()
        return Question(r["id"], r["booth"], r["asker"], r["text"], r["status"], r["answer"], r["created_ms"])

    async def purge_questions(self, now_ms: int, days: int) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(booth_question)
                                        .where(booth_question.c.created_ms < now_ms - days * 86_400_000))
        return result.rowcount or 0

    # -- visits -------------------------------------------------------------------------------
    async def add_visits(self, counts: dict[tuple[str, int], tuple[int, int]]) -> None:
        """Add (entries, dwell seconds) per (booth, hour) to what is stored."""
        if not counts:
            return
        async with self.engine.begin() as conn:
            for (slug, hour), (entries, dwell) in sorted(counts.items()):
                result = await conn.execute(
                    update(booth_visit).where(booth_visit.c.booth == slug, booth_visit.c.hour_ms == hour)
                    .values(entries=booth_visit.c.entries + entries, dwell_s=booth_visit.c.dwell_s + dwell))
                if result.rowcount == 0:
                    await conn.execute(insert(booth_visit).values(booth=slug, hour_ms=hour, entries=entries,
                                                                  dwell_s=dwell))

    async def visits(self, slug: str, since_ms: int = 0) -> list[dict[str, int]]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(booth_visit)
                                       .where(booth_visit.c.booth == slug, booth_visit.c.hour_ms >= since_ms)
                                       .order_by(booth_visit.c.hour_ms))).mappings().all()
        return [{"hour_ms": r["hour_ms"], "entries": r["entries"], "dwell_s": r["dwell_s"]} for r in rows]
