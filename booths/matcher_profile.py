"""What the matcher reads and answers: the visitor's `Profile` and `FreeTime`, a `Match`, and the
candidate a service becomes while it is scored (see `booths.matcher`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rooms.age_bands import BAND_AGES

from . import schedule

AGE_BANDS = BAND_AGES  # every band, form and hello, as (youngest, oldest) years


@dataclass(frozen=True)
class FreeTime:
    """When the visitor is free: these weekdays (0=Mon..6=Sun), start-end local time (end <= start: past midnight)."""

    days: frozenset[int]
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Profile:
    """What the visitor told us. A municipality code, never an address; nothing that names them."""

    interests: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    age: int | None = None
    age_band: str | None = None  # one of AGE_BANDS; used only when age is None
    municipality: str | None = None  # 6-digit 全国地方公共団体コード
    free: tuple[FreeTime, ...] = ()
    languages: tuple[str, ...] = ("ja",)
    anonymous_first: bool = False
    free_of_charge: bool = False
    online_first: bool = False
    wants_company: bool = False
    crisis: bool = False


@dataclass(frozen=True)
class Match:
    """One suggestion, with the reasons a young visitor (and a test) can read."""

    service_id: str
    organization_id: str
    name: str
    organization: str
    score: float
    explanation: str  # plain Japanese, e.g. "土曜の午後・川越市内・ひとりで参加OK・無料"
    next_step: str  # "walk_in" | "chat_first" | "book" | "call"
    next_step_text: str
    next_time: dt.datetime | None
    distance_km: float | None
    hours_known: bool
    waiting_list: bool
    reasons: tuple[str, ...] = ()


@dataclass
class _Candidate:
    doc: dict[str, Any]
    service_id: str
    organization_id: str
    organization: str
    name: str
    kind: str
    virtual: bool
    rows: list[schedule.Schedule]
    hours_known: bool
    waiting_list: bool
    place_code: str | None
    distance_km: float | None
    occurrences: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    fit: dt.datetime | None = None  # first free-time fit within FIT_DAYS
    opening: dt.datetime | None = None  # next opening (or now) within FIT_DAYS
    concern_hits: int = 0
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
