"""The HTTP API described as OpenAPI 3.0.3, served at `GET /api/openapi.json`.

Built as a plain dict (no YAML dependency) from the same constants the
handlers check against (limits, vocabularies), so the document cannot drift
from what the server enforces on those. Query constraints mirror
`server.http.directory.parse_query` exactly: a client that follows the
document never gets a 400 for a parameter the document allows. Response
schemas keep the HSDS 3 field names and stay open (`additionalProperties`),
because imported HSDS documents may carry fields we pass through unchanged.
`tests/unit/test_openapi.py` checks the routes against the app and fuzzes the
running server from this document.
"""
from __future__ import annotations

import re
from typing import Any

import orjson
from aiohttp import web

from booths.hsds import BOOTH_SLUG, STATUSES
from booths.vocabulary import KINDS, MEMBER_CATEGORIES, PRECISIONS, TAXONOMIES, TERMS
from moderation.audit import ACTIONS

from server.store.audit import MAX_LIMIT
from server.store.directory_import import FORMATS
from server.store.directory import MAX_PER_PAGE
from server.http.directory import HSDS_VERSION, MAX_EDIT_BYTES, MAX_IMPORT_BYTES

OPENAPI_VERSION = "3.0.3"
MUNICIPALITY_CODE = r"^[0-9]{6}$"
DOCUMENT_ID = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"  # booths.hsds._ID: every stored id has this shape
LANGUAGE = r"^[A-Za-z][A-Za-z-]{0,7}$"  # parse_query: at most 8 characters, letters and '-'
MAX_PAGE = 1_000_000  # http_directory: page is accepted from 1 to 1 000 000
MAX_QUERY_TEXT = 200

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _resp(name: str) -> Schema:
    return {"$ref": f"#/components/responses/{name}"}


def _param(name: str) -> Schema:
    return {"$ref": f"#/components/parameters/{name}"}


def _json_body(schema: Schema, description: str, media: str = "application/json") -> Schema:
    return {"description": description, "content": {media: {"schema": schema}}}


def _nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def _query(name: str, schema: Schema, description: str, **extra: Any) -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema, **extra}


def _path(name: str, pattern: str, description: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": pattern}}


def _term_param(name: str, prefix: str) -> Schema:
    """Term codes, comma-separated; the pattern admits only known terms, which is what parse_query accepts."""
    ids = [t.id for t in TERMS if not prefix or t.taxonomy_id == prefix]
    if prefix:
        one = rf"(?:{re.escape(prefix)}\.)?(?:{'|'.join(re.escape(t.code) for t in TERMS if t.taxonomy_id == prefix)})"
        how = f"with or without the `{prefix}.` prefix"
    else:
        one = f"(?:{'|'.join(re.escape(i) for i in ids)})"
        how = "full term ids such as `concern.school`"
    return _query(name, {"type": "string", "pattern": f"^{one}(?:,{one})*$"},
                  f"Taxonomy term codes, {how}; comma-separated and/or repeated, all must match (AND). "
                  f"An unknown term is a 400 (see /hsds/taxonomy_terms). Known: {', '.join(ids)}.",
                  example=ids[0])


# -- parameters -------------------------------------------------------------------------------------------------
def _parameters() -> dict[str, Schema]:
    return {
        "page": _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                       "Page number, from 1."),
        "q": _query("q", {"type": "string", "maxLength": MAX_QUERY_TEXT},
                    "Free text; every word must occur (name, description, organization, term labels)."),
        "text": _query("text", {"type": "string", "maxLength": MAX_QUERY_TEXT},
                       "Alias of `q` (used only when `q` is absent).", deprecated=True),
        "concern": _term_param("concern", "concern"),
        "interest": _term_param("interest", "interest"),
        "life_stage": _term_param("life_stage", "life_stage"),
        "audience": _term_param("audience", "audience"),
        "taxonomy_term_id": _term_param("taxonomy_term_id", ""),
        "municipality": _query("municipality", {"type": "string", "pattern": MUNICIPALITY_CODE},
                               "全国地方公共団体コード (6 digits): services held there or serving it.",
                               example="112089"),
        "age": _query("age", {"type": "integer", "minimum": 0, "maximum": 120},
                      "The visitor's age in years: services whose age range includes it."),
        "language": _query("language", {"type": "string", "pattern": LANGUAGE},
                           "A language code such as `ja` or `en`.", example="en"),
        "open_at": _query("open_at", {"type": "string", "format": "date-time"},
                          "Only services known to be open at this moment (ISO 8601; no offset means JST).",
                          example="2026-12-05T14:00:00+09:00"),
        "near": _query("near", {"type": "string", "pattern": MUNICIPALITY_CODE},
                       "A known municipality code: services within `within_km` of its reference point.",
                       example="112089"),
        "within_km": _query("within_km", {"type": "number", "minimum": 0, "exclusiveMinimum": True,
                                          "maximum": 500, "default": 10},
                            "Radius for `near`, in kilometres."),
        "virtual": _query("virtual", {"type": "string", "enum": ["true", "false"]},
                          "`true`: online-only services; `false`: services with a physical place."),
        "kind": _query("kind", {"type": "string", "enum": list(KINDS)}, "The service's `x_kind`."),
        "organization_id": _query("organization_id", {"type": "string"}, "Only this organization's services."),
        "id": _path("id", DOCUMENT_ID, "A document id (HSDS ids are UUIDs; imports may use 1–64 of [A-Za-z0-9._:-])."),
        "slug": _path("slug", BOOTH_SLUG.pattern, "A booth slug."),
    }


