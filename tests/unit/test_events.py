"""Events expanded from real schedules, and the same occurrences as iCalendar, CSV and JSON-LD.

The rows are the demo directory's own (booths/demo_directory.py): the second Saturday of the
month, Tuesday and Thursday closed on public holidays and over 年末年始, a two-day event, and
a dated event whose hours are not stated (as municipal event lists often publish them).
"""
from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from booths import event_view, events, events_csv, ical, opendata
from booths.booth import Booth
from booths.demo_directory import NENMATSU, dated, monthly, weekly
from booths.event_jsonld import event_jsonld, script_text
from booths.municipalities import load_municipalities
from rooms.jst import JST
from tests.support.pages import jsonld_blocks

D = dt.date


def item(key: str, *rows: dict) -> events.Recurring:
    return events.Recurring("directory", key, events.rows_of(rows))


def starts(occs: list[events.Occurrence]) -> list[str]:
    return [f"{o.start:%m-%d %H:%M}" if not o.all_day else f"{o.start:%m-%d} all day" for o in occs]


def test_second_saturday_of_each_month() -> None:
    forest = item("forest", monthly("2SA", "10:00", "15:00", "毎月第2土曜 10時〜15時"))
    assert starts(events.occurrences_of(forest, D(2026, 11, 1), D(2027, 1, 31))) == [
        "11-14 10:00", "12-12 10:00", "01-09 10:00"]


def test_public_holidays_and_year_end_are_closed() -> None:
    club = item("club", weekly("TU,TH", "16:00", "19:00", "火・木 16時〜19時", holidays="closed"), NENMATSU)
    nov = starts(events.occurrences_of(club, D(2026, 11, 1), D(2026, 11, 7)))
    assert nov == ["11-05 16:00"]  # Tuesday 3 November is 文化の日
    year_end = starts(events.occurrences_of(club, D(2026, 12, 22), D(2027, 1, 8)))
    assert year_end == ["12-22 16:00", "12-24 16:00", "01-05 16:00", "01-07 16:00"]  # 12/29-1/3 closed


def test_one_off_dates_and_dates_without_hours() -> None:
    live = item("live", dated("2026-12-19", "2026-12-20", "14:00", "17:00", "2026年12月19日・20日 14時〜17時"))
    assert starts(events.occurrences_of(live, D(2026, 12, 1), D(2026, 12, 31))) == ["12-19 14:00", "12-20 14:00"]
    fair = item("fair", {"valid_from": "2026-12-06", "valid_to": "2026-12-06", "dtstart": "2026-12-06",
                         "description": "時間は未定"})
    occs = events.occurrences_of(fair, D(2026, 12, 1), D(2026, 12, 31))
    assert starts(occs) == ["12-06 all day"] and occs[0].id == "directory.fair.20261206"
    vague = item("vague", {"description": "不定期に開催"})  # no date, no time: not an occurrence
    assert events.occurrences_of(vague, D(2026, 12, 1), D(2026, 12, 31)) == []
    fiscal_year = item("class", {"dtstart": "2026-05-28", "valid_from": "2026-05-28", "valid_to": "2027-03-05",
                                 "opens_at": "13:30", "closes_at": "14:30"})  # Yaizu's 子育て教室, as published
    assert events.occurrences_of(fiscal_year, D(2026, 12, 1), D(2026, 12, 31)) == []  # a period, not every day
    show = item("show", {"valid_from": "2026-09-16", "valid_to": "2026-09-20"})  # an exhibition: every day
    assert len(events.occurrences_of(show, D(2026, 9, 1), D(2026, 9, 30))) == 5
    unsure = item("unsure", {"valid_from": "2026-12-06", "valid_to": "2026-12-06", "x_uncertain": True,
                             "description": "雨天の場合は変更あり"})
    assert events.occurrences_of(unsure, D(2026, 12, 1), D(2026, 12, 31)) == []  # uncertain: never a guess


def test_expand_orders_by_time_and_bounds_the_window() -> None:
    a = item("a", monthly("2SA", "10:00", "15:00", ""))
    b = item("b", dated("2026-12-12", "2026-12-12", "09:00", "11:00", ""))
    assert [o.key for o in events.expand([a, b], D(2026, 12, 12), D(2026, 12, 12))] == ["b", "a"]
    with pytest.raises(ValueError, match="92 days"):
        events.expand([a], D(2026, 1, 1), D(2026, 4, 3))
    assert events.window_problem(D(2026, 1, 2), D(2026, 1, 1)) == "to must not be before from"


