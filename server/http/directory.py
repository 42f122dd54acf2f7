"""The directory over HTTP: an HSDS-shaped read API, the map, and imports for admins.

`/hsds/...` follows the HSDS 3 API (paging as `Page` objects); our search
filters are extra query parameters, combined with AND. Bad parameters get a
400 with the parameter named; nothing is guessed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import math
import re
from typing import Any

from aiohttp import web

from booths.geojson import feature_collection
from booths.municipalities import load_municipalities
from booths.search import ServiceQuery
from booths.vocabulary import KINDS, TERMS_BY_ID
from rooms.jst import JST
from rooms.roles import HOST, speaks_for

from server.store.directory_import import FORMATS, ImportRefused, run_import
from server.store.directory import HIDDEN, MAX_PER_PAGE, DirectoryStore, StrictImportFailed
from server.http.access import bearer_identity
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.models_directory import HSDS_VERSION
from server.http.moderation_actions import content_blocked
from server.tokens import Identity

MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_EDIT_BYTES = 1024 * 1024
SCREEN_CHUNK = 200  # texts screened between two turns of the event loop


_SIX_DIGITS = re.compile(r"^[0-9]{6}$")  # ASCII only: full-width digits are not a code


class QueryError(ValueError):
    """A query parameter that cannot be used; the message names it."""



def int_param(params: Any, name: str, lo: int, hi: int, default: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise QueryError(f"{name} must be between {lo} and {hi}")
    return value


def _code(params: Any, name: str) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    if not _SIX_DIGITS.match(raw):
        raise QueryError(f"{name} must be a 6-digit municipality code")
    return raw


def parse_query(params: Any) -> ServiceQuery:
    """Search parameters → a ServiceQuery, or QueryError naming the bad one."""
    terms: list[str] = []
    for name, prefix in (("concern", "concern."), ("interest", "interest."), ("life_stage", "life_stage."),
                         ("audience", "audience."), ("taxonomy_term_id", "")):
        for raw in params.getall(name, []):
            for part in filter(None, raw.split(",")):
                term = part if part.startswith(prefix) else prefix + part
                if term not in TERMS_BY_ID:
                    raise QueryError(f"{name}: unknown term {part[:40]!r} (see /hsds/taxonomy_terms)")
                terms.append(term)
    open_at = None
    if params.get("open_at"):
        try:
            open_at = dt.datetime.fromisoformat(params["open_at"])
        except ValueError:
            raise QueryError("open_at must be an ISO 8601 date and time, e.g. 2026-12-05T14:00+09:00") from None
        if open_at.tzinfo is None:
            open_at = open_at.replace(tzinfo=JST)
        if not 2001 <= open_at.year <= 2098:  # Japanese holidays are known for 2000–2099 (and a day either side)
            raise QueryError("open_at must be between 2001 and 2098")
    within = params.get("within_km")
    within_km = 10.0
    if within:
        try:
            within_km = float(within)
        except ValueError:
            raise QueryError("within_km must be a number") from None
        if not math.isfinite(within_km) or not 0 < within_km <= 500:
            raise QueryError("within_km must be more than 0 and at most 500")
    near = _code(params, "near")
    if near and near not in load_municipalities():
        raise QueryError("near: unknown municipality code")
    virtual = params.get("virtual")
    if virtual not in (None, "", "true", "false"):
        raise QueryError("virtual must be true or false")
    kind = params.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise QueryError(f"kind must be one of {', '.join(KINDS)}")
    language = params.get("language") or None
    if language is not None and (len(language) > 8 or not language.replace("-", "").isalpha()):
        raise QueryError("language must be a language code such as ja or en")
    text = params.get("q") or params.get("text") or None
    if text is not None and len(text) > 200:
        raise QueryError("q is limited to 200 characters")
    return ServiceQuery(
        text=text, terms=tuple(dict.fromkeys(terms)), municipality=_code(params, "municipality"),
        age=int_param(params, "age", 0, 120), language=language, open_at=open_at, near=near, within_km=within_km,
        virtual=None if not virtual else virtual == "true", kind=kind,
        organization_id=params.get("organization_id") or None)


def _store(request: web.Request) -> DirectoryStore:
    return request.app["directory"]


async def api_info(request: web.Request) -> web.Response:
    return json_response({"version": HSDS_VERSION, "profile": "https://github.com/tsunagaru/profile",
                  "openapi_url": "/api/openapi.json"})


async def services(request: web.Request) -> web.Response:
    lang = request_lang(request)
    try:
        query = parse_query(request.query)
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
        per_page = int_param(request.query, "per_page", 1, MAX_PER_PAGE, 20) or 20
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    return json_response((await _store(request).search(query, page, per_page)).as_dict())


async def sees_hidden(request: web.Request, org_id: str) -> bool:
    """Whether the caller may see `org_id`'s hidden services: its hosts and admins (a bad token is the public)."""
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return False
    identity = await bearer_identity(request)
    return identity is not None and speaks_for(identity.role, identity.organization, org_id)


async def service(request: web.Request) -> web.Response:
    doc = await _store(request).service(request.match_info["id"], include_hidden=True)
    if doc is None or (doc["status"] == HIDDEN and not await sees_hidden(request, doc["organization"]["id"])):
        return error_response(404, "not_found", "not_found", request_lang(request))  # hidden is not there at all
    return json_response(doc)


