"""Occurrences of events: what takes place, day by day, expanded from HSDS schedule rows.

A service's schedule says "every 2nd Saturday 10:00-15:00, closed 12/29-1/3"; a visitor and
a calendar app want "Saturday 12 December, 10:00-15:00". This module turns the first into
the second for a bounded window, with every rule of `booths.schedule` applied (nth weekday,
public holidays, closures, one-day special hours), so the list, the iCalendar feed, the CSV
export and the event page all show the same occurrences.

* Timed rows give timed occurrences (JST), merged as `schedule.occurrences` merges them.
* A dated row without times (an event on 2026-12-19, hours not stated: common in municipal
  event lists) gives an all-day occurrence on each matching day. Undated rows without times
  give nothing: "open sometimes" is not an occurrence; nor does a range of more than a month
  without a weekday pattern (`period_only`), nor a day a row marks uncertain.
* Ids are stable: `<source>.<key>.<YYYYMMDDTHHMM>` (all day: `<YYYYMMDD>`), so the same
  occurrence has the same id, page and iCalendar UID on every request and every node.

Sans-I/O: callers pass the window and the rows in.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from . import schedule
from .schedule import Schedule

SOURCES = ("directory", "festival")
MAX_WINDOW_DAYS = 92
MAX_DAILY_SPAN_DAYS = 31  # a date range longer than this without a pattern is a period, not every day
_ID = re.compile(r"^(directory|festival)\.(.{1,80})\.(\d{8}(?:T\d{4})?)$")


@dataclass(frozen=True, slots=True)
class Recurring:
    """Something with a programme: a directory service (key: its id) or a booth's live sessions (key: its slug)."""

    source: str
    key: str
    rows: tuple[Schedule, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    source: str
    key: str
    start: dt.datetime  # JST; for an all-day occurrence, midnight starting the day
    end: dt.datetime  # JST; for an all-day occurrence, the next midnight
    all_day: bool = False

    @property
    def id(self) -> str:
        stamp = f"{self.start:%Y%m%d}" if self.all_day else f"{self.start:%Y%m%dT%H%M}"
        return f"{self.source}.{self.key}.{stamp}"

    @property
    def day(self) -> dt.date:
        return self.start.date()


@dataclass(frozen=True, slots=True)
class OccurrenceId:
    source: str
    key: str
    day: dt.date
    time: dt.time | None  # None: all day


def parse_id(text: str) -> OccurrenceId | None:
    """An occurrence id read back, or None when it cannot be one (then the page is a 404)."""
    m = _ID.match(text)
    if not m:
        return None
    stamp = m.group(3)
    try:
        day = dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
        time = dt.time(int(stamp[9:11]), int(stamp[11:13])) if "T" in stamp else None
    except ValueError:
        return None
    return OccurrenceId(m.group(1), m.group(2), day, time)


def window_problem(first: dt.date, last: dt.date) -> str | None:
    """Why a window cannot be expanded (the sentence names the parameter), or None."""
    if last < first:
        return "to must not be before from"
    if (last - first).days + 1 > MAX_WINDOW_DAYS:
        return f"from..to may span at most {MAX_WINDOW_DAYS} days"
    return None


def _all_day(rows: tuple[Schedule, ...], d: dt.date) -> bool:
    """A dated row without times matches `d`, no closure covers the whole day, and no row says the day's
    hours are uncertain (an uncertain day is never turned into an occurrence on a guess)."""
    if any(s.x_uncertain and s.matches(d) for s in rows):
        return False
    dated = any(not s.closed and not s.has_times and s.valid_from is not None and s.valid_to is not None
                and s.matches(d) for s in rows)
    return dated and not any(s.closed and not s.has_times and s.matches(d) for s in rows)


def period_only(row: Schedule) -> bool:
    """A date range without a weekday or day-of-month pattern over more than MAX_DAILY_SPAN_DAYS days.

    Municipal event lists write a class held "on some days this fiscal year" as 開始日 2026/5/28,
    終了日 2027/3/5, 13:30-14:30 (the dates are in the prose): read as every day, it would flood the
    list with 280 classes that do not take place. Such a row says when, not on which days: no occurrence.
    """
    return (not row.closed and row.freq is None and not row.byday and not row.bymonthday
            and row.valid_from is not None and row.valid_to is not None
            and (row.valid_to - row.valid_from).days + 1 > MAX_DAILY_SPAN_DAYS)


def occurrences_of(item: Recurring, first: dt.date, last: dt.date) -> list[Occurrence]:
    """One item's occurrences starting on days first..last (inclusive), in time order."""
    rows = tuple(r for r in item.rows if not period_only(r))
    out = [Occurrence(item.source, item.key, start, end)
           for start, end in schedule.occurrences(list(rows), first, last)]
    timed_days = {o.day for o in out}
    d = first
    while d <= last:
        if d not in timed_days and _all_day(rows, d):
            start = dt.datetime.combine(d, dt.time(0, 0), tzinfo=schedule.JST)
            out.append(Occurrence(item.source, item.key, start, start + dt.timedelta(days=1), all_day=True))
        d += dt.timedelta(days=1)
    return sorted(out, key=lambda o: o.start)


def expand(items: Iterable[Recurring], first: dt.date, last: dt.date) -> list[Occurrence]:
    """Every item's occurrences in the window, in time order (ties: by id, so pages are stable)."""
    problem = window_problem(first, last)
    if problem:
        raise ValueError(problem)
    found = [o for item in items for o in occurrences_of(item, first, last)]
    return sorted(found, key=lambda o: (o.start, o.id))


def rows_of(raw: Iterable[dict]) -> tuple[Schedule, ...]:
    """HSDS rows as stored (already checked at import or edit); a row that no longer parses is skipped."""
    out = []
    for row in raw:
        try:
            out.append(schedule.from_hsds(row))
        except ValueError:
            continue
    return tuple(out)
