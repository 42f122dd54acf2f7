"""The member directory in the database: import, export, read and search.

Each import is one transaction. Rows that fail their check are reported and
left out; with `strict`, any problem rolls the whole import back. Documents
are written in batches so a large import holds one batch in memory, not the
file's worth of rows.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Iterable

from sqlalchemy import and_, delete, exists, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths import hsds
from booths.municipalities import load_municipalities
from booths.search import ServiceQuery, passes, service_point
from booths.vocabulary import TAXONOMIES, TERMS

from server.store import migrate
from server.store.booths import ensure_booth
from server.store.schema import booth, location, organization, service, service_area, service_term, taxonomy, taxonomy_term

BATCH = 200
MAX_PER_PAGE = 200
# A service its organization hides (the host console's 非公開 / Hidden): served only to that organization's
# hosts and to admins (server.http.directory decides who), never listed in search, the map or the matcher.
HIDDEN = "inactive"


@dataclass(slots=True)
class ImportReport:
    organizations: int = 0
    services: int = 0
    locations: int = 0
    rejected: list[hsds.Problem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"organizations": self.organizations, "services": self.services, "locations": self.locations,
                "committed": self.committed,
                "rejected": [{"path": p.path, "code": p.code, "message": p.message} for p in self.rejected]}


class StrictImportFailed(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.rejected)} problems; nothing was imported")
        self.report = report


@dataclass(slots=True, frozen=True)
class Page:
    """An HSDS API `Page`."""

    contents: list[dict[str, Any]]
    total_items: int
    page_number: int
    size: int

    def as_dict(self) -> dict[str, Any]:
        total_pages = max(1, -(-self.total_items // self.size)) if self.size else 1
        return {"total_items": self.total_items, "total_pages": total_pages, "page_number": self.page_number,
                "size": self.size, "first_page": self.page_number == 1, "last_page": self.page_number >= total_pages,
                "empty": not self.contents, "contents": self.contents}


class DirectoryStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    # -- vocabulary ------------------------------------------------------------------------
    async def seed_vocabulary(self) -> None:
        """Make the taxonomy tables match `booths.vocabulary` (run at start)."""
        async with self.engine.begin() as conn:
            await conn.run_sync(migrate.lock)
            await conn.execute(delete(taxonomy_term))
            await conn.execute(delete(taxonomy))
            await conn.execute(insert(taxonomy), [
                {"id": t.id, "name": t.name, "x_name_en": t.name_en, "description": t.description} for t in TAXONOMIES])
            await conn.execute(insert(taxonomy_term), [
                {"id": t.id, "taxonomy_id": t.taxonomy_id, "code": t.code, "name": t.name, "x_name_en": t.name_en,
                 "x_min_age": t.min_age, "x_max_age": t.max_age} for t in TERMS])

    # -- import ----------------------------------------------------------------------------
    async def import_organizations(self, docs: Iterable[Any], *, strict: bool = False,
                                   progress: Callable[[int], None] | None = None,
                                   by_member: bool = False) -> ImportReport:
        """Insert or replace organizations (with their locations and services) in one transaction.

        `by_member`: written by a host of the organisation, so each new or changed service counts as
        confirmed now (booths.listing_health); otherwise (imports, admins) confirmations are kept as they were.
        """
        confirm_ms = int(time.time() * 1000) if by_member else None
        report = ImportReport()
        seen_orgs: set[str] = set()
        seen_services: set[str] = set()
        batch: list[hsds.OrganizationRow] = []
        async with self.engine.begin() as conn:
            # Imports take turns across nodes (the schema lock): two nodes loading the same demo at once,
            # or two edits of one organization, each replace it in turn instead of colliding on its ids.
            await conn.run_sync(migrate.lock)
            for i, doc in enumerate(docs):
                row, problems = hsds.check_organization(doc, f"$[{i}]")
                report.rejected.extend(problems)
                if row is None:
                    continue
                if row.id in seen_orgs:
                    report.rejected.append(hsds.Problem(f"$[{i}].id", "duplicate_id",
                                                        f"organization {row.id} appears twice in this import"))
                    continue
                seen_orgs.add(row.id)
                kept = []
                for j, svc in enumerate(row.services):
                    if svc.id in seen_services:
                        report.rejected.append(hsds.Problem(f"$[{i}].services", "duplicate_id",
                                                            f"service {svc.id} appears in two organizations"))
                        continue
                    seen_services.add(svc.id)
                    kept.append(svc)
                row.services = kept
                batch.append(row)
                if len(batch) >= BATCH:
                    await self._write(conn, batch, report, confirm_ms)
                    batch = []
                    if progress is not None:
                        progress(report.organizations)
            await self._write(conn, batch, report, confirm_ms)
            if strict and report.rejected:
                raise StrictImportFailed(report)
            report.committed = True
        return report

    async def _write(self, conn: AsyncConnection, rows: list[hsds.OrganizationRow], report: ImportReport,
                     confirm_ms: int | None) -> None:
        if not rows:
            return
        ids = [r.id for r in rows]
        service_ids = [s.id for r in rows for s in r.services]
        old_services = select(service.c.id).where(service.c.organization_id.in_(ids))
        # confirmations are kept across the rewrite; a member's write compares the content too
        compared = [service.c.name, service.c.status, service.c.doc] if confirm_ms is not None else []
        before = {r.id: r for r in await conn.execute(
            select(service.c.id, service.c.confirmed_ms, *compared)
            .where(or_(service.c.organization_id.in_(ids), service.c.id.in_(service_ids))))}
        # children first: SQLite enforces no foreign keys unless asked, so nothing may rely on CASCADE
        await conn.execute(delete(service_term).where(service_term.c.service_id.in_(old_services)))
        await conn.execute(delete(service_area).where(service_area.c.service_id.in_(old_services)))
        await conn.execute(delete(service).where(service.c.organization_id.in_(ids)))
        if service_ids:  # a service moved here from another organization
            await conn.execute(delete(service_term).where(service_term.c.service_id.in_(service_ids)))
            await conn.execute(delete(service_area).where(service_area.c.service_id.in_(service_ids)))
            await conn.execute(delete(service).where(service.c.id.in_(service_ids)))
        await conn.execute(delete(location).where(location.c.organization_id.in_(ids)))
        location_ids = [x.id for r in rows for x in r.locations]
        if location_ids:  # a location moved here from another organization
            await conn.execute(delete(location).where(location.c.id.in_(location_ids)))
        await conn.execute(delete(organization).where(organization.c.id.in_(ids)))
        now = int(time.time() * 1000)
        await conn.execute(insert(organization), [
            {"id": r.id, "name": r.name, "x_member_category": r.member_category,
             "x_municipality_code": r.municipality_code, "doc": r.doc, "updated_ms": now} for r in rows])
        locs = [loc for r in rows for loc in r.locations]
        if locs:
            await conn.execute(insert(location), [
                {"id": x.id, "organization_id": x.organization_id, "name": x.name, "location_type": x.location_type,
                 "latitude": x.latitude, "longitude": x.longitude, "x_coordinate_precision": x.precision,
                 "x_municipality_code": x.municipality_code, "doc": x.doc} for x in locs])
        svcs = [s for r in rows for s in r.services]
        if svcs:
            await conn.execute(insert(service), [
                {"id": s.id, "organization_id": s.organization_id, "name": s.name, "status": s.status,
                 "x_kind": s.kind, "minimum_age": s.minimum_age, "maximum_age": s.maximum_age, "x_virtual": s.virtual,
                 "x_municipality_code": s.municipality_code, "latitude": s.latitude, "longitude": s.longitude,
                 "search_text": s.search_text, "doc": s.doc, "confirmed_ms": _confirmed(before.get(s.id), s, confirm_ms)}
                for s in svcs])
            terms = [{"service_id": s.id, "term_id": t} for s in svcs for t in s.terms]
            if terms:
                await conn.execute(insert(service_term), terms)
            areas = [{"service_id": s.id, "municipality_code": c} for s in svcs for c in s.area_codes]
            if areas:
                await conn.execute(insert(service_area), areas)
        for r in rows:
            await self._ensure_booth(conn, r)
        report.organizations += len(rows)
        report.locations += len(locs)
        report.services += len(svcs)

    async def _ensure_booth(self, conn: AsyncConnection, r: hsds.OrganizationRow) -> None:
        """An organization with `x_booth` {slug, title} (checked in booths.hsds) gets its booth if it has none."""
        spec = r.doc.get("x_booth")
        if not isinstance(spec, dict):
            return
        await ensure_booth(conn, spec["slug"], r.id, spec["title"], r.doc.get("description", "")[:2000],
                           [s.id for s in r.services], spec.get("title_en", ""))

    async def owners(self, service_ids: list[str], location_ids: list[str]) -> set[str]:
        """The organizations that hold any of these services or locations now."""
        found: set[str] = set()
        async with self.engine.connect() as conn:
            if service_ids:
                found |= {r.organization_id for r in await conn.execute(
                    select(service.c.organization_id).where(service.c.id.in_(service_ids)))}
            if location_ids:
                found |= {r.organization_id for r in await conn.execute(
                    select(location.c.organization_id).where(location.c.id.in_(location_ids)))}
        return found

    async def booth_owner(self, slug: str) -> str | None:
        """The organization whose booth `slug` is, if there is one."""
        async with self.engine.connect() as conn:
            return (await conn.execute(select(booth.c.organization_id).where(booth.c.slug == slug))).scalar()

    async def organization_id_for(self, ref: str) -> str | None:
        """An organization named by its id or by its short name (its booth's slug, as in /booth/<slug>);
        None if neither exists. The operator's `admin create-user --organization` takes either."""
        if not isinstance(ref, str) or not ref.strip() or len(ref) > 64:
            return None
        ref = ref.strip()
        async with self.engine.connect() as conn:
            found = (await conn.execute(select(organization.c.id).where(organization.c.id == ref))).scalar()
            if found is None:
                found = (await conn.execute(select(booth.c.organization_id).where(booth.c.slug == ref))).scalar()
        return found

    # -- read ------------------------------------------------------------------------------
    async def organizations_page(self, page: int = 1, per_page: int = 50, municipality: str | None = None) -> Page:
        per_page, page = _bounded(per_page, page)
        where = [organization.c.x_municipality_code == municipality] if municipality else []
        async with self.engine.connect() as conn:
            total = (await conn.execute(select(func.count()).select_from(organization).where(*where))).scalar_one()
            rows = (await conn.execute(select(organization).where(*where).order_by(organization.c.name, organization.c.id)
                                       .limit(per_page).offset((page - 1) * per_page))).mappings().all()
        return Page([_org_doc(r) for r in rows], total, page, per_page)

    async def organization(self, org_id: str, include_hidden: bool = False) -> dict[str, Any] | None:
        """One organization with its locations and a list of its services (hidden ones only if asked)."""
        shown = [] if include_hidden else [service.c.status != HIDDEN]
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(organization).where(organization.c.id == org_id))).mappings().first()
            if row is None:
                return None
            locs = (await conn.execute(select(location).where(location.c.organization_id == org_id)
                                       .order_by(location.c.id))).mappings().all()
            svcs = (await conn.execute(select(service.c.id, service.c.name, service.c.status)
                                       .where(service.c.organization_id == org_id, *shown)
                                       .order_by(service.c.name))).all()
        doc = _org_doc(row)
        doc["locations"] = [_location_doc(x) for x in locs]
        doc["services"] = [{"id": s.id, "name": s.name, "status": s.status} for s in svcs]
        return doc

    async def terms_page(self, page: int = 1, per_page: int = 100, taxonomy_id: str | None = None) -> Page:
        per_page, page = _bounded(per_page, page)
        where = [taxonomy_term.c.taxonomy_id == taxonomy_id] if taxonomy_id else []
        async with self.engine.connect() as conn:
            total = (await conn.execute(select(func.count()).select_from(taxonomy_term).where(*where))).scalar_one()
            rows = (await conn.execute(select(taxonomy_term).where(*where).order_by(taxonomy_term.c.id)
                                       .limit(per_page).offset((page - 1) * per_page))).mappings().all()
        return Page([{"id": r["id"], "taxonomy_id": r["taxonomy_id"], "code": r["code"], "name": r["name"],
                      "x_name_en": r["x_name_en"], "x_min_age": r["x_min_age"], "x_max_age": r["x_max_age"]}
                     for r in rows], total, page, per_page)

    async def service(self, service_id: str, include_hidden: bool = False) -> dict[str, Any] | None:
        """One service as served, or None (also for a hidden one unless asked)."""
        docs = await self._services_by_id([service_id])
        if not docs or (docs[0]["status"] == HIDDEN and not include_hidden):
            return None
        return docs[0]

    async def search(self, query: ServiceQuery, page: int = 1, per_page: int = 20) -> Page:
        """Services matching every filter, ordered by name; paged after the Python filters."""
        per_page, page = _bounded(per_page, page)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(service.c.id, service.c.doc, service.c.latitude, service.c.longitude,
                                              service.c.x_municipality_code, service.c.x_virtual)
                                       .where(*_sql_filters(query)).order_by(service.c.name, service.c.id))).all()
        places = load_municipalities() if query.near else {}
        ids = [r.id for r in rows
               if passes(query, r.doc, service_point(r.latitude, r.longitude, r.x_municipality_code, places),
                         r.x_virtual, places)]
        chosen = ids[(page - 1) * per_page:page * per_page]
        return Page(await self._services_by_id(chosen), len(ids), page, per_page)

    async def all_services(self, include_inactive: bool = False) -> list[dict[str, Any]]:
        """Every service as served by /hsds/services/{id} (what the matcher reads)."""
        where = [] if include_inactive else [service.c.status == "active"]
        async with self.engine.connect() as conn:
            ids = [r.id for r in await conn.execute(select(service.c.id).where(*where).order_by(service.c.id))]
        return await self._services_by_id(ids)

    async def _services_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        async with self.engine.connect() as conn:
            svcs = {r["id"]: r for r in (await conn.execute(select(service).where(service.c.id.in_(ids)))).mappings()}
            org_ids = {r["organization_id"] for r in svcs.values()}
            orgs = {r["id"]: r for r in (await conn.execute(
                select(organization).where(organization.c.id.in_(org_ids)))).mappings()}
            locs = {r["id"]: r for r in (await conn.execute(
                select(location).where(location.c.organization_id.in_(org_ids)))).mappings()}
        out = []
        for sid in ids:
            r = svcs.get(sid)
            if r is None:
                continue
            doc = dict(r["doc"])
            org = orgs[r["organization_id"]]
            doc.update({"id": r["id"], "name": r["name"], "status": r["status"],
                        "organization": {"id": org["id"], "name": org["name"],
                                         "x_member_category": org["x_member_category"]},
                        "x_virtual": r["x_virtual"], "x_municipality_code": r["x_municipality_code"]})
            doc["service_at_locations"] = [
                {"location_id": link["location_id"], "location": _location_doc(locs[link["location_id"]])}
                for link in doc.get("service_at_locations") or [] if link.get("location_id") in locs]
            out.append(doc)
        return out

    # -- export ----------------------------------------------------------------------------
    async def export_documents(self) -> AsyncIterator[dict[str, Any]]:
        """Every organization as a nested HSDS document (what import reads back)."""
        async with self.engine.connect() as conn:
            org_ids = [r.id for r in (await conn.execute(select(organization.c.id).order_by(organization.c.id)))]
        for start in range(0, len(org_ids), BATCH):
            chunk = org_ids[start:start + BATCH]
            async with self.engine.connect() as conn:
                orgs = (await conn.execute(select(organization).where(organization.c.id.in_(chunk))
                                           .order_by(organization.c.id))).mappings().all()
                locs = (await conn.execute(select(location).where(location.c.organization_id.in_(chunk))
                                           .order_by(location.c.id))).mappings().all()
                svcs = (await conn.execute(select(service).where(service.c.organization_id.in_(chunk))
                                           .order_by(service.c.id))).mappings().all()
            for org in orgs:
                yield {**_org_doc(org),
                       "locations": [_location_doc(x) for x in locs if x["organization_id"] == org["id"]],
                       "services": [{**s["doc"], "id": s["id"], "name": s["name"]}
                                    for s in svcs if s["organization_id"] == org["id"]]}

    async def map_points(self, query: ServiceQuery) -> list[dict[str, Any]]:
        """Services with a public point, for the GeoJSON map (hidden places have none)."""
        return await self.every_match(query)

    async def every_match(self, query: ServiceQuery) -> list[dict[str, Any]]:
        """Every service matching `query`, unpaged, ordered by name (the map, the consultation finder)."""
        page = await self.search(query, 1, MAX_PER_PAGE)
        total, pages = page.total_items, [page]
        number = 2
        while (number - 1) * MAX_PER_PAGE < total:
            pages.append(await self.search(query, number, MAX_PER_PAGE))
            number += 1
        return [doc for p in pages for doc in p.contents]


