"""What the coverage report reads from the directory: each organisation's and each active service's
municipality codes (`booths/coverage.py` counts them)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from server.store.schema import organization, service, service_area


async def directory_codes(engine: AsyncEngine) -> tuple[list[list[str]], list[tuple[str, list[str]]]]:
    """(per organisation: its codes, its own and those it serves; per active service: its kind and codes)."""
    async with engine.connect() as conn:
        orgs = [[c for c in [row.x_municipality_code, *((row.doc or {}).get("x_municipalities_served") or [])]
                 if isinstance(c, str)]
                for row in await conn.execute(select(organization.c.x_municipality_code, organization.c.doc))]
        areas: dict[str, list[str]] = {}
        for row in await conn.execute(select(service_area.c.service_id, service_area.c.municipality_code)):
            areas.setdefault(row.service_id, []).append(row.municipality_code)
        services = [(row.x_kind or "", [c for c in [row.x_municipality_code, *areas.get(row.id, [])] if c])
                    for row in await conn.execute(select(service.c.id, service.c.x_kind, service.c.x_municipality_code)
                                                  .where(service.c.status == "active"))]
    return orgs, services
