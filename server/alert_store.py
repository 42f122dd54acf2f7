"""Open alerts in the database, so every node (and a moderator who signs in later) sees them.

A cry for help must not depend on who happened to be online: the alert is
written before anyone is told, read by `mod.alerts` on any node, closed once
by `mod.ack`, and its text erased `SENSITIVE_RETENTION_H` after closing.
"""
from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from moderation.alerts import Alert

from .schema import alerts

MAX_OPEN = 500


class AlertStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def add(self, alert: Alert) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(alerts).values(
                id=alert.id, category=alert.category, room=alert.room, sender=alert.sender,
                message_id=alert.message_id, text=alert.text, rule=alert.rule, ts=alert.ts))

    async def open(self) -> list[Alert]:
        """Open alerts, oldest first."""
        t = alerts.c
        stmt = select(alerts).where(t.closed_ms.is_(None)).order_by(t.ts, t.id).limit(MAX_OPEN)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [Alert(r["id"], r["category"], r["room"], dict(r["sender"]), r["message_id"], r["text"], r["rule"],
                      r["ts"]) for r in rows]

    async def close(self, alert_id: str, by: str, note: str | None, now_ms: int) -> Alert | None:
        """Close an open alert; None if there is no such open alert (already closed, or unknown)."""
        t = alerts.c
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(alerts).where(t.id == alert_id, t.closed_ms.is_(None)))).mappings().first()
            if row is None:
                return None
            done = await conn.execute(update(alerts).where(t.id == alert_id, t.closed_ms.is_(None))
                                      .values(closed_ms=now_ms, closed_by=by[:64], note=note))
            if not done.rowcount:
                return None  # another moderator closed it in the same moment
        return Alert(row["id"], row["category"], row["room"], dict(row["sender"]), row["message_id"], row["text"],
                     row["rule"], row["ts"])

    async def erase_texts(self, closed_before_ms: int) -> int:
        """Erase the words of alerts closed before the cutoff; the fact of the alert stays."""
        t = alerts.c
        async with self.engine.begin() as conn:
            result = await conn.execute(update(alerts).where(t.closed_ms < closed_before_ms, t.text.is_not(None))
                                        .values(text=None))
            return result.rowcount or 0