def test_ids_are_stable_and_read_back() -> None:
    occ = events.occurrences_of(item("svc:1.a", monthly("2SA", "10:00", "15:00", "")), D(2026, 12, 1),
                                D(2026, 12, 31))[0]
    assert occ.id == "directory.svc:1.a.20261212T1000"
    ref = events.parse_id(occ.id)
    assert ref == events.OccurrenceId("directory", "svc:1.a", D(2026, 12, 12), dt.time(10, 0))
    assert events.parse_id("directory.x.20261332T1000") is None
    assert events.parse_id("elsewhere.x.20261212") is None


def _service(**extra: object) -> dict:
    doc = {"id": "svc-1", "name": "森あそびの日, 冬; 特別編", "description": "焚き火でお昼を作ります。\n短いコースもあります。",
           "x_kind": "event", "x_virtual": False, "url": "https://example.jp/forest",
           "organization": {"id": "org-1", "name": "ちちぶ自然学校(架空)"}, "phones": [{"number": "000-0000-0000"}],
           "fees_description": "500円", "capacities": [{"maximum": 15}],
           "schedules": [dated("2026-12-12", "2026-12-12", "10:00", "15:00", "12月12日 10時〜15時")],
           "service_at_locations": [{"location_id": "loc", "location": {
               "id": "loc", "name": "ちちぶ森のベース(架空)", "location_type": "physical",
               "x_coordinate_precision": "exact", "x_municipality_code": "112071",
               "latitude": 35.99, "longitude": 139.08,
               "addresses": [{"address_1": "埼玉県秩父市山田1-2", "city": "秩父市"}]}}]}
    doc.update(extra)
    return doc


def _events_of(doc: dict) -> list[event_view.Event]:
    rec = events.Recurring("directory", doc["id"], events.rows_of(doc["schedules"]))
    return [event_view.from_service(doc, o) for o in events.expand([rec], D(2026, 12, 1), D(2026, 12, 31))]


def test_hidden_and_approximate_places_keep_their_precision() -> None:
    exact = _events_of(_service())[0]
    assert exact.address == "埼玉県秩父市山田1-2" and exact.latitude == 35.99
    doc = _service()
    loc = doc["service_at_locations"][0]["location"]
    loc["x_coordinate_precision"] = "approximate"
    approx = _events_of(doc)[0]
    assert approx.address is None and approx.city == "秩父市" and approx.latitude == 35.99
    loc["x_coordinate_precision"] = "hidden"
    hidden = _events_of(doc)[0]
    assert (hidden.address, hidden.city, hidden.latitude) == (None, None, None)
    assert "streetAddress" not in json.dumps(event_jsonld(hidden, "https://x/events/1"))


def test_ical_feed_reads_back_with_a_calendar_library() -> None:
    evs = _events_of(_service(description="とても長い説明。" * 30))
    booth = Booth("radio", "org-2", "ラジオブース", "毎週のライブ", live_sessions=[
        weekly("WE", "20:00", "21:30", "水曜ライブ")])
    rec = events.Recurring("festival", "radio", events.rows_of(booth.live_sessions))
    evs += [event_view.from_booth(booth, o, "ラジオ部(架空)") for o in events.expand([rec], D(2026, 12, 1), D(2026, 12, 7))]
    allday = _events_of(_service(id="svc-2", schedules=[{"valid_from": "2026-12-06", "valid_to": "2026-12-06"}]))
    evs += allday
    text = ical.calendar(evs, dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc), "https://fes.example.jp")
    raw = text.encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    cal = icalendar.Calendar.from_ical(text)
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 3
    forest, radio, fair = vevents
    assert str(forest["SUMMARY"]) == "森あそびの日, 冬; 特別編"  # commas and semicolons escaped and read back
    assert forest.decoded("DTSTART") == dt.datetime(2026, 12, 12, 10, 0, tzinfo=JST)
    assert forest.decoded("DTEND") == dt.datetime(2026, 12, 12, 15, 0, tzinfo=JST)
    assert str(forest["DESCRIPTION"]).startswith("とても長い説明。" * 30)
    assert str(forest["UID"]) == "directory.svc-1.20261212T1000@tsunagaru.events"
    assert str(forest["URL"]) == "https://fes.example.jp/events/directory.svc-1.20261212T1000"
    assert forest.decoded("DTSTAMP") == dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc)
    assert radio.decoded("DTSTART") == dt.datetime(2026, 12, 2, 20, 0, tzinfo=JST)
    assert fair.decoded("DTSTART") == D(2026, 12, 6) and fair.decoded("DTEND") == D(2026, 12, 7)
    again = ical.calendar(evs, dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc), "https://fes.example.jp")
    assert [str(v["UID"]) for v in icalendar.Calendar.from_ical(again).walk("VEVENT")] == \
        [str(v["UID"]) for v in vevents]  # stable UIDs


