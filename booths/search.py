"""Directory search: the query a visitor or the API asks, and the filters that need Python.

The store narrows candidates in SQL (status, terms, municipality, age,
virtual, kind, folded text); what needs schedules or geometry — "open at",
"near a municipality within N km", languages — is decided here, without I/O.
All filters combine with AND.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from moderation.normalize import fold

from . import schedule
from .municipalities import Municipality

EARTH_KM = 6371.0


@dataclass(slots=True, frozen=True)
class ServiceQuery:
    text: str | None = None
    terms: tuple[str, ...] = ()  # every term must be present (concern, interest, life stage, audience)
    municipality: str | None = None  # takes place in it, or its service area covers it
    age: int | None = None
    language: str | None = None  # ISO 639-1 code, e.g. "en"
    open_at: dt.datetime | None = None  # only services known to be open then
    near: str | None = None  # municipality code whose reference point is the centre
    within_km: float = 10.0
    virtual: bool | None = None
    kind: str | None = None
    organization_id: str | None = None
    include_inactive: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def folded_text(self) -> str | None:
        return fold(self.text).strip() or None if self.text else None


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def service_point(latitude: float | None, longitude: float | None, municipality_code: str | None,
                  places: dict[str, Municipality]) -> tuple[float, float] | None:
    """Where a service is, for distances: its public point, else its municipality's reference point."""
    if latitude is not None and longitude is not None:
        return latitude, longitude
    m = places.get(municipality_code or "")
    return (m.lat, m.lon) if m else None


def passes(query: ServiceQuery, doc: dict[str, Any], point: tuple[float, float] | None, virtual: bool,
           places: dict[str, Municipality]) -> bool:
    """The filters SQL cannot decide. A virtual service counts as near everyone."""
    if query.language:
        codes = {str(lang.get("code", "")).lower() for lang in doc.get("languages") or [] if isinstance(lang, dict)}
        if query.language.lower() not in codes:
            return False
    if query.open_at is not None:
        rows = [schedule.from_hsds(s) for s in doc.get("schedules") or []]
        if schedule.is_open_at(rows, query.open_at) is not True:
            return False
    if query.near is not None and not virtual:
        centre = places.get(query.near)
        if centre is None or point is None or km_between((centre.lat, centre.lon), point) > query.within_km:
            return False
    return True
