"""Browser test of the directory's health and the festival on the secretariat's console, on a 360×640
phone (issue 15).

The secretariat imports open data (and a file that cannot be read) and a moderator locks a hall; a
member's host sees in /host that its activity was never confirmed and says 「内容を確認しました」; in /admin
the secretariat then sees only the open-data listings as due, both imports, the coverage on the map
(one point per municipality of the prefecture) and as a CSV download, and the festival: booths, the
programme, rooms with the locked one marked. Screenshots: docs/screenshots/{host-listing-confirm,
admin-health,admin-coverage-map,admin-festival}-phone.png.
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.support import festival as fest
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T
from tests.support.host_console import sign_in, sign_in_with_token

YAIZU = Path(__file__).parent.parent / "fixtures" / "opendata" / "yaizu_public_facility.csv"


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page scrolls sideways on a phone ({width}px)"


def show(page, section: str) -> None:
    page.evaluate(f"(() => {{ document.getElementById('{section}').scrollIntoView();"
                  " window.scrollBy(0, -document.querySelector('header.top').offsetHeight - 8); })()")


def test_the_secretariat_sees_unconfirmed_listings_imports_coverage_map_and_the_festival(server_factory, browser) -> None:
    from playwright.sync_api import expect

    server = fest.open_festival(server_factory(fest.ENV))
    status, report, _ = call(server.http, "/api/directory/import?format=ods-facility", YAIZU.read_bytes(), fest.ADMIN)
    assert status == 200 and report["services"] > 0
    assert call(server.http, "/api/directory/import?format=hsds", b"[{", fest.ADMIN)[0] == 422
    status, _, _ = call(server.http, "/api/moderation/actions",
                        json.dumps({"t": "mod.lock", "room": "hall:1", "locked": True}).encode(), fest.ADMIN)
    assert status == 200
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http, accept_downloads=True)
    errors: list[str] = []
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        host = context.new_page()
        host.on("pageerror", lambda e: errors.append(str(e)))
        host.goto("/host")
        sign_in(host, "kawagoe-host")
        card = host.locator("#sec-activities li.svc[data-id='kw-band']")
        expect(card.locator(".svc-confirm")).to_contain_text("最終確認: まだありません", timeout=T)
        expect(card.locator(".svc-due")).to_contain_text("団体としてまだ確認されていません")
        expect(host.locator("#org-due")).to_contain_text("確認が必要な活動が 1 件")
        top = host.locator("#sec-activities").evaluate("n => n.getBoundingClientRect().top + window.scrollY")
        host.screenshot(path=str(SHOTS / "host-listing-confirm-phone.png"), full_page=True,
                        clip={"x": 0, "y": top, "width": PHONE["width"], "height": PHONE["height"]})
        card.get_by_role("button", name="活動 1 の内容を確認しました（変更なし）").click()
        expect(card.locator(".svc-confirm")).to_contain_text("最終確認:", timeout=T)
        expect(card.locator(".svc-confirm")).to_contain_text("確認しました。")
        expect(card.locator(".svc-due")).to_have_count(0)
        expect(host.locator("#org-due")).to_be_hidden()
        no_sideways_scroll(host)
        host.close()

        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/admin")
        sign_in_with_token(page, fest.ADMIN)

        # directory health: the member's confirmed listing is not due; the open-data ones never were confirmed
        expect(page.locator("#health-summary")).to_contain_text("確認が必要な掲載", timeout=T)
        expect(page.locator("#health-rows tr")).not_to_have_count(0)
        assert page.locator('#health-rows tr[data-org="kawagoe-npo"]').count() == 0
        never = page.locator("#health-rows tr td:nth-child(4)").all_inner_texts()
        assert sum(int(n) for n in never) >= report["services"]
        imports = page.locator("#import-rows tr")
        expect(imports).to_have_count(3)  # the festival's HSDS file, the open data, the unreadable file
        expect(imports.nth(0)).to_contain_text("ファイルを読めず")
        expect(imports.nth(1)).to_contain_text("オープンデータ(施設)")
        expect(imports.nth(1)).to_contain_text("取り込み済み")
        no_sideways_scroll(page)
        show(page, "health-section")
        page.screenshot(path=str(SHOTS / "admin-health-phone.png"))

        # coverage on the map: one point per municipality of the prefecture, no tiles configured
        rows = page.locator("#coverage-rows tr")
        expect(rows).not_to_have_count(0, timeout=T)
        expect(page.locator("#coverage-map")).to_have_attribute("data-points", str(rows.count()), timeout=T)
        expect(page.locator("#coverage-map")).to_have_attribute("data-tiles", "off")
        assert page.locator("#coverage-map .leaflet-interactive").count() == rows.count()
        with page.expect_download() as download:
            page.click("#coverage-csv")
        saved = Path(download.value.path()).read_bytes()
        assert saved.startswith(b"\xef\xbb\xbf") and "市区町村名" in saved.decode("utf-8-sig").splitlines()[0]
        assert len(saved.decode("utf-8-sig").splitlines()) == rows.count() + 1
        expect(page.locator("#coverage-csv-status")).to_have_text("ダウンロードしました。")
        show(page, "coverage-summary")
        page.screenshot(path=str(SHOTS / "admin-coverage-map-phone.png"))

        # the festival: booths, rooms with the locked hall marked
        expect(page.locator('#festival-booths li[data-slug="kawagoe-band"]')).to_contain_text("週末バンド", timeout=T)
        locked = page.locator('#festival-rooms tr[data-room="hall:1"]')
        expect(locked).to_contain_text("ロック中")
        expect(page.locator("#festival-summary")).to_contain_text("ロック中 1")
        no_sideways_scroll(page)
        show(page, "festival-section")
        page.screenshot(path=str(SHOTS / "admin-festival-phone.png"))

        page.click("#lang-toggle")
        expect(page.locator("#health-title")).to_have_text("Listing freshness and imports")
        expect(locked).to_contain_text("Locked")
        assert not errors, errors
    finally:
        context.close()
