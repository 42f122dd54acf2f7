"""Answers over a booth's schedule rows: `occurrences`, `is_open_at`, `next_opening`.

Never "closed" on a guess: a day whose hours are unknown or uncertain answers None
(the model is described in `booths.schedule`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterable

from booths.schedule_row import _ONE_DAY, Interval, Schedule, _is_one_day
from rooms.jst import JST



# --------------------------------------------------------------------------- #
# Evaluation
# --------------------------------------------------------------------------- #


def _to_jst(at: _dt.datetime, name: str) -> _dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name}: must be timezone-aware (naive datetimes are ambiguous)")
    return at.astimezone(JST)


def _day_intervals(schedules: list[Schedule], d: _dt.date) -> list[Interval]:
    """Intervals starting on day `d`, after special-day overrides and closures."""
    if _uncertain_on(schedules, d):
        return []  # unknown, not closed: is_open_at says None for such a day
    timed = [s for s in schedules if not s.closed and s.has_times and not s.x_uncertain]
    special = [s for s in timed if s.is_special_day and s.matches(d)]
    rows = special or [s for s in timed if not s.is_special_day and s.matches(d)]
    out = [iv for s in rows if (iv := s.interval_on(d)) is not None]
    for s in schedules:
        if not s.closed or not s.matches(d):
            continue
        if special and not (s.valid_from == s.valid_to or (s.x_annual and _is_one_day(s.x_annual))):
            # A one-day special opening beats a longer closure (an event during 年末年始).
            continue
        if not s.has_times:
            return []  # closed all day
        cut = s.interval_on(d)
        assert cut is not None
        out = [piece for iv in out for piece in _subtract(iv, cut)]
    return out


def _subtract(iv: Interval, cut: Interval) -> list[Interval]:
    start, end = iv
    c_start, c_end = cut
    if c_end <= start or c_start >= end:
        return [iv]
    pieces: list[Interval] = []
    if start < c_start:
        pieces.append((start, c_start))
    if c_end < end:
        pieces.append((c_end, end))
    return pieces


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and join overlapping or touching intervals (10-12 + 12-18 is one 10-18 opening)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _uncertain_on(schedules: list[Schedule], d: _dt.date) -> bool:
    return any(s.x_uncertain and s.matches(d) for s in schedules)


def _known_on(schedules: list[Schedule], d: _dt.date) -> bool:
    """Do we have actual hours in force on `d`? Expired or description-only rows do not count."""
    return any(not s.closed and s.has_times and s.in_force(d) for s in schedules)


def _closed_all_day(schedules: list[Schedule], d: _dt.date) -> bool:
    return any(s.closed and not s.has_times and s.matches(d) for s in schedules)


def occurrences(schedules: list[Schedule], start: _dt.date, end: _dt.date) -> list[tuple[_dt.datetime, _dt.datetime]]:
    """Opening intervals (JST-aware) that start on days start..end inclusive, merged and sorted.

    An overnight opening started on `end` is included whole, so it may end after `end`.
    """
    if end < start:
        return []
    raw: list[Interval] = []
    d = start
    while d <= end:
        raw.extend(_day_intervals(schedules, d))
        d += _ONE_DAY
    return _merge(raw)


def is_open_at(schedules: list[Schedule], at: _dt.datetime) -> bool | None:
    """True / False when the hours say so, None when the hours are unknown.

    "Unknown" (no timed rows in force, only free-text descriptions) is kept
    apart from "closed" so the UI can say "check with the booth" instead.
    """
    local = _to_jst(at, "at")
    day = local.date()
    if _uncertain_on(schedules, day):
        return None
    for start, end in occurrences(schedules, day - _ONE_DAY, day):
        if start <= local < end:
            return True
    if _known_on(schedules, day) or _closed_all_day(schedules, day):
        return False
    return None


def next_opening(
    schedules: list[Schedule], after: _dt.datetime, within_days: int = 62
) -> tuple[_dt.datetime, _dt.datetime] | None:
    """The current opening if open at `after`, else the next one within `within_days` days.

    None when nothing opens in the window or the hours are unknown — also when
    an uncertain day (`x_uncertain`) comes first: it might open then. The end of
    a round-the-clock opening is cut at the end of the window.
    """
    if within_days < 0:
        raise ValueError(f"within_days: must be >= 0, got {within_days}")
    local = _to_jst(after, "after")
    day = local.date()
    for start, end in occurrences(schedules, day - _ONE_DAY, day + _dt.timedelta(days=within_days)):
        if end > local:
            if any(s.x_uncertain for s in schedules):
                d = day
                while d <= start.date():
                    if _uncertain_on(schedules, d):
                        return None
                    d += _ONE_DAY
            return start, end
    return None
