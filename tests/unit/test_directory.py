"""The member directory on SQLite and PostgreSQL: import, search, export, and bad input.

Municipality codes and reference points come from booths/data (CC0, code4fukui/localgovjp);
the open-data file is Yaizu City's 公共施設一覧 (CC BY 4.0, 「焼津市オープンデータ」(焼津市)).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from booths.municipalities import load_municipalities
from booths.search import ServiceQuery, km_between
from rooms.jst import JST
from server.store.directory_import import ImportRefused, run_import
from server.store.directory import DirectoryStore, StrictImportFailed

FIXTURES = Path(__file__).parent.parent / "fixtures" / "opendata"
KAWAGOE, CHICHIBU, CHIYODA = "112011", "112071", "131016"


def _near(code: str, dlat: float = 0.004, dlon: float = 0.003) -> tuple[float, float]:
    m = load_municipalities()[code]
    return m.lat + dlat, m.lon + dlon


_STREET = {"address_1": "連雀町1-2-3 ひだまり荘201", "city": "川越市", "state_province": "埼玉県",
           "postal_code": "350-0066", "country": "JP"}


def _org(oid: str, code: str, services: list[dict], precision: str = "exact", address: dict | None = None,
         **extra) -> dict:
    lat, lon = _near(code)
    place = {"id": f"{oid}-loc", "name": "会場", "location_type": "physical", "latitude": lat,
             "longitude": lon, "x_coordinate_precision": precision, "x_municipality_code": code}
    if address is not None:
        place["addresses"] = [address]
    return {"id": oid, "name": f"{oid} テスト団体(架空)", "x_member_category": "npo", "x_municipality_code": code,
            "locations": [place],
            "services": [{**s, "service_at_locations": [{"location_id": f"{oid}-loc"}]} for s in services], **extra}


WEEKEND = [{"freq": "WEEKLY", "byday": "SA,SU", "opens_at": "13:00:00+09:00", "closes_at": "17:00:00+09:00"}]
WEEKDAY = [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "15:00:00+09:00", "closes_at": "19:00:00+09:00"}]


def _docs() -> list[dict]:
    return [
        _org("music", KAWAGOE, [{"id": "svc-music", "name": "週末バンド練習", "description": "ギターもドラムも貸します",
                                "minimum_age": 13, "maximum_age": 18, "x_kind": "activity", "schedules": WEEKEND,
                                "languages": [{"code": "ja"}, {"code": "en"}],
                                "attributes": [{"taxonomy_term_id": "interest.music"},
                                               {"taxonomy_term_id": "concern.school"}]}]),
        _org("forest", CHICHIBU, [{"id": "svc-forest", "name": "森のようちえん", "x_kind": "activity",
                                  "schedules": WEEKEND, "attributes": [{"taxonomy_term_id": "interest.nature"}]}]),
        _org("shelter", KAWAGOE, [{"id": "svc-shelter", "name": "夜の居場所", "x_kind": "居場所", "schedules": WEEKDAY,
                                   "attributes": [{"taxonomy_term_id": "concern.family"}]}], precision="hidden",
             address=_STREET),
        {"id": "online", "name": "オンライン相談(架空)", "x_member_category": "npo",
         "locations": [{"id": "online-loc", "name": "チャット", "location_type": "virtual", "url": "https://example.jp"}],
         "services": [{"id": "svc-chat", "name": "チャット相談", "x_kind": "consultation", "maximum_age": 29,
                       "service_at_locations": [{"location_id": "online-loc"}],
                       "attributes": [{"taxonomy_term_id": "concern.school"}]}]},
    ]


@pytest.fixture
async def store(database) -> DirectoryStore:
    s = DirectoryStore(database)
    await s.seed_vocabulary()
    report = await s.import_organizations(_docs())
    assert report.rejected == [] and report.services == 4
    return s


async def _names(store: DirectoryStore, **query) -> list[str]:
    page = await store.search(ServiceQuery(**query), 1, 50)
    return sorted(doc["name"] for doc in page.contents)


async def test_filters_combine_with_and(store):
    assert await _names(store, terms=("concern.school",)) == ["チャット相談", "週末バンド練習"]
    assert await _names(store, terms=("concern.school", "interest.music")) == ["週末バンド練習"]
    assert await _names(store, municipality=KAWAGOE) == ["夜の居場所", "週末バンド練習"]
    assert await _names(store, virtual=True) == ["チャット相談"]
    assert await _names(store, kind="activity", municipality=CHICHIBU) == ["森のようちえん"]
    assert await _names(store, language="en") == ["週末バンド練習"]


async def test_age_boundaries_are_inclusive(store):
    assert "週末バンド練習" in await _names(store, age=18)
    assert "週末バンド練習" not in await _names(store, age=19)
    assert "週末バンド練習" not in await _names(store, age=12)
    assert await _names(store, age=30) == ["夜の居場所", "森のようちえん"]  # no age limits stated


async def test_free_text_is_width_and_kana_folded(store):
    assert await _names(store, text="ギター") == ["週末バンド練習"]
    assert await _names(store, text="ぎたー") == ["週末バンド練習"]  # hiragana finds katakana
    assert await _names(store, text="ﾊﾞﾝﾄﾞ") == ["週末バンド練習"]  # half-width
    assert await _names(store, text="music") == ["週末バンド練習"]  # the English label of its term
    assert await _names(store, text="100%_") == []  # LIKE wildcards are literal


async def test_open_at_uses_schedules_and_hours_unknown_is_not_open(store):
    saturday = dt.datetime(2026, 12, 5, 14, 0, tzinfo=JST)
    assert await _names(store, open_at=saturday) == ["森のようちえん", "週末バンド練習"]
    wednesday_night = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)
    assert await _names(store, open_at=wednesday_night) == []
    assert await _names(store) == ["チャット相談", "夜の居場所", "森のようちえん", "週末バンド練習"]  # unknown hours still listed


async def test_near_a_municipality_within_km(store):
    places = load_municipalities()
    assert km_between((places[KAWAGOE].lat, places[KAWAGOE].lon), (places[CHICHIBU].lat, places[CHICHIBU].lon)) > 30
    near = await _names(store, near=KAWAGOE, within_km=5)
    assert "週末バンド練習" in near and "森のようちえん" not in near
    assert "チャット相談" in near  # online is near everyone
    assert "夜の居場所" in near  # a hidden place still counts, by its municipality's reference point
    assert "森のようちえん" in await _names(store, near=KAWAGOE, within_km=60)


async def test_a_hidden_place_never_shows_its_coordinates(store):
    doc = await store.service("svc-shelter")
    loc = doc["service_at_locations"][0]["location"]
    assert "latitude" not in loc and loc["x_coordinate_precision"] == "hidden"
    org = await store.organization("shelter")
    assert "latitude" not in json.dumps(org)


async def test_an_address_is_shown_only_as_precisely_as_the_place(store, database):
    shelter = json.dumps(await store.service("svc-shelter"), ensure_ascii=False)
    assert "連雀町" not in shelter and "350-0066" not in shelter and "ひだまり荘" not in shelter  # hidden: no address
    report = await store.import_organizations([
        _org("near", KAWAGOE, [{"id": "svc-near", "name": "駅の近く", "x_kind": "activity"}], precision="approximate",
             address=_STREET),
        _org("town", KAWAGOE, [{"id": "svc-town", "name": "町のどこか", "x_kind": "activity"}], precision="municipality",
             address=_STREET),
        _org("exact", KAWAGOE, [{"id": "svc-exact", "name": "公民館", "x_kind": "activity"}], address=_STREET)])
    assert report.rejected == []
    for sid in ("svc-near", "svc-town"):
        loc = (await store.service(sid))["service_at_locations"][0]["location"]
        assert loc["addresses"] == [{"city": "川越市", "state_province": "埼玉県", "country": "JP"}]
    exact = (await store.service("svc-exact"))["service_at_locations"][0]["location"]
    assert exact["addresses"][0]["address_1"] == _STREET["address_1"]


async def test_bad_documents_cost_only_themselves(database):
    store = DirectoryStore(database)
    await store.seed_vocabulary()
    good = _docs()[0]
    docs = [
        "not an object",
        {"id": "no-name"},
        {"id": "bad id with spaces", "name": "x"},
        {**_org("dup", KAWAGOE, [{"id": "svc-a", "name": "A"}, {"id": "svc-a", "name": "A again"}])},
        {**_org("dup", KAWAGOE, [])},  # the same organization id twice
        _org("paris", KAWAGOE, [{"id": "svc-p", "name": "<script>alert(1)</script>",
                                 "attributes": [{"taxonomy_term_id": "interest.knitting"}],
                                 "minimum_age": -3, "schedules": [{"freq": "DAILY"}]}]),
        good,
    ]
    docs[5]["locations"][0].update({"latitude": 48.85, "longitude": 2.35})
    report = await store.import_organizations(docs)
    codes = sorted({p.code for p in report.rejected})
    assert codes == ["bad_age", "bad_id", "bad_schedule", "duplicate_id", "missing_name", "not_object",
                     "outside_japan", "unknown_term"]
    assert report.committed and report.organizations == 3
    svc = await store.service("svc-p")
    assert svc["name"] == "<script>alert(1)</script>"  # kept as text; escaping is the display's job
    assert svc["attributes"] == [] and "minimum_age" not in svc
    assert "latitude" not in svc["service_at_locations"][0]["location"]
    assert (await store.service("svc-music"))["name"] == "週末バンド練習"


async def test_strict_import_is_all_or_nothing(database):
    store = DirectoryStore(database)
    await store.seed_vocabulary()
    bad = _org("bad", KAWAGOE, [{"id": "svc-bad", "name": "x", "attributes": [{"taxonomy_term_id": "nope.x"}]}])
    with pytest.raises(StrictImportFailed) as caught:
        await store.import_organizations([_docs()[0], bad], strict=True)
    assert not caught.value.report.committed
    assert (await store.search(ServiceQuery(), 1, 10)).total_items == 0


async def test_export_then_import_gives_the_same_directory(store, database):
    exported = [doc async for doc in store.export_documents()]
    assert len(exported) == 4
    await store.import_organizations(exported)  # re-import replaces, never duplicates
    again = [doc async for doc in store.export_documents()]
    assert again == exported
    assert (await store.search(ServiceQuery(), 1, 50)).total_items == 4


async def test_yaizu_facilities_import_with_a_report(database):
    store = DirectoryStore(database)
    await store.seed_vocabulary()
    data = (FIXTURES / "yaizu_public_facility.sjis.csv").read_bytes()
    report = await run_import(store, data, "ods-facility", source="yaizu")
    assert not isinstance(report, ImportRefused) and report.committed
    assert report.services == 230
    page = await store.search(ServiceQuery(text="親子ふれあい広場"), 1, 5)
    doc = page.contents[0]
    assert doc["schedules"] and doc["service_at_locations"][0]["location"]["latitude"] == pytest.approx(34.8631, abs=1e-3)
    tuesday = dt.datetime(2026, 12, 1, 10, 0, tzinfo=JST)
    assert doc["name"] not in [d["name"] for d in (await store.search(ServiceQuery(open_at=tuesday), 1, 200)).contents]
    refused = await run_import(store, b"\x00\x01garbage\xff", "ods-facility")
    assert isinstance(refused, ImportRefused)
    refused = await run_import(store, b"{not json", "hsds")
    assert isinstance(refused, ImportRefused) and refused.code == "bad_json"


async def test_ten_thousand_services_import_in_batches_with_progress(database):
    store = DirectoryStore(database)
    await store.seed_vocabulary()
    docs = (_org(f"o{i}", KAWAGOE, [{"id": f"s{i}-{j}", "name": f"活動 {i}-{j}"} for j in range(10)])
            for i in range(1000))  # a generator: the store never needs the whole list
    seen: list[int] = []
    report = await store.import_organizations(docs, progress=seen.append)
    assert report.services == 10_000 and report.rejected == []
    assert seen and seen == sorted(seen) and seen[-1] <= 1000
    assert (await store.search(ServiceQuery(municipality=KAWAGOE), 1, 1)).total_items == 10_000
