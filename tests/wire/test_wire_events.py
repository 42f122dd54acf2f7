"""Events on a real node: the occurrence list, the iCalendar feed, the open-data CSV, each event's page,
and the festival programme (booths' live sessions), all from the same schedules.

The demo directory's December 2026 events are fictional (booths/demo_directory.py); one
organisation in Sapporo (011002, no demo organisation there) is imported here with a
Tuesday/Thursday club closed on public holidays and over 年末年始.
"""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import icalendar
import pytest

from booths.opendata import parse_events

from tests.support.api import call, call_put
from tests.support.nodes import module_server
from tests.support.pages import fetch, jsonld_blocks

ADMIN = "admin-secret-for-events-tests"
SAPPORO = "011002"

STAGE = Path(__file__).parent.parent / "fixtures" / "stage_programme.json"
events_node = module_server({"STATIC_TOKENS": f"admin:{ADMIN}", "STAGE_PROGRAMME": str(STAGE)})

CLUB = {"id": "sapporo-youth", "name": "札幌ユースクラブ(架空)", "x_member_category": "npo", "x_municipality_code": SAPPORO,
        "locations": [{"id": "sp-hall", "name": "ユースホール(架空)", "latitude": 43.0621, "longitude": 141.3544,
                       "x_coordinate_precision": "exact", "x_municipality_code": SAPPORO,
                       "addresses": [{"address_1": "北海道札幌市中央区北1条西2丁目(架空)", "city": "札幌市",
                                      "state_province": "北海道", "country": "JP", "address_type": "physical"}]},
                      {"id": "sp-home", "name": "シェルター(架空)", "latitude": 43.07, "longitude": 141.35,
                       "x_coordinate_precision": "hidden", "x_municipality_code": SAPPORO}],
        "services": [
            {"id": "sp-club", "name": "放課後クラブ", "x_kind": "activity", "minimum_age": 12, "maximum_age": 18,
             "attributes": [{"taxonomy_term_id": "interest.games"}, {"taxonomy_term_id": "life_stage.junior_high"}],
             "phones": [{"number": "000-0000-0000"}],
             "schedules": [{"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "16:00:00+09:00",
                            "closes_at": "19:00:00+09:00", "x_holidays": "closed", "description": "火・木 16時〜19時"},
                           {"x_closed": True, "x_annual": "12-29/01-03", "description": "年末年始"}],
             "service_at_locations": [{"location_id": "sp-hall"}]},
            {"id": "sp-quiet", "name": "しずかな夕食会", "x_kind": "event",
             "schedules": [{"valid_from": "2026-11-05", "valid_to": "2026-11-05", "opens_at": "18:00:00+09:00",
                            "closes_at": "20:00:00+09:00"}],
             "service_at_locations": [{"location_id": "sp-home"}]},
            {"id": "sp-window", "name": "相談窓口", "x_kind": "consultation",  # opening hours, not events
             "schedules": [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00+09:00",
                            "closes_at": "17:00:00+09:00"}]}]}


@pytest.fixture(scope="module")
def node(events_node):
    status, report, _ = call(events_node.http, "/api/directory/import?format=hsds", json.dumps([CLUB]).encode(), ADMIN)
    assert status == 200 and report["rejected"] == [], report
    return events_node


def q(**params: object) -> str:
    return urllib.parse.urlencode({k.rstrip("_"): v for k, v in params.items()})


def test_occurrences_in_time_order_with_holidays_and_closures(node):
    status, page, _ = call(node.http, f"/api/events?{q(from_='2026-11-01', to='2026-11-07', municipality=SAPPORO)}")
    assert status == 200
    assert [(e["name"], e["start"]) for e in page["contents"]] == [
        ("放課後クラブ", "2026-11-05T16:00:00+09:00"),  # Tuesday 3 November is 文化の日: closed
        ("しずかな夕食会", "2026-11-05T18:00:00+09:00")]
    club, quiet = page["contents"]
    assert club["id"] == "directory.sp-club.20261105T1600" and club["page"] == f"/events/{club['id']}"
    assert club["address"].startswith("北海道札幌市") and club["phone"] == "000-0000-0000"
    assert "address" not in quiet and "latitude" not in quiet  # a hidden place stays hidden
    status, page, _ = call(node.http, f"/api/events?{q(from_='2026-12-22', to='2027-01-08', municipality=SAPPORO)}")
    assert [e["start"][:10] for e in page["contents"]] == ["2026-12-22", "2026-12-24", "2027-01-05", "2027-01-07"]


