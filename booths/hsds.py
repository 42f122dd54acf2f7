"""Checking HSDS 3.x organization documents before they enter the directory.

An import gives nested `organization` documents (with their `locations` and
`services`). Each is checked here, without I/O, into rows the store writes and
a list of problems naming the path of every rejected document or field. A bad
field costs that field; a document without an id or a name costs the
document; nothing costs the whole import unless the caller asks for strict.

Coordinates are made safe here, once: a place whose precision is
`municipality` or `hidden` (a shelter, a private home) keeps no coordinates
at all, and an `approximate` one is rounded to about 500 m before it is
stored. What is never stored cannot leak through any API.
"""
from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from moderation.normalize import fold

from . import schedule
from .opendata import check_municipality_code
from .vocabulary import KINDS, MEMBER_CATEGORIES, PRECISIONS, TERMS_BY_ID

JAPAN_LAT = (20.0, 46.0)
JAPAN_LON = (122.0, 154.0)
APPROXIMATE_STEP = 0.005  # degrees, ~500 m: where an "approximate" place is shown
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
BOOTH_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 4_000
MAX_NAME = 200


@dataclass(slots=True, frozen=True)
class Problem:
    path: str  # "$[3].services[1].minimum_age"
    code: str
    message: str


@dataclass(slots=True)
class LocationRow:
    id: str
    organization_id: str
    name: str
    location_type: str
    latitude: float | None
    longitude: float | None
    precision: str
    municipality_code: str | None
    doc: dict[str, Any]


@dataclass(slots=True)
class ServiceRow:
    id: str
    organization_id: str
    name: str
    status: str
    kind: str | None
    minimum_age: int | None
    maximum_age: int | None
    virtual: bool
    municipality_code: str | None  # where the service takes place (its first physical location, else the org)
    area_codes: list[str]  # municipalities its service_areas cover (empty: no restriction stated)
    latitude: float | None  # public point of its first physical place with one
    longitude: float | None
    terms: list[str]
    search_text: str
    doc: dict[str, Any]


@dataclass(slots=True)
class OrganizationRow:
    id: str
    name: str
    member_category: str
    municipality_code: str | None
    doc: dict[str, Any]  # the organization's own fields, without locations and services
    locations: list[LocationRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)


