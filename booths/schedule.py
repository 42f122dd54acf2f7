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

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping
from booths import holidays
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

_JST_OFFSET = _dt.timedelta(hours=9)
_ONE_DAY = _dt.timedelta(days=1)
_MIDNIGHT = _dt.time(0, 0)

FREQS = ("WEEKLY", "MONTHLY")
X_HOLIDAYS = ("open", "closed", "only", "after", "next_weekday")
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY_RE = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$")

Interval = tuple[_dt.datetime, _dt.datetime]


# --------------------------------------------------------------------------- #
# Parsing helpers (shared by Schedule validation and from_hsds)
# --------------------------------------------------------------------------- #


@lru_cache(maxsize=256)
def _parse_byday(value: str, freq: str | None) -> tuple[tuple[int | None, int], ...]:
    """"MO,WE" / "2SA,-1FR" -> ((ordinal or None, weekday), ...)."""
    out: list[tuple[int | None, int]] = []
    for raw in value.split(","):
        token = raw.strip().upper()
        m = _BYDAY_RE.match(token)
        if not m:
            raise ValueError(f"byday: cannot parse {raw!r} in {value!r} (expected e.g. 'MO,WE' or '2SA,-1FR')")
        ordinal = int(m.group(1)) if m.group(1) else None
        if ordinal is not None:
            if freq == "WEEKLY":
                raise ValueError(f"byday: ordinal {token!r} is only allowed with freq MONTHLY")
            if ordinal == 0 or not -5 <= ordinal <= 5:
                raise ValueError(f"byday: ordinal in {token!r} must be 1..5 or -5..-1")
        out.append((ordinal, _WEEKDAYS[m.group(2)]))
    return tuple(out)


@lru_cache(maxsize=256)
def _parse_bymonthday(value: str) -> tuple[int, ...]:
    out: list[int] = []
    for raw in value.split(","):
        try:
            n = int(raw.strip())
        except ValueError:
            raise ValueError(f"bymonthday: {raw!r} in {value!r} is not an integer") from None
        if n == 0 or not -31 <= n <= 31:
            raise ValueError(f"bymonthday: {n} must be 1..31 or -31..-1")
        out.append(n)
    return tuple(out)


def _naive_jst_time(field: str, t: _dt.time) -> _dt.time:
    """Drop a +09:00 tzinfo; any other offset is refused, not silently shifted."""
    if t.tzinfo is not None:
        off = t.utcoffset()
        if off != _JST_OFFSET:
            raise ValueError(f"{field}: times must be Japan local (+09:00), got offset {off}")
        t = t.replace(tzinfo=None)
    return t


# --------------------------------------------------------------------------- #
# The row
# --------------------------------------------------------------------------- #


