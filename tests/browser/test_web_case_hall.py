"""Browser test of the 好事例ホール on a 360×640 phone (issue 16).

The secretariat opens the submitted demo case in /admin, marks it for the hall and publishes it,
and reads its history. A visitor follows the link on the case's public page into the festival,
lands in the hall after the entry form, taps a case's tent, reads its card and steps through its
door into the organisation's booth. Screenshots: admin-cases-phone.png, case-hall-phone.png.
"""
from __future__ import annotations

from typing import Any

from tests.support import festival as fest
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T, Visitor

CASE = "demo-case-11"  # the demo's one submitted case (booths/demo_cases.py)


def test_the_secretariat_features_a_case_and_a_visitor_steps_from_its_stand_to_the_booth(server_factory: Any,
                                                                                        browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory(fest.ENV)
    admin = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    errors: list[str] = []
    try:
        page = admin.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/admin")
        page.fill("#service-token", fest.ADMIN)
        page.press("#service-token", "Enter")
        card = page.locator(f"#cases li[data-id={CASE}]")
        expect(card).to_be_visible(timeout=T)
        expect(card.locator(".badge").first).to_have_text("提出済み(審査待ち)")
        card.locator("summary").click()
        card.get_by_label("フェスティバルの好事例ホールに展示する(公開中だけ並びます)").check()
        card.get_by_role("button", name="差し戻す").click()
        expect(card.get_by_role("alert")).to_have_text("差し戻すときは、直してほしいことを書いてください。")
        card.get_by_role("button", name="保存して公開").click()
        expect(page.locator("#toast")).to_contain_text("を公開しました", timeout=T)
        page.select_option("#cases-filter", "published")
        card = page.locator(f"#cases li[data-id={CASE}]")
        expect(card.locator(".badge-featured")).to_have_text("ホールに展示", timeout=T)
        card.locator("summary").click()
        card.get_by_role("button", name="履歴を見る").click()
        expect(card.locator(".case-versions li")).to_have_count(2, timeout=T)
        expect(card.locator(".case-versions li").last).to_contain_text("第2版 公開中(事務局(管理者)")
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "admin-cases-phone.png"))
        assert not errors, errors
    finally:
        admin.close()

    hall = {s["case_id"]: s for s in call(server.http, "/api/case-hall")[1]["stands"]}
    assert CASE in hall and all(s["booth_room"] for s in hall.values())
    v = Visitor(browser, server.http, "case-hall", PHONE)
    try:
        page = v.page
        page.goto(f"/cases/{CASE}")
        with page.expect_navigation(url="**/?room=hall%3A3"):  # until it has loaded: the client is running
            page.get_by_role("link", name="フェスティバルの好事例ホールで見る").click()
        assert page.evaluate("location.search") == ""  # the client read the room asked for, and forgot it
        expect(page.locator("#entry")).to_be_visible(timeout=T)
        page.fill("#nick", "みどり")
        page.click("#entry-form button[type=submit]")
        v.wait_in("hall:3")
        expect(page.locator("#room-title")).to_have_text("好事例ホール")
        expect(page.locator("#case-hall-list button")).to_have_count(len(hall), timeout=T)
        page.wait_for_function("() => window.__tsunagaru.map.stands.some((s) => s.room === 'case:%s')" % CASE,
                               timeout=T)
        stand = page.evaluate("() => window.__tsunagaru.map.stands.find((s) => s.room === 'case:%s')" % CASE)
        v.tap_tile(stand["x"] + stand["w"] / 2, stand["y"] + stand["h"] / 2)
        # the avatar walks from where it arrived: the first tent it steps on opens its card (the one tapped,
        # or a neighbour on the way), and that card's door leads to that case's organisation's booth
        card = page.locator("#case-card")
        expect(card).to_be_visible(timeout=T)
        shown = card.get_attribute("data-case")
        assert shown in hall
        expect(page.locator("#case-card-title")).to_have_text(hall[shown]["title"])
        expect(page.locator("#case-card-page")).to_have_attribute("href", f"/cases/{shown}")
        page.screenshot(path=str(SHOTS / "case-hall-phone.png"))
        page.click("#lang-toggle")  # the card follows the language
        expect(page.locator("#case-card-orgs")).to_have_text("By " + ", ".join(hall[shown]["organization_names"])
                                                             .replace(", ", "、"))
        expect(page.locator("#case-card-door")).to_have_text("Visit this organisation's booth")
        page.click("#case-card-door")
        v.wait_in(hall[shown]["booth_room"])
        expect(page.locator("#booth-panel")).to_be_visible(timeout=T)
        expect(page.locator("#case-hall")).to_be_hidden()
        assert v.errors == []
    finally:
        v.close()
