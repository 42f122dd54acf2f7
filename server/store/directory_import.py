"""One import, whatever the format: HSDS JSON or a municipal open-data CSV.

Shared by `tsunagaru import` and `POST /api/directory/import`, so both give
the same report for the same file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from booths import hsds, opendata

from server import clock
from server.store.directory import DirectoryStore, ImportReport, StrictImportFailed
from server.store.listing_health import ImportSummary, ListingHealthStore

FORMATS = ("hsds", "ods-facility", "ods-event")


@dataclass(slots=True, frozen=True)
class ImportRefused:
    """The file as a whole cannot be read: nothing was imported."""

    code: str
    message: str


def hsds_documents(data: bytes) -> list[Any] | ImportRefused:
    """A list of organization documents from HSDS JSON: a list, {"organizations": [...]}, or one organization."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ImportRefused("bad_encoding", "HSDS JSON must be UTF-8")
    except json.JSONDecodeError as exc:
        return ImportRefused("bad_json", f"not JSON: {exc.msg} at line {exc.lineno}")
    if isinstance(value, dict) and isinstance(value.get("organizations"), list):
        return value["organizations"]
    if isinstance(value, dict) and isinstance(value.get("contents"), list):  # an HSDS API page (…_list.json)
        return [_as_organization(v) for v in value["contents"]]
    if isinstance(value, dict):
        return [_as_organization(value)]
    if isinstance(value, list):
        return [_as_organization(v) for v in value]
    return ImportRefused("bad_hsds", "expected an organization, a list of them, or {\"organizations\": [...]}")


def _as_organization(doc: Any) -> Any:
    """A service document with its `organization` embedded (HSDS 3.0 service_full) as that organization."""
    if not (isinstance(doc, dict) and isinstance(doc.get("organization"), dict) and "services" not in doc):
        return doc
    service = {k: v for k, v in doc.items() if k != "organization"}
    return {**doc["organization"], "services": [service]}


def open_data_documents(result: opendata.ImportResult, source: str) -> list[dict[str, Any]]:
    """Open-data rows as HSDS organizations: one per publishing body (団体名/主催者) and municipality."""
    orgs: dict[str, dict[str, Any]] = {}
    for place in result.places:
        org_name = place.organization_name or "(団体名なし)"
        code = place.x_municipality_code
        # ids come from what the data says (municipality, publisher, published row id), not from the file:
        # the same list imported again — another encoding, another upload — replaces, never duplicates
        org_id = hsds.stable_id("ods", "org", code or "", org_name)
        org = orgs.setdefault(org_id, {"id": org_id, "name": org_name, "x_member_category": "municipality",
                                       "x_municipality_code": code, "x_source": source,
                                       "locations": [], "services": []})
        key = place.x_source_id or place.x_content_key or str(place.source_row)  # never the row number if avoidable
        loc_id = hsds.stable_id("ods", place.x_kind, "loc", code or "", key)
        svc_id = hsds.stable_id("ods", place.x_kind, "svc", code or "", key)
        location: dict[str, Any] = {"id": loc_id, "name": place.x_location_name or place.name,
                                    "location_type": "physical", "x_coordinate_precision": "exact",
                                    "x_municipality_code": code}
        if place.latitude is not None and place.longitude is not None:
            location["latitude"], location["longitude"] = place.latitude, place.longitude
        if place.address:
            location["addresses"] = [{**place.address, "address_type": "physical"}]
        accessibility = [{"description": place.accessibility}] if place.accessibility else []
        # the 有/無 columns: HSDS accessibility entries for what is there, and every answer as x_accessibility
        accessibility += [{"description": column, "details": place.accessibility_words.get(column, "有")}
                          for column, yes in place.accessibility_flags.items() if yes]
        if accessibility:
            location["accessibility"] = accessibility
        if place.accessibility_flags:
            location["x_accessibility"] = dict(place.accessibility_flags)
        description = place.description or ""
        if place.hours_text and not place.hours_understood:
            description = f"{description}\n{place.hours_text}".strip()  # hours unknown is not closed
        service: dict[str, Any] = {
            "id": svc_id, "name": place.name, "alternate_name": place.alternate_name, "description": description,
            "url": place.url, "email": place.email, "status": "active",
            "x_kind": "event" if place.x_kind == "event" else None, "fees_description": place.fee,
            "schedules": place.schedules, "service_at_locations": [{"location_id": loc_id}],
            "x_source": source, "x_source_row": place.source_row, "x_name_en": place.x_name_en,
            "x_hours_notes": place.hours_text if place.x_kind == "facility" else None,
            "x_hours_unparsed": place.hours_kept or None, "x_hours_uncertain": place.hours_uncertain or None,
        }
        if place.phone:
            service["phones"] = [{"number": number} for number in [place.phone, *place.other_phones]]
        if place.x_contact_name or (place.phone and place.x_kind == "event"):
            service["contacts"] = [{"name": place.x_contact_name, "phones": service.get("phones", []),
                                    "email": place.email}]
        if place.capacity_count is not None:
            service["capacities"] = [{"maximum": place.capacity_count, "unit": {"name": "人"},
                                      "description": place.capacity}]
        org["locations"].append(location)
        org["services"].append({k: v for k, v in service.items() if v not in (None, "")})
    return list(orgs.values())


async def run_import(store: DirectoryStore, data: bytes, fmt: str, *, municipality: str | None = None,
                     strict: bool = False, source: str = "upload", actor: str = "cli",
                     progress: Callable[[int], None] | None = None) -> ImportReport | ImportRefused:
    """Import one file and keep its summary for the secretariat (`actor`: the admin's user id, or "cli").

    An import never counts as a member's confirmation of a listing (booths.listing_health)."""
    if fmt not in FORMATS:
        return ImportRefused("bad_format", f"format must be one of {', '.join(FORMATS)}")
    outcome = await _run(store, data, fmt, municipality, strict, source, progress)
    if isinstance(outcome, ImportRefused):
        summary = ImportSummary(clock.now_ms(), actor, fmt, 0, 0, 0, False, outcome.code)
    else:
        summary = ImportSummary(clock.now_ms(), actor, fmt, outcome.organizations if outcome.committed else 0,
                                outcome.services if outcome.committed else 0, len(outcome.rejected),
                                outcome.committed, None)
    await ListingHealthStore(store.engine).record_import(summary)
    return outcome


async def _run(store: DirectoryStore, data: bytes, fmt: str, municipality: str | None, strict: bool, source: str,
               progress: Callable[[int], None] | None) -> ImportReport | ImportRefused:
    before: list[hsds.Problem] = []
    if fmt == "hsds":
        docs = hsds_documents(data)
        if isinstance(docs, ImportRefused):
            return docs
    else:
        parse = opendata.parse_facilities if fmt == "ods-facility" else opendata.parse_events
        try:
            result = parse(data, municipality)
        except opendata.OpenDataError as exc:
            return ImportRefused("bad_file", str(exc))
        before = [hsds.Problem(f"row {r.row}" + (f" {r.field}" if r.field else ""), r.code, r.message)
                  for r in result.rejections]
        docs = open_data_documents(result, source)
    if strict and before:  # strict: a file with any rejected row imports nothing
        return ImportReport(rejected=before)
    try:
        report = await store.import_organizations(docs, strict=strict, progress=progress)
    except StrictImportFailed as exc:
        report = exc.report
    report.rejected[:0] = before
    return report
