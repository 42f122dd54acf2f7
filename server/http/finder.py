"""The public finder over HTTP (no login): consultation windows, the municipality picker, the map's settings.

`/map` (the page) and the visitor client's 相談する read these; the map's points
come from `/api/map.geojson` (server/http/directory.py). Visitors name a
municipality, never an address.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import orjson
from aiohttp import web

from booths.consult import DEFAULT_WITHIN_KM, windows
from booths.municipalities import load_municipalities
from booths.search import ServiceQuery
from rooms.jst import JST

from server.http.bodies import error_response, json_response, request_lang
from server.http.directory import QueryError, parse_query
from server.http.headers import TILES

CONSULT_TEXT = ("Scopes: `local` (the visitor's municipality or its prefecture), `nearby` (a physical window within "
                "`within_km` of the municipality's reference point), `national` (online or telephone, tied to no "
                "municipality). An online window of another municipality is not listed; without `municipality` no "
                "physical window is. Order: open now, hours unknown, closed; then local, nearby, national.")
CACHE_DAY = {"Cache-Control": "public, max-age=86400"}  # the bundled table changes with a release only


async def consult(request: web.Request) -> web.Response:
    """Consultation windows for a life stage, worries and a home municipality: open now first."""
    lang = request_lang(request)
    try:
        query = parse_query(request.query)
        stages = [t for t in query.terms if t.startswith("life_stage.")]
        if len(stages) > 1:
            raise QueryError("life_stage: give one life stage")
        home = query.municipality
        places = load_municipalities()
        if home and home not in places:
            raise QueryError("municipality: unknown municipality code")
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    at = query.open_at or dt.datetime.now(JST)
    within = query.within_km if request.query.get("within_km") else DEFAULT_WITHIN_KM
    docs = await request.app["directory"].every_match(ServiceQuery(kind="consultation"))
    found = windows(docs, home, at, places, stages[0] if stages else None,
                    tuple(t for t in query.terms if t.startswith("concern.")), within)
    return json_response({"at": at.isoformat(timespec="seconds"), "municipality": places[home].name if home else None,
                          "windows": [w.as_dict() for w in found]})


@lru_cache(maxsize=1)
def _municipalities_body() -> bytes:
    rows = sorted(load_municipalities().values(), key=lambda m: m.lgcode)
    prefectures = list(dict.fromkeys(m.pref for m in rows))
    return orjson.dumps({"prefectures": prefectures,
                         "municipalities": [[m.lgcode, m.pref, m.city, round(m.lat, 4), round(m.lon, 4)] for m in rows]})


async def municipalities(request: web.Request) -> web.Response:
    """Every municipality with its reference point, for the picker and the map without tiles."""
    response = web.Response(body=_municipalities_body(), content_type="application/json", headers=CACHE_DAY)
    response.enable_compression()
    return response


async def map_settings(request: web.Request) -> web.Response:
    source = request.app.get(TILES)
    return json_response({"tiles": source.as_dict() if source else None})
