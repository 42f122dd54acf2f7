"""Free-text opening hours -> HSDS schedule rows (booths.hours_text).

Real texts below come from 「焼津市オープンデータ」(焼津市), 公共施設一覧,
licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see
/work/shared/fixtures/opendata/README.md.
"""
from __future__ import annotations

import pytest

from booths.hours_text import parse_clock, parse_days, parse_hours


def open_rows(h):
    return [s for s in h.schedules if not s.get("x_closed")]


def closed_rows(h):
    return [s for s in h.schedules if s.get("x_closed")]


def test_yaizu_oyako_hiroba_closed_tuesdays_and_new_year():
    text = "【開館時間】9:00～17:00 【休館日】火曜日(火曜日が祝日の場合は翌日)、年末年始"
    h = parse_hours(text)
    assert h.understood and h.text == text
    assert open_rows(h) == [{
        "freq": "WEEKLY", "byday": "MO,WE,TH,FR,SA,SU",
        "opens_at": "09:00:00+09:00", "closes_at": "17:00:00+09:00", "description": text,
    }]
    closed = closed_rows(h)
    assert {"x_closed": True, "freq": "WEEKLY", "byday": "TU", "description": text} in closed
    assert {"x_closed": True, "description": "年末年始", "x_annual": "12-29/01-03"} in closed
    assert h.x_holidays is None  # the note about holidays moves the day; it does not close holidays


def test_24_hours():
    h = parse_hours("【開館時間】24時間")
    assert h.understood
    assert open_rows(h) == [{
        "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU",
        "opens_at": "00:00:00+09:00", "closes_at": "23:59:59+09:00", "description": "【開館時間】24時間",
    }]
    assert closed_rows(h) == []


@pytest.mark.parametrize("text", ["9時～17時", "午前9時から午後5時まで", "９：００～１７：００", "9:00-17:00", "09:00〜17:00"])
def test_plain_ranges(text):
    h = parse_hours(text)
    assert h.understood, h.reason
    [row] = h.schedules
    assert (row["byday"], row["opens_at"], row["closes_at"]) == (
        "MO,TU,WE,TH,FR,SA,SU", "09:00:00+09:00", "17:00:00+09:00")
    assert row["description"] == text


def test_weekdays_with_inline_closed_days_and_holidays():
    h = parse_hours("月～金 9:00～17:00 土日祝休み")
    assert h.understood and h.x_holidays == "closed"
    [row] = open_rows(h)
    assert row["byday"] == "MO,TU,WE,TH,FR" and row["x_holidays"] == "closed"
    assert [r["byday"] for r in closed_rows(h)] == ["SA,SU"]


def test_half_hours_and_fullwidth_spaces_and_saturday_sunday_holidays():
    h = parse_hours("【開館時間】8時30分\u3000～\u300017時15分 【休館日】土曜日、日曜日、祝日")
    assert h.understood
    [row] = open_rows(h)
    assert (row["byday"], row["opens_at"], row["closes_at"]) == ("MO,TU,WE,TH,FR", "08:30:00+09:00", "17:15:00+09:00")
    assert h.x_holidays == "closed"


def test_different_hours_on_weekends():
    h = parse_hours("【開館時間】平日\u3000\u3000\u30009：00～17：00 土日祝\u300010：00～19：00 "
                    "【休館日】月曜日（月曜が祝休日の場合は開館し翌日休館）")
    assert h.understood, h.reason
    rows = {r["byday"]: r for r in open_rows(h)}
    assert rows["TU,WE,TH,FR"]["closes_at"] == "17:00:00+09:00"
    assert rows["SA,SU"]["opens_at"] == "10:00:00+09:00" and rows["SA,SU"]["x_holidays"] == "open"
    assert [r["byday"] for r in closed_rows(h)] == ["MO"]


def test_monthly_and_dated_closures():
    h = parse_hours("【開館時間】9:00～17:00 【休館日】月曜日、第3日曜日，12月29日から翌年１月３日まで")
    assert h.understood
    closed = closed_rows(h)
    assert any(r.get("freq") == "MONTHLY" and r["byday"] == "3SU" for r in closed)
    assert any(r.get("x_annual") == "12-29/01-03" for r in closed)
    assert open_rows(h)[0]["byday"] == "TU,WE,TH,FR,SA,SU"  # Sunday stays open on other weeks


def test_lunch_break_is_two_rows():
    h = parse_hours("9:00～12:00、13:00～17:00")
    assert h.understood
    assert [(r["opens_at"], r["closes_at"]) for r in h.schedules] == [
        ("09:00:00+09:00", "12:00:00+09:00"), ("13:00:00+09:00", "17:00:00+09:00")]


@pytest.mark.parametrize("text", [
    "0:00～0:00",  # spreadsheet default: not stated, NOT 24h
    "【開館時間】不定期",
    "【開館時間】未定 【休館日】未定",
    "【開館時間】8:30～１7:15（不定期）",
    "【開館時間】8:30～21:00 【休館日】３",
    "【開館時間】平日：12:00～18:30\u3000\u3000土曜日：7:30～17:30 長期休暇：7:30～18:30 【休館日】日曜日、祝祭日",
    "【開館時間】9:00～17:00、14:00～17:00 【休館日】毎年9月上旬～翌年6月末、8/13",
    "【開館時間】午前９時から午後５時 【休館日】毎週月曜日及び年末年始、展示替に伴う臨時休館日",
    "22:00～2:00",
    "17:00～9:00",
    "",
    "お問い合わせください",
])
def test_not_understood_means_no_rows_not_closed(text):
    h = parse_hours(text)
    assert not h.understood
    assert h.schedules == []
    assert h.text == text


def test_none_is_not_understood():
    assert parse_hours(None).understood is False


def test_parse_days_and_clock():
    assert parse_days("月～金") == ({"MO", "TU", "WE", "TH", "FR"}, False)
    assert parse_days("土・日・祝日") == ({"SA", "SU"}, True)
    assert parse_days("毎週火曜日") == ({"TU"}, False)
    assert parse_days("長期休暇") is None
    assert parse_clock("１３：３０") == (13, 30)
    assert parse_clock("午後1時半") == (13, 30)
    assert parse_clock("25:00") is None


def test_parsed_hours_drive_the_schedule_evaluator():
    """The importer's rows are what `booths.schedule` evaluates: open on a Wednesday, shut on Tuesdays and at New Year."""
    import datetime as dt

    from booths.schedule import from_hsds, is_open_at
    from rooms.jst import JST as jst
    rows = [from_hsds(r) for r in parse_hours("【開館時間】9:00～17:00 【休館日】火曜日、年末年始").schedules]
    assert is_open_at(rows, dt.datetime(2026, 12, 2, 10, 0, tzinfo=jst)) is True  # Wednesday
    assert is_open_at(rows, dt.datetime(2026, 12, 1, 10, 0, tzinfo=jst)) is False  # Tuesday
    assert is_open_at(rows, dt.datetime(2026, 12, 30, 10, 0, tzinfo=jst)) is False  # 年末年始
    assert is_open_at(rows, dt.datetime(2027, 1, 2, 10, 0, tzinfo=jst)) is False
    assert is_open_at(rows, dt.datetime(2027, 1, 6, 10, 0, tzinfo=jst)) is True
