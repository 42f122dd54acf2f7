"""The matcher of needs and offers: for one member's need (or offer), a few partners on the other side.

Pure (no I/O, no clock): a function of the listings, the month it is and the municipality
table, in the spirit of the handoff matcher (`booths/matcher.py`): the same inputs always give
the same list, and every result says why in plain Japanese.

Hard filters (a listing failing one is not suggested):

* the other side (a need meets offers, an offer meets needs), open, of another organisation;
* the same kind, and for `skills` the same skill;
* periods of months that overlap, and the other's has not ended before this month
  (a listing whose period ended is matched with nothing);
* areas that meet: a municipality in both, or a ward and its designated city
  (さいたま市 and 浦和区); an offer that names no municipality is "anywhere" (online,
  nationwide) and meets every need.

Ranking (points, summed; ties broken by id):

==================  ====================================================================
themes              30 for the first shared theme, +10 for each further one (at most +20)
SDGs                10 when a goal number is shared
area                20 a municipality in both, 15 a ward and its city, 5 an offer "anywhere"
quantity            up to 15: 15 × offered / needed (at most 15) when both give a quantity
period              10 when the offer covers the whole need's period, else 5
==================  ====================================================================

Diversity: at most 2 results from one organisation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rooms.jst import JST

from .matcher_fits import _covers, _ward_parents
from .matching_listing import NEED, OPEN, Listing
from .matching_texts import explanation, month_text, period_text, place_names, quantity_text, reason_text, theme_names
from .municipalities import Municipality

W_THEME, W_THEME_MORE, MAX_THEME_MORE = 30.0, 10.0, 2
W_SDGS = 10.0
W_SAME_PLACE, W_WARD, W_ANYWHERE = 20.0, 15.0, 5.0
W_QUANTITY = 15.0
W_WHOLE_PERIOD, W_SOME_PERIOD = 10.0, 5.0
MAX_PER_ORGANIZATION = 2
_NO_END = "9999-12"


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # theme, sdgs, same_place, ward, anywhere, enough, partial, whole_period, some_period
    text: str  # plain Japanese


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A listing of the other side, how well it fits and why."""

    listing: Listing
    score: float
    reasons: tuple[Reason, ...]
    explanation: str


def this_month(now: dt.datetime) -> str:
    """The month (JST) a timezone-aware moment falls in, as YYYY-MM."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now: must be timezone-aware")
    return now.astimezone(JST).strftime("%Y-%m")


def _end(listing: Listing) -> str:
    return listing.period.end or _NO_END


def _area(need: Listing, offer: Listing, parents: dict[str, str]) -> str | None:
    """How the two areas meet: same_place, ward, anywhere, or None (they do not)."""
    if not offer.municipalities:
        return "anywhere"
    if set(need.municipalities) & set(offer.municipalities):
        return "same_place"
    if any(_covers(offer.municipalities, n, parents) for n in need.municipalities) or \
            any(_covers(need.municipalities, o, parents) for o in offer.municipalities):
        return "ward"
    return None


def _fits(mine: Listing, other: Listing, month: str) -> bool:
    return (other.side != mine.side and other.status == OPEN and other.organization != mine.organization
            and other.kind == mine.kind and (mine.kind != "skills" or other.skill == mine.skill)
            and _end(other) >= month and other.period.start <= _end(mine) and mine.period.start <= _end(other))


def _score(need: Listing, offer: Listing, area: str, places: dict[str, Municipality]
           ) -> tuple[float, list[Reason]]:
    score, reasons = 0.0, []

    def add(points: float, code: str, **values: str) -> None:
        nonlocal score
        score += points
        reasons.append(Reason(code, reason_text(code, values)))

    shared = [t for t in dict.fromkeys(need.themes) if t in offer.themes]
    if shared:
        add(W_THEME + W_THEME_MORE * min(len(shared) - 1, MAX_THEME_MORE), "theme", themes=theme_names(shared))
    goals = sorted(set(need.sdgs) & set(offer.sdgs))
    if goals:
        add(W_SDGS, "sdgs", goals=", ".join(map(str, goals)))
    if area == "same_place":
        common = [c for c in need.municipalities if c in offer.municipalities]
        add(W_SAME_PLACE, area, places=place_names(common, places))
    elif area == "ward":
        add(W_WARD, area, places=place_names(need.municipalities, places))
    else:
        add(W_ANYWHERE, area)
    if need.quantity and offer.quantity:
        amounts = {"need": quantity_text(need.kind, need.quantity), "offer": quantity_text(offer.kind, offer.quantity)}
        add(W_QUANTITY * min(1.0, offer.quantity / need.quantity),
            "enough" if offer.quantity >= need.quantity else "partial", **amounts)
    if offer.period.start <= need.period.start and _end(offer) >= _end(need):
        add(W_WHOLE_PERIOD, "whole_period", period=period_text(need.period))
    else:
        start, end = max(need.period.start, offer.period.start), min(_end(need), _end(offer))
        shown = f"{month_text(start)}〜{month_text(end)}" if end != _NO_END else f"{month_text(start)}から"
        add(W_SOME_PERIOD, "some_period", period=shown)
    return round(score, 6), reasons


def suggest(mine: Listing, others: list[Listing], now: dt.datetime,
            places: dict[str, Municipality] | None = None, limit: int = 5) -> list[Suggestion]:
    """The best `limit` listings of the other side for `mine` at `now`, best first, explained."""
    month = this_month(now)
    if limit <= 0 or mine.status != OPEN or _end(mine) < month:
        return []
    places = places or {}
    parents = _ward_parents(places) if places else {}
    scored = []
    for other in others:
        if not _fits(mine, other, month):
            continue
        need, offer = (mine, other) if mine.side == NEED else (other, mine)
        area = _area(need, offer, parents)
        if area is None:
            continue
        score, reasons = _score(need, offer, area, places)
        scored.append((score, other, reasons))
    scored.sort(key=lambda s: (-s[0], s[1].id))
    out: list[Suggestion] = []
    per_org: dict[str, int] = {}
    for score, other, reasons in scored:
        if len(out) >= limit:
            break
        if per_org.get(other.organization, 0) >= MAX_PER_ORGANIZATION:
            continue
        per_org[other.organization] = per_org.get(other.organization, 0) + 1
        out.append(Suggestion(other, score, tuple(reasons), explanation(other, [r.text for r in reasons])))
    return out


def unmet(listings: list[Listing], now: dt.datetime, places: dict[str, Municipality] | None = None) -> list[Listing]:
    """Open, current needs that no open offer fits (the secretariat's list of gaps), in id order."""
    month = this_month(now)
    needs = [x for x in listings if x.side == NEED and x.status == OPEN and _end(x) >= month]
    return sorted((n for n in needs if not suggest(n, listings, now, places, limit=1)), key=lambda n: n.id)
