"""The directory's health in the database: when each listing was last confirmed, and import reports (issue 15).

The confirmation itself is written with the listing (`DirectoryStore.import_organizations(by_member=…)`);
this store reads it, confirms without a change, and keeps one summary row per import.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from booths.listing_health import Listing
from server.store.schema import import_report, organization, service

RECENT_IMPORTS = 20


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What the secretariat sees of one import: when, who, which kind of file, how many rows."""

    at_ms: int
    actor: str
    kind: str
    organizations: int
    services: int
    rejected: int
    committed: bool
    refused: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"at_ms": self.at_ms, "actor": self.actor, "kind": self.kind, "organizations": self.organizations,
                "services": self.services, "rejected": self.rejected, "committed": self.committed,
                "refused": self.refused}


def _listing(row: Any) -> Listing:
    return Listing(row.id, row.organization_id, row.name, row.status, row.confirmed_ms)


_COLUMNS = (service.c.id, service.c.organization_id, service.c.name, service.c.status, service.c.confirmed_ms)


class ListingHealthStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def listings_of(self, organization_id: str) -> list[Listing]:
        """Every service of one organisation (hidden ones too: its hosts keep them), by name."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(*_COLUMNS).where(service.c.organization_id == organization_id)
                                      .order_by(service.c.name, service.c.id))
            return [_listing(r) for r in rows]

    async def every_listing(self) -> tuple[list[Listing], dict[str, tuple[str, str | None]]]:
        """Every service, and every organisation's name and municipality code (the secretariat's view)."""
        async with self.engine.connect() as conn:
            listings = [_listing(r) for r in await conn.execute(select(*_COLUMNS))]
            orgs = {r.id: (r.name, r.x_municipality_code) for r in await conn.execute(
                select(organization.c.id, organization.c.name, organization.c.x_municipality_code))}
        return listings, orgs

    async def owner(self, service_id: str) -> str | None:
        async with self.engine.connect() as conn:
            return (await conn.execute(select(service.c.organization_id).where(service.c.id == service_id))).scalar()

    async def confirm(self, service_id: str, now_ms: int) -> Listing | None:
        """A member says the listing is still right as it is; None if there is no such service."""
        async with self.engine.begin() as conn:
            await conn.execute(update(service).where(service.c.id == service_id).values(confirmed_ms=now_ms))
            row = (await conn.execute(select(*_COLUMNS).where(service.c.id == service_id))).first()
        return _listing(row) if row is not None else None

    async def record_import(self, summary: ImportSummary) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(import_report).values(
                at_ms=summary.at_ms, actor=summary.actor[:64], kind=summary.kind[:16],
                organizations=summary.organizations, services=summary.services, rejected=summary.rejected,
                committed=summary.committed, refused=summary.refused[:32] if summary.refused else None))

    async def recent_imports(self, limit: int = RECENT_IMPORTS) -> list[ImportSummary]:
        """The latest imports, newest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(import_report).order_by(import_report.c.at_ms.desc(),
                                                                     import_report.c.id.desc()).limit(limit))
            return [ImportSummary(r.at_ms, r.actor, r.kind, r.organizations, r.services, r.rejected, r.committed,
                                  r.refused) for r in rows]
