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
from typing import Any

from rooms.jst import JST

from . import schedule
from .matcher_fits import (
    MIN_OVERLAP, _age_range, _area_codes, _covers, _first_fit, _first_opening, _hours_state, _is_virtual,
    _is_young, _languages_ok, _occurrences, _physical_places, _rows, _waiting, _ward_parents, age_fits,
)
from .matcher_profile import AGE_BANDS, FreeTime, Match, Profile, _Candidate
from .matcher_texts import _explanation, _next_step
from .municipalities import Municipality
from .search import km_between, service_point

__all__ = ["AGE_BANDS", "FreeTime", "Match", "Profile", "match"]


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
MAX_PER_ORGANIZATION = 2


# --------------------------------------------------------------------------- #
# Internals
# --------------------------------------------------------------------------- #


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