@dataclass(frozen=True, slots=True)
class Schedule:
    """One HSDS `schedule` row. Validated on construction so bad rows fail at import, not at query time."""

    freq: str | None = None
    interval: int = 1
    byday: str | None = None
    bymonthday: str | None = None
    opens_at: _dt.time | None = None
    closes_at: _dt.time | None = None
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    dtstart: _dt.date | None = None
    description: str = ""
    closed: bool = False
    x_holidays: str = "open"
    x_annual: str | None = None  # "MM-DD/MM-DD": a window every year (年末年始 "12-29/01-03"), may wrap the year end
    x_uncertain: bool = False  # hours on the days this row is in force are unknown (see the module docstring)

    def __post_init__(self) -> None:
        if self.x_annual is not None:
            _parse_annual(self.x_annual)
        if self.freq is not None and self.freq not in FREQS:
            raise ValueError(f"freq: {self.freq!r} is not one of {FREQS} or None")
        if isinstance(self.interval, bool) or not isinstance(self.interval, int) or self.interval < 1:
            raise ValueError(f"interval: must be a positive integer, got {self.interval!r}")
        if self.interval > 1 and self.freq is None:
            raise ValueError("interval: > 1 needs freq WEEKLY or MONTHLY")
        if self.interval > 1 and self.dtstart is None and self.valid_from is None:
            raise ValueError("interval: > 1 needs dtstart (or valid_from) to know which weeks/months count")
        if self.byday:
            _parse_byday(self.byday, self.freq)
        if self.bymonthday:
            _parse_bymonthday(self.bymonthday)
        for name in ("opens_at", "closes_at"):
            t = getattr(self, name)
            if t is not None:
                if not isinstance(t, _dt.time):
                    raise ValueError(f"{name}: expected datetime.time, got {type(t).__name__}")
                _naive_jst_time(name, t)
        for name in ("valid_from", "valid_to", "dtstart"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, _dt.date) or isinstance(v, _dt.datetime)):
                raise ValueError(f"{name}: expected datetime.date, got {type(v).__name__}")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to: {self.valid_to} is before valid_from {self.valid_from}")
        if self.x_holidays not in X_HOLIDAYS:
            raise ValueError(f"x_holidays: {self.x_holidays!r} is not one of {X_HOLIDAYS}")
        if not isinstance(self.closed, bool):
            raise ValueError(f"closed: expected bool, got {self.closed!r}")

    # -- derived properties ------------------------------------------------ #

    @property
    def has_times(self) -> bool:
        """Both times present: only such open rows say anything definite about hours."""
        return self.opens_at is not None and self.closes_at is not None

    @property
    def is_special_day(self) -> bool:
        """A one-day override row (special hours for that date)."""
        one_date = self.valid_from is not None and self.valid_from == self.valid_to
        one_day_a_year = self.x_annual is not None and _is_one_day(self.x_annual)  # 12/28 9:30~17:00
        return not self.closed and self.has_times and (one_date or one_day_a_year)

    def in_force(self, d: _dt.date) -> bool:
        """Within valid_from..valid_to and not before dtstart (ignores the weekday pattern)."""
        if self.valid_from is not None and d < self.valid_from:
            return False
        if self.valid_to is not None and d > self.valid_to:
            return False
        if self.dtstart is not None and d < self.dtstart:
            return False
        if self.x_annual is not None:
            start, end = _parse_annual(self.x_annual)
            md = (d.month, d.day)
            return start <= md <= end if start <= end else (md >= start or md <= end)
        return True

    def matches(self, d: _dt.date) -> bool:
        """Does the recurrence produce a day `d` (validity, interval, byday/bymonthday, holidays)?"""
        if not self.in_force(d):
            return False
        if self.x_holidays == "next_weekday":
            return self._first_weekday_after_holiday(d)
        if not self._matches_interval(d):
            return False
        if not self._matches_pattern(d):
            return False
        if self.x_holidays == "closed" and holidays.is_holiday(d):
            return False  # on a closed row: the closure does not apply on holidays (月曜休館、祝日は開館)
        if self.x_holidays == "only" and not holidays.is_holiday(d):
            return False
        if self.x_holidays == "after" and not holidays.is_holiday(d - _ONE_DAY):
            return False
        return True

    def interval_on(self, d: _dt.date) -> Interval | None:
        """The (start, end) this row gives on day `d`, in JST, or None without times."""
        if not self.has_times:
            return None
        assert self.opens_at is not None and self.closes_at is not None
        opens = _naive_jst_time("opens_at", self.opens_at)
        closes = _naive_jst_time("closes_at", self.closes_at)
        start = _dt.datetime.combine(d, opens, tzinfo=JST)
        if closes >= _dt.time(23, 59) and opens < closes:
            # 23:59 / 23:59:59 is the HSDS way of saying "until midnight".
            end = _dt.datetime.combine(d + _ONE_DAY, _MIDNIGHT, tzinfo=JST)
        elif closes <= opens:
            # Past midnight; equal times mean 24 hours from opening.
            end = _dt.datetime.combine(d + _ONE_DAY, closes, tzinfo=JST)
        else:
            end = _dt.datetime.combine(d, closes, tzinfo=JST)
        return start, end

    # -- internals ---------------------------------------------------------- #

    def _first_weekday_after_holiday(self, d: _dt.date) -> bool:
        """`d` is the first non-holiday after a run of holidays that began on one of this row's days (翌平日)."""
        if holidays.is_holiday(d):
            return False
        back = d - _ONE_DAY
        while holidays.is_holiday(back) and (d - back).days <= 14:
            if self._matches_interval(back) and self._matches_pattern(back):
                return True
            back -= _ONE_DAY
        return False

    def _anchor(self) -> _dt.date | None:
        return self.dtstart or self.valid_from

    def _matches_interval(self, d: _dt.date) -> bool:
        if self.interval == 1:
            return True
        anchor = self._anchor()
        assert anchor is not None  # enforced in __post_init__
        if self.freq == "WEEKLY":
            weeks = ((d - _dt.timedelta(days=d.weekday())) - (anchor - _dt.timedelta(days=anchor.weekday()))).days // 7
            return weeks >= 0 and weeks % self.interval == 0
        months = (d.year - anchor.year) * 12 + (d.month - anchor.month)
        return months >= 0 and months % self.interval == 0

    def _matches_pattern(self, d: _dt.date) -> bool:
        byday = _parse_byday(self.byday, self.freq) if self.byday else ()
        bymonthday = _parse_bymonthday(self.bymonthday) if self.bymonthday else ()
        if not byday and not bymonthday:
            # RFC 5545 default: the weekday / day of month of dtstart.
            anchor = self._anchor()
            if self.freq == "WEEKLY" and anchor is not None:
                return d.weekday() == anchor.weekday()
            if self.freq == "MONTHLY" and anchor is not None:
                return d.day == anchor.day
            return True  # no pattern at all: every day in range
        if byday and not _byday_matches(byday, d):
            return False
        if bymonthday and not _bymonthday_matches(bymonthday, d):
            return False
        return True