async def organizations(request: web.Request) -> web.Response:
    lang = request_lang(request)
    try:
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
        per_page = int_param(request.query, "per_page", 1, MAX_PER_PAGE, 50) or 50
        municipality = _code(request.query, "municipality")
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    return json_response((await _store(request).organizations_page(page, per_page, municipality)).as_dict())


async def organization(request: web.Request) -> web.Response:
    org_id = request.match_info["id"]
    doc = await _store(request).organization(org_id, include_hidden=await sees_hidden(request, org_id))
    if doc is None:
        return error_response(404, "not_found", "not_found", request_lang(request))
    return json_response(doc)


async def taxonomy_terms(request: web.Request) -> web.Response:
    lang = request_lang(request)
    try:
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
        per_page = int_param(request.query, "per_page", 1, MAX_PER_PAGE, 100) or 100
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    taxonomy_id = request.query.get("taxonomy_id") or None
    return json_response((await _store(request).terms_page(page, per_page, taxonomy_id)).as_dict())


async def map_geojson(request: web.Request) -> web.Response:
    try:
        query = parse_query(request.query)
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", request_lang(request), str(exc))
    docs = await _store(request).map_points(query)
    return json_response(feature_collection(docs, load_municipalities()), content_type="application/geo+json")


async def import_file(request: web.Request) -> web.Response:
    """POST a file as the body; `?format=hsds|ods-facility|ods-event[&municipality=CODE][&strict=true]`."""
    lang = request_lang(request)
    identity = request["identity"]  # admins only: server/http/routes.py
    fmt = request.query.get("format", "")
    if fmt not in FORMATS:
        return error_response(400, "bad_query", "bad_query", lang, f"format must be one of {', '.join(FORMATS)}")
    try:
        municipality = _code(request.query, "municipality")
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    if request.content_length is not None and request.content_length > MAX_IMPORT_BYTES:
        return error_response(413, "too_large", "import_refused", lang, "files are limited to 64 MB")
    data = await request.content.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        return error_response(413, "too_large", "import_refused", lang, "files are limited to 64 MB")
    outcome = await run_import(_store(request), data, fmt, municipality=municipality,
                               strict=request.query.get("strict") == "true", source=f"http:{identity.user_id}",
                               actor=identity.user_id)
    if isinstance(outcome, ImportRefused):
        return error_response(422, outcome.code, "import_refused", lang, outcome.message)
    node = request.app["node"]
    if outcome.committed and node.booths is not None:
        await node.booths.refresh_rooms()  # booths of imported organizations open here at once
    return json_response(outcome.as_dict(), status=200 if outcome.committed else 422)


async def speaker_for(request: web.Request, org_id: str) -> Identity | web.Response:
    """The caller if it speaks for `org_id` (one of its hosts, or an admin); else the 401 or 403 to answer."""
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", request_lang(request))
    if not speaks_for(identity.role, identity.organization, org_id):
        return error_response(403, "forbidden", "host_only", request_lang(request))
    return identity


async def edit_organization(request: web.Request) -> web.Response:
    """A host replaces its own organization document (with its locations and services); an admin any."""
    lang = request_lang(request)
    org_id = request.match_info["id"]
    identity = await speaker_for(request, org_id)
    if isinstance(identity, web.Response):
        return identity
    doc = await read_body(request, Any, MAX_EDIT_BYTES)  # checked below and by the import, as a file is
    if isinstance(doc, web.Response):
        return doc
    if not isinstance(doc, dict) or doc.get("id") != org_id:
        return error_response(400, "bad_request", "bad_frame", lang, "send one organization whose id is the one in the path")
    store = _store(request)
    services = [s.get("id") for s in doc.get("services") or [] if isinstance(s, dict)]
    places = [x.get("id") for x in doc.get("locations") or [] if isinstance(x, dict)]
    if await store.owners([s for s in services if isinstance(s, str)], [x for x in places if isinstance(x, str)]) - {org_id}:
        return error_response(403, "forbidden", "host_only", lang, "a service or location id belongs to another organization")
    spec = doc.get("x_booth")
    if isinstance(spec, dict) and isinstance(spec.get("slug"), str) and await store.booth_owner(spec["slug"]) not in (
            None, org_id):
        return error_response(403, "forbidden", "host_only", lang, "x_booth.slug is another organization's booth")
    texts = written_texts(doc)
    for start in range(0, len(texts), SCREEN_CHUNK):  # a 1 MiB document is ~1 s of screening: others go between
        blocked = content_blocked(request.app["node"], identity, texts[start:start + SCREEN_CHUNK], None)
        if blocked is not None:
            return blocked
        await asyncio.sleep(0)
    try:
        # a host's edit confirms the services it changes; an admin's is not the member's confirmation
        report = await store.import_organizations([doc], strict=True, by_member=identity.role == HOST)
    except StrictImportFailed as exc:
        return json_response(exc.report.as_dict(), status=422)
    return json_response(report.as_dict())


def written_texts(doc: Any) -> list[str]:
    """Every text in a document its writer chose, once each: values and keys at any depth.

    The whole document is stored and served, so every text in it is screened, not a list of known
    fields: the booth's title and slug, a location's name, an `x_` field of the writer's own.
    """
    found: dict[str, None] = {}
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found[value] = None
        elif isinstance(value, dict):
            found.update(dict.fromkeys(k for k in value if isinstance(k, str)))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return list(found)

