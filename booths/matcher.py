"""The matcher: from a young visitor's profile to a few real places near home.

Pure (no I/O, no clock, no asyncio): a function of the directory's service
documents (as `server.store.directory.DirectoryStore._services_by_id` serves
them), the visitor's profile, the time and the municipality table. The same
inputs always give the same list, so a result can be explained and tested.

Why the rules are what they are: a lonely 15-year-old gives up after one bad
suggestion. So a suggestion must be something they may actually attend (hard
filters), that fits their week (schedules, public holidays), that is close,
and whose first step is easy (anonymous, free, no booking). Nothing is hidden
just because we do not know its hours.

Hard filters (a service failing one is not offered):

* `status` must be "active".
* Age: `minimum_age <= age <= maximum_age`, bounds inclusive, a missing bound
  is open. With only an `age_band`, the band's bounds are used and a service
  is eligible when the band *overlaps* its age range (band 16-17 and a service
  up to 16: offered; the place checks the exact age). An unknown band string
  applies no age filter.
* Service area: when the service's `service_areas` list municipality codes,
  the visitor's code must be covered: equal, the designated city of the
  visitor's ward (さいたま市 covers 浦和区; needs `places`), or a prefecture
  code (`PP000x`) of the visitor's prefecture. An area with no codes (全国)
  restricts nothing.
* Out-of-prefecture visitors (first two digits differ from every municipality
  the service is in) see only virtual services and services whose area
  explicitly covers them.
* A visitor without a municipality sees everything (no area filter) and no
  distance is scored.
* Language: when the service lists languages, one of the visitor's must be
  among them; a service listing none is taken as Japanese only.
* Finished: a service whose every timed schedule row ended before today (a
  past event, a season that is over) is not offered. Hours *unknown* (no
  timed rows) is never a reason to leave a service out.

Not filters, but tiers: a service whose capacities say `available == 0` is
offered with `waiting_list=True` and ranked after every other result.

Ranking weights (points, summed; ties broken by service id):

===========================  =================================================
concerns                     30 for the first matching concern, +10 for each
                             further one (at most +20)
interests                    20 for the first matching interest, +5 each
                             further one (at most +10)
free time                    15 when an opening overlaps one of the visitor's
                             free windows within 14 days (30 min at least, or
                             the whole opening if shorter), plus up to 10 the
                             sooner it is (linear over 14 days). Without free
                             time given: only the up-to-10 for the next opening
distance                     up to 20: 20 at 0 km to 0 at 30 km from the
                             visitor's municipality reference point (physical
                             places; needs municipality and `places`)
online                       20 for a virtual service when `online_first`
                             (virtual counts as 0 km but is otherwise not
                             preferred)
anonymous first contact      3, or 15 when `anonymous_first`
free of charge               3, or 15 when `free_of_charge`
no booking needed            3
accompaniment                1, or 13 when `wants_company`
recently verified            5 when `assured_date` is within 180 days of now
hours unknown                -10 (ranked lower, still shown)
===========================  =================================================

Diversity: at most 2 results from one organisation in a returned list.

Crisis (`profile.crisis`) bypasses the ranking: consultation services open
*now* come first (24-hour lines included; more concern matches first, then
services for young people, then id), then the other consultation services by
next opening (unknown hours last), then everything else in ranking order.
The open-now lines are exempt from the diversity cap: in a crisis several
national lines of one "organisation" are better than fewer.

next_time: the first moment, within 62 days, when an opening overlaps the
visitor's free time (or now, if that is now); without free time, or when no
opening fits it, the next opening (or now, if open now).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from rooms.age_bands import BAND_AGES, FORM_BANDS
from rooms.jst import JST

from . import schedule
from .municipalities import Municipality
from .search import km_between, service_point

__all__ = ["AGE_BANDS", "FreeTime", "Match", "Profile", "match"]

AGE_BANDS = BAND_AGES  # every band, form and hello, as (youngest, oldest) years

# Weights (see the module docstring).
W_CONCERN, W_CONCERN_MORE, MAX_CONCERN_MORE = 30.0, 10.0, 2
W_INTEREST, W_INTEREST_MORE, MAX_INTEREST_MORE = 20.0, 5.0, 2
W_FITS, W_SOON = 15.0, 10.0
W_NEAR, NEAR_ZERO_KM, NEAR_KM = 20.0, 30.0, 10.0
W_ONLINE = 20.0
W_LOW, W_LOW_ASKED = 3.0, 15.0
W_ACCOMPANIMENT, W_ACCOMPANIMENT_ASKED = 1.0, 13.0
W_VERIFIED, VERIFIED_DAYS = 5.0, 180
W_HOURS_UNKNOWN = -10.0
FIT_DAYS = 14  # free-time fits and soonness are scored within this window
LOOKAHEAD_DAYS = 62  # next_time is searched this far
MIN_OVERLAP = dt.timedelta(minutes=30)
MAX_PER_ORGANIZATION = 2

_WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")
_CONTACT_JA = {"walk_in": "直接", "chat": "チャット", "phone": "電話", "email": "メール", "form": "申込フォーム",
               "line": "LINE"}
# "young" for the youth-first services: the form bands up to 24 (the hello bands are not counted, as before)
_YOUNG_BANDS = frozenset(b for b in FORM_BANDS if (BAND_AGES[b][1] or 999) <= 24)


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


# --------------------------------------------------------------------------- #
# Internals
# --------------------------------------------------------------------------- #


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


def _next_step(doc: dict[str, Any], virtual: bool) -> tuple[str, str]:
    """The easiest honest first step, and how to say it."""
    ways = [w for w in doc.get("x_first_contact") or [] if isinstance(w, str)]
    wayset = set(ways)
    labels = "・".join(_CONTACT_JA[w] for w in ways if w in _CONTACT_JA and w != "walk_in")
    if wayset == {"phone"}:
        return "call", "電話をかければ、そのまま話を聞いてもらえます"
    if doc.get("x_booking_required"):
        return "book", f"先に予約が必要です({labels})" if labels else "先に予約が必要です"
    if "walk_in" in wayset and not virtual:
        return "walk_in", "予約なしでそのまま行けます"
    if "chat" in wayset:
        return "chat_first", "まずはチャットで気軽に話せます"
    if "line" in wayset:
        return "chat_first", "まずはLINEで気軽に聞けます"
    if virtual and not wayset & {"phone", "email", "form"}:
        return "chat_first", "まずはオンラインでのぞいてみられます"
    if "phone" in wayset:
        return "call", "まず電話で聞いてみましょう"
    return "book", f"まず連絡してから行きます({labels})" if labels else "まず連絡してから行きます"


def _day_part(t: dt.datetime) -> str:
    h = t.hour
    if h < 5:
        return "深夜"
    if h < 10:
        return "朝"
    if h < 12:
        return "午前"
    if h < 17:
        return "午後"
    if h < 19:
        return "夕方"
    return "夜"


def _when_text(c: _Candidate, when: dt.datetime | None, now: dt.datetime, open_now: bool, crisis: bool) -> str | None:
    """"土曜の午後", "平日の夕方", "24時間", "12月12日(土)の午前" — or None when there is nothing to say."""
    if any(end - start >= dt.timedelta(hours=24) for start, end in c.occurrences):
        return "24時間"
    if crisis and open_now:
        return "いま受付中"
    if not c.hours_known:
        return "日時は要確認"
    if when is None:
        return "次の日程は未定"
    when = when.astimezone(JST)
    days_ahead = (when.date() - now.date()).days
    weekdays = {s.weekday() for s, _ in c.occurrences}
    if days_ahead == 0:
        day = "今日"
    elif days_ahead == 1:
        day = "明日"
    elif days_ahead < 7:
        day = "平日" if weekdays == {0, 1, 2, 3, 4} else f"{_WEEKDAY_JA[when.weekday()]}曜"
    else:
        day = f"{when.month}月{when.day}日({_WEEKDAY_JA[when.weekday()]})"
    return f"{day}の{_day_part(when)}"


def _place_text(c: _Candidate, profile: Profile, places: dict[str, Municipality], step: str) -> str | None:
    if c.virtual:
        return "電話" if step == "call" else "オンライン"
    m = places.get(c.place_code or "")
    if m is None:
        return None
    text = f"{m.city.replace(' ', '')}内"
    if c.distance_km is not None and c.place_code != profile.municipality and c.distance_km >= 1:
        text += f"(約{round(c.distance_km)}km)"
    return text


def _explanation(c: _Candidate, profile: Profile, places: dict[str, Municipality], when: dt.datetime | None,
                 now: dt.datetime, step: str, open_now: bool) -> str:
    doc = c.doc
    parts = [_when_text(c, when, now, open_now, profile.crisis), _place_text(c, profile, places, step)]
    if doc.get("x_anonymous_ok"):
        parts.append("匿名OK" if c.kind == "consultation" else "ひとりで参加OK")
    if doc.get("x_free"):
        parts.append("無料")
    if not doc.get("x_booking_required") and step != "call":
        parts.append("予約不要")
    if doc.get("x_accompaniment"):
        parts.append("付き添いあり")
    if c.waiting_list:
        parts.append("いまは満員(キャンセル待ち)")
    return "・".join(p for p in parts if p)


def _score(c: _Candidate, profile: Profile, now: dt.datetime) -> None:
    doc = c.doc
    terms = {a.get("taxonomy_term_id") for a in doc.get("attributes") or [] if isinstance(a, dict)}
    concerns = [t for t in dict.fromkeys(profile.concerns) if t in terms]
    interests = [t for t in dict.fromkeys(profile.interests) if t in terms]
    c.concern_hits = len(concerns)
    score = 0.0
    if concerns:
        score += W_CONCERN + W_CONCERN_MORE * min(len(concerns) - 1, MAX_CONCERN_MORE)
    if interests:
        score += W_INTEREST + W_INTEREST_MORE * min(len(interests) - 1, MAX_INTEREST_MORE)
    reasons = concerns + interests

    horizon = dt.timedelta(days=FIT_DAYS)
    if profile.free and c.fit is not None:
        score += W_FITS + W_SOON * max(0.0, 1 - (c.fit - now) / horizon)
        reasons.append("fits_free_time")
    elif not profile.free and c.opening is not None:
        score += W_SOON * max(0.0, 1 - (c.opening - now) / horizon)
        reasons.append("soon")

    if c.virtual:
        if profile.online_first:
            score += W_ONLINE
            reasons.append("online")
    elif c.distance_km is not None:
        score += W_NEAR * max(0.0, 1 - c.distance_km / NEAR_ZERO_KM)
        if c.distance_km <= NEAR_KM:
            reasons.append("near")

    if doc.get("x_anonymous_ok"):
        score += W_LOW_ASKED if profile.anonymous_first else W_LOW
        reasons.append("anonymous_ok")
    if doc.get("x_free"):
        score += W_LOW_ASKED if profile.free_of_charge else W_LOW
        reasons.append("free")
    if not doc.get("x_booking_required"):
        score += W_LOW
        reasons.append("no_booking")
    if doc.get("x_accompaniment"):
        score += W_ACCOMPANIMENT_ASKED if profile.wants_company else W_ACCOMPANIMENT
        reasons.append("accompaniment")

    assured = doc.get("assured_date")
    if isinstance(assured, str):
        try:
            age_days = (now.date() - dt.date.fromisoformat(assured[:10])).days
        except ValueError:
            age_days = -1
        if 0 <= age_days <= VERIFIED_DAYS:
            score += W_VERIFIED
            reasons.append("verified_recently")

    if not c.hours_known:
        score += W_HOURS_UNKNOWN
        reasons.append("hours_unknown")
    if c.waiting_list:
        reasons.append("waiting_list")
    c.score = round(score, 6)
    c.reasons = reasons


def _candidate(doc: dict[str, Any], profile: Profile, now: dt.datetime, places: dict[str, Municipality],
               parents: dict[str, str], ages: tuple[int | None, int | None] | None) -> _Candidate | None:
    """The hard filters; None when the service is not for this visitor."""
    if doc.get("status") != "active" or not age_fits(doc, ages):
        return None
    if not _languages_ok(doc, profile.languages):
        return None
    virtual = _is_virtual(doc)
    codes = _area_codes(doc)
    visitor = profile.municipality
    physical = [] if virtual else _physical_places(doc)
    if visitor:
        covered = bool(codes) and _covers(codes, visitor, parents)
        if codes and not covered:
            return None
        if not virtual and not covered:
            homes = {code for _, _, code in physical if code} | (
                {doc["x_municipality_code"]} if doc.get("x_municipality_code") else set())
            if homes and not any(code[:2] == visitor[:2] for code in homes):
                return None
    rows = _rows(doc)
    state = _hours_state(rows, now.date())
    if state == "finished":
        return None

    distance: float | None = None
    place_code: str | None = doc.get("x_municipality_code")
    if virtual:
        distance = 0.0
    else:
        centre = places.get(visitor or "")
        best: tuple[float, str | None] | None = None
        for lat, lon, code in physical:
            point = service_point(lat, lon, code, places)
            if centre is not None and point is not None:
                km = km_between((centre.lat, centre.lon), point)
                if best is None or km < best[0]:
                    best = (km, code)
        if best is not None:
            distance, place_code = best[0], best[1] or place_code
        elif physical and physical[0][2]:
            place_code = physical[0][2]
    org = doc.get("organization") or {}
    return _Candidate(doc=doc, service_id=str(doc.get("id", "")), organization_id=str(org.get("id", "")),
                      organization=str(org.get("name", "")), name=str(doc.get("name", "")),
                      kind=str(doc.get("x_kind", "")), virtual=virtual, rows=rows, hours_known=state == "known",
                      waiting_list=_waiting(doc), place_code=place_code, distance_km=distance)


def _to_match(c: _Candidate, profile: Profile, now: dt.datetime, places: dict[str, Municipality],
              open_now: bool = False) -> Match:
    when = c.fit if profile.free else c.opening
    if when is None and c.hours_known:
        # Beyond the scoring window: look further for the date only (no points for it).
        occs = _occurrences(c.rows, now, LOOKAHEAD_DAYS)
        until = now + dt.timedelta(days=LOOKAHEAD_DAYS)
        fit = _first_fit(occs, profile.free, now, until) if profile.free else None
        when = fit or _first_opening(occs, now, until)
    step, step_text = _next_step(c.doc, c.virtual)
    return Match(service_id=c.service_id, organization_id=c.organization_id, name=c.name,
                 organization=c.organization, score=c.score,
                 explanation=_explanation(c, profile, places, when, now, step, open_now),
                 next_step=step, next_step_text=step_text, next_time=when, distance_km=c.distance_km,
                 hours_known=c.hours_known, waiting_list=c.waiting_list, reasons=tuple(c.reasons))


def _diverse(ordered: list[_Candidate], limit: int, counts: dict[str, int]) -> list[_Candidate]:
    out = []
    for c in ordered:
        if len(out) >= limit:
            break
        if counts.get(c.organization_id, 0) >= MAX_PER_ORGANIZATION:
            continue
        counts[c.organization_id] = counts.get(c.organization_id, 0) + 1
        out.append(c)
    return out


# --------------------------------------------------------------------------- #
# The function
# --------------------------------------------------------------------------- #


def match(services: list[dict[str, Any]], profile: Profile, now: dt.datetime,
          places: dict[str, Municipality] | None = None, limit: int = 5) -> list[Match]:
    """The best `limit` services for `profile` at `now` (timezone-aware), most suitable first.

    `places` is the municipality table (`load_municipalities()`); without it no
    distance is scored, wards are not matched to their city and explanations
    name no municipality.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now: must be timezone-aware")
    if limit <= 0:
        return []
    now = now.astimezone(JST)
    places = places or {}
    parents = _ward_parents(places) if profile.municipality and places else {}
    ages = _age_range(profile)
    fit_until = now + dt.timedelta(days=FIT_DAYS)

    candidates: list[_Candidate] = []
    for doc in services:
        if not isinstance(doc, dict):
            continue
        c = _candidate(doc, profile, now, places, parents, ages)
        if c is None:
            continue
        if c.hours_known:
            c.occurrences = _occurrences(c.rows, now, FIT_DAYS)
            c.opening = _first_opening(c.occurrences, now, fit_until)
            if profile.free:
                c.fit = _first_fit(c.occurrences, profile.free, now, fit_until)
        _score(c, profile, now)
        candidates.append(c)

    ranked = sorted(candidates, key=lambda c: (c.waiting_list, -c.score, c.service_id))
    if not profile.crisis:
        return [_to_match(c, profile, now, places) for c in _diverse(ranked, limit, {})]

    young = _is_young(profile)

    def youth_first(c: _Candidate) -> int:
        audiences = {a.get("taxonomy_term_id") for a in c.doc.get("attributes") or [] if isinstance(a, dict)}
        return 0 if young and "audience.youth" in audiences else 1

    open_now = [c for c in candidates if c.kind == "consultation" and schedule.is_open_at(c.rows, now) is True]
    open_now.sort(key=lambda c: (c.waiting_list, -c.concern_hits, youth_first(c), c.service_id))
    open_ids = {id(c) for c in open_now}
    far = dt.datetime.max.replace(tzinfo=JST)
    later = [c for c in candidates if c.kind == "consultation" and id(c) not in open_ids]
    later.sort(key=lambda c: (c.waiting_list, c.opening or far, -c.concern_hits, c.service_id))
    rest = [c for c in ranked if c.kind != "consultation"]

    chosen = open_now[:limit]
    counts: dict[str, int] = {}
    for c in chosen:
        counts[c.organization_id] = counts.get(c.organization_id, 0) + 1
    chosen += _diverse(later + rest, limit - len(chosen), counts)
    return [_to_match(c, profile, now, places, open_now=id(c) in open_ids) for c in chosen]
