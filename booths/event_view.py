"""One occurrence as people and other tools see it: the same fields for the list, the page,
the iCalendar feed, the JSON-LD and the CSV export.

Where an event is keeps the directory's precision rules: a street address and a point only
for a place whose `x_coordinate_precision` is `exact` (an `approximate` place gives its
rounded point and its city, a `municipality` or `hidden` place neither), so no feed shows a
hidden place more precisely than the map does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from .booth import Booth
from .events import Occurrence
from .stage import STAGE_ROOM, StageSession

DESCRIPTION_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    source: str  # "directory" | "festival"
    name: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    description: str = ""
    organizer: str | None = None
    organization_id: str | None = None
    service_id: str | None = None
    booth: str | None = None  # festival: the booth's slug
    room: str | None = None  # festival: the room it is held in (booth:<slug>, or the stage)
    online: bool = False
    url: str | None = None
    phone: str | None = None
    place: str | None = None  # the place's name
    address: str | None = None  # exact places only
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    municipality_code: str | None = None
    fee: str | None = None
    capacity: int | None = None
    note: str | None = None  # the schedule row's own words (開始日時特記事項)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        d["page"] = f"/events/{self.id}"
        return {k: v for k, v in d.items() if v is not None}


def _first_place(doc: dict[str, Any]) -> dict[str, Any]:
    for link in doc.get("service_at_locations") or []:
        loc = link.get("location")
        if isinstance(loc, dict) and loc.get("location_type") != "virtual":
            return loc
    return {}


def _where(loc: dict[str, Any]) -> dict[str, Any]:
    precision = loc.get("x_coordinate_precision")
    if precision not in ("exact", "approximate"):
        return {}
    address = next((a for a in loc.get("addresses") or [] if isinstance(a, dict)), {})
    out: dict[str, Any] = {"city": address.get("city") or None}
    if loc.get("latitude") is not None and loc.get("longitude") is not None:
        out["latitude"], out["longitude"] = float(loc["latitude"]), float(loc["longitude"])
    if precision == "exact" and address.get("address_1"):
        out["address"] = " ".join(p for p in (address.get("address_1"), address.get("address_2")) if p)
    return out


def _note(doc: dict[str, Any]) -> str | None:
    notes = [s.get("description") for s in doc.get("schedules") or [] if isinstance(s, dict) and s.get("description")]
    return " / ".join(dict.fromkeys(notes)) or None


def from_service(doc: dict[str, Any], occ: Occurrence) -> Event:
    """A directory service's occurrence (the service as `/hsds/services/{id}` serves it)."""
    loc = _first_place(doc)
    org = doc.get("organization") or {}
    phone = next((p.get("number") for p in doc.get("phones") or [] if isinstance(p, dict) and p.get("number")), None)
    cap = next((c.get("maximum") for c in doc.get("capacities") or [] if isinstance(c, dict)), None)
    return Event(
        id=occ.id, source=occ.source, name=str(doc.get("name") or ""), start=occ.start, end=occ.end,
        all_day=occ.all_day, description=str(doc.get("description") or "")[:DESCRIPTION_LIMIT],
        organizer=org.get("name"), organization_id=org.get("id"), service_id=doc.get("id"),
        online=bool(doc.get("x_virtual")), url=doc.get("url") or None, phone=phone, place=loc.get("name"),
        municipality_code=loc.get("x_municipality_code") or doc.get("x_municipality_code"),
        fee=doc.get("fees_description") or None, capacity=cap if isinstance(cap, int) else None,
        note=_note(doc), **_where(loc))


def from_booth(booth: Booth, occ: Occurrence, organizer: str | None = None) -> Event:
    """A booth's live session: held online, in the booth's room at the festival."""
    notes = [s.get("description") for s in booth.live_sessions if s.get("description")]
    return Event(
        id=occ.id, source=occ.source, name=booth.title, start=occ.start, end=occ.end, all_day=occ.all_day,
        description=booth.description[:DESCRIPTION_LIMIT], organizer=organizer,
        organization_id=booth.organization_id, booth=booth.slug, room=booth.room, online=True,
        place=f"{booth.title}(オンラインフェス)", note=" / ".join(dict.fromkeys(notes)) or None)


def from_stage(session: StageSession, occ: Occurrence) -> Event:
    """A session on the festival's stage (the operator's programme, booths/stage.py); its presenter is the
    organizer people see (the list, the page, the feed), as a booth's organisation is for its sessions."""
    return Event(
        id=occ.id, source=occ.source, name=session.title, start=occ.start, end=occ.end, all_day=occ.all_day,
        description=session.description[:DESCRIPTION_LIMIT], room=STAGE_ROOM, online=True,
        place="ステージ(オンラインフェス)", organizer=session.presenter or None)
