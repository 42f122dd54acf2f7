"""The directory over HTTP on a real server: import as an admin, search, map, and refusals.

The open-data file is Yaizu City's 公共施設一覧 (CC BY 4.0, 「焼津市オープンデータ」(焼津市)).
"""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from tests.support.api import call
from tests.support.nodes import module_server

ADMIN = "admin-secret-for-directory-tests"
HOST = "host-secret-for-directory-tests"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "opendata"


# One node for the module: every test only reads, or is refused (the last checks nothing changed).
directory_node = module_server({"STATIC_TOKENS": f"admin:{ADMIN},host:{HOST}"})


@pytest.fixture(scope="module")
def directory(directory_node):
    server = directory_node
    server.demo_services = call(server.http, "/hsds/services?per_page=1")[1]["total_items"]  # the demo festival's
    data = (FIXTURES / "yaizu_public_facility.csv").read_bytes()
    status, report, _ = call(server.http, "/api/directory/import?format=ods-facility", data, ADMIN)
    assert status == 200 and report["committed"] and report["services"] == 230
    hsds = [{"id": "kawagoe-npo", "name": "川越ユースミュージック(架空)", "x_member_category": "npo",
             "x_municipality_code": "112011",
             "locations": [{"id": "kw-loc", "name": "スタジオ", "latitude": 35.93, "longitude": 139.49,
                            "x_coordinate_precision": "approximate", "x_municipality_code": "112011"}],
             "services": [{"id": "kw-band", "name": "週末バンド", "maximum_age": 18, "x_kind": "activity",
                           "description": "<b>初心者歓迎</b>",
                           "attributes": [{"taxonomy_term_id": "interest.music"}],
                           "schedules": [{"freq": "WEEKLY", "byday": "SA", "opens_at": "13:00:00+09:00",
                                          "closes_at": "17:00:00+09:00"}],
                           "service_at_locations": [{"location_id": "kw-loc"}]}]}]
    status, report, _ = call(server.http, "/api/directory/import?format=hsds", json.dumps(hsds).encode(), ADMIN)
    assert status == 200 and report["services"] == 1 and report["rejected"] == []
    return server


def test_services_are_paged_like_hsds_and_filtered(directory):
    status, page, _ = call(directory.http, "/hsds/services?per_page=10&page=2")
    total = directory.demo_services + 231
    assert status == 200
    assert page["total_items"] == total and page["size"] == 10 and page["page_number"] == 2
    assert page["total_pages"] == -(-total // 10) and not page["first_page"] and len(page["contents"]) == 10
    status, page, _ = call(directory.http, "/hsds/services?municipality=222127&per_page=200&page=2")
    assert page["total_items"] == 230 and len(page["contents"]) == 30 and page["last_page"]
    q = urllib.parse.urlencode({"interest": "music", "age": 18, "open_at": "2026-12-05T14:00:00+09:00",
                                "organization_id": "kawagoe-npo"})
    status, page, _ = call(directory.http, f"/hsds/services?{q}")
    assert [s["name"] for s in page["contents"]] == ["週末バンド"]
    status, page, _ = call(directory.http, "/hsds/services?interest=music&age=19&organization_id=kawagoe-npo")
    assert page["total_items"] == 0
    status, doc, _ = call(directory.http, "/hsds/services/kw-band")
    assert doc["description"] == "<b>初心者歓迎</b>"  # stored as text; the clients escape it
    assert doc["organization"]["name"] == "川越ユースミュージック(架空)"
    loc = doc["service_at_locations"][0]["location"]
    assert (loc["latitude"], loc["longitude"]) == (35.93, 139.49)  # already on the ~500 m grid


def test_organizations_and_terms(directory):
    status, page, _ = call(directory.http, "/hsds/organizations?municipality=112011&per_page=200")
    assert status == 200 and "kawagoe-npo" in [o["id"] for o in page["contents"]]
    assert {o["x_municipality_code"] for o in page["contents"]} == {"112011"}
    status, org, _ = call(directory.http, "/hsds/organizations/kawagoe-npo")
    assert org["services"] == [{"id": "kw-band", "name": "週末バンド", "status": "active"}]
    status, terms, _ = call(directory.http, "/hsds/taxonomy_terms?taxonomy_id=concern&per_page=200")
    names = {t["name"] for t in terms["contents"]}
    assert {"学校", "家族", "友人", "自分のこと", "生活・お金", "仕事", "性・ジェンダー", "外国語"} <= names
    status, info, _ = call(directory.http, "/hsds/")
    assert info["version"].startswith("3.")


def test_the_map_is_geojson_with_longitude_first(directory):
    status, fc, ctype = call(directory.http, "/api/map.geojson?municipality=222127")
    assert status == 200 and ctype.startswith("application/geo+json")
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) > 100
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert 138.0 < lon < 138.5 and 34.7 < lat < 35.0  # Yaizu: [lon, lat], not swapped


