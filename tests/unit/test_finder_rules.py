"""The consultation finder's rules (booths/consult.py) and the map's tile setting (server/http/map_tiles.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from booths.consult import fits, is_prefecture_code, windows
from booths.municipalities import load_municipalities
from server.config import ConfigError, load
from server.http.headers import content_security_policy
from server.http.map_tiles import tile_source

JST = dt.timezone(dt.timedelta(hours=9))
MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=JST)
HOURS = [{"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00:00+09:00", "closes_at": "12:00:00+09:00"}]


def svc(sid, **kw):
    return {"id": sid, "name": sid, "organization": {"name": "org"}, "x_kind": "consultation", **kw}


def test_order_is_open_now_then_local_nearby_national():
    docs = [svc("national-closed", x_virtual=True, schedules=[dict(HOURS[0], byday="TU")]),
            svc("national-unknown", x_virtual=True),
            svc("national-open", x_virtual=True, schedules=HOURS),
            svc("nearby-open", x_municipality_code="202151", latitude=36.115, longitude=137.9536, schedules=HOURS),
            svc("local-open", x_municipality_code="202029", schedules=HOURS),
            svc("far-open", x_municipality_code="202011", latitude=36.6486, longitude=138.1944, schedules=HOURS),
            svc("other-town-line", x_virtual=True, x_municipality_code="202011", schedules=HOURS),
            svc("pref-line", x_virtual=True, x_municipality_code="200000", schedules=HOURS)]
    shown = windows(docs, "202029", MONDAY_10, load_municipalities())
    assert [w.service_id for w in shown] == ["local-open", "pref-line", "nearby-open", "national-open",
                                             "national-unknown", "national-closed"]
    assert [w.open_now for w in shown][-2:] == [None, False]
    anywhere = windows(docs, None, MONDAY_10, load_municipalities())
    assert {w.scope for w in anywhere} == {"national"}


def test_a_service_area_makes_a_window_local():
    doc = svc("area", x_virtual=True, x_municipality_code="202011",
              service_areas=[{"x_municipality_codes": ["202029"]}])
    assert [w.scope for w in windows([doc], "202029", MONDAY_10, load_municipalities())] == ["local"]


@pytest.mark.parametrize("doc, stage, concerns, expected", [
    ({}, "life_stage.junior_high", ("concern.school",), True),  # names nothing: anyone, any worry
    ({"attributes": [{"taxonomy_term_id": "concern.money"}]}, None, ("concern.school",), False),
    ({"attributes": [{"taxonomy_term_id": "concern.money"}]}, None, ("concern.school", "concern.money"), True),
    ({"maximum_age": 18}, "life_stage.25_39", (), False),
    ({"minimum_age": 18}, "life_stage.18_24", (), True),
    ({"minimum_age": 18}, "life_stage.junior_high", (), False),
    ({"attributes": [{"taxonomy_term_id": "life_stage.18_24"}]}, "life_stage.25_39", (), False),
])
def test_life_stage_and_worries(doc, stage, concerns, expected):
    assert fits(doc, stage, concerns) is expected


def test_prefecture_codes():
    assert is_prefecture_code("110001") and is_prefecture_code("200000") and not is_prefecture_code("202029")


def test_no_tiles_by_default_and_the_policy_names_only_the_configured_origin():
    assert tile_source("", "", 18) is None
    source = tile_source("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png", "地理院タイル", 18)
    assert source.origin == "https://cyberjapandata.gsi.go.jp"
    assert "img-src 'self' data: https://cyberjapandata.gsi.go.jp;" in content_security_policy("h", source.origin)
    assert tile_source("http://127.0.0.1:9/{z}/{x}/{y}.png", "local", 19).origin == "http://127.0.0.1:9"


@pytest.mark.parametrize("env, word", [
    ({"MAP_TILES_URL": "ftp://tiles/{z}/{x}/{y}.png", "MAP_TILES_ATTRIBUTION": "x"}, "http(s)"),
    ({"MAP_TILES_URL": "https://tiles.example/{z}/{x}.png", "MAP_TILES_ATTRIBUTION": "x"}, "{y}"),
    ({"MAP_TILES_URL": "https://tiles.example/{z}/{x}/{y}.png"}, "MAP_TILES_ATTRIBUTION"),
    ({"MAP_TILES_URL": "https://a;b.example/{z}/{x}/{y}.png", "MAP_TILES_ATTRIBUTION": "x"}, "host"),
    ({"MAP_TILES_URL": "https://t.example/{z}/{x}/{y}.png", "MAP_TILES_ATTRIBUTION": "x", "MAP_TILES_MAX_ZOOM": "30"},
     "MAX_ZOOM"),
])
def test_a_tile_setting_that_cannot_be_used_stops_the_node_with_its_name(env, word):
    with pytest.raises(ConfigError, match=word.replace("(", r"\(").replace(")", r"\)").replace("{", r"\{").replace("}", r"\}")):
        load(env)


def test_a_place_is_named_only_where_the_map_shows_it_and_its_street_only_when_exact():
    def at(precision, **loc):
        return svc(precision, x_municipality_code="202029", service_at_locations=[{"location": {
            "name": f"{precision}の部屋", "x_coordinate_precision": precision,
            "addresses": [{"address_1": "中央1-1", "city": "松本市"}], **loc}}])
    docs = [at("exact", latitude=36.23, longitude=137.97), at("approximate", latitude=36.235, longitude=137.965),
            at("municipality"), at("hidden")]
    shown = {w.service_id: (w.place, w.address) for w in windows(docs, "202029", MONDAY_10, load_municipalities())}
    assert shown == {"exact": ("exactの部屋", "中央1-1"), "approximate": ("approximateの部屋", None),
                     "municipality": (None, None), "hidden": (None, None)}