def test_filters_and_paging(node):
    base = dict(from_="2026-12-01", to="2026-12-31")
    status, everything, _ = call(node.http, f"/api/events?{q(**base, per_page=200)}")
    starts = [e["start"] for e in everything["contents"]]
    assert status == 200 and starts == sorted(starts) and everything["total_items"] > 20
    assert "相談窓口" not in {e["name"] for e in everything["contents"]}  # opening hours are not events
    status, page2, _ = call(node.http, f"/api/events?{q(**base, per_page=5, page=2)}")
    assert [e["id"] for e in page2["contents"]] == [e["id"] for e in everything["contents"][5:10]]
    assert page2["total_items"] == everything["total_items"] and not page2["first_page"]
    status, games, _ = call(node.http, f"/api/events?{q(**base, interest='games', age=19, municipality=SAPPORO)}")
    assert games["total_items"] == 0  # the club is for 12-18
    status, games, _ = call(node.http, f"/api/events?{q(**base, interest='games', age=15, municipality=SAPPORO)}")
    assert {e["name"] for e in games["contents"]} == {"放課後クラブ"}
    status, adults, _ = call(node.http, f"/api/events?{q(**base, age_band='25+', municipality=SAPPORO)}")
    assert adults["total_items"] == 0  # the club is for 12-18: not offered to a visitor who said 25+
    status, young, _ = call(node.http, f"/api/events?{q(**base, age_band='u15', municipality=SAPPORO)}")
    assert "放課後クラブ" in {e["name"] for e in young["contents"]}  # 12-18 overlaps "under 15"
    status, pupils, _ = call(node.http, f"/api/events?{q(**base, life_stage='junior_high', municipality=SAPPORO)}")
    assert {e["name"] for e in pupils["contents"]} == {"放課後クラブ"}  # the same life stages as the map's places
    status, older, _ = call(node.http, f"/api/events?{q(**base, life_stage='40_plus', municipality=SAPPORO)}")
    assert status == 200 and older["total_items"] == 0
    status, online, _ = call(node.http, f"/api/events?{q(**base, online='true', per_page=200)}")
    assert online["total_items"] > 0 and all(e["online"] for e in online["contents"])
    assert "夜のオンライン音楽部屋" in {e["name"] for e in online["contents"]}


@pytest.mark.parametrize("query, named", [
    ("search=music", "search"),
    ("from=2026-01-01&to=2026-06-30", "92 days"),
    ("from=2026-02-01&to=2026-01-01", "to must not be before from"),
    ("from=2026-13-01", "from"),
    ("online=maybe", "online"),
    ("source=tv", "source"),
    ("age_band=child", "age_band"),
    ("interest=astrology", "interest"),
])
def test_bad_queries_name_the_parameter(node, query, named):
    for path in ("/api/events", "/api/events.ics", "/api/events.csv"):
        status, body, _ = call(node.http, f"{path}?{query}")
        assert status == 400 and body["error"]["code"] == "bad_query" and named in body["error"]["detail"], body


def test_ical_feed_has_the_same_occurrences(node):
    params = q(from_="2026-12-01", to="2026-12-31")
    status, page, _ = call(node.http, f"/api/events?{params}&per_page=200")
    status, headers, body = fetch(node.http, f"/api/events.ics?{params}")
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(body.decode("utf-8"))
    uids = [str(v["UID"]) for v in cal.walk("VEVENT")]
    assert len(uids) == page["total_items"] > len(page["contents"])  # the feed is not paged
    assert uids[:200] == [f"{e['id']}@tsunagaru.events" for e in page["contents"]]
    forest = next(v for v in cal.walk("VEVENT") if str(v["SUMMARY"]) == "森あそびの日")
    assert forest.decoded("DTSTART").isoformat() == "2026-12-12T01:00:00+00:00"  # 10:00 JST, the 2nd Saturday


def test_csv_export_round_trips_through_the_import(node):
    params = q(from_="2026-11-01", to="2026-11-30", municipality=SAPPORO)
    status, page, _ = call(node.http, f"/api/events?{params}")
    status, headers, body = fetch(node.http, f"/api/events.csv?{params}")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = body.decode("utf-8-sig").split("\r\n")
    assert rows[0].startswith("全国地方公共団体コード,法人番号,ID,地方公共団体名,イベント名") and len(rows) == page["total_items"] + 2
    status, report, _ = call(node.http, "/api/directory/import?format=ods-event", body, ADMIN)
    assert status == 200 and report["committed"] and report["rejected"] == []
    assert report["services"] == page["total_items"]
    status, again, _ = call(node.http, "/api/directory/import?format=ods-event", body, ADMIN)
    status, imported, _ = call(node.http, f"/hsds/services?municipality={SAPPORO}&kind=event&per_page=200")
    names = [s["name"] for s in imported["contents"]]
    assert names.count("放課後クラブ") == page["total_items"] - 1  # read back once, not twice