def test_csv_export_reads_back_through_the_importer() -> None:
    evs = _events_of(_service(schedules=[weekly("SA", "10:00", "15:00", "土曜 10時〜15時"),
                                         dated("2026-12-24", "2026-12-24", "18:00", "23:59", "イブ")]))
    data = events_csv.to_csv(evs, load_municipalities())
    assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == len(evs) + 1
    result = opendata.parse_events(data)
    assert result.layout == "event-new" and result.rejections == []
    assert [p.name for p in result.places] == [e.name for e in evs]
    first = result.places[0]
    assert first.schedules == [{"dtstart": "2026-12-05", "valid_from": "2026-12-05", "valid_to": "2026-12-05",
                                "opens_at": "10:00:00+09:00", "closes_at": "15:00:00+09:00",
                                "description": "土曜 10時〜15時 / イブ"}]
    assert (first.x_municipality_code, first.x_source_id) == ("112071", evs[0].id)
    assert first.address and first.address["address_1"] == "埼玉県秩父市山田1-2"
    assert (first.latitude, first.longitude, first.phone) == (35.99, 139.08, "000-0000-0000")
    assert (first.organization_name, first.url, first.capacity_count) == (
        "ちちぶ自然学校(架空)", "https://example.jp/forest", 15)
    eve = next(p for p in result.places if p.schedules[0]["valid_from"] == "2026-12-24")
    assert eve.schedules[0]["closes_at"] == "23:59:59+09:00"  # until midnight: 24:00 in the file


def test_jsonld_cannot_close_its_script_element() -> None:
    e = _events_of(_service(name="</script><script>alert(1)</script>"))[0]
    text = script_text(event_jsonld(e, "https://fes.example.jp/events/x"))
    assert "</" not in text and "<" not in text
    [block] = jsonld_blocks(f'<script type="application/ld+json">{text}</script>')
    assert block["name"] == "</script><script>alert(1)</script>"
    assert block["@type"] == "Event" and block["startDate"] == "2026-12-12T10:00:00+09:00"


def test_stage_programme_is_checked_entry_by_entry(tmp_path) -> None:
    from booths.stage import parse_programme
    from server.config import ConfigError, load

    good = parse_programme({"sessions": [{"id": "opening", "title": "オープニング",
                                          "schedules": [dated("2026-12-05", "2026-12-05", "13:00", "13:30", "")]}]})
    assert [(s.key, s.title) for s in good] == [("stage:opening", "オープニング")]
    with pytest.raises(ValueError, match=r"sessions\[1\]\.id"):
        parse_programme([{"id": "a", "title": "A", "schedules": [{}]}, {"id": "a", "title": "B", "schedules": [{}]}])
    with pytest.raises(ValueError, match=r"sessions\[0\]\.schedules\[0\]\.freq"):
        parse_programme([{"id": "a", "title": "A", "schedules": [{"freq": "YEARLY"}]}])
    bad = tmp_path / "programme.json"
    bad.write_text('{"sessions": [{"id": "x", "schedules": [{}]}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sessions\[0\]\.title"):
        load({"STAGE_PROGRAMME": str(bad)})  # the node does not start with a programme that lost a session


def test_a_stage_session_says_who_presents_it() -> None:
    from booths.stage import parse_programme

    [talk, quiz] = parse_programme({"sessions": [
        {"id": "talk", "title": "はなしてみよう会", "presenter": " 川越ユースミュージック(架空) ",
         "schedules": [dated("2026-12-05", "2026-12-05", "13:00", "13:30", "")]},
        {"id": "quiz", "title": "クイズ", "schedules": [dated("2026-12-05", "2026-12-05", "14:00", "14:30", "")]}]})
    assert (talk.presenter, quiz.presenter) == ("川越ユースミュージック(架空)", "")
    [occ] = events.expand([events.Recurring("festival", talk.key, talk.rows)], D(2026, 12, 5), D(2026, 12, 5))
    shown = event_view.from_stage(talk, occ).as_dict()
    assert shown["organizer"] == "川越ユースミュージック(架空)" and shown["room"] == "stage:1"
    [occ] = events.expand([events.Recurring("festival", quiz.key, quiz.rows)], D(2026, 12, 5), D(2026, 12, 5))
    assert "organizer" not in event_view.from_stage(quiz, occ).as_dict()  # the programme does not say: nothing made up
    with pytest.raises(ValueError, match=r"sessions\[0\]\.presenter"):
        parse_programme([{"id": "a", "title": "A", "presenter": "x" * 81, "schedules": [{}]}])
