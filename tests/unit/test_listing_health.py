"""When a listing is due for its member's confirmation (booths.listing_health), and the migration's backfill."""
from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from sqlalchemy import insert, select

from booths.listing_health import Listing, by_organisation, due_before_ms, is_due, needs_confirming
from rooms.jst import JST
from server.store import db, migrate
from server.store.schema import organization, service


def ms(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=JST).timestamp() * 1000)


def test_months_are_calendar_months_on_the_japanese_clock_face() -> None:
    assert due_before_ms(ms(2026, 12, 5, 10, 0), 6) == ms(2026, 6, 5, 10, 0)
    assert due_before_ms(ms(2026, 8, 31, 9, 0), 6) == ms(2026, 2, 28, 9, 0)  # no 31 February: its last day
    assert due_before_ms(ms(2026, 3, 15, 0, 30), 6) == ms(2025, 9, 15, 0, 30)  # across the new year
    assert due_before_ms(ms(2028, 8, 29), 6) == ms(2028, 2, 29)  # a leap year keeps the 29th


def test_never_confirmed_is_due_and_a_recent_confirmation_is_not() -> None:
    cut = ms(2026, 6, 5)
    assert is_due(None, cut) and is_due(cut - 1, cut) and not is_due(cut, cut)
    assert not needs_confirming(Listing("x", "o", "X", "inactive", None), cut)  # hidden: misleads no visitor


def test_the_secretariat_sees_organisations_with_listings_due_most_first() -> None:
    cut = ms(2026, 6, 5)
    rows = [Listing("a1", "a", "A1", "active", None), Listing("a2", "a", "A2", "active", cut - 10),
            Listing("b1", "b", "B1", "active", cut + 10), Listing("c1", "c", "C1", "active", cut - 5),
            Listing("c2", "c", "C2", "active", cut + 5), Listing("d1", "d", "D1", "defunct", None)]
    found = by_organisation(rows, {"a": "団体A", "c": "団体C"}, cut)
    assert [(o.organization_id, o.name, o.listings, o.due, o.never) for o in found] == [
        ("a", "団体A", 2, 2, 1), ("c", "団体C", 2, 1, 0)]  # b is up to date: not listed
    assert found[0].oldest_confirmed_ms == cut - 10


def test_the_upgrade_gives_members_listings_their_last_write_and_open_data_none(tmp_path: Path) -> None:
    async def run() -> dict[str, int | None]:
        engine = db.engine_for(f"sqlite+aiosqlite:///{tmp_path / 'up.db'}")
        await migrate.upgrade(engine, "0014_matching")
        async with engine.begin() as conn:
            for org_id, doc in (("member", {}), ("opendata", {"x_source": "file:yaizu.csv"})):
                await conn.execute(insert(organization).values(id=org_id, name=org_id, x_member_category="npo",
                                                               doc=doc, updated_ms=1_700_000_000_000))
                await conn.execute(insert(service).values(
                    id=f"{org_id}-svc", organization_id=org_id, name="s", status="active", x_virtual=False,
                    search_text="s", doc={}))
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            found = {r.id: r.confirmed_ms for r in await conn.execute(select(service.c.id, service.c.confirmed_ms))}
        await engine.dispose()
        return found

    assert asyncio.run(run()) == {"member-svc": 1_700_000_000_000, "opendata-svc": None}
