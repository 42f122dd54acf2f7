"""Open data read faithfully (issue 14): hours notes into schedules, repairs instead of refusals, the third event layout.

Fixtures (see tests/fixtures/opendata/README.md): 高松市's published facility lists (CC BY 4.0,
「高松市オープンデータ」(高松市)), re-headed to the standard column names; registry_events.csv is
built from the column list of the base-registry event layout (made-up events). Synthetic rows are
made up in the test.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from booths import hsds, schedule
from booths.opendata import LAYOUTS, detect_layout, parse_events, parse_facilities
from rooms.jst import JST
from server.store.directory_import import open_data_documents

FIX = Path(__file__).parent.parent / "fixtures" / "opendata"
TAKAMATSU = FIX / "takamatsu_facilities.csv"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


def open_at(place, when: str) -> bool | None:
    return schedule.is_open_at([schedule.from_hsds(s) for s in place.schedules], at(when))


def takamatsu(name: str):
    return next(p for p in parse_facilities(TAKAMATSU.read_bytes()).places if p.name == name)


def facility_csv(header: list[str], *rows: list[str]) -> bytes:
    return "\r\n".join(",".join(r) for r in [header, *rows]).encode() + b"\r\n"


# ---------------------------------------------------------------- hours notes of a real list
def test_the_newer_lists_notes_column_is_read():
    result = parse_facilities(TAKAMATSU.read_bytes())
    assert result.layout == "facility-new" and len(result.places) == 56
    with_notes = [p for p in result.places if p.hours_text]
    assert len(with_notes) == 49  # every filled 利用可能時間特記事項 cell: none of them vanishes
    assert all(p.hours_understood or p.hours_uncertain for p in with_notes)


def test_a_library_open_to_1900_closes_at_1700_on_weekends_and_holidays_and_over_the_year_end():
    lib = takamatsu("高松市中央図書館")  # 火水木金土日 9:30–19:00 + 「土日祝は17：00まで。…」
    assert open_at(lib, "2026-12-04T18:30") is True  # a Friday evening
    assert open_at(lib, "2026-12-05T18:30") is False  # Saturday: 17:00
    assert open_at(lib, "2026-12-31T12:00") is False  # 12/29～1/3休館
    assert open_at(lib, "2026-12-28T17:30") is False and open_at(lib, "2026-12-28T16:00") is True  # 12/28 until 17:00
    assert open_at(lib, "2027-01-04T11:00") is False and open_at(lib, "2027-01-04T13:00") is True  # 1/4 from noon
    assert open_at(lib, "2026-11-30T12:00") is False  # 毎月末日休館
    assert open_at(lib, "2026-11-23T12:00") is True  # Monday, but 勤労感謝の日: open (holiday hours)…
    assert open_at(lib, "2026-11-23T18:00") is False
    assert open_at(lib, "2026-11-24T12:00") is False  # …and closed the day after
    assert open_at(lib, "2026-12-07T12:00") is False  # an ordinary Monday
    # 「資料特別整理期間（9月中の7日間程度）休館」 cannot be placed: September is uncertain, word for word
    assert lib.hours_uncertain and lib.hours_kept == ["資料特別整理期間（9月中の7日間程度）休館"]
    assert open_at(lib, "2026-09-10T12:00") is None
    assert open_at(lib, "2026-10-08T12:00") is True


def test_a_summer_only_pool_is_closed_in_winter():
    pool = takamatsu("高松市亀水運動センター")  # 「開設期間は７月20日から8月31日」
    assert not pool.hours_uncertain
    assert open_at(pool, "2026-08-03T12:00") is True
    assert open_at(pool, "2026-12-07T12:00") is False and open_at(pool, "2026-07-19T12:00") is False
    other = takamatsu("高松市福岡町プール")  # 月水木金土日 + 「7～8月は全曜日利用可能」
    assert open_at(other, "2026-07-21T12:00") is True  # a Tuesday in July
    assert open_at(other, "2026-12-22T12:00") is False  # a Tuesday in December


def test_a_childrens_hall_closed_on_holidays_and_at_the_year_end():
    hall = takamatsu("浅野児童館")  # 月～土 9:30–18:00 + 「祝日、12/29～1/3は終日利用不可」
    assert open_at(hall, "2026-11-23T12:00") is False  # 勤労感謝の日
    assert open_at(hall, "2026-11-24T12:00") is True
    assert open_at(hall, "2026-12-30T12:00") is False


# ---------------------------------------------------------------- the shapes the issue names, on made-up rows
HEAD = ["名称", "利用可能曜日", "開始時間", "終了時間", "利用可能時間特記事項"]


@pytest.mark.parametrize("row, answers", [
    (["公民館", "月火水木金土日", "9:00", "21:00", "祝日、毎月最終月曜日、12月29日～1月3日は休館"],
     {"2026-12-31T12:00": False, "2026-11-23T12:00": False, "2026-11-30T12:00": False, "2026-11-16T12:00": True}),
    (["図書館", "月火水木金土日", "9:00", "19:30", "土日祝18時まで"],
     {"2026-12-04T19:00": True, "2026-12-05T19:00": False, "2026-12-05T17:00": True, "2026-11-23T19:00": False}),
    (["ふれあいの家", "月火水木金土", "10:00", "16:00", "第2・第4土曜日のみ開館"],
     {"2026-12-12T12:00": True, "2026-12-26T12:00": True, "2026-12-05T12:00": False, "2026-12-19T12:00": False}),
    (["市民プール", "月火水木金土日", "9:00", "17:00", "開設期間は7月1日から8月31日"],
     {"2026-07-15T12:00": True, "2026-12-31T12:00": False}),
    (["交流館", "火水木金土日", "9:00", "17:00", "休館日は月曜日（月曜日が休日の場合は翌平日）"],
     {"2026-11-23T12:00": True, "2026-11-24T12:00": False, "2026-11-25T12:00": True, "2026-12-07T12:00": False}),
])
def test_notes_change_the_general_hours(row, answers):
    place = parse_facilities(facility_csv(HEAD, row)).places[0]
    assert not place.hours_uncertain and place.hours_kept == []
    assert {when: open_at(place, when) for when in answers} == answers


def test_a_note_that_cannot_be_read_is_kept_word_for_word_and_the_hours_say_uncertain():
    note = "臨時休館日あり。土日祝は17時まで"
    place = parse_facilities(facility_csv(HEAD, ["児童館", "月火水木金土日", "9:00", "18:00", note])).places[0]
    assert place.hours_uncertain and place.hours_kept == ["臨時休館日あり"]
    assert open_at(place, "2026-12-04T12:00") is None  # never a guess
    (org,) = open_data_documents(parse_facilities(facility_csv(HEAD, ["児童館", "月火水木金土日", "9:00", "18:00", note])),
                                 "test")
    row, problems = hsds.check_organization(org)
    svc = row.services[0].doc
    assert problems == []
    assert svc["x_hours_uncertain"] is True and svc["x_hours_notes"] == note  # the flag the API shows
    assert svc["x_hours_unparsed"] == ["臨時休館日あり"]


# ---------------------------------------------------------------- the 56-column list's other columns
def test_accessibility_columns_english_name_address_url_and_phones():
    header = list(LAYOUTS["facility-new"]) + ["車椅子可", "バリアフリートイレ", "授乳室", "おむつ替えコーナー"]
    values = dict.fromkeys(header, "")
    values.update({"名称": "ユースセンター神田", "名称_英字": "Kanda Youth Centre", "所在地_連結表記": "東京都千代田区神田1-1 神田ビル2階",
                   "建物名等(方書)": "神田ビル2階", "URL": "www.example.lg.jp/youth", "電話番号": "03-1111-2222、03-1111-3333",
                   "車椅子可": "有", "バリアフリートイレ": "有", "授乳室": "無", "おむつ替えコーナー": "○"})
    result = parse_facilities(facility_csv(header, [values[h] for h in header]))
    p = result.places[0]
    assert p.x_name_en == "Kanda Youth Centre"
    assert p.address["address_1"] == "東京都千代田区神田1-1 神田ビル2階" and p.address["address_2"] is None
    assert p.url == "https://www.example.lg.jp/youth"
    assert (p.phone, p.other_phones) == ("03-1111-2222", ["03-1111-3333"])
    assert p.accessibility_flags == {"車椅子可": True, "バリアフリートイレ": True, "授乳室": False, "おむつ替えコーナー": True}
    assert {(r.field, r.code) for r in result.rejections} == {("URL", "repaired_url"), ("電話番号", "split_phone")}
    (org,) = open_data_documents(result, "test")
    loc = org["locations"][0]
    assert loc["x_accessibility"]["授乳室"] is False
    assert {a["description"] for a in loc["accessibility"]} == {"車椅子可", "バリアフリートイレ", "おむつ替えコーナー"}
    svc = org["services"][0]
    assert svc["x_name_en"] == "Kanda Youth Centre"
    assert [ph["number"] for ph in svc["phones"]] == ["03-1111-2222", "03-1111-3333"]


def test_a_real_cell_with_three_numbers_and_a_labelled_url_are_repaired():
    result = parse_facilities(TAKAMATSU.read_bytes())
    centre = next(p for p in result.places if p.name == "高松市保健所")  # （保健医療政策課） 087-839-2860 （感染症対策課）…
    assert (centre.phone, centre.other_phones) == ("087-839-2860", ["087-839-2870", "087-839-2865"])
    assert centre.url == "https://www.city.takamatsu.kagawa.jp/kurashi/shinotorikumi/soshikihyo/chiikiiryo.html"


def test_ids_come_from_content_so_an_inserted_row_keeps_the_others():
    data = TAKAMATSU.read_bytes().decode()
    lines = data.split("\r\n")
    inserted = "\r\n".join([lines[0], "372013,,香川県高松市,34.3,134.0,新しい施設,高松市番町1-1,,,,月火水木金,9:00,17:00,"]
                           + lines[1:])

    def ids(text: str) -> dict[str, str]:
        (org,) = open_data_documents(parse_facilities(text.encode()), "test")
        return {s["name"]: s["id"] for s in org["services"]}  # the names in this list are unique

    before, after = ids(data), ids(inserted)
    assert len(after) == len(before) + 1 and all(after[k] == v for k, v in before.items())


# ---------------------------------------------------------------- the third event layout
def test_the_base_registry_event_layout_is_an_event_list():
    header = list(LAYOUTS["event-registry"])
    assert detect_layout(header) == "event-registry"
    assert detect_layout(LAYOUTS["facility-new"]) == "facility-new"  # 開始時間 alone is still a facility
    with pytest.raises(Exception, match="event"):
        parse_facilities((FIX / "registry_events.csv").read_bytes())
    result = parse_events((FIX / "registry_events.csv").read_bytes())
    assert result.layout == "event-registry" and len(result.places) == 2
    game, craft = result.places
    assert game.x_kind == "event" and game.name == "中高生のためのボードゲーム会"
    assert game.schedules == [{"dtstart": "2026-12-12", "valid_from": "2026-12-12", "valid_to": "2026-12-12",
                               "opens_at": "13:30:00+09:00", "closes_at": "16:00:00+09:00"}]
    assert game.address == {"address_1": "埼玉県所沢市並木一丁目1番地の1", "address_2": "まちづくりセンター2階",
                            "city": "所沢市", "state_province": "埼玉県", "postal_code": "359-0042", "country": "JP"}
    assert (game.x_contact_name, game.phone, game.email) == ("所沢市青少年課", "04-2998-0000", "seishonen@example.lg.jp")
    assert game.organization_name == "所沢市" and game.x_location_name == "まちづくりセンター"
    assert game.url == "https://www.example.lg.jp/event/1" and game.x_name_en == "Board games for teens"
    assert craft.organization_name == "所沢市教育委員会" and craft.other_phones == ["04-2998-0002"]
    assert craft.schedules[0]["valid_to"] == "2026-12-27"
    (org_a, org_b) = open_data_documents(result, "test")
    contact = org_a["services"][0]["contacts"][0]
    assert contact["name"] == "所沢市青少年課" and contact["phones"] == [{"number": "04-2998-0000"}]


def test_a_holiday_opening_with_two_possible_hours_is_unknown_that_day_not_closed():
    note = "日曜日は17：00に閉館。休館日は月曜日（月曜日が休日の場合は翌平日）、12月29日から1月3日"
    place = parse_facilities(facility_csv(HEAD, ["防災センター", "火水木金土日", "9:00", "21:00", note])).places[0]
    assert place.hours_kept == [] and place.hours_uncertain  # every sentence read; one day left open
    assert open_at(place, "2026-11-23T12:00") is None  # a holiday Monday: open, until 17:00 or 21:00?
    assert open_at(place, "2026-11-24T12:00") is False  # the weekday after it
    assert open_at(place, "2026-12-06T18:00") is False and open_at(place, "2026-12-05T18:00") is True


def test_an_event_lists_own_yes_no_columns_are_kept():
    header = list(LAYOUTS["event-new"])
    values = dict.fromkeys(header, "")
    values.update({"イベント名": "親子ひろば", "開始日": "2026-12-12", "授乳室": "有", "おむつ替えコーナー": "無", "状態": "1"})
    (event,) = parse_events(facility_csv(header, [values[h] for h in header])).places
    assert event.accessibility_flags == {"授乳室": True, "おむつ替えコーナー": False}  # 状態 "1" means something else
