"""The consultation finder: which windows a visitor sees, and in what order.

A visitor names a life stage, worries and (optionally) a municipality — never an
address. Windows come in three scopes:

* ``local``: the window's municipality (or its service area) is the visitor's,
  or the prefecture the visitor's municipality is in;
* ``nearby``: a physical window whose public point is within ``within_km`` of the
  visitor's municipality's reference point (another town next door);
* ``national``: an online or telephone window tied to no municipality.

An online window of another municipality (its residents' line) is not shown,
and without a municipality no physical window is: we cannot say what is near.
Open now comes first (then hours unknown, then closed), then local, nearby by
distance, national, then by name. Pure: the store gathers the candidates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import schedule
from .event_view import _first_place as first_place, _where as public_where  # one rule for what a place shows
from .municipalities import Municipality
from .search import km_between, service_point
from .vocabulary import TERMS_BY_ID

SCOPES = ("local", "nearby", "national")
DEFAULT_WITHIN_KM = 15.0


@dataclass(frozen=True, slots=True)
class Window:
    service_id: str
    name: str
    organization: str
    scope: str  # one of SCOPES
    open_now: bool | None  # None: the hours do not say
    virtual: bool
    phones: tuple[str, ...]
    url: str | None
    hours: str | None  # the service's own words for its hours, when it has them
    municipality: str | None  # the name of where it is
    distance_km: float | None
    place: str | None = None  # the place's name, only where the map shows it (exact, approximate)
    address: str | None = None  # the street address, exact places only

    def as_dict(self) -> dict[str, Any]:
        return {"service_id": self.service_id, "name": self.name, "organization": self.organization,
                "scope": self.scope, "open_now": self.open_now, "virtual": self.virtual,
                "phones": list(self.phones), "url": self.url, "hours": self.hours,
                "municipality": self.municipality, "distance_km": self.distance_km,
                "place": self.place, "address": self.address}


def is_prefecture_code(code: str) -> bool:
    """A prefecture's own code (JIS X 0401 + 000 + check digit, e.g. 110001 for 埼玉県)."""
    return len(code) == 6 and code[2:5] == "000"


def _codes(doc: dict[str, Any]) -> set[str]:
    codes = {doc.get("x_municipality_code") or ""}
    for area in doc.get("service_areas") or []:
        if isinstance(area, dict):
            codes.update(c for c in area.get("x_municipality_codes") or [] if isinstance(c, str))
    return codes - {""}


def _covers(codes: set[str], home: str) -> bool:
    return home in codes or any(is_prefecture_code(c) and c[:2] == home[:2] for c in codes)


def _scope(doc: dict[str, Any], home: str | None, places: dict[str, Municipality],
           within_km: float) -> tuple[str, float | None] | None:
    codes = _codes(doc)
    virtual = bool(doc.get("x_virtual"))
    if home and _covers(codes, home):
        return "local", None
    if virtual:
        return ("national", None) if not codes else None
    centre = places.get(home or "")
    point = service_point(doc.get("latitude"), doc.get("longitude"), doc.get("x_municipality_code"), places)
    if centre is None or point is None:
        return None
    km = km_between((centre.lat, centre.lon), point)
    return ("nearby", round(km, 1)) if km <= within_km else None


def _point_of(doc: dict[str, Any]) -> None:
    """Public points only: the first physical place's (already rounded or removed at import)."""
    for link in doc.get("service_at_locations") or []:
        loc = link.get("location") or {}
        if loc.get("location_type") != "virtual" and loc.get("latitude") is not None:
            doc.setdefault("latitude", loc["latitude"])
            doc.setdefault("longitude", loc.get("longitude"))
            return


def _hours(doc: dict[str, Any]) -> str | None:
    for row in doc.get("schedules") or []:
        if isinstance(row, dict) and isinstance(row.get("description"), str) and row["description"].strip():
            return row["description"].strip()
    return None


def _terms(doc: dict[str, Any], taxonomy: str) -> set[str]:
    found = {a.get("taxonomy_term_id") for a in doc.get("attributes") or [] if isinstance(a, dict)}
    return {t for t in found if isinstance(t, str) and t.startswith(taxonomy + ".")}


def fits(doc: dict[str, Any], life_stage: str | None, concerns: tuple[str, ...]) -> bool:
    """A window fits a life stage when it names it, or names none and its ages overlap the stage's band
    (no ages: anyone); it fits worries when it names one of them, or names no worry (it takes any)."""
    if concerns:
        named = _terms(doc, "concern")
        if named and not named & set(concerns):
            return False
    if life_stage:
        named = _terms(doc, "life_stage")
        if named:
            return life_stage in named
        stage = TERMS_BY_ID[life_stage]
        lo, hi = doc.get("minimum_age"), doc.get("maximum_age")
        if isinstance(hi, int) and stage.min_age is not None and hi < stage.min_age:
            return False
        if isinstance(lo, int) and stage.max_age is not None and lo > stage.max_age:
            return False
    return True


def windows(docs: list[dict[str, Any]], home: str | None, at: dt.datetime, places: dict[str, Municipality],
            life_stage: str | None = None, concerns: tuple[str, ...] = (),
            within_km: float = DEFAULT_WITHIN_KM) -> list[Window]:
    """The windows of `docs` (consultation services) that fit the life stage and worries, as a visitor of
    `home` sees them, ordered: open now first, then local, nearby (nearest first), national, by name."""
    out: list[Window] = []
    for doc in docs:
        if not fits(doc, life_stage, concerns):
            continue
        doc = dict(doc)
        _point_of(doc)
        found = _scope(doc, home, places, within_km)
        if found is None:
            continue
        scope, km = found
        rows = [schedule.from_hsds(s) for s in doc.get("schedules") or [] if isinstance(s, dict)]
        where = places.get(doc.get("x_municipality_code") or "")
        loc = {} if doc.get("x_virtual") else first_place(doc)
        shown = public_where(loc) if loc else {}
        out.append(Window(
            service_id=doc["id"], name=doc.get("name") or "", organization=(doc.get("organization") or {}).get("name") or "",
            scope=scope, open_now=schedule.is_open_at(rows, at), virtual=bool(doc.get("x_virtual")),
            phones=tuple(p["number"] for p in doc.get("phones") or [] if isinstance(p, dict) and p.get("number")),
            url=doc.get("url") or None, hours=_hours(doc), municipality=where.name if where else None,
            distance_km=km, place=(loc.get("name") or None) if shown else None, address=shown.get("address")))
    rank = {True: 0, None: 1, False: 2}
    return sorted(out, key=lambda w: (rank[w.open_now], SCOPES.index(w.scope), w.distance_km or 0.0, w.name))