def test_event_page_carries_schema_org_event(node):
    status, headers, body = fetch(node.http, "/events/directory.sp-club.20261105T1600")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]  # unchanged: the JSON-LD is data, not script
    html = body.decode("utf-8")
    assert "2026年11月5日(木) 16:00〜19:00" in html and "日時" in html and "When" in html
    [ld] = jsonld_blocks(html)
    assert ld["@type"] == "Event" and ld["name"] == "放課後クラブ"
    assert ld["startDate"] == "2026-11-05T16:00:00+09:00" and ld["endDate"] == "2026-11-05T19:00:00+09:00"
    assert ld["location"]["address"]["streetAddress"].startswith("北海道札幌市")
    assert ld["url"].endswith("/events/directory.sp-club.20261105T1600")
    for missing in ("directory.sp-club.20261103T1600", "directory.sp-window.20261105T0900", "nonsense"):
        status, headers, body = fetch(node.http, f"/events/{missing}")  # a holiday; opening hours; not an id
        assert status == 404 and "見つかりませんでした" in body.decode("utf-8")


def test_festival_live_sessions_are_events(node):
    sessions = {"live_sessions": [{"freq": "WEEKLY", "byday": "SA", "opens_at": "13:00:00+09:00",
                                   "closes_at": "14:00:00+09:00", "description": "土曜の森ラジオ"}]}
    status, _ = call_put(node.http, "/api/booths/chichibu-nature", json.dumps(sessions).encode(), ADMIN)
    assert status == 200
    status, page, _ = call(node.http, f"/api/events?{q(from_='2026-12-01', to='2026-12-07', source='festival')}")
    assert [(e["name"], e["room"], e["start"]) for e in page["contents"]] == [
        ("金曜の夜のステージ", "stage:1", "2026-12-04T20:00:00+09:00"),
        ("秩父の森あそび", "booth:chichibu-nature", "2026-12-05T13:00:00+09:00"),
        ("オープニング", "stage:1", "2026-12-05T13:00:00+09:00")]
    session = page["contents"][1]
    assert session["organizer"] == "ちちぶ自然学校(架空)" and session["note"] == "土曜の森ラジオ"
    status, page, _ = call(node.http, f"/api/events?{q(from_='2026-12-01', to='2026-12-07', interest='nature')}")
    assert "festival" not in {e["source"] for e in page["contents"]}  # sessions carry no terms
    status, headers, body = fetch(node.http, session["page"])
    [ld] = jsonld_blocks(body.decode("utf-8"))
    assert ld["eventAttendanceMode"].endswith("OnlineEventAttendanceMode") and ld["location"]["@type"] == "VirtualLocation"


def test_stage_programme_keeps_its_closures(node):
    status, page, _ = call(node.http, f"/api/events?{q(from_='2026-12-20', to='2027-01-10', source='festival')}")
    fridays = [e["start"][:10] for e in page["contents"] if e["name"] == "金曜の夜のステージ"]
    assert fridays == ["2026-12-25", "2027-01-08"]  # 1 January: 年末年始
    status, headers, body = fetch(node.http, "/events/festival.stage:opening.20261205T1300")
    [ld] = jsonld_blocks(body.decode("utf-8"))
    assert status == 200 and ld["name"] == "オープニング" and ld["startDate"] == "2026-12-05T13:00:00+09:00"


def test_a_real_event_list_reads_back_from_the_export(node):
    """Yaizu City's published イベント一覧 (tests/fixtures/opendata/README.md, CC BY 4.0, 「焼津市オープンデータ」(焼津市)):
    imported, listed, exported as the standard CSV, and read back to the same events."""
    data = (Path(__file__).parent.parent / "fixtures" / "opendata" / "yaizu_events_excerpt.csv").read_bytes()
    status, report, _ = call(node.http, "/api/directory/import?format=ods-event", data, ADMIN)
    assert status == 200 and report["services"] == 16
    params = q(from_="2026-09-01", to="2026-11-30", municipality="222127")
    status, page, _ = call(node.http, f"/api/events?{params}&per_page=200")
    listed = [(e["name"], e["start"][:16]) for e in page["contents"]]
    assert ("ハロウィン体験講座ージャック・オ・ランタンづくりー", "2026-10-25T13:30") in listed
    assert [n for n, _ in listed].count("陶芸・竹工芸合同作品展") == 5  # 9/16-9/20, no times: all day, each day
    assert "子育て教室" not in {n for n, _ in listed}  # 5/28-3/5 with the dates in the prose: not every day
    status, headers, body = fetch(node.http, f"/api/events.csv?{params}")
    back = parse_events(body)
    assert back.rejections == [] and len(back.places) == len(listed)
    assert [(p.name, p.schedules[0]["valid_from"]) for p in back.places] == [(n, s[:10]) for n, s in listed]
    halloween = next(p for p in back.places if p.name.startswith("ハロウィン"))
    assert halloween.address and halloween.address["address_1"] == "静岡県焼津市三ケ名1550"
    assert halloween.schedules[0]["opens_at"] == "13:30:00+09:00" and halloween.x_municipality_code == "222127"
