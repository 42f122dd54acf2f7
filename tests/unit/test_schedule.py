"""HSDS schedule evaluation: open now, next opening, exceptions, round trips."""
from __future__ import annotations

import datetime as dt

import pytest

from booths.schedule import (
    JST,
    Schedule,
    from_hsds,
    is_open_at,
    next_opening,
    occurrences,
    to_hsds,
)

UTC = dt.timezone.utc


def jst(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=JST)


def t(h: int, m: int = 0) -> dt.time:
    return dt.time(h, m)


# A drop-in space: Tuesday to Saturday 10-18, closed on public holidays.
TUE_SAT = [Schedule(freq="WEEKLY", byday="TU,WE,TH,FR,SA", opens_at=t(10), closes_at=t(18), x_holidays="closed")]


# --------------------------------------------------------------------------- weekly


def test_weekly_open_and_closed() -> None:
    # 2025-12-02 is a Tuesday.
    assert is_open_at(TUE_SAT, jst(2025, 12, 2, 12)) is True
    assert is_open_at(TUE_SAT, jst(2025, 12, 2, 10)) is True  # opening minute counts
    assert is_open_at(TUE_SAT, jst(2025, 12, 2, 9, 59)) is False
    assert is_open_at(TUE_SAT, jst(2025, 12, 2, 18)) is False  # closing time is exclusive
    assert is_open_at(TUE_SAT, jst(2025, 12, 7, 12)) is False  # Sunday
    assert is_open_at(TUE_SAT, jst(2025, 12, 8, 12)) is False  # Monday


def test_weekly_closed_on_public_holidays() -> None:
    assert is_open_at(TUE_SAT, jst(2026, 2, 11, 12)) is False  # 建国記念の日 (Wed)
    assert is_open_at(TUE_SAT, jst(2026, 9, 22, 12)) is False  # 国民の休日 (Tue)
    assert is_open_at(TUE_SAT, jst(2026, 9, 23, 12)) is False  # 秋分の日 (Wed)
    assert is_open_at(TUE_SAT, jst(2026, 9, 24, 12)) is True  # ordinary Thursday
    # The same row without the holiday rule is open on the holiday.
    plain = [Schedule(freq="WEEKLY", byday="TU,WE,TH,FR,SA", opens_at=t(10), closes_at=t(18))]
    assert is_open_at(plain, jst(2026, 2, 11, 12)) is True


def test_wednesday_late_night_next_is_thursday_morning() -> None:
    # A 14-year-old checks at 22:30 on a Wednesday: nothing open, come back Thursday 10:00.
    now = jst(2025, 12, 3, 22, 30)
    assert is_open_at(TUE_SAT, now) is False
    assert next_opening(TUE_SAT, now) == (jst(2025, 12, 4, 10), jst(2025, 12, 4, 18))
    # Same instant given in UTC (13:30Z) must give the same answer.
    now_utc = dt.datetime(2025, 12, 3, 13, 30, tzinfo=UTC)
    assert is_open_at(TUE_SAT, now_utc) is False
    assert next_opening(TUE_SAT, now_utc) == (jst(2025, 12, 4, 10), jst(2025, 12, 4, 18))


def test_next_opening_across_week_boundary() -> None:
    # Saturday evening -> Tuesday of the following week (Sun/Mon closed).
    assert next_opening(TUE_SAT, jst(2025, 12, 6, 19)) == (jst(2025, 12, 9, 10), jst(2025, 12, 9, 18))


def test_next_opening_skips_holidays() -> None:
    # Monday 2026-09-21 (敬老の日) evening: Tue 22 and Wed 23 are holidays, so Thursday.
    assert next_opening(TUE_SAT, jst(2026, 9, 21, 20)) == (jst(2026, 9, 24, 10), jst(2026, 9, 24, 18))


def test_next_opening_returns_current_interval_when_open() -> None:
    assert next_opening(TUE_SAT, jst(2025, 12, 2, 15)) == (jst(2025, 12, 2, 10), jst(2025, 12, 2, 18))


def test_next_opening_window_and_results_are_jst() -> None:
    monday_only = [Schedule(freq="WEEKLY", byday="MO", opens_at=t(10), closes_at=t(12))]
    # Tuesday: the next Monday is 6 days away.
    assert next_opening(monday_only, jst(2025, 12, 2, 12), within_days=3) is None
    start, end = next_opening(monday_only, dt.datetime(2025, 12, 2, 3, tzinfo=UTC))  # type: ignore[misc]
    assert start == jst(2025, 12, 8, 10)
    assert start.utcoffset() == dt.timedelta(hours=9)


