"""Municipal open-data CSV import (booths.opendata).

Fixtures: 「焼津市オープンデータ」(焼津市), licensed Creative Commons Attribution
4.0 International (https://creativecommons.org/licenses/by/4.0/), files under
/work/shared/fixtures/opendata/ (see its README.md for source and commits).
The synthetic CSVs below are made up in the test.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from booths.opendata import (
    LAYOUTS,
    OpenDataError,
    check_municipality_code,
    detect_layout,
    municipality_check_digit,
    parse_events,
    parse_facilities,
    read_csv_bytes,
)

FIX = Path("/work/shared/fixtures/opendata")
FACILITY = FIX / "yaizu_public_facility.csv"
FACILITY_SJIS = FIX / "yaizu_public_facility.sjis.csv"
EVENTS = FIX / "yaizu_events_excerpt.csv"



def csv_bytes(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c or "\n" in c) else c for c in cells)
    return ("\r\n".join([line(header)] + [line(r) for r in rows]) + "\r\n").encode(encoding)


def row_for(layout: str, **values: str) -> list[str]:
    return [values.get(c, "") for c in LAYOUTS[layout]]


def codes(result, row=None):
    return {(r.field, r.code) for r in result.rejections if row is None or r.row == row}


# ---------------------------------------------------------------- municipality codes
def test_check_digit_formula_on_known_codes():
    # (11 - (6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5) % 11) % 10, checked by hand against published codes
    assert municipality_check_digit("22212") == 7  # 焼津市 222127
    assert municipality_check_digit("11201") == 1  # 112011 (川越市)
    assert municipality_check_digit("11100") == 7  # さいたま市 111007
    assert municipality_check_digit("01100") == 2  # 札幌市 011002
    assert municipality_check_digit("13101") == 6  # 千代田区 131016
    assert check_municipality_code("222127") == "222127"
    assert check_municipality_code("112011") == "112011"
    assert check_municipality_code("222128") is None
    assert check_municipality_code("22212") == "222127"  # 5-digit code without check digit
    assert check_municipality_code("11002") == "011002"  # 札幌, leading zero eaten by a spreadsheet
    assert check_municipality_code("abc") is None
    assert check_municipality_code("990001") is None  # no prefecture 99


# ---------------------------------------------------------------- real fixtures
def test_yaizu_facilities_utf8_and_sjis_are_identical():
    utf8 = parse_facilities(FACILITY.read_bytes())
    sjis = parse_facilities(FACILITY_SJIS.read_bytes())
    assert (utf8.encoding, sjis.encoding) == ("utf-8", "cp932")
    assert utf8.layout == sjis.layout == "facility-old"
    assert utf8.rows == sjis.rows == 230
    assert len(utf8.places) == 230
    assert utf8.places == sjis.places
    assert utf8.rejections == sjis.rejections


def test_yaizu_oyako_hiroba():
    result = parse_facilities(FACILITY.read_bytes())
    p = next(p for p in result.places if p.name == "親子ふれあい広場")
    assert p.source_row == 2 and p.x_kind == "facility"
    assert p.x_municipality_code == "222127"
    assert p.organization_name == "子育て支援課"
    assert p.address == {"address_1": "焼津市本町5-6-1", "address_2": None, "city": "焼津市",
                         "state_province": "静岡県", "postal_code": None, "country": "JP"}
    assert (p.latitude, p.longitude) == (34.86313333, 138.320437)
    assert p.hours_understood
    opens = [s for s in p.schedules if not s.get("x_closed")]
    # 【休館日】火曜日(火曜日が祝日の場合は翌日): open on a holiday Tuesday, closed the Wednesday after (issue 14)
    assert [(s["byday"], s["opens_at"], s["closes_at"], s.get("x_holidays")) for s in opens] == [
        ("MO,WE,TH,FR,SA,SU", "09:00:00+09:00", "17:00:00+09:00", None),
        ("TU", "09:00:00+09:00", "17:00:00+09:00", "only")]
    assert any(s.get("x_closed") and s.get("byday") == "TU" for s in p.schedules)
    assert any(s.get("x_closed") and s.get("byday") == "WE" and s.get("x_holidays") == "after" for s in p.schedules)


def test_yaizu_24h_and_unknown_hours_kept_as_text():
    result = parse_facilities(FACILITY.read_bytes())
    car_park = next(p for p in result.places if p.name == "焼津駅北口駐車場")
    assert car_park.hours_text == "【開館時間】24時間"
    assert car_park.schedules[0]["opens_at"] == "00:00:00+09:00"
    irregular = [p for p in result.places if p.hours_text == "【開館時間】不定期"]
    assert irregular and all(not p.hours_understood and p.schedules == [] for p in irregular)


def test_yaizu_events():
    result = parse_events(EVENTS.read_bytes())
    assert (result.layout, result.encoding, result.rows) == ("event-new", "utf-8", 16)
    assert len(result.places) == 16
    ev = next(p for p in result.places if p.name == "子育て教室")
    assert ev.x_kind == "event"
    assert ev.schedules == [{"dtstart": "2026-05-28", "valid_from": "2026-05-28", "valid_to": "2027-03-05",
                             "opens_at": "13:30:00+09:00", "closes_at": "14:30:00+09:00"}]
    assert ev.phone == "054-627-4115"
    assert ev.capacity == "15組（申込順）" and ev.capacity_count == 15
    assert ev.fee == "無料"
    assert ev.organization_name == "焼津市"  # no 主催者: the municipality
    assert ev.x_municipality_code == "222127"
    assert ev.url == "https://www.city.yaizu.lg.jp/event/info-00024.html"
    assert ev.x_corporate_number is None
    # 1.00E+12 in 法人番号 on every row: a warning, never a crash
    mangled = [r for r in result.rejections if r.code == "mangled_number"]
    assert len(mangled) == 16 and {r.field for r in mangled} == {"法人番号"}


def test_yaizu_event_private_mobile_dropped():
    result = parse_events(EVENTS.read_bytes())
    folk = next(p for p in result.places if p.name.startswith("焼津フォーク村"))
    assert folk.phone is None
    assert ("連絡先電話番号", "private_phone") in codes(result, folk.source_row)
    assert "090" not in repr(folk)


def test_yaizu_event_end_before_start_and_zero_times():
    result = parse_events(EVENTS.read_bytes())
    expo = next(p for p in result.places if p.name == "陶芸・竹工芸合同作品展")
    assert ("終了時間", "end_before_start") in codes(result, expo.source_row)
    assert expo.schedules == [{"dtstart": "2026-09-16", "valid_from": "2026-09-16", "valid_to": "2026-09-20"}]
    twins = next(p for p in result.places if p.name == "双子・三つ子の会")
    assert "opens_at" not in twins.schedules[0]  # 0:00-0:00 = not stated, not midnight
    assert codes(result, twins.source_row) == {("法人番号", "mangled_number")}


def test_wrong_list_type_is_a_clear_error():
    with pytest.raises(OpenDataError, match="event"):
        parse_facilities(EVENTS.read_bytes())


# ---------------------------------------------------------------- synthetic layouts
def test_newer_facility_layout():
    layout = "facility-new"
    cols = list(reversed(LAYOUTS[layout]))  # any column order
    good = dict(zip(LAYOUTS[layout], row_for(layout,
        全国地方公共団体コード="131016", ID="F001", 地方公共団体名="東京都千代田区", 名称="ユースセンター神田",
        名称_通称="かんだユース", 所在地_連結表記="東京都千代田区神田1-1", 所在地_都道府県="東京都",
        所在地_市区町村="千代田区", **{"建物名等(方書)": "2階"}, 郵便番号="１０１００４１",
        緯度="35.69", 経度="139.77", 電話番号="03-1234-5678", 団体名="千代田区子ども部",
        利用可能曜日="火～土", 開始時間="10:00", 終了時間="19:00", 利用可能日時特記事項="祝日は休み",
        説明="<b>中高生</b>の居場所", バリアフリー情報="エレベーターあり", URL="https://example.lg.jp/youth")))
    bad = dict(zip(LAYOUTS[layout], row_for(layout, 名称="海外の施設", 緯度="48.85", 経度="2.35",
                                             電話番号="090-1111-2222", URL="javascript:alert(1)")))
    nameless = dict(zip(LAYOUTS[layout], row_for(layout, 名称="\u3000", 緯度="35.0", 経度="139.0")))
    data = csv_bytes(cols, [[r[c] for c in cols] for r in (good, bad, nameless)])
    result = parse_facilities(data)
    assert result.layout == "facility-new" and result.rows == 3
    assert len(result.places) == 2
    p, q = result.places
    assert p.x_municipality_code == "131016" and p.x_source_id == "F001"
    assert p.alternate_name == "かんだユース"
    assert p.address == {"address_1": "東京都千代田区神田1-1", "address_2": "2階", "city": "千代田区",
                         "state_province": "東京都", "postal_code": "101-0041", "country": "JP"}
    assert p.description == "<b>中高生</b>の居場所"  # stored as given; escaping is the display's job
    assert p.accessibility == "エレベーターあり" and p.phone == "03-1234-5678"
    assert p.schedules[0]["byday"] == "TU,WE,TH,FR,SA" and p.schedules[0]["opens_at"] == "10:00:00+09:00"
    assert p.hours_text == "祝日は休み"
    # bad row kept, bad fields dropped
    assert q.name == "海外の施設" and q.latitude is None and q.longitude is None and q.phone is None and q.url is None
    assert {("緯度", "outside_japan"), ("電話番号", "private_phone"), ("URL", "bad_url")} <= codes(result, 3)
    assert (None, "missing_name") in codes(result, 4)


def test_older_event_layout_and_municipality_override():
    layout = "event-old"
    rows = [
        row_for(layout, 都道府県コード又は市区町村コード="222127", NO="1", 都道府県名="静岡県", 市区町村名="焼津市",
                イベント名="中高生ボードゲーム会", 開始日="2026年7月4日", 終了日="2026/07/04", 開始時間="１４：００",
                終了時間="16:30", 説明="だれでも", **{"料金(基本)": "無料"}, 主催者="NPO法人つながる",
                場所名称="公民館", 住所="静岡県焼津市本町1-1", 方書="3F", 緯度="34.86", 経度="138.32",
                定員="20人", 連絡先電話番号="054-000-0000", URL="https://example.org/e/1"),
        row_for(layout, 都道府県コード又は市区町村コード="222128", イベント名="逆転", 開始日="2026/8/10",
                終了日="2026/8/1", 開始時間="15:00", 終了時間="13:00", 緯度="34.8", 経度="abc"),
        row_for(layout, イベント名="日付なし", 開始日="2026/02/30", 定員="未定"),
    ]
    result = parse_events(csv_bytes(list(LAYOUTS[layout]), rows), municipality="222127")
    assert result.layout == "event-old" and len(result.places) == 3
    a, b, c = result.places
    assert a.organization_name == "NPO法人つながる" and a.x_location_name == "公民館"
    assert a.schedules == [{"dtstart": "2026-07-04", "valid_from": "2026-07-04", "valid_to": "2026-07-04",
                            "opens_at": "14:00:00+09:00", "closes_at": "16:30:00+09:00"}]
    assert a.capacity == "20人" and a.capacity_count == 20 and a.fee == "無料"
    assert a.address["address_2"] == "3F" and a.address["city"] == "焼津市"
    assert all(p.x_municipality_code == "222127" for p in result.places)
    assert b.schedules == [{"dtstart": "2026-08-10", "valid_from": "2026-08-10", "valid_to": "2026-08-10"}]
    assert {("都道府県コード又は市区町村コード", "bad_code"), ("終了日", "end_before_start"),
            ("終了時間", "end_before_start"), ("経度", "bad_coordinates")} <= codes(result, 3)
    assert b.latitude is None and b.longitude is None
    assert ("開始日", "bad_date") in codes(result, 4)
    assert c.capacity == "未定" and c.capacity_count is None and c.schedules == []


def test_bad_municipality_argument():
    with pytest.raises(ValueError):
        parse_events(EVENTS.read_bytes(), municipality="123456")


def test_detect_layout():
    assert detect_layout(LAYOUTS["facility-old"]) == "facility-old"
    assert detect_layout(LAYOUTS["facility-new"]) == "facility-new"
    assert detect_layout(LAYOUTS["event-old"]) == "event-old"
    assert detect_layout(LAYOUTS["event-new"]) == "event-new"
    assert detect_layout(["緯度", "名称", "住所"]) == "facility-old"
    with pytest.raises(OpenDataError):
        detect_layout(["name", "lat", "lon"])


# ---------------------------------------------------------------- encodings
def test_bom_file():
    data = b"\xef\xbb\xbf" + csv_bytes(["名称", "緯度", "経度"], [["児童館", "35.0", "139.0"]])
    result = parse_facilities(data)
    assert result.encoding == "utf-8-sig" and result.places[0].name == "児童館"
    assert read_csv_bytes(data) == [{"名称": "児童館", "緯度": "35.0", "経度": "139.0"}]


def test_fullwidth_brackets_in_header_match():
    rows = read_csv_bytes("イベント名,料金（基本）\nA,無料\n".encode("cp932"))
    assert rows == [{"イベント名": "A", "料金(基本)": "無料"}]


@pytest.mark.parametrize("data,match", [
    (bytes(range(256)) * 8, "NUL|control|neither"),
    (b"\x00\x01\x02PK\x03\x04" + b"\x00" * 100, "NUL"),
    ("名称,住所\n児童館,焼津市\n".encode("utf-8").decode("cp932", errors="replace").encode("utf-8"), "mojibake|U\\+FFFD"),
    ("名称,住所\nこどもセンター,やいづし\nあそびのひろば,ほんまち\n".encode("utf-8").decode("latin-1").encode("utf-8"), "mojibake"),
    (b"", "empty"),
    (b"\x82\xa0\xff\xfe\x81", "neither|UTF"),
])
def test_garbage_is_a_clear_error(data, match):
    with pytest.raises(OpenDataError, match=match):
        parse_facilities(data)


def test_cp932_mojibake_of_kana_rejected():
    text = "名称,説明\nこどもの広場,あそびにきてね\nユースセンター,おしゃべりしよう\n"
    garbled = text.encode("utf-8").decode("cp932", errors="ignore").encode("utf-8")
    with pytest.raises(OpenDataError, match="mojibake"):
        read_csv_bytes(garbled)


def test_empty_and_ragged_rows():
    data = csv_bytes(["名称", "緯度", "経度"], [["", "", ""], ["児童館", "35.0", "139.0", "extra"], ["館"]])
    result = parse_facilities(data)
    assert result.rows == 3 and [p.name for p in result.places] == ["児童館", "館"]
    assert codes(result) == {(None, "empty_row"), (None, "extra_cells")}


def test_control_characters_stripped_and_whitespace_normalised():
    data = csv_bytes(["名称", "説明"], [["\u3000児童館\x07\u3000", "一行目\r\n二行目\u00a0です"]])
    p = parse_facilities(data).places[0]
    assert p.name == "児童館"
    assert p.description == "一行目\n二行目 です"


# ---------------------------------------------------------------- scale
def test_ten_thousand_rows():
    layout = "facility-old"
    rows = [row_for(layout, 都道府県コード又は市区町村コード="222127", NO=str(i), 名称=f"施設{i}",
                    緯度=f"{34 + (i % 100) / 1000:.4f}", 経度="138.3",
                    利用可能日時特記事項="【開館時間】9:00～17:00 【休館日】月曜日")
            for i in range(10_000)]
    data = csv_bytes(list(LAYOUTS[layout]), rows, encoding="cp932")
    started = time.perf_counter()
    result = parse_facilities(data)
    elapsed = time.perf_counter() - started
    assert result.rows == 10_000 and len(result.places) == 10_000 and result.rejections == []
    assert result.places[-1].source_row == 10_001
    assert all(p.hours_understood for p in result.places[:50])
    assert elapsed < 20, elapsed
