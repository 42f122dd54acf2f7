"""Browser test of NPO–company matching on a phone (issue 16): the member side in the host console
(clients/web/host/matching.js, introductions.js) and the secretariat's table (clients/web/admin/matching.js).

A demo NPO's host writes a need, is shown a company's offer with the reasons, asks for an
introduction; the company's host accepts over the API; the NPO's host then sees the company's
contact. The secretariat reads the needs nobody offers for (the demo leaves some) and the
introduction in its table, and nudges. Screenshots: docs/screenshots/{host,admin}-matching-phone.png.
"""
from __future__ import annotations

import json
from typing import Any

from tests.support.accounts import create_host
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T
from tests.support.host_console import sign_in, sign_in_with_token

ADMIN = "admin-secret-for-matching-test-01"


def _booth_org(server: Any, slug: str) -> str:
    status, body, _ = call(server.http, "/api/booths")
    assert status == 200
    return next(b["organization_id"] for b in body["booths"] if b["slug"] == slug)


def test_a_member_finds_a_partner_asks_for_an_introduction_and_the_secretariat_follows_it(server_factory, browser):
    from playwright.sync_api import expect

    server = server_factory({"STATIC_TOKENS": f"admin:{ADMIN}"})
    npo, company = _booth_org(server, "kawagoe-music"), _booth_org(server, "hanno-craft")
    create_host(server, "music-host", npo)
    company_token = create_host(server, "craft-host", company)
    offer = {"organization": company, "side": "offer", "kind": "volunteers", "title": "社員ボランティア(架空)",
             "quantity": 5, "period": {"start": "2026-01"}, "municipalities": ["112011"],
             "themes": ["case.ibasho", "interest.music"], "description": "週末の催しを手伝えます。"}
    assert call(server.http, "/api/matching/listings", json.dumps(offer).encode(), company_token)[0] == 201

    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/host")
        sign_in(page, "music-host")
        expect(page.locator("#console")).to_be_visible(timeout=T)
        section = page.locator("#sec-matching")
        section.scroll_into_view_if_needed()
        expect(section.locator("h3")).to_have_text("ニーズと提供(NPO・企業マッチング)")
        expect(section.locator("#mt-empty")).to_be_visible(timeout=T)
        page.select_option("#mt-kind", "volunteers")
        page.fill("#mt-title", "ライブイベントの運営ボランティア")
        page.fill("#mt-quantity", "3")
        page.fill("#mt-start", "2026-04")
        page.fill("#mt-municipalities", "112011")
        section.locator("#mt-themes").get_by_label("居場所づくり").check()
        page.fill("#mt-description", "高校生バンドのライブで受付と誘導を手伝ってくれる人を探しています。")
        section.get_by_role("button", name="保存").click()
        expect(section.locator("#mt-result")).to_have_text("保存しました。", timeout=T)
        mine = section.locator("#mt-list li.case-item")
        expect(mine).to_have_count(1, timeout=T)

        mine.get_by_role("button", name="相手をさがす").click()
        suggestion = section.locator("#mt-suggestions li.mt-suggestion")
        expect(suggestion).to_have_count(1, timeout=T)
        expect(suggestion).to_contain_text("飯能森のクラフト工房(架空)がボランティア(5人)を提供できます")
        expect(suggestion).to_contain_text("必要な量を満たせます(必要 3人、提供 5人)")
        suggestion.get_by_role("button", name="紹介を依頼する").click()
        page.fill("#mt-ask-message", "7月のライブでご一緒できませんか。")
        page.fill("#mt-ask-name", "担当 川越(架空)")
        page.fill("#mt-ask-email", "music@example.org")
        section.get_by_role("button", name="依頼を送る").click()
        expect(section.locator("#mt-ask-result")).to_have_text("紹介を依頼しました。相手の返事を待っています。", timeout=T)
        intro = section.locator("#mt-intros li.mt-intro")
        expect(intro).to_have_count(1, timeout=T)
        expect(intro.locator(".badge")).to_have_text("返事待ち")
        expect(intro).not_to_contain_text("@")  # no contact before the other side says yes

        intro_id = intro.get_attribute("data-id")
        answer = {"contact": {"name": "CSR担当(架空)", "email": "craft@example.org"}}
        status, _, _ = call(server.http, f"/api/matching/introductions/{intro_id}/accept",
                            json.dumps(answer).encode(), company_token)
        assert status == 200
        page.reload()
        expect(page.locator("#console")).to_be_visible(timeout=T)
        intro = page.locator("#sec-matching #mt-intros li.mt-intro")
        expect(intro.locator(".badge")).to_have_text("承諾済み", timeout=T)
        expect(intro.locator(".mt-contacts")).to_contain_text("craft@example.org")
        intro.scroll_into_view_if_needed()
        page.locator("#sec-matching").screenshot(path=str(SHOTS / "host-matching-phone.png"))
        intro.get_by_role("button", name="実現した").click()
        expect(intro.locator(".badge")).to_have_text("実現", timeout=T)

        admin = context.new_page()
        admin.on("pageerror", lambda e: errors.append(str(e)))
        admin.goto("/admin")
        sign_in_with_token(admin, ADMIN)
        table = admin.locator("#matching-section")
        expect(table).to_be_visible(timeout=T)
        # the demo leaves needs nobody offers for: one of them is the food bank's rice
        expect(table.locator("#mt-unmet-rows")).to_contain_text("こども食堂の食材", timeout=T)
        row = table.locator(f'#mt-intro-rows tr[data-id="{intro_id}"]')
        expect(row.locator("th")).to_have_text("実現", timeout=T)
        expect(row).to_contain_text("ライブイベントの運営ボランティア")
        assert "craft@example.org" not in table.inner_text()  # never a contact for the secretariat
        expect(table.locator("#mt-counts")).to_contain_text("実現 1")
        admin.evaluate("window.scrollTo(0, 0)")  # document coordinates: the sticky header stays at the top
        admin.screenshot(path=str(SHOTS / "admin-matching-phone.png"), full_page=True, clip=table.bounding_box())
        assert errors == [], errors
    finally:
        context.close()