SEARCH_PARAMS = ("q", "text", "concern", "interest", "life_stage", "audience", "taxonomy_term_id", "municipality",
                 "age", "language", "open_at", "near", "within_km", "virtual", "kind", "organization_id")


def _per_page(default: int) -> Schema:
    return _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": default},
                  "Items per page.")


# -- schemas ----------------------------------------------------------------------------------------------------
def _page(item: str) -> Schema:
    return {"allOf": [_ref("Page"), {"type": "object", "properties": {"contents": {"type": "array",
                                                                                   "items": _ref(item)}}}]}


def _schemas() -> dict[str, Schema]:
    code = {"type": "string", "pattern": MUNICIPALITY_CODE}
    schedule = {"type": "object", "description": "An HSDS schedule row (RFC 5545 recurrence, JST by default)",
                "properties": {"freq": _nullable({"type": "string"}), "byday": _nullable({"type": "string"}),
                               "opens_at": _nullable({"type": "string"}), "closes_at": _nullable({"type": "string"}),
                               "description": _nullable({"type": "string"})}}
    return {
        "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "description": "Stable code to act on"},
                               "message": {"type": "string", "description": "A sentence in the Accept-Language"},
                               "detail": {"type": "string", "description": "Which parameter or field, and why"},
                               "problems": {"type": "array", "items": _ref("Problem")}}}},
        },
        "Problem": {"type": "object", "required": ["path", "code", "message"],
                    "properties": {"path": {"type": "string"}, "code": {"type": "string"},
                                   "message": {"type": "string"}}},
        "Page": {
            "type": "object", "description": "An HSDS API Page",
            "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                         "contents"],
            "properties": {"total_items": {"type": "integer", "minimum": 0},
                           "total_pages": {"type": "integer", "minimum": 1},
                           "page_number": {"type": "integer", "minimum": 1},
                           "size": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                           "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                           "empty": {"type": "boolean"}, "contents": {"type": "array", "items": {"type": "object"}}},
        },
        "ServicePage": _page("Service"),
        "OrganizationPage": _page("Organization"),
        "TaxonomyTermPage": _page("TaxonomyTerm"),
        "ApiInfo": {"type": "object", "required": ["version"],
                    "properties": {"version": {"type": "string", "enum": [HSDS_VERSION]},
                                   "profile": {"type": "string"}, "openapi_url": {"type": "string"}}},
        "TaxonomyTerm": {
            "type": "object", "required": ["id", "taxonomy_id", "code", "name"],
            "properties": {"id": {"type": "string", "enum": [t.id for t in TERMS]},
                           "taxonomy_id": {"type": "string", "enum": [t.id for t in TAXONOMIES]},
                           "code": {"type": "string"}, "name": {"type": "string"},
                           "x_name_en": _nullable({"type": "string"}),
                           "x_min_age": _nullable({"type": "integer"}), "x_max_age": _nullable({"type": "integer"})},
        },
        "Location": {
            "type": "object", "description": "An HSDS location; only its public point is ever served",
            "required": ["id", "name", "location_type", "x_coordinate_precision"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                           "location_type": {"type": "string", "enum": ["physical", "virtual", "postal"]},
                           "x_coordinate_precision": {"type": "string", "enum": list(PRECISIONS)},
                           "x_municipality_code": _nullable(code),
                           "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                           "longitude": {"type": "number", "minimum": -180, "maximum": 180}},
        },
        "Service": {
            "type": "object", "description": "An HSDS service with its organization and locations inlined",
            "required": ["id", "name", "status", "organization", "service_at_locations", "x_virtual",
                         "x_municipality_code"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "alternate_name": {"type": "string"}, "description": {"type": "string"},
                "eligibility_description": {"type": "string"}, "application_process": {"type": "string"},
                "fees_description": {"type": "string"},
                "status": {"type": "string", "enum": list(STATUSES)},
                "x_kind": {"type": "string", "enum": list(KINDS)},
                "minimum_age": {"type": "integer", "minimum": 0, "maximum": 120},
                "maximum_age": {"type": "integer", "minimum": 0, "maximum": 120},
                **{k: {"type": "boolean"} for k in ("x_anonymous_ok", "x_accompaniment", "x_booking_required",
                                                     "x_accepts_referrals", "x_free")},
                "attributes": {"type": "array", "items": {
                    "type": "object", "required": ["taxonomy_term_id"],
                    "properties": {"taxonomy_term_id": {"type": "string", "enum": [t.id for t in TERMS]}}}},
                "schedules": {"type": "array", "items": schedule},
                "service_at_locations": {"type": "array", "items": {
                    "type": "object", "required": ["location_id", "location"],
                    "properties": {"location_id": {"type": "string"}, "location": _ref("Location")}}},
                "organization": {"type": "object", "required": ["id", "name", "x_member_category"],
                                 "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                                "x_member_category": {"type": "string",
                                                                      "enum": list(MEMBER_CATEGORIES)}}},
                "x_virtual": {"type": "boolean", "description": "Online only: no physical place"},
                "x_municipality_code": _nullable(code),
            },
        },
        "Organization": {
            "type": "object", "description": "An HSDS organization",
            "required": ["id", "name", "x_member_category", "x_municipality_code"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                           "description": {"type": "string"}, "email": {"type": "string"},
                           "website": {"type": "string"},
                           "x_member_category": {"type": "string", "enum": list(MEMBER_CATEGORIES)},
                           "x_municipality_code": _nullable(code),
                           "x_booth": {"type": "object", "nullable": True, "required": ["slug", "title"],
                                       "properties": {"slug": {"type": "string", "pattern": BOOTH_SLUG.pattern},
                                                      "title": {"type": "string", "minLength": 1,
                                                                "maxLength": 80}}}},
        },
        "OrganizationDetail": {"allOf": [_ref("Organization"), {
            "type": "object", "required": ["locations", "services"],
            "properties": {"locations": {"type": "array", "items": _ref("Location")},
                           "services": {"type": "array", "items": {
                               "type": "object", "required": ["id", "name", "status"],
                               "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                              "status": {"type": "string", "enum": list(STATUSES)}}}}}}]},
        "FeatureCollection": {
            "type": "object", "description": "RFC 7946 GeoJSON; coordinates are [longitude, latitude]",
            "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                           "features": {"type": "array", "items": _ref("Feature")}},
        },
        "Feature": {
            "type": "object", "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "string", "description": "<service id>@<location id>"},
                "geometry": {"type": "object", "required": ["type", "coordinates"],
                             "properties": {"type": {"type": "string", "enum": ["Point"]},
                                            "coordinates": {"type": "array", "minItems": 2, "maxItems": 2,
                                                            "items": {"type": "number"}}}},
                "properties": {"type": "object", "required": ["service_id", "x_coordinate_precision"],
                               "properties": {"service_id": {"type": "string"},
                                              "service": _nullable({"type": "string"}),
                                              "organization": _nullable({"type": "string"}),
                                              "location": _nullable({"type": "string"}),
                                              "x_kind": _nullable({"type": "string", "enum": [*KINDS, None]}),
                                              "x_coordinate_precision": {
                                                  "type": "string", "enum": ["exact", "approximate", "municipality"]}}},
            },
        },
        "ImportReport": {
            "type": "object", "required": ["organizations", "services", "locations", "committed", "rejected"],
            "properties": {"organizations": {"type": "integer", "minimum": 0},
                           "services": {"type": "integer", "minimum": 0},
                           "locations": {"type": "integer", "minimum": 0},
                           "committed": {"type": "boolean", "description": "false: nothing was imported"},
                           "rejected": {"type": "array", "items": _ref("Problem")}},
        },
        "AuditEvent": {
            "type": "object",
            "required": ["at_ms", "actor", "actor_role", "action", "target_user", "room", "message_id", "reason",
                         "rule", "detail"],
            "properties": {"at_ms": {"type": "integer"}, "actor": {"type": "string"},
                           "actor_role": {"type": "string"}, "action": {"type": "string", "enum": list(ACTIONS)},
                           "target_user": _nullable({"type": "string"}), "room": _nullable({"type": "string"}),
                           "message_id": _nullable({"type": "string"}), "reason": _nullable({"type": "string"}),
                           "rule": _nullable({"type": "string"}), "detail": {"type": "object"}},
        },
        "AuditPage": {"type": "object", "required": ["items", "limit", "offset"],
                      "properties": {"items": {"type": "array", "items": _ref("AuditEvent")},
                                     "limit": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT},
                                     "offset": {"type": "integer", "minimum": 0}}},
        "ModerationAction": {
            "type": "object", "required": ["t"], "description": "Exactly the `mod.*` message sent on /ws",
            "properties": {"t": {"type": "string", "pattern": r"^mod\.", "example": "mod.mute"}},
        },
        "Booth": {
            "type": "object", "required": ["slug", "room", "organization_id", "title"],
            "properties": {"slug": {"type": "string", "pattern": BOOTH_SLUG.pattern},
                           "room": {"type": "string"}, "organization_id": {"type": "string"},
                           "title": {"type": "string"}, "description": {"type": "string"},
                           "items": {"type": "array", "items": {"type": "object"}},
                           "service_ids": {"type": "array", "items": {"type": "string"}},
                           "live_sessions": {"type": "array", "items": schedule},
                           "open_hours": {"type": "array", "items": schedule}},
        },
        "BoothStatus": {"allOf": [_ref("Booth"), {
            "type": "object", "required": ["live", "open", "next_open"],
            "properties": {"live": {"type": "object"}, "open": {"type": "boolean"},
                           "next_open": _nullable({"type": "string", "format": "date-time"})}}]},
        "BoothList": {"type": "object", "required": ["booths"], "properties": {"booths": {"type": "array", "items": {
            "type": "object", "required": ["slug", "room", "title", "organization_id", "open", "next_open"],
            "properties": {"slug": {"type": "string"}, "room": {"type": "string"}, "title": {"type": "string"},
                           "organization_id": {"type": "string"}, "open": {"type": "boolean"},
                           "next_open": _nullable({"type": "string", "format": "date-time"})}}}}},
        "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
        "Readiness": {"type": "object", "required": ["ready", "draining"],
                      "properties": {"ready": {"type": "boolean"}, "draining": {"type": "boolean"},
                                     "bus": {"type": "boolean"}, "database": {"type": "boolean"}}},
    }


def _responses() -> dict[str, Schema]:
    def err(description: str) -> Schema:
        return _json_body(_ref("Error"), description)

    return {
        "BadQuery": err("A parameter cannot be used; `error.detail` names it"),
        "BadRequest": err("The body cannot be used"),
        "Unauthorized": err("No valid bearer token"),
        "Forbidden": err("The token's role may not do this"),
        "NotFound": err("No such document"),
        "TooLarge": err("The body is over the limit"),
        "Unavailable": err("The database is not reachable right now"),
    }


# -- paths ------------------------------------------------------------------------------------------------------
def _get(summary: str, ok: Schema, *, tags: list[str], params: list[Schema] | None = None,
         errors: dict[str, Schema] | None = None, secured: bool = False, description: str = "") -> Schema:
    op: Schema = {"summary": summary, "tags": tags, "parameters": params or [],
                  "responses": {"200": ok, **(errors or {})}}
    if description:
        op["description"] = description
    if secured:
        op["security"] = [{"bearerAuth": []}]
    return op


def _paths() -> dict[str, Schema]:
    search = [_param(n) for n in SEARCH_PARAMS]
    bad_query = {"400": _resp("BadQuery")}
    auth = {"401": _resp("Unauthorized"), "403": _resp("Forbidden")}
    org_body = {"description": "One HSDS organization (with its locations and services)",
                "required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["id", "name"],
                    "properties": {"id": {"type": "string", "pattern": DOCUMENT_ID}, "name": {"type": "string"},
                                   "locations": {"type": "array", "items": {"type": "object"}},
                                   "services": {"type": "array", "items": {"type": "object"}}}}}}}
    import_or_report = {"description": "The file as a whole was refused (Error), or strict found problems "
                                       "(ImportReport with committed=false); nothing was imported",
                        "content": {"application/json": {"schema": {"oneOf": [_ref("Error"),
                                                                              _ref("ImportReport")]}}}}
    return {
        "/hsds/": {"get": _get("HSDS API information", _json_body(_ref("ApiInfo"), "Version and profile"),
                               tags=["directory"])},
        "/hsds/services": {"get": _get(
            "Search services", _json_body(_ref("ServicePage"), "A page of services, ordered by name"),
            tags=["directory"], params=[*search, _param("page"), _per_page(20)], errors=bad_query,
            description="Every filter given must match (AND). Inactive services are never listed.")},
        "/hsds/services/{id}": {"get": _get(
            "One service", _json_body(_ref("Service"), "The service"), tags=["directory"],
            params=[_param("id")], errors={"404": _resp("NotFound")})},
        "/hsds/organizations": {"get": _get(
            "List organizations", _json_body(_ref("OrganizationPage"), "A page of organizations, ordered by name"),
            tags=["directory"], params=[_param("municipality"), _param("page"), _per_page(50)], errors=bad_query)},
        "/hsds/organizations/{id}": {"get": _get(
            "One organization with its locations and services",
            _json_body(_ref("OrganizationDetail"), "The organization"), tags=["directory"],
            params=[_param("id")], errors={"404": _resp("NotFound")})},
        "/hsds/taxonomy_terms": {"get": _get(
            "The controlled vocabulary", _json_body(_ref("TaxonomyTermPage"), "A page of terms, ordered by id"),
            tags=["directory"], params=[
                _query("taxonomy_id", {"type": "string"},
                       f"Only this taxonomy's terms ({', '.join(t.id for t in TAXONOMIES)}).", example="concern"),
                _param("page"), _per_page(100)], errors=bad_query)},
        "/api/map.geojson": {"get": _get(
            "Services on the map", _json_body(_ref("FeatureCollection"), "One Point per shown (service, location)",
                                              media="application/geo+json"),
            tags=["directory"], params=search, errors=bad_query,
            description="Same filters as /hsds/services, unpaged. Hidden and virtual places are never shown; "
                        "each point honours its x_coordinate_precision.")},
        "/api/directory/import": {"post": {
            "summary": "Import a file into the directory (admins)", "tags": ["directory"],
            "security": [{"bearerAuth": []}],
            "parameters": [
                _query("format", {"type": "string", "enum": list(FORMATS)}, "What the body is.", required=True),
                _query("municipality", {"type": "string", "pattern": MUNICIPALITY_CODE},
                       "Municipality code for open-data rows that carry none."),
                _query("strict", {"type": "string", "enum": ["true", "false"]},
                       "`true`: any problem imports nothing.")],
            "requestBody": {"required": True, "description": f"The file, at most {MAX_IMPORT_BYTES} bytes",
                            "content": {"application/json": {"schema": {}},
                                        "text/csv": {"schema": {"type": "string"}},
                                        "application/octet-stream": {"schema": {"type": "string",
                                                                                "format": "binary"}}}},
            "responses": {"200": _json_body(_ref("ImportReport"), "Imported; rejected rows are listed"),
                          "400": _resp("BadQuery"), **auth, "413": _resp("TooLarge"), "422": import_or_report}}},
        "/api/organizations/{id}": {"put": {
            "summary": "Replace one organization (its hosts, or an admin)", "tags": ["directory"],
            "security": [{"bearerAuth": []}], "parameters": [_param("id")],
            "requestBody": {**org_body, "description": f"{org_body['description']}; at most {MAX_EDIT_BYTES} bytes; "
                                                        "its id must be the one in the path"},
            "responses": {"200": _json_body(_ref("ImportReport"), "Replaced"), "400": _resp("BadRequest"), **auth,
                          "413": _resp("TooLarge"),
                          "422": {"description": "Blocked by moderation (Error) or not valid (ImportReport)",
                                  "content": {"application/json": {"schema": {"oneOf": [
                                      _ref("Error"), _ref("ImportReport")]}}}}}}},
        "/api/booths": {"get": _get("All booths and whether they are open",
                                    _json_body(_ref("BoothList"), "Booths"), tags=["booths"])},
        "/api/booths/{slug}": {
            "get": _get("One booth", _json_body(_ref("BoothStatus"), "The booth, its live state and openness"),
                        tags=["booths"], params=[_param("slug")], errors={"404": _resp("NotFound")}),
            "put": {"summary": "Edit a booth (its hosts, or an admin)", "tags": ["booths"],
                    "security": [{"bearerAuth": []}], "parameters": [_param("slug")],
                    "requestBody": {"required": True, "description": "The fields to change, at most 64 KB",
                                    "content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"200": _json_body(_ref("Booth"), "The booth as saved"),
                                  "400": _resp("BadRequest"), **auth, "404": _resp("NotFound"),
                                  "413": _resp("TooLarge"),
                                  "422": _json_body(_ref("Error"), "Fields to fix (`error.problems`) or blocked")}}},
        "/api/booths/{slug}/questions": {"get": _get(
            "The booth's waiting questions (hosts, moderators, admins)",
            _json_body({"type": "object", "required": ["questions"], "properties": {"questions": {
                "type": "array", "items": {"type": "object", "required": ["id", "text", "status", "answer", "ts"],
                                           "properties": {"id": {"type": "string"}, "text": {"type": "string"},
                                                          "status": {"type": "string"},
                                                          "answer": _nullable({"type": "string"}),
                                                          "ts": {"type": "integer"}}}}}},
                "Questions, without who asked"),
            tags=["booths"], params=[_param("slug")], errors={**auth, "404": _resp("NotFound")}, secured=True)},
        "/api/booths/{slug}/visits": {"get": _get(
            "Entries and dwell time per hour (hosts, moderators, admins)",
            _json_body({"type": "object", "required": ["booth", "hours"], "properties": {
                "booth": {"type": "string"}, "hours": {"type": "array", "items": {
                    "type": "object", "required": ["hour_ms", "entries", "dwell_s"],
                    "properties": {"hour_ms": {"type": "integer"}, "entries": {"type": "integer"},
                                   "dwell_s": {"type": "integer"}}}}}}, "Counts only, never who"),
            tags=["booths"], secured=True,
            params=[_param("slug"), _query("since_ms", {"type": "integer", "default": 0},
                                           "Only hours from this time (Unix ms).")],
            errors={"400": _resp("BadQuery"), **auth, "404": _resp("NotFound")})},
        "/api/auth/login": {"post": {
            "summary": "Staff login: a bearer token for HTTP and `hello.token`", "tags": ["auth"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["username", "password"],
                "properties": {"username": {"type": "string"},
                               "password": {"type": "string", "format": "password"}}}}}},
            "responses": {
                "200": _json_body({"type": "object", "required": ["token", "expires_ms", "user_id", "role"],
                                   "properties": {"token": {"type": "string"}, "expires_ms": {"type": "integer"},
                                                  "user_id": {"type": "string"}, "role": {"type": "string"},
                                                  "organization_id": _nullable({"type": "string"})}}, "Logged in"),
                "400": _resp("BadRequest"), "401": _resp("Unauthorized"),
                "429": _json_body(_ref("Error"), "Too many logins from this address, or failed logins for this "
                                                 "account or address: `login_backoff` with `Retry-After`"),
                "503": _json_body(_ref("Error"), "`busy`: every password-hash slot is taken; `Retry-After`")}}},
        "/api/auth/logout": {"post": {
            "summary": "Revoke the bearer token", "tags": ["auth"], "security": [{"bearerAuth": []}],
            "responses": {"200": _json_body({"type": "object", "properties": {"ok": {"type": "boolean"}}}, "Revoked"),
                          "401": _resp("Unauthorized")}}},
        "/api/moderation/actions": {"post": {
            "summary": "A moderator action, as on /ws", "tags": ["moderation"], "security": [{"bearerAuth": []}],
            "requestBody": {"required": True, "description": "At most 16 KB",
                            "content": {"application/json": {"schema": _ref("ModerationAction")}}},
            "responses": {"200": _json_body({"type": "object", "required": ["ok"], "properties": {
                "ok": {"type": "object"}}}, "Done; `ok` is the reply /ws would give"),
                "400": _resp("BadRequest"), **auth, "409": _json_body(_ref("Error"), "Refused in this state"),
                "413": _resp("TooLarge")}}},
        "/api/moderation/rooms": {"get": _get(
            "Every room with its live member count (moderators, admins)",
            _json_body({"type": "object", "required": ["rooms"], "properties": {"rooms": {"type": "array", "items": {
                "type": "object", "required": ["room", "title", "kind", "members"],
                "properties": {"room": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string"},
                               "members": {"type": "integer"}}}}}}, "Rooms"),
            tags=["moderation"], secured=True, errors={"401": _resp("Unauthorized"), "403": _resp("Forbidden"),
                                                       "503": _resp("Unavailable")})},
        "/api/moderation/audit": {"get": _get(
            "The audit trail, newest first (moderators, admins)", _json_body(_ref("AuditPage"), "Audit events"),
            tags=["moderation"], secured=True, params=[
                _query("action", {"type": "string", "enum": list(ACTIONS)}, "Only this action."),
                _query("room", {"type": "string"}, "Only this room."),
                _query("actor", {"type": "string"}, "Only this actor's user id."),
                _query("target_user", {"type": "string"}, "Only actions on this user id."),
                _query("since", {"type": "integer", "minimum": 0}, "From this time (Unix ms)."),
                _query("until", {"type": "integer", "minimum": 0}, "Before this time (Unix ms)."),
                _query("limit", {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": 100},
                       "At most this many events."),
                _query("offset", {"type": "integer", "minimum": 0, "default": 0}, "Skip this many events.")],
            errors={"400": _resp("BadQuery"), **auth, "503": _resp("Unavailable")})},
        "/api/openapi.json": {"get": _get("This document", {
            "description": "OpenAPI 3.0.3", "content": {"application/json": {"schema": {"type": "object"}}}},
            tags=["meta"])},
        "/healthz": {"get": _get("Liveness", _json_body(_ref("Health"), "The process answers"), tags=["meta"])},
        "/readyz": {"get": _get("Readiness for traffic", _json_body(_ref("Readiness"), "Ready"), tags=["meta"],
                                errors={"503": _json_body(_ref("Readiness"), "Not ready (starting, draining, "
                                                                             "bus or database away)")})},
        "/metrics": {"get": _get("Prometheus metrics", {"description": "Prometheus text exposition format",
                                                        "content": {"text/plain": {"schema": {"type": "string"}}}},
                                 tags=["meta"], errors={"401": _resp("Unauthorized")})},  # with METRICS_TOKEN set
    }


