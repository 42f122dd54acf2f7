"""Browser test of the host console's 好事例 panel (clients/web/host/cases.js) and a case's public page, on a phone.

A demo host writes a case with a figure, an image and a partner organisation, is told what to
fix (the start month, a figure without its value), submits it; the secretariat sends it back
with a note over the API, the host reads the note and submits again; the secretariat publishes
it; the host then finds it listed as published, and anyone can open its page.
"""
from __future__ import annotations

import urllib.parse

import pytest

from tests.support.host_console import ADMIN, Host, demo_festival
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T


@pytest.fixture
def festival(server_factory):
    return demo_festival(server_factory)


def test_a_host_submits_a_case_the_secretariat_publishes_it_and_the_public_reads_it(festival, browser):
    from playwright.sync_api import expect

    host = Host(browser, festival.http, PHONE)
    try:
        host.login()
        host.wait_online()
        page = host.page
        section = page.locator("#sec-cases")
        section.scroll_into_view_if_needed()
        expect(section.locator("h3")).to_have_text("好事例")
        expect(section.locator("#case-empty")).to_be_visible(timeout=T)
        page.fill("#case-title", "音楽スタジオを放課後に開放(架空)")
        page.fill("#case-municipalities", "112011")
        section.get_by_label("居場所づくり").check()
        page.fill("#case-problem", "中高生が放課後に音を出せる場所がなかった。")
        page.fill("#case-action", "地域のスタジオを週2回、無料で開放した。")
        page.fill("#case-outcome", "毎週20人ほどが集まるようになった。")
        page.fill("#case-contact-name", "担当 山田(架空)")
        page.fill("#case-contact-email", "studio@example.org")
        section.get_by_role("button", name="数字を追加").click()
        figure = section.locator("#case-figure-rows fieldset").first
        figure.get_by_label("何の数字か").fill("参加者(週)")
        figure.get_by_label("取り組みの前").fill("3")
        figure.get_by_label("単位(人、回、% など)").fill("人")
        section.get_by_role("button", name="事務局へ提出").click()
        expect(section.locator("#case-problems")).to_contain_text("数字 1 の「いま・取り組みの後」", timeout=T)
        figure.get_by_label("いま・取り組みの後").fill("20")
        section.get_by_role("button", name="画像を追加").click()
        image = section.locator("#case-image-rows fieldset").first
        image.get_by_label("画像のURL(https://)").fill("https://example.org/studio.jpg")
        image.get_by_label("画像の説明(代替テキスト・必須)").fill("スタジオで演奏する中高生")
        image.get_by_label("画像のライセンス").select_option("CC-BY-SA-4.0")
        section.get_by_label("団体を選ぶ").select_option(label="草加ユースボランティアセンター(架空)")
        section.get_by_role("button", name="団体を追加").click()
        expect(section.locator("#case-partner-list li")).to_have_count(1)
        section.get_by_role("button", name="事務局へ提出").click()
        expect(section.locator("#case-problems")).to_contain_text("period.start", timeout=T)  # the start month is missing
        page.fill("#case-start", "2025-04")
        section.get_by_role("button", name="事務局へ提出").click()
        expect(section.locator("#case-result")).to_have_text("事務局へ提出しました。公開されるまでお待ちください。",
                                                             timeout=T)
        item = section.locator("li.case-item")
        expect(item).to_have_count(1, timeout=T)
        expect(item.locator(".pill")).to_have_text("提出済み")
        section.screenshot(path=str(SHOTS / "host-cases-phone.png"))

        query = urllib.parse.urlencode({"status": "submitted", "q": "音楽スタジオ"})
        status, found, _ = call(festival.http, f"/api/cases?{query}", token=ADMIN)
        assert status == 200 and found["total_items"] == 1
        case = found["contents"][0]
        assert case["organizations"][0] == festival.org and len(case["organizations"]) == 2
        assert case["organization_names"][1] == "草加ユースボランティアセンター(架空)"
        assert case["contacts"][0]["email"] == "studio@example.org"
        assert case["figures"] == [{"label": "参加者(週)", "before": 3, "after": 20, "unit": "人"}]
        assert case["images"] == [{"url": "https://example.org/studio.jpg", "alt": "スタジオで演奏する中高生",
                                   "licence": "CC-BY-SA-4.0", "credit": ""}]
        back = '{"status": "draft", "note": "写真に写っている人の許可をとったか書いてください"}'.encode()
        assert call(festival.http, f"/api/cases/{case['id']}/status", back, ADMIN)[0] == 200

        # sent back: the host opens it and reads the secretariat's note, with the rows as they were, and submits again
        page.reload()
        host.wait_online()
        expect(item.locator(".pill")).to_have_text("下書き", timeout=T)
        item.get_by_role("button", name="音楽スタジオを放課後に開放(架空)").click()
        expect(section.locator("#case-note")).to_have_text(
            "事務局からのメモ: 写真に写っている人の許可をとったか書いてください", timeout=T)
        expect(section.locator("#case-image-rows fieldset")).to_have_count(1)
        expect(section.locator("#case-partner-list li")).to_have_text("草加ユースボランティアセンター(架空) 取り除く")
        page.fill("#case-outcome", "毎週20人ほどが集まるようになった。写真は本人と保護者の許可を得ています。")
        section.get_by_role("button", name="事務局へ提出").click()
        expect(item.locator(".pill")).to_have_text("提出済み", timeout=T)
        assert call(festival.http, f"/api/cases/{case['id']}/status", b'{"status": "published"}', ADMIN)[0] == 200

        page.reload()
        host.wait_online()
        link = page.locator("#sec-cases li.case-item a")
        expect(link).to_have_text("音楽スタジオを放課後に開放(架空)", timeout=T)
        expect(page.locator("#sec-cases li.case-item .pill")).to_have_text("公開中")
        assert host.errors == []
    finally:
        host.close()

    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=festival.http)
    try:
        public = context.new_page()
        public.goto("/cases")
        public.fill("input[name=q]", "音楽スタジオ")
        public.get_by_role("button", name="さがす").click()
        expect(public.locator("ul.cases li")).to_have_count(1, timeout=T)
        public.screenshot(path=str(SHOTS / "cases-list-phone.png"), full_page=True)
        public.get_by_role("link", name="音楽スタジオを放課後に開放(架空)").click()
        expect(public.locator("h1")).to_have_text("音楽スタジオを放課後に開放(架空)")
        expect(public.locator("main")).to_contain_text("地域のスタジオを週2回、無料で開放した。")
        assert "studio@example.org" not in public.content()  # contacts are for members only
        public.screenshot(path=str(SHOTS / "case-page-phone.png"), full_page=True)
    finally:
        context.close()
