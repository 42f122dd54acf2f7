"""「きょう・今週」 on a 360×640 phone: what is on now at the festival (a booth's live session) and near home
(an event in the municipality the visitor picks), the way into the booth, and an event's public page
with its JSON-LD. Screenshots: docs/screenshots/whatson-phone.png, event-page-phone.png.

The sessions and the event run every day from 00:00 to midnight, so they are on "now" whenever the
test runs (no clock is faked).
"""
from __future__ import annotations

import json

import pytest

from tests.support.api import call, call_put
from tests.support.browser import PHONE, SHOTS, T, Visitor
from tests.support.nodes import module_server

ADMIN = "admin-secret-for-whatson-tests"
ALL_DAY = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00:00+09:00", "closes_at": "23:59:00+09:00"}
NEAR = {"id": "sapporo-events", "name": "札幌ユースクラブ(架空)", "x_member_category": "npo", "x_municipality_code": "011002",
        "locations": [{"id": "sp-hall", "name": "ユースホール(架空)", "x_coordinate_precision": "municipality",
                       "x_municipality_code": "011002"}],
        "services": [{"id": "sp-games", "name": "ボードゲームの日", "x_kind": "event", "schedules": [ALL_DAY],
                      "service_at_locations": [{"location_id": "sp-hall"}]}]}

whatson_node = module_server({"STATIC_TOKENS": f"admin:{ADMIN}"})


@pytest.fixture(scope="module")
def node(whatson_node):
    status, report, _ = call(whatson_node.http, "/api/directory/import?format=hsds", json.dumps([NEAR]).encode(), ADMIN)
    assert status == 200 and report["rejected"] == []
    live = {"live_sessions": [{**ALL_DAY, "description": "森ラジオ"}]}
    assert call_put(whatson_node.http, "/api/booths/chichibu-nature", json.dumps(live).encode(), ADMIN)[0] == 200
    return whatson_node


def test_today_and_this_week_on_a_phone(browser, node):
    from playwright.sync_api import expect

    v = Visitor(browser, node.http, "phone", PHONE)
    try:
        v.enter("ゆう")
        page = v.page
        page.click("#whatson-open")
        festival = page.locator("#whatson-festival .whatson-item").first
        expect(festival).to_contain_text("いま", timeout=T)
        expect(festival).to_contain_text("秩父の森あそび")
        expect(page.locator("#whatson-near-hint")).to_contain_text("市区町村をえらぶと")
        page.select_option("#whatson-pref", "北海道")
        page.select_option("#whatson-city", "011002")
        near = page.locator("#whatson-near .whatson-item")
        expect(near).to_have_count(1, timeout=T)
        expect(near.first).to_contain_text("ボードゲームの日")
        expect(near.first).to_contain_text("きょう 00:00〜24:00")
        box = page.locator("#whatson-dialog").bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]  # fits the phone, no sideways scrolling
        page.screenshot(path=str(SHOTS / "whatson-phone.png"))
        expect(festival).to_contain_text("森ラジオ")  # the session's own words
        page.locator("#whatson-festival .whatson-item button").first.click()
        v.wait_in("booth:chichibu-nature")
        bar = page.locator(".venue-bar").bounding_box()
        assert bar is not None and bar["width"] <= PHONE["width"]
        assert not v.errors, v.errors
    finally:
        v.close()


def test_event_page_on_a_phone(browser, node):
    status, page_json, _ = call(node.http, "/api/events?source=directory&municipality=011002")
    event = page_json["contents"][0]
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=node.http)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))  # a CSP violation would show here
        page.goto(event["page"])
        assert page.locator("h1").inner_text() == "ボードゲームの日"
        ld = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "{}")
        assert ld["@type"] == "Event" and ld["startDate"] == event["start"]
        assert "geo" not in ld["location"] and "address" not in ld["location"]  # a municipality-level place
        page.screenshot(path=str(SHOTS / "event-page-phone.png"))
        assert not errors, errors
    finally:
        context.close()
