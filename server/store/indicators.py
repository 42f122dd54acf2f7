"""The secretariat's targets and the campaign codes with their counts (issue 15).

Counts arrive from each node's in-memory counters (`server/realtime/campaigns.py`) as sums to
add; two nodes adding to the same row at once both count (an update first, an insert that may
lose the race to the other node, then the update again).
"""
from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths.campaigns import Campaign
from booths.indicators import Target
from server.store.schema import campaign, campaign_count, indicator_target


class IndicatorStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    # -- targets --------------------------------------------------------------------------------
    async def targets(self) -> list[Target]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(indicator_target).order_by(indicator_target.c.measure))
            return [Target(r.measure, r.value, r.deadline, r.note, r.updated_ms) for r in rows]

    async def set_target(self, target: Target, actor: str) -> bool:
        """Set (or replace) the target of `target.measure`; True if there was none before."""
        values = {"value": target.value, "deadline": target.deadline, "note": target.note,
                  "updated_ms": target.updated_ms, "actor": actor}
        async with self.engine.begin() as conn:
            result = await conn.execute(update(indicator_target)
                                        .where(indicator_target.c.measure == target.measure).values(**values))
            if result.rowcount:
                return False
            try:
                async with conn.begin_nested():
                    await conn.execute(insert(indicator_target).values(measure=target.measure, **values))
            except IntegrityError:  # set by someone else meanwhile: this one replaces it
                await conn.execute(update(indicator_target)
                                   .where(indicator_target.c.measure == target.measure).values(**values))
                return False
        return True

    async def drop_target(self, measure: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(indicator_target).where(indicator_target.c.measure == measure))
        return bool(result.rowcount)

    # -- campaigns ------------------------------------------------------------------------------
    async def campaigns(self) -> list[Campaign]:
        async with self.engine.connect() as conn:
            return [Campaign(r.code, r.label, r.created_ms) for r in await conn.execute(select(campaign))]

    async def add_campaign(self, c: Campaign) -> bool:
        """Register a code; False if it exists already."""
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(campaign).values(code=c.code, label=c.label, created_ms=c.created_ms))
        except IntegrityError:
            return False
        return True

    async def add_counts(self, counts: dict[tuple[str, str, str], int]) -> None:
        """Add n per (code, month, measure) to what is stored."""
        if not counts:
            return
        async with self.engine.begin() as conn:
            for (code, month, measure), n in sorted(counts.items()):
                if not await self._bump(conn, code, month, measure, n):
                    try:
                        async with conn.begin_nested():
                            await conn.execute(insert(campaign_count).values(code=code, month=month,
                                                                             measure=measure, count=n))
                    except IntegrityError:  # another node made the row first
                        await self._bump(conn, code, month, measure, n)

    @staticmethod
    async def _bump(conn: AsyncConnection, code: str, month: str, measure: str, n: int) -> bool:
        result = await conn.execute(update(campaign_count)
                                    .where(campaign_count.c.code == code, campaign_count.c.month == month,
                                           campaign_count.c.measure == measure)
                                    .values(count=campaign_count.c.count + n))
        return bool(result.rowcount)

    async def counts(self) -> dict[str, dict[str, int]]:
        """Per code, per measure: the sum over every month."""
        totals: dict[str, dict[str, int]] = {}
        async with self.engine.connect() as conn:
            for r in await conn.execute(select(campaign_count)):
                per = totals.setdefault(r.code, {})
                per[r.measure] = per.get(r.measure, 0) + r.count
        return totals