def test_fortnightly_interval() -> None:
    rows = [Schedule(freq="WEEKLY", interval=2, byday="WE", dtstart=dt.date(2025, 12, 3), opens_at=t(15), closes_at=t(17))]
    assert is_open_at(rows, jst(2025, 12, 3, 16)) is True
    assert is_open_at(rows, jst(2025, 12, 10, 16)) is False
    assert is_open_at(rows, jst(2025, 12, 17, 16)) is True
    assert is_open_at(rows, jst(2025, 11, 19, 16)) is None  # before dtstart: no hours in force yet


# --------------------------------------------------------------------------- monthly


def test_monthly_second_saturday() -> None:
    rows = [Schedule(freq="MONTHLY", byday="2SA", opens_at=t(13), closes_at=t(16))]
    # March 2026 Saturdays: 7, 14, 21, 28.
    assert is_open_at(rows, jst(2026, 3, 14, 14)) is True
    assert is_open_at(rows, jst(2026, 3, 28, 14)) is False  # 4th Saturday
    assert is_open_at(rows, jst(2026, 3, 7, 14)) is False
    assert next_opening(rows, jst(2026, 3, 14, 17)) == (jst(2026, 4, 11, 13), jst(2026, 4, 11, 16))


def test_monthly_second_and_fourth_saturday() -> None:
    rows = [Schedule(freq="MONTHLY", byday="2SA,4SA", opens_at=t(13), closes_at=t(16))]
    got = occurrences(rows, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert got == [(jst(2026, 3, 14, 13), jst(2026, 3, 14, 16)), (jst(2026, 3, 28, 13), jst(2026, 3, 28, 16))]
    assert is_open_at(rows, jst(2026, 3, 21, 14)) is False  # 3rd Saturday


def test_monthly_last_friday_and_monthday() -> None:
    last_fri = [Schedule(freq="MONTHLY", byday="-1FR", opens_at=t(19), closes_at=t(21))]
    assert [s.date() for s, _ in occurrences(last_fri, dt.date(2026, 1, 1), dt.date(2026, 3, 31))] == [
        dt.date(2026, 1, 30), dt.date(2026, 2, 27), dt.date(2026, 3, 27),
    ]
    monthday = [Schedule(freq="MONTHLY", bymonthday="1,15,-1", opens_at=t(10), closes_at=t(11))]
    assert [s.date() for s, _ in occurrences(monthday, dt.date(2026, 2, 1), dt.date(2026, 2, 28))] == [
        dt.date(2026, 2, 1), dt.date(2026, 2, 15), dt.date(2026, 2, 28),
    ]


def test_second_saturday_on_public_holiday() -> None:
    # 2023-02-11 is both 建国記念の日 and the second Saturday of February.
    closed_on_holidays = [Schedule(freq="MONTHLY", byday="2SA", opens_at=t(13), closes_at=t(16), x_holidays="closed")]
    assert is_open_at(closed_on_holidays, jst(2023, 2, 11, 14)) is False
    assert next_opening(closed_on_holidays, jst(2023, 2, 11, 9)) == (jst(2023, 3, 11, 13), jst(2023, 3, 11, 16))
    open_anyway = [Schedule(freq="MONTHLY", byday="2SA", opens_at=t(13), closes_at=t(16))]
    assert is_open_at(open_anyway, jst(2023, 2, 11, 14)) is True


# --------------------------------------------------------------------------- time shapes


def test_overnight_hours() -> None:
    rows = [Schedule(freq="WEEKLY", byday="FR", opens_at=t(22), closes_at=t(2))]
    # Friday 2025-12-05 22:00 to Saturday 02:00.
    assert is_open_at(rows, jst(2025, 12, 5, 21, 59)) is False
    assert is_open_at(rows, jst(2025, 12, 5, 23)) is True
    assert is_open_at(rows, jst(2025, 12, 6, 1)) is True
    assert is_open_at(rows, jst(2025, 12, 6, 2)) is False
    assert is_open_at(rows, jst(2025, 12, 6, 23)) is False  # Saturday night is not Friday night
    assert next_opening(rows, jst(2025, 12, 6, 1)) == (jst(2025, 12, 5, 22), jst(2025, 12, 6, 2))


def test_24_hours() -> None:
    always = [Schedule(opens_at=t(0), closes_at=t(0))]
    assert is_open_at(always, jst(2025, 12, 31, 23, 59)) is True
    assert is_open_at(always, jst(2026, 1, 1, 0, 0)) is True
    start, end = next_opening(always, jst(2026, 1, 1, 3), within_days=5)  # type: ignore[misc]
    assert start <= jst(2026, 1, 1, 3) < end
    assert end >= jst(2026, 1, 6)  # consecutive days merge into one opening

    saturday_24h = [Schedule(freq="WEEKLY", byday="SA", opens_at=t(0), closes_at=t(0))]
    assert is_open_at(saturday_24h, jst(2025, 12, 6, 0)) is True
    assert is_open_at(saturday_24h, jst(2025, 12, 6, 23, 59)) is True
    assert is_open_at(saturday_24h, jst(2025, 12, 7, 0)) is False

    # HSDS's suggested 24h signal 00:00-23:59 behaves the same.
    hsds_24h = [Schedule(freq="WEEKLY", byday="SA", opens_at=t(0), closes_at=t(23, 59))]
    assert occurrences(hsds_24h, dt.date(2025, 12, 6), dt.date(2025, 12, 6)) == [(jst(2025, 12, 6), jst(2025, 12, 7))]


def test_split_hours_and_touching_rows_merge() -> None:
    rows = [
        Schedule(freq="WEEKLY", byday="MO", opens_at=t(10), closes_at=t(12)),
        Schedule(freq="WEEKLY", byday="MO", opens_at=t(12), closes_at=t(14)),
        Schedule(freq="WEEKLY", byday="MO", opens_at=t(16), closes_at=t(18)),
    ]
    assert occurrences(rows, dt.date(2025, 12, 1), dt.date(2025, 12, 1)) == [
        (jst(2025, 12, 1, 10), jst(2025, 12, 1, 14)),
        (jst(2025, 12, 1, 16), jst(2025, 12, 1, 18)),
    ]
    assert is_open_at(rows, jst(2025, 12, 1, 15)) is False


# --------------------------------------------------------------------------- unknown


def test_unknown_hours_is_none_not_closed() -> None:
    assert is_open_at([], jst(2025, 12, 3, 12)) is None
    text_only = [Schedule(description="平日の放課後に開いています")]
    assert is_open_at(text_only, jst(2025, 12, 3, 12)) is None
    assert next_opening(text_only, jst(2025, 12, 3, 12)) is None
    half = [Schedule(freq="WEEKLY", byday="MO", opens_at=t(10))]  # no closing time
    assert is_open_at(half, jst(2025, 12, 1, 12)) is None


def test_expired_schedule_is_unknown() -> None:
    rows = [Schedule(freq="WEEKLY", byday="TU", opens_at=t(10), closes_at=t(18), valid_to=dt.date(2024, 3, 31))]
    assert is_open_at(rows, jst(2024, 3, 26, 12)) is True
    assert is_open_at(rows, jst(2025, 12, 2, 12)) is None


# --------------------------------------------------------------------------- exceptions


DAILY = Schedule(freq="WEEKLY", byday="MO,TU,WE,TH,FR,SA,SU", opens_at=t(10), closes_at=t(18))
NEW_YEAR = Schedule(closed=True, valid_from=dt.date(2025, 12, 29), valid_to=dt.date(2026, 1, 3), description="年末年始休み")


def test_year_end_closure() -> None:
    rows = [DAILY, NEW_YEAR]
    assert is_open_at(rows, jst(2025, 12, 28, 12)) is True
    assert is_open_at(rows, jst(2025, 12, 29, 12)) is False
    assert is_open_at(rows, jst(2026, 1, 1, 12)) is False
    assert is_open_at(rows, jst(2026, 1, 3, 12)) is False
    assert is_open_at(rows, jst(2026, 1, 4, 12)) is True
    assert next_opening(rows, jst(2025, 12, 28, 19)) == (jst(2026, 1, 4, 10), jst(2026, 1, 4, 18))


def test_closure_known_even_when_hours_unknown() -> None:
    rows = [Schedule(description="毎日開いています"), NEW_YEAR]
    assert is_open_at(rows, jst(2025, 12, 30, 12)) is False
    assert is_open_at(rows, jst(2025, 12, 27, 12)) is None


def test_closed_by_weekday_and_partial_closure() -> None:
    no_wednesdays = Schedule(closed=True, freq="WEEKLY", byday="WE", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 1, 31))
    rows = [DAILY, no_wednesdays]
    assert is_open_at(rows, jst(2026, 1, 7, 12)) is False
    assert is_open_at(rows, jst(2026, 1, 8, 12)) is True
    assert is_open_at(rows, jst(2026, 2, 4, 12)) is True
    lunch = Schedule(closed=True, valid_from=dt.date(2026, 1, 8), valid_to=dt.date(2026, 1, 8), opens_at=t(12), closes_at=t(13))
    assert occurrences([DAILY, lunch], dt.date(2026, 1, 8), dt.date(2026, 1, 8)) == [
        (jst(2026, 1, 8, 10), jst(2026, 1, 8, 12)),
        (jst(2026, 1, 8, 13), jst(2026, 1, 8, 18)),
    ]


