"""Opening hours from Open Referral HSDS 3.x `schedule` rows.

A booth is shown as "open now" to young visitors, and "next open Thursday
10:00" when it is not, so this must never claim "closed" when it simply does
not know: every query that cannot be answered returns None, not False.

Model (HSDS field names kept, two extensions):

* Regular rows: `freq` WEEKLY / MONTHLY (or None = every day in the valid
  range) with `byday` / `bymonthday`, `interval` anchored at `dtstart`
  (or `valid_from`), and `opens_at` / `closes_at` in Japan local time.
* Special-hours rows: not closed, `valid_from == valid_to`, with times. On
  that day they replace the regular rows (a holiday event, shorter hours)
  and also win over multi-day closures (an event during 年末年始).
* `closed=True` exception rows (e.g. 年末年始 12/29-1/3): on matching days
  they cancel every interval that starts that day; with times they cut only
  that window out.
* Hours are "known" on a day only if some open row with both times is in
  force then (valid range, dtstart); otherwise answers are None.
* `x_holidays="closed"` on a row: the row does not apply on Japanese public
  holidays (see `booths.holidays`); `x_holidays="only"`: it applies on public
  holidays only (「土日祝18時まで」: a holiday row beside the weekday rows).
* `x_uncertain=True` rows say "something changes the hours and we cannot
  say what" (a municipal note we could not read, an HSDS recurrence we cannot
  evaluate such as `count` or `byweekno`). On every day such a row is in
  force, `is_open_at` answers None and `occurrences` gives nothing: a service
  whose hours are uncertain is never reported open (or closed) on a guess.
* HSDS `until` ends the recurrence: it is read as `valid_to` (the earlier of the two).

Times: closes_at <= opens_at runs past midnight (22:00-02:00); 00:00-00:00
is 24 hours; 23:59 / 23:59:59 closing is read as midnight (HSDS suggests
00:00-23:59 as the 24h signal). An interval belongs to the day it starts on.

Sans-I/O: callers pass the current time in.
"""
from __future__ import annotations

from booths.schedule_hsds import from_hsds, to_hsds
from booths.schedule_query import is_open_at, next_opening, occurrences
from booths.schedule_row import FREQS, X_HOLIDAYS, Interval, Schedule
from rooms.jst import JST

__all__ = [
    "JST",
    "Schedule",
    "from_hsds",
    "is_open_at",
    "next_opening",
    "occurrences",
    "to_hsds",
]