def _confirmed(old: Any, new: hsds.ServiceRow, confirm_ms: int | None) -> int | None:
    """A service's confirmation after a write: now if a member wrote it new or changed, else as it was."""
    if confirm_ms is not None and (old is None or (old.name, old.status, old.doc) != (new.name, new.status, new.doc)):
        return confirm_ms
    return old.confirmed_ms if old is not None else None


def _bounded(per_page: int, page: int) -> tuple[int, int]:
    return max(1, min(per_page, MAX_PER_PAGE)), max(1, page)


def _sql_filters(q: ServiceQuery) -> list[Any]:
    where: list[Any] = []
    if not q.include_inactive:
        where.append(service.c.status == "active")
    for term in q.terms:
        where.append(exists().where(and_(service_term.c.service_id == service.c.id, service_term.c.term_id == term)))
    if q.municipality:
        where.append(or_(service.c.x_municipality_code == q.municipality,
                         exists().where(and_(service_area.c.service_id == service.c.id,
                                             service_area.c.municipality_code == q.municipality))))
    if q.age is not None:
        where.append(or_(service.c.minimum_age.is_(None), service.c.minimum_age <= q.age))
        where.append(or_(service.c.maximum_age.is_(None), service.c.maximum_age >= q.age))
    if q.virtual is not None:
        where.append(service.c.x_virtual.is_(q.virtual))
    if q.kind:
        where.append(service.c.x_kind == q.kind)
    if q.organization_id:
        where.append(service.c.organization_id == q.organization_id)
    folded = q.folded_text
    if folded:
        for word in folded.split()[:8]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(service.c.search_text.like(f"%{escaped}%", escape="\\"))
    return where


def _org_doc(row: Any) -> dict[str, Any]:
    return {**row["doc"], "id": row["id"], "name": row["name"], "x_member_category": row["x_member_category"],
            "x_municipality_code": row["x_municipality_code"]}


def _location_doc(row: Any) -> dict[str, Any]:
    """A location as served: only the public point and address (see booths.hsds), never more (also for
    rows stored before addresses were cut at import)."""
    doc = {k: v for k, v in row["doc"].items() if k not in ("latitude", "longitude")}
    if "addresses" in doc:
        doc["addresses"] = hsds.public_addresses(doc["addresses"], row["x_coordinate_precision"])
    doc.update({"id": row["id"], "name": row["name"], "location_type": row["location_type"],
                "x_coordinate_precision": row["x_coordinate_precision"],
                "x_municipality_code": row["x_municipality_code"]})
    if row["latitude"] is not None:
        doc["latitude"], doc["longitude"] = row["latitude"], row["longitude"]
    return doc
