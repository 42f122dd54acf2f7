"""The audit trail in the database: append-only, read with filters, purged by age.

Every automatic block or hold and every moderator action or report is one
row. Nothing here updates or deletes a row except the retention purge.
(The table comes from the migrations in `server/store/migrations`.)
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from moderation.audit import AuditEvent

from server.store.schema import audit_events

if TYPE_CHECKING:
    from server.store.alerts import AlertStore

log = logging.getLogger("tsunagaru.audit")
MAX_LIMIT = 1_000


def _row(e: AuditEvent) -> dict[str, Any]:
    return {"at_ms": e.at_ms, "actor": e.actor[:64], "actor_role": e.actor_role[:16], "action": e.action[:16],
            "target_user": e.target_user, "room": e.room, "message_id": e.message_id,
            "reason": (e.reason or None) and e.reason[:200], "rule": e.rule, "detail": e.detail or {}}


class AuditStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def append_many(self, events: list[AuditEvent]) -> None:
        if events:
            async with self.engine.begin() as conn:
                await conn.execute(insert(audit_events), [_row(e) for e in events])

    async def query(self, *, action: str | None = None, room: str | None = None, actor: str | None = None,
                    target_user: str | None = None, since_ms: int | None = None, until_ms: int | None = None,
                    limit: int = 100, offset: int = 0) -> list[AuditEvent]:
        """Newest first; filters combine with AND."""
        t = audit_events.c
        stmt = select(audit_events).order_by(t.at_ms.desc(), t.id.desc()).limit(min(limit, MAX_LIMIT)).offset(offset)
        for column, value in ((t.action, action), (t.room, room), (t.actor, actor), (t.target_user, target_user)):
            if value is not None:
                stmt = stmt.where(column == value)
        if since_ms is not None:
            stmt = stmt.where(t.at_ms >= since_ms)
        if until_ms is not None:
            stmt = stmt.where(t.at_ms < until_ms)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [AuditEvent(r["at_ms"], r["actor"], r["actor_role"], r["action"], r["target_user"], r["room"],
                           r["message_id"], r["reason"], r["rule"], dict(r["detail"] or {}))
                for r in rows]

    async def erase_details(self, action: str, cutoff_ms: int) -> int:
        """Empty the details (the words) of `action` rows older than the cutoff; the fact stays."""
        t = audit_events.c
        async with self.engine.begin() as conn:
            result = await conn.execute(update(audit_events).where(t.action == action, t.at_ms < cutoff_ms)
                                        .values(detail={}))
            return result.rowcount or 0

    async def purge_older_than(self, cutoff_ms: int) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(audit_events).where(audit_events.c.at_ms < cutoff_ms))
            return result.rowcount or 0


class AuditWriter:
    """Takes events without waiting (`record`), writes them in batches in the background."""

    def __init__(self, store: AuditStore, capacity: int = 10_000) -> None:
        self.store = store
        self.queue: asyncio.Queue[AuditEvent] = asyncio.Queue(maxsize=capacity)
        self.dropped = 0
        self._task: asyncio.Task[None] | None = None

    def record(self, event: AuditEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped += 1

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-writer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._flush()

    async def _flush(self) -> None:
        batch: list[AuditEvent] = []
        while not self.queue.empty():
            batch.append(self.queue.get_nowait())
        if batch:
            try:
                await self.store.append_many(batch)
            except Exception:
                log.exception("audit flush failed", extra={"events": len(batch)})

    async def _run(self) -> None:
        delay = 0.5
        while True:
            batch = [await self.queue.get()]
            while not self.queue.empty() and len(batch) < 500:
                batch.append(self.queue.get_nowait())
            while True:
                try:
                    await self.store.append_many(batch)
                    delay = 0.5
                    break
                except asyncio.CancelledError:
                    for e in batch:
                        self.record(e)
                    raise
                except Exception:
                    log.exception("audit write failed; retrying", extra={"events": len(batch)})
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)


async def purge_expired(store: AuditStore, alerts: "AlertStore", days: int, sensitive_h: float, now_ms: int) -> int:
    """One retention pass; short retention is part of the promise to young visitors.

    The trail is kept `days` (AUDIT_RETENTION_DAYS). The most sensitive words go
    sooner (SENSITIVE_RETENTION_H): the lines of a support conversation after
    they were said, and the words of a crisis alert after it was closed.
    """
    sensitive_cutoff = now_ms - int(sensitive_h * 3_600_000)
    removed = await store.purge_older_than(now_ms - days * 86_400_000)
    removed += await store.erase_details("support_line", sensitive_cutoff)
    removed += await alerts.erase_texts(sensitive_cutoff)
    return removed