def test_special_hours_replace_regular_hours_for_one_day() -> None:
    special = Schedule(valid_from=dt.date(2025, 12, 30), valid_to=dt.date(2025, 12, 30), opens_at=t(13), closes_at=t(15), description="年末特別開館")
    rows = [DAILY, NEW_YEAR, special]
    assert is_open_at(rows, jst(2025, 12, 30, 11)) is False
    assert is_open_at(rows, jst(2025, 12, 30, 14)) is True
    assert is_open_at(rows, jst(2025, 12, 31, 14)) is False
    assert next_opening(rows, jst(2025, 12, 29, 9)) == (jst(2025, 12, 30, 13), jst(2025, 12, 30, 15))
    # On a public holiday a special row applies even if regular rows skip holidays.
    holiday_event = Schedule(valid_from=dt.date(2026, 2, 11), valid_to=dt.date(2026, 2, 11), opens_at=t(11), closes_at=t(14))
    assert is_open_at(TUE_SAT + [holiday_event], jst(2026, 2, 11, 12)) is True
    assert is_open_at(TUE_SAT + [holiday_event], jst(2026, 2, 11, 15)) is False


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open_at(TUE_SAT, dt.datetime(2025, 12, 2, 12))


# --------------------------------------------------------------------------- HSDS JSON


