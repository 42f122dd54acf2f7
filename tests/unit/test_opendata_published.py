"""The newer 56-column 公共施設一覧 as two publishers really wrote it (issue 14).

Fixtures (tests/fixtures/opendata/README.md): slices of 石川県's list (Shift_JIS, the 56 columns) and
野々市市's list (UTF-8 with BOM, a CKAN datastore export with its `_id` column first), rows and header
unchanged. The reader's rules were written before these files were seen; every assertion says what a
visitor or a secretariat member would see.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from booths import schedule
from booths.opendata import LAYOUTS, parse_facilities
from booths.opendata_fields import ACCESSIBILITY_COLUMNS
from booths.opendata_layouts import _ALIASES, _header_key
from rooms.jst import JST
from server.store.directory_import import open_data_documents

FIX = Path(__file__).parent.parent / "fixtures" / "opendata"
ISHIKAWA = FIX / "ishikawa_public_facility.sjis.csv"
NONOICHI = FIX / "nonoichi_public_facility.csv"


def open_at(place, when: str) -> bool | None:
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=JST)
    return schedule.is_open_at([schedule.from_hsds(s) for s in place.schedules], moment)


def places(path: Path) -> dict:
    return {p.name: p for p in parse_facilities(path.read_bytes()).places}


def header(path: Path, encoding: str) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))


# ---------------------------------------------------------------- the columns, checked against the files
def test_our_column_names_are_the_published_ones():
    published = header(ISHIKAWA, "cp932")
    assert len(published) == 56
    # the 有/無 columns, in the order both publishers give them, between 説明 and URL
    assert tuple(published[published.index("説明") + 1:published.index("URL")]) == ACCESSIBILITY_COLUMNS
    known = set(LAYOUTS["facility-new"]) | set(ACCESSIBILITY_COLUMNS)
    assert {_ALIASES.get(k, k) for k in map(_header_key, published)} - known == set()  # 利用可能時間特記事項 is an alias
    nonoichi = header(NONOICHI, "utf-8-sig")
    assert nonoichi[0] == "_id" and nonoichi[1:] == published  # the same 56 columns behind CKAN's row number


# ---------------------------------------------------------------- 石川県: Shift_JIS, 36 rows
def test_every_row_of_the_prefectures_list_is_read():
    result = parse_facilities(ISHIKAWA.read_bytes())
    assert (result.layout, result.encoding, result.rows, len(result.places)) == ("facility-new", "cp932", 36, 36)
    park = result.places[0]
    assert (park.name, park.x_source_id, park.x_name_en) == ("石川県湖南運動公園", "AA0000000001",
                                                              "Ishikawa Prefecture Konan Sports Park")
    assert park.address["address_1"] == "石川県金沢市八田町西1番地" and park.address["state_province"] == "石川県"
    assert park.organization_name == "一般財団法人石川県県民ふれあい公社" and park.phone == "(076)268-6222"
    # 法人番号 saved by a spreadsheet as 5.22001E+12 is not a number anyone can use: reported, not kept
    mangled = [r for r in result.rejections if (r.field, r.code) == ("法人番号", "mangled_number")]
    assert len(mangled) == 32 and park.x_corporate_number is None


def test_accessibility_answers_as_the_prefecture_wrote_them():
    by_name = places(ISHIKAWA)
    museum = by_name["海洋漁業科学館"]
    assert len(museum.accessibility_flags) == 17
    assert museum.accessibility_flags["車椅子可"] is True  # 可
    assert museum.accessibility_flags["飲食可否"] is False  # 否: no eating inside, not "unknown"
    assert museum.accessibility_flags["おむつ替えコーナー"] is True and museum.accessibility_flags["授乳室"] is False
    assert by_name["サッカー・ラグビー競技場"].accessibility_flags["車椅子可"] is False  # 否
    # one cell for three things: there is a slope, so the column answers yes, in the publisher's words
    sumo = by_name["卯辰山相撲場"]
    assert sumo.accessibility_flags["スロープ、エレベータ、エスカレータ"] is True
    assert by_name["石川県立能登少年自然の家"].accessibility_flags["スロープ、エレベータ、エスカレータ"] is False  # 「エスカレータは無」
    assert by_name["石川県立白山青年の家"].accessibility_flags["スロープ、エレベータ、エスカレータ"] is True  # 「エレベータ有」
    org = next(o for o in open_data_documents(parse_facilities(ISHIKAWA.read_bytes()), "test")
               if any(s["name"] == "卯辰山相撲場" for s in o["services"]))
    loc = next(loc for loc in org["locations"] if loc["name"] == "卯辰山相撲場")
    assert {"description": "スロープ、エレベータ、エスカレータ",
            "details": "スロープ有、エレベータ無、エスカレータ無"} in loc["accessibility"]
    assert loc["x_accessibility"]["オストメイト対応トイレ"] is False


def test_hours_in_the_time_columns_that_are_not_a_time_are_kept_not_lost():
    courts = places(ISHIKAWA)["西部緑地公園テニスコート"]  # 開始時間 「4/1～10/31  6:00   11/1～3/31 8:30」, 終了時間 「日没まで」
    assert courts.hours_uncertain and not courts.hours_understood
    assert courts.hours_kept == ["開始時間: 4/1～10/31  6:00   11/1～3/31 8:30", "終了時間: 日没まで"]
    assert open_at(courts, "2026-12-06T10:00") is None  # never said open or closed on a guess
    svc = next(s for o in open_data_documents(parse_facilities(ISHIKAWA.read_bytes()), "test")
               for s in o["services"] if s["name"] == "西部緑地公園テニスコート")
    assert svc["x_hours_uncertain"] is True and "終了時間: 日没まで" in svc["x_hours_unparsed"]


def test_a_note_written_as_a_bulleted_list_is_read_item_by_item():
    # 月水木金土日 9:00–17:00 + 「・火曜日が祝日の場合は営業（その場合、翌日が休業日となる）
    #   ・12月29日～1月3日は終日利用不可・6月～9月の土日及び祝日は8時～18時営業」
    marina = places(ISHIKAWA)["滝港マリーナ"]
    assert open_at(marina, "2026-12-30T12:00") is False  # the year-end closure is not swallowed by the first item
    assert open_at(marina, "2026-12-08T12:00") is False  # an ordinary Tuesday
    assert open_at(marina, "2026-11-03T12:00") is True  # a Tuesday that is 文化の日: open…
    assert open_at(marina, "2026-11-04T12:00") is False  # …and closed the day after
    assert open_at(marina, "2026-12-05T16:30") is True and open_at(marina, "2026-12-05T17:30") is False
    # the summer weekend hours are not understood: unknown in June–September only, word for word
    assert marina.hours_kept == ["6月～9月の土日及び祝日は8時～18時営業"]
    assert open_at(marina, "2026-07-04T17:30") is None


def test_a_url_that_lost_its_colon_is_repaired_and_reported():
    result = parse_facilities(ISHIKAWA.read_bytes())
    house = next(p for p in result.places if p.name == "石川県立能登少年自然の家")
    assert house.url == "http://www.ishikawa-shizen.jp/noto/top.html"  # published as 「http//www.…」
    assert any((r.row, r.field, r.code) == (house.source_row, "URL", "repaired_url") for r in result.rejections)


# ---------------------------------------------------------------- 野々市市: UTF-8 with BOM, CKAN's `_id` first
def test_every_row_of_the_citys_list_is_read_and_the_row_number_is_no_answer():
    result = parse_facilities(NONOICHI.read_bytes())
    assert (result.layout, result.encoding, len(result.places)) == ("facility-new", "utf-8-sig", 33)
    first = result.places[0]
    assert (first.name, first.x_source_id) == ("新庄東公園", "NN0000017181")
    assert first.accessibility_flags == {}  # `_id` 1 is CKAN's row number, not 有
    assert not any("_id" in p.accessibility_flags for p in result.places)


def test_the_citys_accessibility_answers():
    by_name = places(NONOICHI)
    assert by_name["学びの杜ののいち カレード"].accessibility_flags == dict.fromkeys(
        ["車椅子可", "車椅子貸出", "バリアフリートイレ", "スロープ、エレベータ、エスカレータ", "点字ブロック等の移動支援",
         "盲導犬・介助犬、聴導犬同伴", "優先駐車場", "授乳室", "おむつ替えコーナー", "飲食可否", "ベビーカー貸出",
         "ベビーカー利用"], True)  # 盲導犬… 「可」, 飲食可否 「可」, the rest 「有」; empty cells say nothing
    assert by_name["野々市中央公園"].accessibility_flags == {
        "バリアフリートイレ": True, "スロープ、エレベータ、エスカレータ": True, "優先駐車場": True}


def test_the_citys_hours_notes_on_real_days():
    by_name = places(NONOICHI)
    pool = by_name["野々市市スポーツランド（プール）"]  # 月水木金土日 10–21 + 日曜、祝日は17:00まで, 12/27–1/5 closed
    assert open_at(pool, "2026-12-06T10:00") is True and open_at(pool, "2026-12-06T19:00") is False
    assert open_at(pool, "2026-12-08T10:00") is False  # Tuesday
    assert open_at(pool, "2026-11-23T10:00") is True  # 勤労感謝の日, holiday hours
    assert open_at(pool, "2027-01-05T10:00") is False and open_at(pool, "2027-01-06T10:00") is True
    centre = by_name["学びの杜ののいち カレード"]  # 月火木金土日 9–22 + 「祝日、12月28日から１月４日は利用不可。」
    assert open_at(centre, "2026-12-06T19:00") is True and open_at(centre, "2026-12-09T12:00") is False
    assert open_at(centre, "2026-11-23T10:00") is False and open_at(centre, "2026-12-30T12:00") is False
    # 「予約状況により、19時、20時または21時に閉館」: the closing time really is unknown
    hall = by_name["野々市市富奥公民館"]
    assert hall.hours_uncertain and open_at(hall, "2026-12-08T20:30") is None
    gym = by_name["野々市市民体育館"]  # 「月曜日（祝日にあたる場合はその翌日）は13:00から22:00まで」 is not read
    assert gym.hours_kept == ["月曜日（祝日にあたる場合はその翌日）は13:00から22:00まで"]
    assert open_at(gym, "2026-12-07T10:00") is None  # not "open" on a Monday morning
