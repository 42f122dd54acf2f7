"""The directory's health over HTTP (issue 15): listings' last confirmation, import reports, coverage as CSV.

A host sees and confirms its own organisation's listings; the secretariat (admins) sees every
organisation with listings due and the recent imports. Only a host of the organisation confirms: an
admin's word is not the member's (booths.listing_health).
"""
from __future__ import annotations

from aiohttp import web

from booths.coverage import coverage_csv
from booths.listing_health import Listing, by_organisation, due_before_ms, needs_confirming
from booths.municipalities import load_municipalities
from rooms.roles import HOST

from server import clock
from server.http.access import bearer_identity
from server.http.bodies import csv_download, error_response, json_response, request_lang
from server.http.directory import speaker_for
from server.http.members import audit, coverage_of
from server.store.listing_health import ListingHealthStore


def _store(request: web.Request) -> ListingHealthStore:
    return ListingHealthStore(request.app["engine"])


def _due_before(request: web.Request) -> tuple[int, int]:
    months: int = request.app["config"].listing_confirm_months
    return months, due_before_ms(clock.now_ms(), months)


def _listing(item: Listing, due_before: int) -> dict[str, object]:
    return {"id": item.id, "name": item.name, "status": item.status, "confirmed_ms": item.confirmed_ms,
            "due": needs_confirming(item, due_before)}


async def listings(request: web.Request) -> web.Response:
    """An organisation's listings with when each was last confirmed (its hosts, admins)."""
    org_id = request.match_info["id"]
    identity = await speaker_for(request, org_id)
    if isinstance(identity, web.Response):
        return identity
    months, due_before = _due_before(request)
    found = await _store(request).listings_of(org_id)
    return json_response({"organization_id": org_id, "months": months, "due_before_ms": due_before,
                          "listings": [_listing(x, due_before) for x in found]})


async def confirm(request: web.Request) -> web.Response:
    """A host says its listing is still right as it is: confirmed now, nothing else changes."""
    lang = request_lang(request)
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    store = _store(request)
    service_id = request.match_info["id"]
    owner = await store.owner(service_id)
    if owner is None:
        return error_response(404, "not_found", "not_found", lang)
    if identity.role != HOST or identity.organization != owner:
        return error_response(403, "member_only", "member_only", lang)
    confirmed = await store.confirm(service_id, clock.now_ms())
    if confirmed is None:  # removed meanwhile
        return error_response(404, "not_found", "not_found", lang)
    audit(request, identity, "listing_confirm", service_id, None, organization_id=owner)
    return json_response(_listing(confirmed, _due_before(request)[1]))


async def health(request: web.Request) -> web.Response:
    """Organisations with listings due for confirmation, and the recent imports (admins)."""
    months, due_before = _due_before(request)
    store = _store(request)
    found, known = await store.every_listing()
    orgs = by_organisation(found, {k: name for k, (name, _) in known.items()}, due_before)
    places = load_municipalities()

    def place(org_id: str) -> str | None:  # which 地域防災課: open-data publishers repeat across municipalities
        m = places.get(known.get(org_id, ("", None))[1] or "")
        return f"{m.pref}{m.city}" if m else None

    return json_response({
        "months": months, "due_before_ms": due_before, "listings": len(found),
        "due": sum(o.due for o in orgs),
        "organizations": [{"id": o.organization_id, "name": o.name, "municipality": place(o.organization_id),
                           "listings": o.listings, "due": o.due,
                           "never": o.never, "oldest_confirmed_ms": o.oldest_confirmed_ms} for o in orgs],
        "imports": [s.as_dict() for s in await store.recent_imports()]})


async def coverage_export(request: web.Request) -> web.Response:
    """The coverage report as CSV, UTF-8 with BOM (a spreadsheet opens it as it is), with reference points."""
    answer = await coverage_of(request)
    if isinstance(answer, web.Response):
        return answer
    return csv_download(coverage_csv(answer.rows), "coverage.csv")
