"""Open data and HSDS read faithfully, over HTTP on a real node (issue 14): what an admin imports, a visitor sees.

Fixtures: tests/fixtures/opendata/takamatsu_facilities.csv (「高松市オープンデータ」(高松市), CC BY 4.0),
registry_events.csv (built from the column list; made-up events), tests/fixtures/hsds/ (Open Referral's
examples, CC BY-SA 4.0). See the READMEs there.
"""
from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from tests.support.api import call
from tests.support.nodes import module_server

ADMIN = "admin-secret-for-opendata-tests"
FIX = Path(__file__).parent.parent / "fixtures"
TAKAMATSU = "372013"

opendata_node = module_server({"STATIC_TOKENS": f"admin:{ADMIN}"})


@pytest.fixture(scope="module")
def node(opendata_node):
    data = (FIX / "opendata" / "takamatsu_facilities.csv").read_bytes()
    status, report, _ = call(opendata_node.http, "/api/directory/import?format=ods-facility", data, ADMIN)
    assert status == 200 and report["committed"] and report["services"] == 56
    assert {"split_phone", "repaired_url"} <= {p["code"] for p in report["rejected"]}  # repaired, and said so
    return opendata_node


def names_open_at(node, when: str) -> set[str]:
    q = urllib.parse.urlencode({"municipality": TAKAMATSU, "open_at": when, "per_page": 100})
    status, page, _ = call(node.http, f"/hsds/services?{q}")
    assert status == 200
    return {s["name"] for s in page["contents"]}


def test_open_at_follows_the_notes(node):
    assert "高松市中央図書館" in names_open_at(node, "2026-12-04T18:30:00+09:00")  # Friday: until 19:00
    assert "高松市中央図書館" not in names_open_at(node, "2026-12-05T18:30:00+09:00")  # 土日祝は17:00まで
    assert "高松市中央図書館" not in names_open_at(node, "2026-12-31T12:00:00+09:00")  # 12/29～1/3休館
    assert "高松市中央図書館" in names_open_at(node, "2026-11-23T12:00:00+09:00")  # a holiday Monday: open
    assert "高松市中央図書館" not in names_open_at(node, "2026-11-24T12:00:00+09:00")  # …closed the day after
    assert "高松市亀水運動センター" not in names_open_at(node, "2026-12-07T12:00:00+09:00")  # summer only
    assert "高松市亀水運動センター" in names_open_at(node, "2026-08-03T12:00:00+09:00")


def test_uncertain_hours_are_flagged_and_never_listed_as_open(node):
    assert "高松市中央図書館" not in names_open_at(node, "2026-09-10T12:00:00+09:00")  # 資料特別整理期間 (9月)
    q = urllib.parse.urlencode({"municipality": TAKAMATSU, "q": "中央図書館"})
    status, page, _ = call(node.http, f"/hsds/services?{q}")
    (lib,) = page["contents"]
    status, doc, _ = call(node.http, f"/hsds/services/{lib['id']}")
    assert doc["x_hours_uncertain"] is True
    assert doc["x_hours_unparsed"] == ["資料特別整理期間（9月中の7日間程度）休館"]
    assert doc["x_hours_notes"].startswith("土日祝は17：00まで。12/28")  # the note as published, word for word


def test_the_base_registry_event_layout_imports_as_events(node):
    data = (FIX / "opendata" / "registry_events.csv").read_bytes()
    status, report, _ = call(node.http, "/api/directory/import?format=ods-event", data, ADMIN)
    assert status == 200 and report["committed"] and report["services"] == 2
    status, page, _ = call(node.http, "/hsds/services?municipality=112089&kind=event")
    assert {s["name"] for s in page["contents"]} >= {"中高生のためのボードゲーム会", "冬休み子ども工作教室"}
    status, report, _ = call(node.http, "/api/directory/import?format=ods-facility", data, ADMIN)
    assert status == 422 and "event" in report["error"]["detail"]  # the wrong list type is named


def test_the_hsds_specifications_full_example_imports_with_its_location_and_term(node):
    data = (FIX / "hsds" / "openreferral_organization_full.json").read_bytes()
    status, report, _ = call(node.http, "/api/directory/import?format=hsds", data, ADMIN)
    assert status == 200 and report["committed"] and report["services"] == 1
    assert [p["code"] for p in report["rejected"]] == ["outside_japan"]  # its point is not in Japan
    status, doc, _ = call(node.http, "/hsds/services/ac148810-d857-441c-9679-408f346de14b")
    assert doc["service_at_locations"][0]["location_id"] == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    assert doc["schedules"][0]["until"] == "2005-01-01" and doc["x_hours_uncertain"] is True
    assert doc["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["name"] == "name"