_CODE_PATTERN = ("^[2-9A-HJ-NP-Za-hj-np-z]{4}-?[2-9A-HJ-NP-Za-hj-np-z]{4}(-?[2-9A-HJ-NP-Za-hj-np-z]{4})?$"
                 )  # 12 characters (8 for tickets issued before issue 12)


def _handoff_paths() -> dict[str, Schema]:
    """The handoff (issue 6): docs/handoff.md explains the flow."""
    term_list = {"type": "array", "maxItems": 20, "items": {"type": "string"}}
    profile = {"type": "object", "properties": {
        "concerns": {**term_list, "description": "concern codes, e.g. school"},
        "interests": {**term_list, "description": "interest codes, e.g. music"},
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "age_band": {"type": "string", "enum": ["under_13", "13-15", "16-17", "18-24", "25-39", "40+", "u15",
                                                 "15-17", "25+"]},
        "municipality": {"type": "string", "pattern": MUNICIPALITY_CODE},
        "free": {"type": "array", "maxItems": 14, "items": {"type": "object", "required": ["days", "start", "end"],
                 "properties": {"days": {"type": "array", "items": {"type": "string",
                                                                     "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}},
                                "start": {"type": "string", "example": "13:00"},
                                "end": {"type": "string", "example": "17:00"}}}},
        "languages": {"type": "array", "items": {"type": "string"}},
        **{k: {"type": "boolean"} for k in ("anonymous_first", "free_of_charge", "online_first", "wants_company",
                                              "crisis")}}}
    match = {"type": "object", "required": ["service_id", "name", "explanation", "next_step"], "properties": {
        "service_id": {"type": "string"}, "organization_id": {"type": "string"}, "name": {"type": "string"},
        "organization": {"type": "string"}, "explanation": {"type": "string", "example": "土曜の午後・川越市内・無料"},
        "next_step": {"type": "string", "enum": ["walk_in", "chat_first", "book", "call"]},
        "next_step_text": {"type": "string"}, "next_time": _nullable({"type": "string", "format": "date-time"}),
        "distance_km": _nullable({"type": "number"}), "hours_known": {"type": "boolean"},
        "waiting_list": {"type": "boolean"}, "reasons": {"type": "array", "items": {"type": "string"}}}}
    ticket = {"type": "object", "properties": {
        "code": {"type": "string", "example": "ABCD-EFGH-JKMN"}, "mode": {"type": "string"},
        "service_id": {"type": "string"}, "status": {"type": "string"}, "reason": _nullable({"type": "string"}),
        "proposed_ms": _nullable({"type": "integer"}), "follow_up": _nullable({"type": "string"}),
        "follow_up_due": {"type": "boolean"}, "alternatives": {"type": "array", "items": match}}}
    host_view = {"type": "object", "properties": {
        "id": {"type": "string"}, "code": {"type": "string"}, "mode": {"type": "string"},
        "status": {"type": "string"}, "shared": _nullable({"type": "object"})}}
    err = _json_body(_ref("Error"), "Refused: `error.code` says why (`offer` may name another way)")
    limited = {"429": _json_body(_ref("Error"), "Too many requests from this address (`Retry-After` when known)")}
    cross_site = {"403": _json_body(_ref("Error"), "`origin_not_allowed`: sent from another site's page"),
                  "415": _json_body(_ref("Error"), "`json_required`: the body must be application/json")}
    auth = {"401": _resp("Unauthorized"), "403": _resp("Forbidden")}
    code_param = _path("code", _CODE_PATTERN, "The handoff code on the visitor's ticket.")
    return {
        "/api/handoff/match": {"post": {
            "summary": "Places that fit a visitor's profile, explained (crisis: lines open now first)",
            "tags": ["handoff"], "requestBody": {"required": True, "content": {"application/json": {"schema": profile}}},
            "responses": {"200": _json_body({"type": "object", "properties": {
                "results": {"type": "array", "items": match}, "crisis": {"type": "boolean"}}}, "Ranked results"),
                "400": err, **cross_site, **limited}}},
        "/api/handoff": {"post": {
            "summary": "Start a handoff: information only, self-connect (a ticket) or a live referral (with consent)",
            "tags": ["handoff"], "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["service_id"], "properties": {
                    "service_id": {"type": "string"},
                    "mode": {"type": "string", "enum": ["info", "self_connect", "live_referral"]},
                    "age": {"type": "integer"}, "age_band": {"type": "string"},
                    "municipality": {"type": "string", "pattern": MUNICIPALITY_CODE},
                    "guardian_consent": {"type": "boolean"},
                    "device": {"type": "string", "description": "`welcome.device` from /ws: one live ticket per "
                                                                "device and service (409 `already_holding`)"},
                    "consent": {"type": "object", "properties": {"nickname": {"type": "string"}, "contact": {
                        "type": "object", "properties": {"channel": {"type": "string"}, "value": {"type": "string"}}}}}}}}}},
            "responses": {"201": _json_body(ticket, "A ticket"), "200": _json_body(
                {"type": "object", "properties": {"mode": {"type": "string"}, "service_id": {"type": "string"}}},
                "Information only: counted, nothing kept"), "400": err, "403": err, "404": err, "409": err,
                "415": cross_site["415"], **limited}}},
        "/api/handoff/inbox": {"get": _get(
            "The organisation's handoffs (hosts: their own; admins: ?organization=)",
            _json_body({"type": "object", "properties": {"organization_id": {"type": "string"},
                                                         "handoffs": {"type": "array", "items": host_view}}}, "Inbox"),
            tags=["handoff"], secured=True,
            params=[_query("organization", {"type": "string"}, "For admins: whose inbox."),
                    _query("all", {"type": "string", "enum": ["true", "false"]}, "Closed ones too.")],
            errors={"400": _resp("BadQuery"), **auth})},
        "/api/handoff/funnel": {"get": _get(
            "Booth visits → handoffs → accepted → visited, counts under 5 shown as \"<5\" (admins)",
            {"description": "Rows (JSON) or CSV", "content": {
                "application/json": {"schema": {"type": "object", "properties": {"rows": {"type": "array",
                                                                                          "items": {"type": "object"}}}}},
                "text/csv": {"schema": {"type": "string"}}}},
            tags=["handoff"], secured=True,
            params=[_query("group", {"type": "string", "enum": ["organization", "service", "municipality"]}, "Rows by"),
                    _query("month", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "One month (JST)"),
                    _query("format", {"type": "string", "enum": ["json", "csv"]}, "csv for a download")],
            errors={"400": _resp("BadQuery"), **auth})},
        "/api/handoff/redeem": {"post": {
            "summary": "The visitor arrived and showed the code (hosts)", "tags": ["handoff"],
            "security": [{"bearerAuth": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}}}},
            "responses": {"200": _json_body(host_view, "Now in progress"), "400": err, **auth, "404": err,
                          "409": err}}},
        "/api/handoff/items/{id}/{action}": {"post": {
            "summary": "The organisation answers: accept, propose a time, decline (reason), hold, resume, complete, fail, cancel",
            "tags": ["handoff"], "security": [{"bearerAuth": []}],
            "parameters": [_path("id", "^[A-Za-z0-9_-]{1,24}$", "Handoff id"),
                           _path("action", "^(accept|propose|decline|hold|resume|complete|fail|cancel)$", "What to do")],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "reason": {"type": "string", "maxLength": 200},
                "proposed": {"type": "string", "format": "date-time"}}}}}},
            "responses": {"200": _json_body(host_view, "Changed"), "400": err, **auth, "404": err, "409": err}}},
        "/api/handoff/{code}": {"get": _get(
            "A ticket's status (alternatives when it could not go ahead; follow_up_due the day after the visit)",
            _json_body(ticket, "Status"), tags=["handoff"], params=[code_param],
            errors={"404": err, **limited})},
        "/api/handoff/{code}/qr.svg": {"get": _get(
            "The ticket as a QR code", {"description": "SVG", "content": {"image/svg+xml": {"schema": {"type": "string"}}}},
            tags=["handoff"], params=[code_param], errors={"404": _resp("NotFound"), **limited})},
        "/api/handoff/{code}/{action}": {"post": {
            "summary": "The visitor cancels, withdraws consent (shared data deleted), or answers the follow-up",
            "tags": ["handoff"],
            "parameters": [code_param, _path("action", "^(cancel|withdraw|follow-up)$", "What to do")],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "answer": {"type": "string", "enum": ["went", "not_yet", "not_going"]}}}}}},
            "responses": {"200": _json_body({"type": "object"}, "Done"), "400": err, "404": err, "409": err,
                          **cross_site, **limited}}},
    }


def document() -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of the HTTP API (a fresh dict each call: callers may change theirs)."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Tsunagaru HTTP API", "version": "0.1.0",
                 "description": "The directory (HSDS 3 read API, map, imports), booths, staff login and "
                                "moderation. Errors are always `{\"error\": {\"code\", \"message\", \"detail\"?}}`; "
                                "`message` follows Accept-Language (ja unless it starts with en)."},
        "tags": [{"name": n} for n in ("directory", "booths", "handoff", "auth", "moderation", "meta")],
        "paths": {**_paths(), **_handoff_paths()},
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": _responses(),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "A STATIC_TOKENS service token or a login token"}},
        },
    }


def add_routes(app: web.Application) -> None:
    """Serve the document; it is rendered once, as it only changes with the code."""
    body = orjson.dumps(document())

    async def openapi_json(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app.router.add_get("/api/openapi.json", openapi_json)