def test_from_hsds_and_round_trip() -> None:
    row = {
        "id": "5d0c9d0e-3b1f-4d6b-9d5a-7d3f0f2a1c11",
        "service_id": "ac148810-d857-441c-9679-408f346de14b",
        "freq": "MONTHLY",
        "interval": 1,
        "byday": "2SA, 4SA",
        "opens_at": "13:00:00+09:00",
        "closes_at": "16:00",
        "valid_from": "2026-01-01",
        "valid_to": None,
        "description": "第2・第4土曜 13時〜16時",
        "x_holidays": "closed",
    }
    s = from_hsds(row)
    assert s == Schedule(
        freq="MONTHLY", byday="2SA,4SA", opens_at=t(13), closes_at=t(16),
        valid_from=dt.date(2026, 1, 1), description="第2・第4土曜 13時〜16時", x_holidays="closed",
    )
    out = to_hsds(s)
    assert out["opens_at"] == "13:00:00+09:00"
    assert out["closes_at"] == "16:00:00+09:00"
    assert out["valid_from"] == "2026-01-01"
    assert out["x_holidays"] == "closed"
    assert out["x_closed"] is False
    assert from_hsds(out) == s


def test_from_hsds_defaults() -> None:
    s = from_hsds({"id": "x", "description": "要問合せ"})
    assert s == Schedule(description="要問合せ")
    assert s.interval == 1 and s.x_holidays == "open" and not s.closed


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"freq": "DAILY"}, "freq"),
        ({"freq": "WEEKLY", "byday": "MO,XX"}, "byday"),
        ({"freq": "WEEKLY", "byday": "2SA"}, "byday"),
        ({"freq": "MONTHLY", "byday": "6SA"}, "byday"),
        ({"bymonthday": "1,zero"}, "bymonthday"),
        ({"opens_at": "25:00"}, "opens_at"),
        ({"closes_at": "18:00-05:00"}, "closes_at"),
        ({"opens_at": "10:00Z"}, "opens_at"),
        ({"valid_from": "2026/01/01"}, "valid_from"),
        ({"valid_from": "2026-02-01", "valid_to": "2026-01-01"}, "valid_to"),
        ({"interval": 0}, "interval"),
        ({"interval": "2"}, "interval"),
        ({"freq": "WEEKLY", "interval": 2, "byday": "MO"}, "interval"),
        ({"x_holidays": "maybe"}, "x_holidays"),
        ({"closed": "yes"}, "closed"),
        ({"until": "2026/12/31"}, "until"),
        ({"timezone": "JST"}, "timezone"),
        ({"wkst": "XX"}, "wkst"),
    ],
)
def test_from_hsds_rejects_bad_values_naming_the_field(row: dict, field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        from_hsds(row)


def test_schedule_validates_on_construction() -> None:
    with pytest.raises(ValueError, match="^freq:"):
        Schedule(freq="weekly")
    with pytest.raises(ValueError, match="^opens_at:"):
        Schedule(opens_at=dt.time(10, tzinfo=UTC), closes_at=t(18))
