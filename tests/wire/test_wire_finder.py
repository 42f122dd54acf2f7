"""The public finder's HTTP side on a real node: consultation windows, the municipality table, the map's
tile settings and their Content-Security-Policy, and the precision rule on the map's points."""
from __future__ import annotations

import urllib.request

import pytest

from tests.support.api import call
from tests.support.finder import (APPROXIMATE_SHOWN, EXACT, HIDDEN_NAME, HIDDEN_POINT, MATSUMOTO, MATSUMOTO_POINT,
                                  TOKENS, import_finder_documents)
from tests.support.nodes import module_server

MONDAY_10 = "2026-12-07T10:00:00%2B09:00"
SUNDAY_10 = "2026-12-06T10:00:00%2B09:00"

finder_node = module_server(TOKENS)  # every test only reads after the one import


@pytest.fixture(scope="module")
def finder(finder_node):
    import_finder_documents(finder_node.http)
    return finder_node


def _windows(base: str, query: str) -> list[dict]:
    status, body, _ = call(base, f"/api/consult?{query}")
    assert status == 200, body
    return body["windows"]


def test_national_and_local_windows_together_open_now_first(finder):
    windows = _windows(finder.http, f"municipality={MATSUMOTO}&open_at={MONDAY_10}")
    names = [w["name"] for w in windows]
    scopes = {w["name"]: w["scope"] for w in windows}
    assert scopes["まつもと若者相談(架空)"] == "local" and scopes["県こころの電話(架空)"] == "local"  # its prefecture
    assert scopes["しおじり相談(架空)"] == "nearby" and scopes["よりそいホットライン"] == "national"
    assert "ながの窓口(架空)" not in names  # a physical window 48 km away
    assert "ながの市民LINE相談(架空)" not in names  # another city's residents' line
    ranks = [{True: 0, None: 1, False: 2}[w["open_now"]] for w in windows]
    assert ranks == sorted(ranks)  # open now first
    open_now = [w for w in windows if w["open_now"] is True]
    assert [w["scope"] for w in open_now][:3] == ["local", "local", "nearby"]
    nearby = next(w for w in windows if w["scope"] == "nearby")
    assert 13 < nearby["distance_km"] < 15 and nearby["municipality"] == "長野県塩尻市"
    desk = next(w for w in windows if w["name"] == "まつもと若者相談(架空)")
    assert desk["phones"] == ["0263-00-0000"] and desk["hours"] == "平日 9時〜17時"
    assert desk["place"] == "ユース広場(架空)"  # an exact place: named (its address too, when it has one)
    sunday = _windows(finder.http, f"municipality={MATSUMOTO}&open_at={SUNDAY_10}")
    assert next(w for w in sunday if w["name"] == "まつもと若者相談(架空)")["open_now"] is False


def test_without_a_municipality_only_national_windows(finder):
    windows = _windows(finder.http, f"open_at={MONDAY_10}")
    assert windows and {w["scope"] for w in windows} == {"national"} and all(w["virtual"] for w in windows)


def test_worries_and_life_stage_narrow_the_windows(finder):
    names = [w["name"] for w in _windows(finder.http, f"municipality={MATSUMOTO}&concern=health")]
    assert "県こころの電話(架空)" in names and "まつもと若者相談(架空)" not in names  # it names only school
    assert "しおじり相談(架空)" in names  # names no worry: it takes any
    adults = [w["name"] for w in _windows(finder.http, "life_stage=40_plus")]
    assert "チャイルドライン" not in adults and "よりそいホットライン" in adults  # up to 18 / anyone


@pytest.mark.parametrize("query, detail", [
    ("municipality=999999", "municipality"), ("municipality=12", "municipality"), ("life_stage=baby", "life_stage"),
    ("life_stage=elementary,40_plus", "life_stage"), ("concern=knitting", "concern"), ("within_km=0", "within_km"),
    ("address=kawagoe", "address"),
])
def test_bad_consult_queries_are_refused_naming_the_parameter(finder, query, detail):
    status, body, _ = call(finder.http, f"/api/consult?{query}")
    assert status == 400 and body["error"]["code"] == "bad_query" and detail in body["error"]["detail"]


def test_the_municipality_table_for_the_picker(finder):
    status, body, _ = call(finder.http, "/api/municipalities")
    assert status == 200 and body["prefectures"][0] == "北海道" and len(body["prefectures"]) == 47
    rows = {r[0]: r for r in body["municipalities"]}
    assert len(rows) > 1700 and rows[MATSUMOTO][1:3] == ["長野県", "松本市"]


def test_the_map_keeps_each_places_precision(finder):
    status, fc, _ = call(finder.http, "/api/map.geojson?organization_id=fz-matsumoto")
    assert status == 200
    shown = {f["properties"]["location"]: tuple(reversed(f["geometry"]["coordinates"])) for f in fc["features"]}
    assert shown["ユース広場(架空)"] == EXACT
    assert shown["川べりの部屋(架空)"] == APPROXIMATE_SHOWN  # never the point the organisation entered
    assert shown["まちのどこか(架空)"] == MATSUMOTO_POINT  # the municipality's office, not its own point
    assert HIDDEN_NAME not in shown
    assert all(point != HIDDEN_POINT for point in shown.values())
    status, page, _ = call(finder.http, "/hsds/services?organization_id=fz-matsumoto&per_page=50")
    text = str(page)
    assert str(HIDDEN_POINT[0]) not in text and "36.23712" not in text  # nor through the search


def test_no_tile_source_by_default_and_images_only_from_here(finder):
    status, body, _ = call(finder.http, "/api/map/settings")
    assert status == 200 and body == {"tiles": None}
    with urllib.request.urlopen(finder.http + "/map", timeout=10) as r:
        csp = r.headers["Content-Security-Policy"]
        assert r.status == 200 and b"finder.js" in r.read()
    assert "img-src 'self' data:;" in csp


def test_a_tile_source_is_served_and_allowed_by_the_policy(server_factory):
    node = server_factory({"MAP_TILES_URL": "https://{s}.tiles.example.org/std/{z}/{x}/{y}.png",
                           "MAP_TILES_ATTRIBUTION": "地理院タイル（テスト）"})
    status, body, _ = call(node.http, "/api/map/settings")
    assert body["tiles"] == {"url": "https://{s}.tiles.example.org/std/{z}/{x}/{y}.png",
                             "attribution": "地理院タイル（テスト）", "max_zoom": 18}
    with urllib.request.urlopen(node.http + "/map", timeout=10) as r:
        assert "img-src 'self' data: https://*.tiles.example.org;" in r.headers["Content-Security-Policy"]