def _is_one_day(value: str) -> bool:
    start, end = _parse_annual(value)
    return start == end


def _parse_annual(value: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'12-29/01-03' → ((12, 29), (1, 3)); a leap day is allowed."""
    try:
        ends = []
        for part in value.split("/"):
            month, day = (int(x) for x in part.strip().split("-"))
            _dt.date(2024, month, day)  # a leap year, so 02-29 is valid
            ends.append((month, day))
        start, end = ends
    except ValueError:
        raise ValueError(f"x_annual: {value!r} is not 'MM-DD/MM-DD'") from None
    return start, end


def _byday_matches(byday: tuple[tuple[int | None, int], ...], d: _dt.date) -> bool:
    last = calendar.monthrange(d.year, d.month)[1]
    for ordinal, weekday in byday:
        if d.weekday() != weekday:
            continue
        if ordinal is None:
            return True
        if ordinal > 0 and (d.day - 1) // 7 + 1 == ordinal:
            return True
        if ordinal < 0 and (last - d.day) // 7 + 1 == -ordinal:
            return True
    return False


def _bymonthday_matches(days: tuple[int, ...], d: _dt.date) -> bool:
    last = calendar.monthrange(d.year, d.month)[1]
    return any(d.day == (n if n > 0 else last + 1 + n) for n in days)


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


# --------------------------------------------------------------------------- #
# HSDS JSON
# --------------------------------------------------------------------------- #

# HSDS recurrence fields we do not evaluate: a row using them is kept, marked x_uncertain (answers unknown).
_UNEVALUATED = ("count", "byweekno", "byyearday")


def _opt_str(d: Mapping[str, Any], key: str) -> str | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected a string, got {type(v).__name__}")
    return v.strip() or None


def _parse_date(d: Mapping[str, Any], key: str) -> _dt.date | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, _dt.datetime):
        raise ValueError(f"{key}: expected a date, got a datetime")
    if isinstance(v, _dt.date):
        return v
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected 'YYYY-MM-DD', got {type(v).__name__}")
    try:
        return _dt.date.fromisoformat(v.strip())
    except ValueError:
        raise ValueError(f"{key}: {v!r} is not a date in YYYY-MM-DD form") from None


def _parse_time(d: Mapping[str, Any], key: str) -> _dt.time | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, _dt.time):
        return _naive_jst_time(key, v)
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected 'HH:MM[:SS][+09:00]', got {type(v).__name__}")
    m = _TIME_RE.match(v.strip())
    if not m:
        raise ValueError(f"{key}: {v!r} is not a time like '10:00:00+09:00'")
    hh, mm, ss, tz = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), m.group(4)
    if tz is not None and tz.replace(":", "") != "+0900":
        raise ValueError(f"{key}: {v!r} must be Japan local time (+09:00 or no offset)")
    if hh == 24 and mm == 0 and ss == 0:
        return _dt.time(23, 59, 59)  # "24:00" closing == until midnight
    try:
        return _dt.time(hh, mm, ss)
    except ValueError:
        raise ValueError(f"{key}: {v!r} is out of range") from None


def from_hsds(d: Mapping[str, Any]) -> Schedule:
    """Build a `Schedule` from an HSDS JSON object; raises ValueError naming the bad field.

    Identity and free-text fields we do not evaluate (id, service_id, notes, ...) are ignored.
    """
    uncertain = d.get("x_uncertain") is True or any(d.get(key) not in (None, "", []) for key in _UNEVALUATED)
    tz = d.get("timezone")
    if tz not in (None, "") and (isinstance(tz, bool) or not isinstance(tz, (int, float))):
        raise ValueError(f"timezone: expected a UTC offset in hours, got {tz!r}")
    if tz not in (None, "") and tz != 9:
        uncertain = True  # times in another zone: kept, not evaluated as Japan time
    wkst = _opt_str(d, "wkst")
    if wkst is not None and wkst.upper() not in _WEEKDAYS:
        raise ValueError(f"wkst: {wkst!r} is not a weekday code (MO..SU)")
    if wkst is not None and wkst.upper() != "MO" and d.get("interval") not in (None, "", 1):
        uncertain = True  # which weeks count depends on the week start: not evaluated

    freq = _opt_str(d, "freq")
    if freq is not None:
        freq = freq.upper()
        if freq not in FREQS:
            raise ValueError(f"freq: {d.get('freq')!r} is not one of {FREQS}")

    interval_raw = d.get("interval")
    if interval_raw is None or interval_raw == "":
        interval = 1
    elif isinstance(interval_raw, bool):
        raise ValueError(f"interval: expected a positive integer, got {interval_raw!r}")
    elif isinstance(interval_raw, int):
        interval = interval_raw
    elif isinstance(interval_raw, float) and interval_raw.is_integer():
        interval = int(interval_raw)
    else:
        raise ValueError(f"interval: expected a positive integer, got {interval_raw!r}")

    byday = _opt_str(d, "byday")
    if byday is not None:
        byday = ",".join(part.strip().upper() for part in byday.split(","))
    bymonthday = _opt_str(d, "bymonthday")
    if bymonthday is not None:
        bymonthday = ",".join(part.strip() for part in bymonthday.split(","))

    closed_raw = d.get("x_closed", d.get("closed"))
    if closed_raw is None:
        closed = False
    elif isinstance(closed_raw, bool):
        closed = closed_raw
    else:
        raise ValueError(f"closed: expected true/false, got {closed_raw!r}")

    x_holidays = d.get("x_holidays")
    if x_holidays is None or x_holidays == "":
        x_holidays = "open"
    if x_holidays not in X_HOLIDAYS:
        raise ValueError(f"x_holidays: {x_holidays!r} is not one of {X_HOLIDAYS}")

    description = d.get("description")
    if description is None:
        description = ""
    elif not isinstance(description, str):
        raise ValueError(f"description: expected a string, got {type(description).__name__}")

    valid_to = _parse_date(d, "valid_to")
    until = _parse_date(d, "until")
    if until is not None and (valid_to is None or until < valid_to):
        valid_to = until
    valid_from = _parse_date(d, "valid_from")
    if valid_from and valid_to and valid_to < valid_from and until is not None:
        uncertain = True  # the recurrence ends before it is valid: nothing to evaluate
        valid_to = valid_from
    return Schedule(
        freq=freq,
        interval=interval,
        byday=byday,
        bymonthday=bymonthday,
        opens_at=None if uncertain else _parse_time(d, "opens_at"),
        closes_at=None if uncertain else _parse_time(d, "closes_at"),
        valid_from=valid_from,
        valid_to=valid_to,
        dtstart=_parse_date(d, "dtstart"),
        description=description,
        closed=closed,
        x_holidays=x_holidays,
        x_annual=_opt_str(d, "x_annual"),
        x_uncertain=uncertain,
    )


def _fmt_time(t: _dt.time | None) -> str | None:
    if t is None:
        return None
    t = _naive_jst_time("time", t)
    return f"{t:%H:%M:%S}+09:00"


def to_hsds(s: Schedule) -> dict[str, Any]:
    """HSDS JSON object for a row (times as 'HH:MM:SS+09:00'); `x_closed`, `x_holidays`, `x_annual`,
    `x_uncertain` (only when true) are ours."""
    out = {
        "freq": s.freq,
        "interval": s.interval,
        "byday": s.byday,
        "bymonthday": s.bymonthday,
        "opens_at": _fmt_time(s.opens_at),
        "closes_at": _fmt_time(s.closes_at),
        "valid_from": s.valid_from.isoformat() if s.valid_from else None,
        "valid_to": s.valid_to.isoformat() if s.valid_to else None,
        "dtstart": s.dtstart.isoformat() if s.dtstart else None,
        "timezone": 9,
        "description": s.description,
        "x_closed": s.closed,
        "x_holidays": s.x_holidays,
        "x_annual": s.x_annual,
    }
    if s.x_uncertain:
        out["x_uncertain"] = True
    return out