@pytest.mark.parametrize("query, detail", [
    ("age=abc", "age"), ("age=200", "age"), ("concern=knitting", "concern"), ("near=99", "near"),
    ("near=999999", "near"), ("within_km=nan", "within_km"), ("within_km=-1", "within_km"),
    ("open_at=tomorrow", "open_at"), ("virtual=maybe", "virtual"), ("kind=party", "kind"),
    ("per_page=0", "per_page"), ("page=-1", "page"), ("q=" + "あ" * 201, "q"),
])
def test_bad_parameters_get_a_400_naming_them(directory, query, detail):
    status, body, _ = call(directory.http, "/hsds/services?" + urllib.parse.quote(query, safe="=&"))
    assert status == 400 and body["error"]["code"] == "bad_query" and detail in body["error"]["detail"]
    status, body, _ = call(directory.http, "/hsds/services?" + urllib.parse.quote(query, safe="=&"), lang="en")
    assert body["error"]["message"].startswith("A search parameter")


@pytest.mark.parametrize("path", ["/hsds/services?search=band", "/hsds/services?q=band&serch=x",
                                  "/hsds/organizations?name=x", "/hsds/taxonomy_terms?taxonomy=concern",
                                  "/api/map.geojson?type=event"])
def test_unknown_parameters_are_refused_with_the_known_ones(directory, path):
    """A misspelt filter must not answer "everything": 400 bad_query, naming it and listing what exists."""
    status, body, _ = call(directory.http, path)
    assert status == 400 and body["error"]["code"] == "bad_query"
    detail = body["error"]["detail"]
    assert "unknown parameter" in detail and "known: " in detail
    wrong = [p.split("=")[0] for p in path.split("?")[1].split("&")][-1]
    assert repr(wrong) in detail
    known = detail.split("known: ")[1].split(", ")
    assert "page" in known or "q" in known
    if path.startswith("/hsds/services"):
        assert {"q", "concern", "open_at", "near", "page", "per_page"} <= set(known)


def test_unknown_ids_are_404(directory):
    assert call(directory.http, "/hsds/services/nope")[0] == 404
    assert call(directory.http, "/hsds/organizations/nope")[0] == 404


def test_only_an_admin_imports_and_bad_files_change_nothing(directory):
    hsds = json.dumps([{"id": "x-org", "name": "X(架空)"}]).encode()
    assert call(directory.http, "/api/directory/import?format=hsds", hsds)[0] == 401
    assert call(directory.http, "/api/directory/import?format=hsds", hsds, HOST)[0] == 403
    assert call(directory.http, "/api/directory/import?format=hsds", hsds, "forged-" + ADMIN)[0] == 401
    status, body, _ = call(directory.http, "/api/directory/import?format=csv", hsds, ADMIN)
    assert status == 400 and "format" in body["error"]["detail"]
    status, body, _ = call(directory.http, "/api/directory/import?format=hsds", b"\xff\xfe garbage", ADMIN)
    assert status == 422 and body["error"]["code"] == "bad_encoding"
    status, body, _ = call(directory.http, "/api/directory/import?format=ods-facility", b"\x00\x01PK\x03\x04\xff", ADMIN)
    assert status == 422 and body["error"]["code"] == "bad_file"  # e.g. an .xlsx sent as CSV
    strict = json.dumps([{"id": "y-org", "name": "Y(架空)", "services": [
        {"id": "y-svc", "name": "Y", "attributes": [{"taxonomy_term_id": "interest.knitting"}]}]}]).encode()
    status, body, _ = call(directory.http, "/api/directory/import?format=hsds&strict=true", strict, ADMIN)
    assert status == 422 and not body["committed"] and body["rejected"][0]["code"] == "unknown_term"
    assert call(directory.http, "/hsds/organizations/y-org")[0] == 404  # strict: nothing was kept
    assert call(directory.http, "/hsds/services?per_page=1")[1]["total_items"] == directory.demo_services + 231