def stable_id(*parts: str) -> str:
    """A deterministic UUID for documents that came without one (open-data rows)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "tsunagaru:" + "/".join(parts)))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def text(self, d: dict[str, Any], key: str, path: str, limit: int = MAX_TEXT) -> str | None:
        """A text field, stored as given (escaping is the display's job) minus control characters."""
        value = d.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", "not_text", f"{key} must be a string")
            return None
        value = _CONTROL.sub("", value)
        if len(value) > limit:
            self.problem(f"{path}.{key}", "too_long", f"{key} is longer than {limit} characters")
            return None
        return value

    def ident(self, d: dict[str, Any], path: str) -> str | None:
        value = d.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(f"{path}.id", "bad_id", "id must be 1–64 letters, digits, '.', '_', ':' or '-'")
            return None
        return value

    def choice(self, d: dict[str, Any], key: str, path: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = d.get(key)
        if value is None:
            return default
        if value not in allowed:
            self.problem(f"{path}.{key}", "unknown_value", f"{key} must be one of {', '.join(allowed)}")
            return default
        return value

    def age(self, d: dict[str, Any], key: str, path: str) -> int | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            self.problem(f"{path}.{key}", "bad_age", f"{key} must be a whole number of years from 0 to 120")
            return None
        return value

    def flag(self, d: dict[str, Any], key: str, path: str) -> bool | None:
        value = d.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.problem(f"{path}.{key}", "not_boolean", f"{key} must be true or false")
        return None

    def code(self, d: dict[str, Any], key: str, path: str) -> str | None:
        value = d.get(key)
        if value is None or value == "":
            return None
        checked = check_municipality_code(str(value)) if isinstance(value, (str, int)) else None
        if checked is None or checked != str(value):
            self.problem(f"{path}.{key}", "bad_code", "not a valid 6-digit 全国地方公共団体コード")
            return None
        return checked

    def items(self, d: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", "not_list", f"{key} must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{path}.{key}[{i}]", item))
            else:
                self.problem(f"{path}.{key}[{i}]", "not_object", "each item must be an object")
        return out


def _copy(d: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in drop}


# What of an address a place may show by its precision: a street address or a postal code would
# undo the ~500 m grid of an approximate place, and a hidden place (a shelter, a private home) shows
# none at all; the municipality is known from `x_municipality_code` anyway.
_ADDRESS_PARTS_SHOWN = {"approximate": ("city", "region", "state_province", "country", "address_type"),
                        "municipality": ("city", "region", "state_province", "country", "address_type"),
                        "hidden": ()}


def public_addresses(addresses: object, precision: str) -> list[Any]:
    """The addresses a place of this precision may show (every part for an exact place)."""
    if not isinstance(addresses, list):
        return []
    keep = _ADDRESS_PARTS_SHOWN.get(precision)
    if keep is None:
        return addresses
    if not keep:
        return []
    shown = [{k: v for k, v in a.items() if k in keep} for a in addresses if isinstance(a, dict)]
    return [a for a in shown if any(a.get(k) for k in keep if k != "address_type")]


def public_point(lat: float, lon: float, precision: str) -> tuple[float, float] | None:
    if precision == "exact":
        return lat, lon
    if precision == "approximate":
        return (round(round(lat / APPROXIMATE_STEP) * APPROXIMATE_STEP, 4),
                round(round(lon / APPROXIMATE_STEP) * APPROXIMATE_STEP, 4))
    return None


def _location(c: _Checker, d: dict[str, Any], path: str, org_id: str) -> LocationRow | None:
    loc_id = c.ident(d, path)
    if loc_id is None:
        return None
    loc_type = c.choice(d, "location_type", path, ("physical", "virtual", "postal"), "physical") or "physical"
    precision = c.choice(d, "x_coordinate_precision", path, PRECISIONS, "approximate") or "approximate"
    lat, lon = d.get("latitude"), d.get("longitude")
    point: tuple[float, float] | None = None
    if lat is not None or lon is not None:
        if (isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, (int, float))
                or not isinstance(lon, (int, float)) or not math.isfinite(lat) or not math.isfinite(lon)):
            c.problem(f"{path}.latitude", "bad_coordinates", "latitude and longitude must both be finite numbers")
        elif not (JAPAN_LAT[0] <= lat <= JAPAN_LAT[1] and JAPAN_LON[0] <= lon <= JAPAN_LON[1]):
            c.problem(f"{path}.latitude", "outside_japan", "the point is outside Japan; coordinates dropped")
        else:
            point = public_point(float(lat), float(lon), precision)
    doc = _copy(d, ("latitude", "longitude"))
    doc["x_coordinate_precision"] = precision
    if "addresses" in doc:
        doc["addresses"] = public_addresses(doc["addresses"], precision)
    if point is not None:
        doc["latitude"], doc["longitude"] = point
    name = c.text(d, "name", path, MAX_NAME) or ""
    return LocationRow(loc_id, org_id, name, loc_type, point[0] if point else None, point[1] if point else None,
                       precision, c.code(d, "x_municipality_code", path), doc)


def _service(c: _Checker, d: dict[str, Any], path: str, org: OrganizationRow,
             locations: dict[str, LocationRow]) -> ServiceRow | None:
    sid = c.ident(d, path)
    name = c.text(d, "name", path, MAX_NAME)
    if sid is None:
        return None
    if not name:
        c.problem(f"{path}.name", "missing_name", "a service needs a name")
        return None
    doc = _copy(d, ("schedules", "attributes", "service_at_locations"))
    for key in ("description", "alternate_name", "eligibility_description", "application_process", "fees_description"):
        value = c.text(d, key, path)
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    status = c.choice(d, "status", path, STATUSES, "active") or "active"
    kind = c.choice(d, "x_kind", path, KINDS, None)
    doc["status"] = status
    doc.pop("x_kind", None)
    if kind is not None:
        doc["x_kind"] = kind
    lo, hi = c.age(d, "minimum_age", path), c.age(d, "maximum_age", path)
    if lo is not None and hi is not None and lo > hi:
        c.problem(f"{path}.maximum_age", "bad_age", "maximum_age is below minimum_age; both dropped")
        lo = hi = None
    for key in ("minimum_age", "maximum_age"):
        doc.pop(key, None)
    if lo is not None:
        doc["minimum_age"] = lo
    if hi is not None:
        doc["maximum_age"] = hi
    for key in ("x_anonymous_ok", "x_accompaniment", "x_booking_required", "x_accepts_referrals", "x_free"):
        value = c.flag(d, key, path)
        doc.pop(key, None)
        if value is not None:
            doc[key] = value
    terms: list[str] = []
    attributes = []
    for apath, a in c.items(d, "attributes", path):
        term, foreign = _term_of(a)
        if foreign is not None:  # another taxonomy's term, given whole: kept as published, not a search term
            attributes.append(foreign)
            continue
        if term not in TERMS_BY_ID:
            c.problem(f"{apath}.taxonomy_term_id", "unknown_term", f"unknown taxonomy term {str(term)[:40]!r}")
            continue
        if term not in terms:
            terms.append(term)
            attributes.append({"taxonomy_term_id": term})
    doc["attributes"] = attributes
    schedules = []
    for spath, s in c.items(d, "schedules", path):
        try:
            row = schedule.from_hsds(s)
        except ValueError as exc:
            c.problem(spath, "bad_schedule", str(exc))
            continue
        # what we do not evaluate (id, notes, until, count, another zone's times...) is kept as published
        schedules.append({**s, **{k: v for k, v in schedule.to_hsds(row).items() if not (row.x_uncertain and k in s)}})
    doc["schedules"] = schedules
    if any(s.get("x_uncertain") for s in schedules) or d.get("x_hours_uncertain") is True:
        doc["x_hours_uncertain"] = True  # the API's flag: "check the hours with them", never a guessed answer
    else:
        doc.pop("x_hours_uncertain", None)
    at = []
    for lpath, link in c.items(d, "service_at_locations", path):
        loc_id = link.get("location_id") or _embedded_id(link, sid, int(lpath.rsplit("[", 1)[1][:-1]))
        if loc_id not in locations:
            c.problem(f"{lpath}.location_id", "unknown_location", "location_id is not a location of this organization")
            continue
        at.append({"location_id": loc_id})
    doc["service_at_locations"] = at
    area_codes: list[str] = []
    for apath, area in c.items(d, "service_areas", path):
        codes = area.get("x_municipality_codes") or []
        if not isinstance(codes, list):
            c.problem(f"{apath}.x_municipality_codes", "not_list", "x_municipality_codes must be a list")
            continue
        for code in codes:
            checked = check_municipality_code(str(code)) if isinstance(code, (str, int)) else None
            if checked is None or checked != str(code):
                c.problem(f"{apath}.x_municipality_codes", "bad_code", f"{str(code)[:12]!r} is not a municipality code")
            elif checked not in area_codes:
                area_codes.append(checked)
    places = [locations[link["location_id"]] for link in at]
    physical = [p for p in places if p.location_type == "physical"]
    virtual = bool(places) and not physical
    home = next((p.municipality_code for p in physical if p.municipality_code), None) or org.municipality_code
    words = [name, doc.get("alternate_name"), doc.get("description"), org.name]
    words += [TERMS_BY_ID[t].name for t in terms] + [TERMS_BY_ID[t].name_en for t in terms]
    search_text = fold(" ".join(w for w in words if w))[:8_000]
    point = next(((p.latitude, p.longitude) for p in physical if p.latitude is not None), (None, None))
    return ServiceRow(sid, org.id, name, status, kind, lo, hi, virtual, home, area_codes, point[0], point[1],
                      terms, search_text, doc)


def _term_of(a: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """An attribute's term: our term id, or (None, the attribute as published) for another taxonomy's term.

    HSDS 3.0 gives the term either as `taxonomy_term_id` or embedded as a `taxonomy_term` object; an
    embedded term is ours when its id, `taxonomy.code` or code is one of our term ids.
    """
    term = a.get("taxonomy_term_id")
    embedded = a.get("taxonomy_term")
    if not isinstance(embedded, dict):
        return term, None
    for candidate in (term, embedded.get("id"), f"{embedded.get('taxonomy')}.{embedded.get('code')}",
                      embedded.get("code")):
        if isinstance(candidate, str) and candidate in TERMS_BY_ID:
            return candidate, None
    kept = {k: v for k, v in a.items() if k != "taxonomy_term_id"}
    kept["taxonomy_term_id"] = str(term or embedded.get("id") or "")[:64]  # readers look for the key
    return None, kept


def _embedded_id(link: dict[str, Any], service_id: Any, i: int) -> str | None:
    """The id of a location embedded in a service's link; one without an id gets a stable one."""
    loc = link.get("location")
    if not isinstance(loc, dict):
        return None
    if loc.get("id") not in (None, ""):
        return loc["id"] if isinstance(loc["id"], str) else None
    return stable_id("hsds", "embedded-location", str(service_id), str(i))


def _embedded_locations(c: _Checker, d: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """Locations given inside a service's `service_at_locations[].location` (HSDS 3.0 allows both shapes)."""
    found = []
    for spath, svc in c.items(d, "services", path):
        links = svc.get("service_at_locations")
        for i, link in enumerate(links if isinstance(links, list) else []):
            if isinstance(link, dict) and not link.get("location_id") and isinstance(link.get("location"), dict):
                loc = {**link["location"], "id": _embedded_id(link, svc.get("id"), i)}
                found.append((f"{spath}.service_at_locations[{i}].location", loc))
    return found


def check_organization(d: Any, path: str = "$") -> tuple[OrganizationRow | None, list[Problem]]:
    """One organization document → its rows and what was rejected in it."""
    c = _Checker()
    if not isinstance(d, dict):
        c.problem(path, "not_object", "an organization must be a JSON object")
        return None, c.problems
    org_id = c.ident(d, path)
    name = c.text(d, "name", path, MAX_NAME)
    if not name:
        c.problem(f"{path}.name", "missing_name", "an organization needs a name")
    if org_id is None or not name:
        return None, c.problems
    doc = _copy(d, ("locations", "services"))
    for key in ("description", "email", "website"):
        value = c.text(d, key, path)
        doc.pop(key, None)
        if value is not None:
            doc[key] = value
    booth = d.get("x_booth")
    if booth is not None:
        ok = (isinstance(booth, dict) and isinstance(booth.get("slug"), str) and BOOTH_SLUG.match(booth["slug"])
              and isinstance(booth.get("title"), str) and 0 < len(booth["title"]) <= 80
              and isinstance(booth.get("title_en", ""), str) and len(booth.get("title_en", "")) <= 80)
        if not ok:
            c.problem(f"{path}.x_booth", "bad_booth", "x_booth needs a slug (a-z, 0-9, -), a title of 1–80 characters "
                      "and, if any, a title_en of at most 80")
            doc.pop("x_booth", None)
        else:
            doc["x_booth"] = {"slug": booth["slug"], "title": booth["title"]}
            if booth.get("title_en"):
                doc["x_booth"]["title_en"] = booth["title_en"]
    category = c.choice(d, "x_member_category", path, MEMBER_CATEGORIES, "other") or "other"
    doc["x_member_category"] = category
    org = OrganizationRow(org_id, name, category, c.code(d, "x_municipality_code", path), doc)
    locations: dict[str, LocationRow] = {}
    quiet = _Checker()  # the services' own pass reports their problems once
    for lpath, loc in c.items(d, "locations", path) + _embedded_locations(quiet, d, path):
        if lpath.endswith(".location") and loc["id"] in locations:
            continue  # the same place embedded again in a service: the organization's own copy wins
        row = _location(c, loc, lpath, org_id)
        if row is None:
            continue
        if row.id in locations:
            c.problem(f"{lpath}.id", "duplicate_id", f"location {row.id} appears twice")
            continue
        locations[row.id] = row
    org.locations = list(locations.values())
    seen: set[str] = set()
    for spath, svc in c.items(d, "services", path):
        row = _service(c, svc, spath, org, locations)
        if row is None:
            continue
        if row.id in seen:
            c.problem(f"{spath}.id", "duplicate_id", f"service {row.id} appears twice")
            continue
        seen.add(row.id)
        org.services.append(row)
    return org, c.problems


def document(org: OrganizationRow) -> dict[str, Any]:
    """The nested HSDS organization document again (what export writes)."""
    return {**org.doc, "id": org.id, "name": org.name,
            "locations": [{**loc.doc, "id": loc.id} for loc in org.locations],
            "services": [{**svc.doc, "id": svc.id, "name": svc.name} for svc in org.services]}

