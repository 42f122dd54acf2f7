"""What a service offers against what the visitor asked: age, area, language, place, hours and free time.

Each helper reads one published field of a service document; `booths.matcher` turns the answers
into hard filters and scores.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from rooms.age_bands import BAND_AGES, FORM_BANDS
from rooms.jst import JST

from . import schedule
from .matcher_profile import AGE_BANDS, FreeTime, Profile
from .municipalities import Municipality

MIN_OVERLAP = dt.timedelta(minutes=30)
# "young" for the youth-first services: the form bands up to 24 (the hello bands are not counted, as before)
_YOUNG_BANDS = frozenset(b for b in FORM_BANDS if (BAND_AGES[b][1] or 999) <= 24)


def _age_range(profile: Profile) -> tuple[int | None, int | None] | None:
    """The visitor's age as an inclusive range, or None when unknown."""
    if profile.age is not None:
        return profile.age, profile.age
    if profile.age_band is not None:
        return AGE_BANDS.get(profile.age_band)
    return None


def age_fits(doc: dict[str, Any], ages: tuple[int | None, int | None] | None) -> bool:
    """A service's age range overlaps `ages` (inclusive; a missing bound is open; None: no filter)."""
    if ages is None:
        return True
    lo, hi = doc.get("minimum_age"), doc.get("maximum_age")
    v_lo, v_hi = ages
    if isinstance(hi, int) and v_lo is not None and v_lo > hi:
        return False
    if isinstance(lo, int) and v_hi is not None and v_hi < lo:
        return False
    return True


def _area_codes(doc: dict[str, Any]) -> list[str]:
    return [str(c) for area in doc.get("service_areas") or [] if isinstance(area, dict)
            for c in area.get("x_municipality_codes") or []]


def _ward_parents(places: dict[str, Municipality]) -> dict[str, str]:
    """Ward code → its designated city's code, from the names ("さいたま市 浦和区" → "さいたま市")."""
    by_name = {(m.pref, m.city): code for code, m in places.items() if " " not in m.city}
    out = {}
    for code, m in places.items():
        if " " in m.city:
            parent = by_name.get((m.pref, m.city.split(" ", 1)[0]))
            if parent:
                out[code] = parent
    return out


def _covers(codes: list[str], visitor: str, parents: dict[str, str]) -> bool:
    for code in codes:
        if code == visitor or parents.get(visitor) == code:
            return True
        if len(code) == 6 and code[2:5] == "000" and code[:2] == visitor[:2]:
            return True  # a prefecture-wide area
    return False


def _locations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [link["location"] for link in doc.get("service_at_locations") or []
            if isinstance(link, dict) and isinstance(link.get("location"), dict)]


def _is_virtual(doc: dict[str, Any]) -> bool:
    if "x_virtual" in doc:
        return bool(doc["x_virtual"])
    locs = _locations(doc)
    return bool(locs) and all(loc.get("location_type") == "virtual" for loc in locs)


def _physical_places(doc: dict[str, Any]) -> list[tuple[float | None, float | None, str | None]]:
    """(lat, lon, municipality code) of each physical place; the service's own code when none is linked."""
    out = [(loc.get("latitude"), loc.get("longitude"), loc.get("x_municipality_code") or doc.get("x_municipality_code"))
           for loc in _locations(doc) if loc.get("location_type") != "virtual"]
    return out or [(None, None, doc.get("x_municipality_code"))]


def _languages_ok(doc: dict[str, Any], wanted: Iterable[str]) -> bool:
    codes = {str(lang.get("code", "")).lower() for lang in doc.get("languages") or [] if isinstance(lang, dict)}
    codes.discard("")
    return bool(codes & {w.lower() for w in wanted}) if codes else any(w.lower() == "ja" for w in wanted)


def _rows(doc: dict[str, Any]) -> list[schedule.Schedule]:
    """Schedule rows; a malformed row is skipped (it cannot say anything reliable) instead of failing the match."""
    out = []
    for raw in doc.get("schedules") or []:
        try:
            out.append(schedule.from_hsds(raw))
        except (ValueError, TypeError, AttributeError):
            continue
    return out


def _hours_state(rows: list[schedule.Schedule], today: dt.date) -> str:
    """"unknown" (no timed rows), "finished" (every timed row ended) or "known"."""
    timed = [r for r in rows if not r.closed and r.has_times]
    if not timed:
        return "unknown"
    if all(r.valid_to is not None and r.valid_to < today for r in timed):
        return "finished"
    return "known"


def _waiting(doc: dict[str, Any]) -> bool:
    return any(isinstance(c, dict) and c.get("available") == 0 for c in doc.get("capacities") or [])


def _first_fit(occs: list[tuple[dt.datetime, dt.datetime]], free: tuple[FreeTime, ...], now: dt.datetime,
               until: dt.datetime) -> dt.datetime | None:
    """The first moment from now until `until` inside both an opening and a free window, with enough overlap."""
    for start0, end in occs:
        if end <= now:
            continue
        start = max(start0, now)
        best: dt.datetime | None = None
        day = start.date() - dt.timedelta(days=1)
        while day <= end.date():
            for ft in free:
                if day.weekday() not in ft.days:
                    continue
                w_start = dt.datetime.combine(day, ft.start, tzinfo=JST)
                w_end = dt.datetime.combine(day + dt.timedelta(days=1) if ft.end <= ft.start else day, ft.end,
                                            tzinfo=JST)
                lo, hi = max(start, w_start), min(end, w_end)
                # Enough time together: 30 min, or the whole opening / free window when shorter.
                need = min(MIN_OVERLAP, end - start0, w_end - w_start)
                if hi > lo and hi - lo >= need and lo < until:
                    if best is None or lo < best:
                        best = lo
            if best is not None:
                break  # later days of this opening can only be later
            day += dt.timedelta(days=1)
        if best is not None:
            return best
        if start0 >= until:
            return None
    return None


def _first_opening(occs: list[tuple[dt.datetime, dt.datetime]], now: dt.datetime,
                   until: dt.datetime) -> dt.datetime | None:
    for start, end in occs:
        if end > now:
            begin = max(start, now)
            return begin if begin < until else None
    return None


def _occurrences(rows: list[schedule.Schedule], now: dt.datetime, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    today = now.date()
    return schedule.occurrences(rows, today - dt.timedelta(days=1), today + dt.timedelta(days=days))


def _is_young(profile: Profile) -> bool:
    if profile.age is not None:
        return profile.age <= 24
    if profile.age_band is not None:
        return profile.age_band in _YOUNG_BANDS
    return True  # the festival is for young people
