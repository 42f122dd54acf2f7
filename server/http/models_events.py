"""The events routes' parameters and answers as msgspec types (the OpenAPI document is generated from them).

Constraints mirror `server.http.events.parse_events_query`; what a schema cannot say (the
window at most `MAX_WINDOW_DAYS` days, `to` not before `from`) is a documented 400.
"""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType, field

from booths.events import MAX_WINDOW_DAYS, SOURCES
from rooms.age_bands import BAND_AGES
from server.http.models_directory import Age, Municipality, Page, PerPage, _q, _terms

Date = Annotated[str, Meta(extra_json_schema={"format": "date"})]
WINDOW = (f"Days are JST and inclusive; `from` defaults to today, `to` to six days after `from`; "
          f"at most {MAX_WINDOW_DAYS} days.")


class EventsFeedQuery(Struct, kw_only=True):
    from_: _q(Date, f"First day (YYYY-MM-DD). {WINDOW}", examples=["2026-12-05"]) | UnsetType = field(  # type: ignore[valid-type]
        default=UNSET, name="from")
    to: _q(Date, "Last day (YYYY-MM-DD), inclusive.", examples=["2026-12-11"]) | UnsetType = UNSET  # type: ignore[valid-type]
    municipality: Municipality | UnsetType = UNSET  # type: ignore[valid-type]
    concern: _terms("concern") | UnsetType = UNSET  # type: ignore[valid-type]
    interest: _terms("interest") | UnsetType = UNSET  # type: ignore[valid-type]
    life_stage: _terms("life_stage") | UnsetType = UNSET  # type: ignore[valid-type]
    age: _q(Age, "The visitor's age in years: events whose age range includes it.") | UnsetType = UNSET  # type: ignore[valid-type]
    age_band: _q(Literal[tuple(BAND_AGES)],  # type: ignore[valid-type]
                 "An age band (as at hello, or a form's): events whose age range overlaps it.") | UnsetType = UNSET
    online: _q(Literal["true", "false"],  # type: ignore[valid-type]
               "`true`: online events only; `false`: events at a place.") | UnsetType = UNSET
    source: _q(Literal[SOURCES], "`directory`: the members' events; `festival`: the booths' live sessions. "  # type: ignore[valid-type]
               "Festival sessions (booths and the stage) have no terms, place or ages: `municipality`, `concern`, `interest`, "
               "`life_stage`, `age` "
               "and `online=false` leave them out.") | UnsetType = UNSET


class EventsQuery(EventsFeedQuery, kw_only=True):
    page: Page = 1  # type: ignore[valid-type]
    per_page: PerPage = 50  # type: ignore[valid-type]


class EventIdPath(Struct):
    id: _q(str, "An occurrence id: `<source>.<service id, booth slug or stage:<id>>.<YYYYMMDD[THHMM]>`.",  # type: ignore[valid-type]
           max_length=120)


class EventOccurrence(Struct, kw_only=True):
    """One occurrence of an event (not the service: a weekly activity is one of these per week)"""

    id: str
    source: Literal[SOURCES]  # type: ignore[valid-type]
    name: str
    start: Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
    end: Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
    all_day: bool
    description: str
    online: bool
    page: str
    organizer: str | UnsetType = UNSET
    organization_id: str | UnsetType = UNSET
    service_id: str | UnsetType = UNSET
    booth: str | UnsetType = UNSET
    room: _q(str, "Festival: the room it is held in (`booth:<slug>` or the stage).") | UnsetType = UNSET  # type: ignore[valid-type]
    url: str | UnsetType = UNSET
    phone: str | UnsetType = UNSET
    place: str | UnsetType = UNSET
    address: _q(str, "Only for places whose precision is exact.") | UnsetType = UNSET  # type: ignore[valid-type]
    city: str | UnsetType = UNSET
    latitude: float | UnsetType = UNSET
    longitude: float | UnsetType = UNSET
    municipality_code: str | UnsetType = UNSET
    fee: str | UnsetType = UNSET
    capacity: int | UnsetType = UNSET
    note: str | UnsetType = UNSET
