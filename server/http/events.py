"""Events over HTTP: the occurrence list, the iCalendar feed, the open-data CSV and each event's page.

Every output reads the same occurrences (`booths.events`, expanded from the directory's
schedules and the booths' live sessions) through the same query, so a filter means the same
thing in the list, the feed and the export. Unknown parameters are refused with the list of
known ones; the window is bounded (`booths.events.MAX_WINDOW_DAYS`), and so is a feed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from multidict import MultiDict

from booths import event_view, events, events_csv, ical
from booths.booth import Booth
from booths.matcher import age_fits
from booths.municipalities import load_municipalities
from booths.search import ServiceQuery
from booths.stage import STAGE_KEY, StageSession
from rooms.age_bands import BAND_AGES
from rooms.jst import JST

from server.http.bodies import error_response, json_response, request_lang
from server.http.directory import QueryError, int_param, parse_query
from server.http.event_page import render_page
from server.http.public_page import render_missing
from server.http.headers import base_url
from server.stage_programme import read_programme
from server.store.directory import HIDDEN, MAX_PER_PAGE, DirectoryStore, Page

EVENT_KINDS = ("event", "activity")  # a service of another kind has opening hours, not occurrences
MAX_FEED = 2_000  # occurrences in one .ics or .csv answer
DEFAULT_DAYS = 7


@dataclass(frozen=True, slots=True)
class EventsQuery:
    first: dt.date
    last: dt.date
    services: ServiceQuery
    sources: tuple[str, ...]
    age_band: str | None = None  # events whose ages overlap the band (the visitor's, from hello)

    @property
    def topical(self) -> bool:
        """Filters only directory services carry (festival sessions have no terms, place or ages)."""
        s = self.services
        return bool(s.terms or s.municipality or s.age is not None or s.virtual is False)


def _date(params: Any, name: str, default: dt.date) -> dt.date:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise QueryError(f"{name} must be a date such as 2026-12-05") from None
    if not 2001 <= value.year <= 2098:  # Japanese holidays are known for 2000–2099
        raise QueryError(f"{name} must be between 2001 and 2098")
    return value


def parse_events_query(params: Any, today: dt.date) -> EventsQuery:
    """The query of every events route, or QueryError naming the bad parameter.

    Unknown parameters never reach here: the route table refuses them (`server.http.route.refusing_unknown_query`).
    """
    first = _date(params, "from", today)
    last = _date(params, "to", first + dt.timedelta(days=DEFAULT_DAYS - 1))
    problem = events.window_problem(first, last)
    if problem:
        raise QueryError(problem)
    online = params.get("online")
    if online not in (None, "", "true", "false"):
        raise QueryError("online must be true or false")
    source = params.get("source") or ""
    if source not in ("",) + events.SOURCES:
        raise QueryError(f"source must be one of {', '.join(events.SOURCES)}")
    subset: MultiDict[str] = MultiDict((k, v) for k, v in params.items()
                                       if k in ("municipality", "concern", "interest", "life_stage", "age"))
    if online:
        subset["virtual"] = online
    band = params.get("age_band") or None
    if band is not None and band not in BAND_AGES:
        raise QueryError(f"age_band must be one of {', '.join(BAND_AGES)}")
    return EventsQuery(first, last, parse_query(subset), (source,) if source else events.SOURCES, band)


async def _service_docs(store: DirectoryStore, query: ServiceQuery) -> list[dict[str, Any]]:
    docs = []
    number, total = 1, 1
    while (number - 1) * MAX_PER_PAGE < total:
        page = await store.search(query, number, MAX_PER_PAGE)
        total = page.total_items
        docs += [d for d in page.contents if d.get("x_kind") in EVENT_KINDS and d.get("schedules")]
        number += 1
    return docs


async def _booths(request: web.Request) -> list[Booth]:
    node = request.app["node"]
    if node.booths is None:
        return []
    return [b for b in await node.booths.store.all() if b.live_sessions]


def _stage(request: web.Request) -> tuple[StageSession, ...]:
    return read_programme(request.app["config"].stage_programme)  # checked when the configuration was loaded


async def _organizer(store: DirectoryStore, org_id: str, cache: dict[str, str | None]) -> str | None:
    if org_id not in cache:
        doc = await store.organization(org_id)
        cache[org_id] = doc.get("name") if doc else None
    return cache[org_id]


async def gather(request: web.Request, q: EventsQuery) -> list[event_view.Event]:
    """Every occurrence the query selects, in time order."""
    store: DirectoryStore = request.app["directory"]
    items: list[events.Recurring] = []
    docs: dict[str, dict[str, Any]] = {}
    booths: dict[str, Booth] = {}
    if "directory" in q.sources:
        ages = BAND_AGES[q.age_band] if q.age_band else None
        for doc in await _service_docs(store, q.services):
            if not age_fits(doc, ages):
                continue
            docs[doc["id"]] = doc
            items.append(events.Recurring("directory", doc["id"], events.rows_of(doc["schedules"])))
    if "festival" in q.sources and not q.topical:
        for b in await _booths(request):
            booths[b.slug] = b
            items.append(events.Recurring("festival", b.slug, events.rows_of(b.live_sessions)))
    stage: dict[str, StageSession] = {}
    if "festival" in q.sources and not q.topical:
        for session in _stage(request):
            stage[session.key] = session
            items.append(events.Recurring("festival", session.key, session.rows))
    names: dict[str, str | None] = {}
    out = []
    # CPU-bound (about 1 ms per event and 92-day window): off the event loop, so sockets keep being served
    for occ in await asyncio.to_thread(events.expand, items, q.first, q.last):
        if occ.source == "directory":
            out.append(event_view.from_service(docs[occ.key], occ))
        elif occ.key in stage:
            out.append(event_view.from_stage(stage[occ.key], occ))
        else:
            b = booths[occ.key]
            out.append(event_view.from_booth(b, occ, await _organizer(store, b.organization_id, names)))
    return out


def _today() -> dt.date:
    return dt.datetime.now(JST).date()


def _bad(request: web.Request, exc: QueryError) -> web.Response:
    return error_response(400, "bad_query", "bad_query", request_lang(request), str(exc))


async def list_events(request: web.Request) -> web.Response:
    try:
        q = parse_events_query(request.query, _today())
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
        per_page = int_param(request.query, "per_page", 1, MAX_PER_PAGE, 50) or 50
    except QueryError as exc:
        return _bad(request, exc)
    found = await gather(request, q)
    chosen = found[(page - 1) * per_page:page * per_page]
    return json_response(Page([e.as_dict() for e in chosen], len(found), page, per_page).as_dict())


async def _feed(request: web.Request) -> list[event_view.Event] | web.Response:
    try:
        q = parse_events_query(request.query, _today())
    except QueryError as exc:
        return _bad(request, exc)
    found = await gather(request, q)
    if len(found) > MAX_FEED:
        return _bad(request, QueryError(f"to: {len(found)} occurrences, more than {MAX_FEED}; "
                                        "choose a shorter window or more filters"))
    return found


async def events_ics(request: web.Request) -> web.Response:
    found = await _feed(request)
    if isinstance(found, web.Response):
        return found
    text = ical.calendar(found, dt.datetime.now(dt.timezone.utc), base_url(request))
    return web.Response(body=text.encode("utf-8"), content_type="text/calendar", charset="utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.ics"'})


async def events_csv_export(request: web.Request) -> web.Response:
    found = await _feed(request)
    if isinstance(found, web.Response):
        return found
    return web.Response(body=events_csv.to_csv(found, load_municipalities()), content_type="text/csv",
                        charset="utf-8", headers={"Content-Disposition": 'attachment; filename="event.csv"'})


def _occurrence(ref: events.OccurrenceId, event_id: str, rows: tuple) -> events.Occurrence | None:
    """The occurrence `event_id` of `rows` on its day, if they still give it."""
    item = events.Recurring(ref.source, ref.key, rows)
    return next((o for o in events.occurrences_of(item, ref.day, ref.day) if o.id == event_id), None)


async def find_event(request: web.Request, event_id: str) -> event_view.Event | None:
    """One occurrence by its id, if it still takes place (a changed schedule makes old ids 404)."""
    ref = events.parse_id(event_id)
    if ref is None:
        return None
    store: DirectoryStore = request.app["directory"]
    if ref.source == "directory":
        doc = await store.service(ref.key)
        if doc is None or doc["status"] == HIDDEN or doc.get("x_kind") not in EVENT_KINDS:
            return None
        occ = _occurrence(ref, event_id, events.rows_of(doc.get("schedules") or []))
        return event_view.from_service(doc, occ) if occ else None
    if ref.key.startswith(STAGE_KEY):
        session = next((x for x in _stage(request) if x.key == ref.key), None)
        occ = _occurrence(ref, event_id, session.rows) if session else None
        return event_view.from_stage(session, occ) if session and occ else None
    node = request.app["node"]
    b = await node.booths.store.get(ref.key) if node.booths is not None else None
    occ = _occurrence(ref, event_id, events.rows_of(b.live_sessions)) if b else None
    return event_view.from_booth(b, occ, await _organizer(store, b.organization_id, {})) if b and occ else None


async def event_page(request: web.Request) -> web.Response:
    event = await find_event(request, request.match_info["id"])
    if event is None:
        return web.Response(text=render_missing(), status=404, content_type="text/html", charset="utf-8")
    html = render_page(event, f"{base_url(request)}/events/{event.id}")
    return web.Response(text=html, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})
