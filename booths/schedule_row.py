"""One HSDS schedule row (`Schedule`): its validation and which days and hours it covers.

The model is described in `booths.schedule`; answering "open now?" over many rows is in
`booths.schedule_query`, reading and writing HSDS JSON in `booths.schedule_hsds`.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from booths import holidays
from rooms.jst import JST

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
