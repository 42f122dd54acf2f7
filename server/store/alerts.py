"""Held messages and alerts in the database, so every node (and a moderator who signs in later) sees them.

Nothing held may depend on who happened to be online or on the node that held
it: each hold is written before anyone is told, read by `mod.alerts` and
`mod.watch` on any node, decided once (release, drop, ack), and its words
erased `SENSITIVE_RETENTION_H` after it was decided.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from moderation.alerts import HELD, Alert

from server.store.schema import alerts

MAX_OPEN = 500


def _alert(r: Any) -> Alert:
    return Alert(r["id"], r["category"], r["room"], dict(r["sender"]), r["message_id"], r["text"], r["rule"],
                 r["ts"], r["reason"] or "held")


class AlertStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def add(self, alert: Alert) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(alerts).values(
                id=alert.id, category=alert.category, room=alert.room, sender=alert.sender,
                message_id=alert.message_id, text=alert.text, rule=alert.rule, ts=alert.ts, reason=alert.reason))

    async def open(self) -> list[Alert]:
        """Open priority alerts, oldest first."""
        t = alerts.c
        return await self._select(select(alerts).where(t.closed_ms.is_(None), t.category != HELD))

    async def open_in(self, rooms: list[str]) -> list[Alert]:
        """Every message still waiting for a decision in these rooms (priority or not), oldest first."""
        t = alerts.c
        return await self._select(select(alerts).where(t.decided_ms.is_(None), t.room.in_(rooms)))

    async def _select(self, stmt: Any) -> list[Alert]:
        t = alerts.c
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt.order_by(t.ts, t.id).limit(MAX_OPEN))).mappings().all()
        return [_alert(r) for r in rows]

    async def close(self, alert_id: str, by: str, note: str | None, now_ms: int) -> Alert | None:
        """Acknowledge an open alert (a held message not yet decided stays unpublished); None if it is
        not open (already closed, or unknown)."""
        t = alerts.c
        return await self._settle(t.id == alert_id, t.closed_ms, {
            "closed_ms": now_ms, "closed_by": by[:64], "note": note,
            "decided_ms": func.coalesce(t.decided_ms, now_ms)})

    async def close_message(self, message_id: str, by: str, now_ms: int) -> Alert | None:
        """Decide on a held message (released or dropped), once; None if it is not waiting (any more).
        An ordinary hold is then closed; a priority alert stays open until it is acknowledged."""
        t = alerts.c
        return await self._settle(t.message_id == message_id, t.decided_ms, {
            "decided_ms": now_ms, "closed_by": by[:64],
            "closed_ms": case((t.category == HELD, now_ms), else_=t.closed_ms)})

    async def _settle(self, which: Any, unset: Any, values: dict[str, Any]) -> Alert | None:
        t = alerts.c
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(alerts).where(which, unset.is_(None)))).mappings().first()
            if row is None:
                return None
            done = await conn.execute(update(alerts).where(t.id == row["id"], unset.is_(None)).values(**values))
            if not done.rowcount:
                return None  # another moderator decided in the same moment
        return _alert(row)

    async def reopen(self, hold: Alert) -> None:
        """Undo a decision that could not be carried out (the room's state was away): it waits again."""
        values: dict[str, Any] = {"decided_ms": None} if hold.priority else {"decided_ms": None, "closed_ms": None}
        async with self.engine.begin() as conn:
            await conn.execute(update(alerts).where(alerts.c.id == hold.id).values(**values))

    async def erase_texts(self, closed_before_ms: int) -> int:
        """Erase the words of holds decided before the cutoff; the fact of the hold stays."""
        t = alerts.c
        async with self.engine.begin() as conn:
            result = await conn.execute(update(alerts).where(t.closed_ms < closed_before_ms, t.text.is_not(None))
                                        .values(text=None))
            return result.rowcount or 0
