"""Browser test of the indicators panel of the secretariat's console on a 360×640 phone (issue 15).

The secretariat registers a campaign code and sets two targets from the panel; the chart (Chart.js,
vendored, loaded only by /admin) draws a bar per target and the table says where each stands. A
visitor who opens the entry URL `/?c=<code>` is counted for it (shown as "5未満": one person), the
code is taken out of the address bar, and the report downloads as CSV.
Screenshot: docs/screenshots/admin-indicators-phone.png.
"""
from __future__ import annotations

from tests.support import festival as fest
from tests.support.browser import PHONE, SHOTS, T, Visitor
from tests.support.host_console import sign_in_with_token


def test_the_secretariat_sets_targets_and_reads_progress_and_campaigns_on_a_phone(server_factory, browser) -> None:
    from playwright.sync_api import expect

    server = fest.open_festival(server_factory(fest.ENV))
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    visitor = None
    try:
        page.goto("/admin")
        sign_in_with_token(page, fest.ADMIN)
        expect(page.locator("#indicators-title")).to_have_text("指標と目標", timeout=T)
        expect(page.locator("#ind-no-targets")).to_be_visible(timeout=T)
        assert page.evaluate("typeof window.Chart") == "undefined"  # nothing to draw: the library is not loaded

        page.fill("#campaign-code", "sns-2026-12")
        page.fill("#campaign-label", "SNS広告 12月")
        page.click("#campaign-form button[type=submit]")
        row = page.locator('#campaign-rows tr[data-code="sns-2026-12"]')
        expect(row).to_contain_text("/?c=sns-2026-12", timeout=T)

        page.select_option("#target-measure", "members")
        page.fill("#target-value", "200")
        page.fill("#target-deadline", "2027-03-31")
        page.fill("#target-note", "年度末までに会員を増やす")
        page.click("#target-form button[type=submit]")
        members = page.locator('#ind-rows tr[data-measure="members"]')
        expect(members).to_contain_text("2027-03-31", timeout=T)
        expect(members).to_contain_text("%(残り")  # the demo directory's organisations of 200, days left
        page.select_option("#target-measure", "closed_loop_rate")
        page.fill("#target-value", "1.5")
        page.fill("#target-deadline", "2027-03-31")
        page.click("#target-form button[type=submit]")
        expect(page.locator("#target-error")).to_contain_text("率は 0 から 1", timeout=T)  # the server's sentence
        page.select_option("#target-measure", "handoffs")
        page.fill("#target-value", "100")
        page.click("#target-form button[type=submit]")
        expect(page.locator('#ind-rows tr[data-measure="handoffs"]')).to_contain_text("100", timeout=T)
        expect(page.locator("#ind-chart")).to_have_attribute("data-bars", "2", timeout=T)
        label = page.locator("#ind-chart").get_attribute("aria-label")
        assert "会員団体" in label and "つなぎ(紹介)" in label

        visitor = Visitor(browser, server.http, "from-an-advert", PHONE)
        visitor.page.goto("/?c=sns-2026-12")
        visitor.enter("広告から")
        assert "c=" not in visitor.page.url  # a reload or a shared link does not count again
        assert any(m.get("t") == "hello" and m.get("campaign") == "sns-2026-12" for m in visitor.sent)
        assert not visitor.errors, visitor.errors

        page.reload()
        expect(row).to_contain_text("5未満", timeout=T)  # one arrival: counted, hidden as the funnel hides it
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the indicators panel widens the page on a phone ({width}px)"
        page.evaluate("document.getElementById('ind-as-of').scrollIntoView(); window.scrollBy(0, -64)")
        expect(page.locator("#ind-chart")).to_have_attribute("data-bars", "2", timeout=T)
        page.screenshot(path=str(SHOTS / "admin-indicators-phone.png"))

        with page.expect_download() as got:
            page.click("#ind-csv")
        assert got.value.suggested_filename.startswith("indicators-") and got.value.suggested_filename.endswith(".csv")
        expect(page.locator("#ind-export-status")).to_have_text("ダウンロードしました。", timeout=T)
        assert not errors, errors
    finally:
        if visitor is not None:
            visitor.close()
        context.close()
