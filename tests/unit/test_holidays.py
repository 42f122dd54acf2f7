"""Japanese public holidays against the Cabinet Office (内閣府) published lists."""
from __future__ import annotations

import datetime as dt

import pytest

from booths.holidays import holiday_name, holidays_in, is_holiday


def _table(year: int, rows: str) -> dict[dt.date, str]:
    out = {}
    for line in rows.strip().splitlines():
        md, name = line.split()
        out[dt.date(year, int(md[:2]), int(md[2:]))] = name
    return out


KNOWN = {
    2024: _table(2024, """
        0101 元日
        0108 成人の日
        0211 建国記念の日
        0212 振替休日
        0223 天皇誕生日
        0320 春分の日
        0429 昭和の日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0506 振替休日
        0715 海の日
        0811 山の日
        0812 振替休日
        0916 敬老の日
        0922 秋分の日
        0923 振替休日
        1014 スポーツの日
        1103 文化の日
        1104 振替休日
        1123 勤労感謝の日
    """),
    2025: _table(2025, """
        0101 元日
        0113 成人の日
        0211 建国記念の日
        0223 天皇誕生日
        0224 振替休日
        0320 春分の日
        0429 昭和の日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0506 振替休日
        0721 海の日
        0811 山の日
        0915 敬老の日
        0923 秋分の日
        1013 スポーツの日
        1103 文化の日
        1123 勤労感謝の日
        1124 振替休日
    """),
    2026: _table(2026, """
        0101 元日
        0112 成人の日
        0211 建国記念の日
        0223 天皇誕生日
        0320 春分の日
        0429 昭和の日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0506 振替休日
        0720 海の日
        0811 山の日
        0921 敬老の日
        0922 国民の休日
        0923 秋分の日
        1012 スポーツの日
        1103 文化の日
        1123 勤労感謝の日
    """),
    # Accession year: no 天皇誕生日, two one-off days, a 10-day Golden Week.
    2019: _table(2019, """
        0101 元日
        0114 成人の日
        0211 建国記念の日
        0321 春分の日
        0429 昭和の日
        0430 国民の休日
        0501 天皇の即位の日
        0502 国民の休日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0506 振替休日
        0715 海の日
        0811 山の日
        0812 振替休日
        0916 敬老の日
        0923 秋分の日
        1014 体育の日
        1022 即位礼正殿の儀の行われる日
        1103 文化の日
        1104 振替休日
        1123 勤労感謝の日
    """),
    # Olympic moves.
    2020: _table(2020, """
        0101 元日
        0113 成人の日
        0211 建国記念の日
        0223 天皇誕生日
        0224 振替休日
        0320 春分の日
        0429 昭和の日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0506 振替休日
        0723 海の日
        0724 スポーツの日
        0810 山の日
        0921 敬老の日
        0922 秋分の日
        1103 文化の日
        1123 勤労感謝の日
    """),
    2021: _table(2021, """
        0101 元日
        0111 成人の日
        0211 建国記念の日
        0223 天皇誕生日
        0320 春分の日
        0429 昭和の日
        0503 憲法記念日
        0504 みどりの日
        0505 こどもの日
        0722 海の日
        0723 スポーツの日
        0808 山の日
        0809 振替休日
        0920 敬老の日
        0923 秋分の日
        1103 文化の日
        1123 勤労感謝の日
    """),
}


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_full_year_matches_published_list(year: int) -> None:
    assert holidays_in(year) == KNOWN[year]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 5, 6), "振替休日"),  # 5/3 Sunday; 5/4 and 5/5 are holidays, so it lands on 5/6
        (dt.date(2026, 9, 22), "国民の休日"),  # between 敬老の日 and 秋分の日
        (dt.date(2025, 11, 24), "振替休日"),
        (dt.date(2024, 2, 12), "振替休日"),
        (dt.date(2025, 5, 6), "振替休日"),  # みどりの日 on Sunday, pushed past こどもの日
    ],
)
def test_named_cases(day: dt.date, name: str) -> None:
    assert holiday_name(day) == name
    assert is_holiday(day)


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 1, 2),  # 年末年始 is custom, not law
        dt.date(2025, 12, 23),  # Heisei emperor's birthday is gone
        dt.date(2020, 10, 12),  # スポーツの日 moved to July that year
        dt.date(2021, 8, 11),  # 山の日 moved to 8/8 that year
        dt.date(2026, 3, 21),  # a Saturday, not a holiday
    ],
)
def test_not_holidays(day: dt.date) -> None:
    assert holiday_name(day) is None
    assert not is_holiday(day)


@pytest.mark.parametrize(
    ("year", "spring", "autumn"),
    [
        (2012, 20, 22), (2016, 20, 22), (2018, 21, 23), (2019, 21, 23), (2020, 20, 22),
        (2022, 21, 23), (2023, 21, 23), (2024, 20, 22), (2025, 20, 23), (2026, 20, 23),
    ],
)
def test_equinoxes(year: int, spring: int, autumn: int) -> None:
    assert holiday_name(dt.date(year, 3, spring)) == "春分の日"
    assert holiday_name(dt.date(year, 9, autumn)) == "秋分の日"


def test_pre_2007_rules() -> None:
    # 2005: 5/4 was a 国民の休日 (sandwich), 4/29 was みどりの日, 12/23 天皇誕生日.
    h = holidays_in(2005)
    assert h[dt.date(2005, 5, 4)] == "国民の休日"
    assert h[dt.date(2005, 4, 29)] == "みどりの日"
    assert h[dt.date(2005, 12, 23)] == "天皇誕生日"
    assert h[dt.date(2005, 3, 21)] == "振替休日"  # 春分の日 on Sunday


def test_cache_is_not_mutable_through_result() -> None:
    h = holidays_in(2025)
    h.clear()
    assert holidays_in(2025) == KNOWN[2025]


def test_out_of_range_year_raises() -> None:
    with pytest.raises(ValueError, match="1999"):
        holidays_in(1999)
    with pytest.raises(ValueError, match="2100"):
        is_holiday(dt.date(2100, 1, 1))


def test_every_supported_year_is_sane() -> None:
    for year in range(2000, 2100):
        h = holidays_in(year)
        assert 15 <= len(h) <= 24, year
        assert all(d.year == year for d in h)
        # No substitute holiday is ever needed on a Sunday itself.
        assert all(d.weekday() != 6 for d, n in h.items() if n == "振替休日")


def test_datetime_is_refused() -> None:
    with pytest.raises(TypeError):
        is_holiday(dt.datetime(2025, 1, 1, 12, 0))
