"""Japanese public holidays (国民の祝日), computed rather than fetched.

Booth opening hours often say "closed on public holidays" (祝日休み). Fetching
the Cabinet Office CSV at run time would make hours evaluation depend on the
network, so the rules of the 国民の祝日に関する法律 are encoded here instead.

Coverage: 2000-2099. Years from 2019 on follow the current law including the
2019 accession days and the 2020/2021 Olympic moves. The equinox days use the
standard approximation formula (valid 1980-2099); the official dates are only
announced each February for the following year, so far-future equinoxes and
any future change to the law are predictions, not facts.

Sans-I/O: no clock, no network, no files.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

__all__ = ["MIN_YEAR", "MAX_YEAR", "is_holiday", "holiday_name", "holidays_in"]

MIN_YEAR = 2000
MAX_YEAR = 2099

SUBSTITUTE = "振替休日"  # a holiday falling on Sunday moves to the next free weekday
CITIZENS = "国民の休日"  # a day sandwiched between two holidays

_MON, _SUN = 0, 6


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> _dt.date:
    """The n-th given weekday of a month (Happy Monday holidays)."""
    first = _dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + _dt.timedelta(days=offset + 7 * (n - 1))


def _vernal_equinox_day(year: int) -> int:
    # Standard approximation, valid 1980-2099.
    y = year - 1980
    return int(20.8431 + 0.242194 * y - y // 4)


def _autumnal_equinox_day(year: int) -> int:
    y = year - 1980
    return int(23.2488 + 0.242194 * y - y // 4)


def _statutory(year: int) -> dict[_dt.date, str]:
    """The 国民の祝日 themselves, before substitute and sandwich days."""
    d = _dt.date
    h: dict[_dt.date, str] = {}
    h[d(year, 1, 1)] = "元日"
    h[_nth_weekday(year, 1, _MON, 2)] = "成人の日"
    h[d(year, 2, 11)] = "建国記念の日"
    if year >= 2020:
        h[d(year, 2, 23)] = "天皇誕生日"
    h[d(year, 3, _vernal_equinox_day(year))] = "春分の日"
    if year >= 2007:
        h[d(year, 4, 29)] = "昭和の日"
        h[d(year, 5, 4)] = "みどりの日"
    else:
        h[d(year, 4, 29)] = "みどりの日"
    h[d(year, 5, 3)] = "憲法記念日"
    h[d(year, 5, 5)] = "こどもの日"

    # 海の日: fixed 7/20 until 2002, Happy Monday from 2003, moved for the Olympics.
    if year == 2020:
        h[d(2020, 7, 23)] = "海の日"
    elif year == 2021:
        h[d(2021, 7, 22)] = "海の日"
    elif year >= 2003:
        h[_nth_weekday(year, 7, _MON, 3)] = "海の日"
    else:
        h[d(year, 7, 20)] = "海の日"

    # 山の日 exists from 2016; moved for the Olympics.
    if year == 2020:
        h[d(2020, 8, 10)] = "山の日"
    elif year == 2021:
        h[d(2021, 8, 8)] = "山の日"
    elif year >= 2016:
        h[d(year, 8, 11)] = "山の日"

    if year >= 2003:
        h[_nth_weekday(year, 9, _MON, 3)] = "敬老の日"
    else:
        h[d(year, 9, 15)] = "敬老の日"
    h[d(year, 9, _autumnal_equinox_day(year))] = "秋分の日"

    # 体育の日 became スポーツの日 in 2020; moved for the Olympics in 2020/2021.
    if year == 2020:
        h[d(2020, 7, 24)] = "スポーツの日"
    elif year == 2021:
        h[d(2021, 7, 23)] = "スポーツの日"
    elif year >= 2020:
        h[_nth_weekday(year, 10, _MON, 2)] = "スポーツの日"
    else:
        h[_nth_weekday(year, 10, _MON, 2)] = "体育の日"

    h[d(year, 11, 3)] = "文化の日"
    h[d(year, 11, 23)] = "勤労感謝の日"
    if year <= 2018:
        h[d(year, 12, 23)] = "天皇誕生日"  # Heisei era; 2019 had none

    if year == 2019:
        # One-off holidays by special law (天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律).
        h[d(2019, 5, 1)] = "天皇の即位の日"
        h[d(2019, 10, 22)] = "即位礼正殿の儀の行われる日"
    return h


@lru_cache(maxsize=None)
def _holidays(year: int) -> Mapping[_dt.date, str]:
    base = _statutory(year)
    result = dict(base)
    one = _dt.timedelta(days=1)

    # 振替休日. Since 2007: the next day that is not a 祝日. 1973-2006: only
    # the following Monday, and only if that Monday was not itself a 祝日.
    for day in sorted(base):
        if day.weekday() != _SUN:
            continue
        sub = day + one
        if year >= 2007:
            while sub in base:
                sub += one
        elif sub in base:
            continue
        result.setdefault(sub, SUBSTITUTE)

    # 国民の休日: a non-holiday whose neighbours are both 祝日 (substitute days
    # do not count as neighbours). Before 2007 Sundays were excluded.
    for day in sorted(base):
        mid = day + one
        if mid in result or (mid + one) not in base or mid.year != year:
            continue
        if year < 2007 and mid.weekday() == _SUN:
            continue
        result[mid] = CITIZENS

    return MappingProxyType(dict(sorted(result.items())))


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside the supported range {MIN_YEAR}-{MAX_YEAR}")


def holidays_in(year: int) -> dict[_dt.date, str]:
    """All holidays of a year, date -> Japanese name, in date order.

    Cached per year; a fresh dict is returned so callers cannot corrupt the cache.
    """
    _check_year(year)
    return dict(_holidays(year))


def holiday_name(d: _dt.date) -> str | None:
    """Japanese name of the holiday on `d` ("振替休日" / "国民の休日" included), else None."""
    if isinstance(d, _dt.datetime):
        # A datetime is a date subclass; refuse it rather than guess its timezone.
        raise TypeError("holiday_name() takes a date, not a datetime; convert to Japan local date first")
    _check_year(d.year)
    return _holidays(d.year).get(d)


def is_holiday(d: _dt.date) -> bool:
    """True on 国民の祝日, 振替休日 and 国民の休日 (not on ordinary weekends)."""
    return holiday_name(d) is not None
