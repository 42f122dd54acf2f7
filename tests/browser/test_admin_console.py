"""Browser test of the secretariat's console (`/admin`, clients/web/admin/) on a 360×640 phone (issue 15).

An organisation applies over HTTP (the public form's API); the secretariat signs in with an admin
service token, reads the application (its contact shown to admins only), approves it, and is shown
the first host account's one-time code once; the code signs the host in once. Then a moderator
account is made and disabled from the accounts panel, and the coverage table is read. Screenshots: docs/screenshots/admin-*.png.
"""
from __future__ import annotations

import json

from tests.support import festival as fest
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T
from tests.support.host_console import sign_in_with_token

FORM = {"name": "みなと子ども食堂ネットワーク(架空)", "kind": "npo", "corporate_number": "7000012050002",
        "municipalities": ["112011"], "tier": "協力会員",
        "description": "週に一度、子ども食堂と学習支援をしています。<b>太字</b>", "wants_booth": True,
        "contact_name": "山田 花子", "contact_email": "hanako@example.org"}


def first_sign_in_at_host(context, code: str, username: str) -> None:
    """The new member's contact opens /host, enters the code and a password: signed in; the code
    is refused the second time."""
    from playwright.sync_api import expect

    host = context.new_page()
    errors: list[str] = []
    host.on("pageerror", lambda e: errors.append(str(e)))
    try:
        host.goto("/host")
        host.locator("#first-sign-in summary").click()
        host.fill("#first-code", code.lower())
        host.fill("#first-password", "a long enough password 1")
        host.fill("#first-password-again", "a long enough password 1")
        said: list[str] = []
        host.once("dialog", lambda d: (said.append(d.message), d.accept()))
        host.click("#first-form button[type=submit]")
        expect(host.locator("#console")).to_be_visible(timeout=T)
        expect(host.locator("#booth-title")).to_contain_text("みなと子ども食堂", timeout=T)
        assert said and username in said[0]
        host.click("#logout")
        expect(host.locator("#login")).to_be_visible(timeout=T)
        host.locator("#first-sign-in summary").click()
        host.fill("#first-code", code)
        host.fill("#first-password", "another long password 2")
        host.fill("#first-password-again", "another long password 2")
        host.click("#first-form button[type=submit]")
        expect(host.locator("#first-error")).to_contain_text("このコードは使えません", timeout=T)
        assert not errors, errors
    finally:
        host.close()


def test_the_secretariat_approves_an_application_and_manages_accounts_on_a_phone(server_factory, browser) -> None:
    from playwright.sync_api import expect

    server = fest.open_festival(server_factory(fest.ENV))
    status, applied, _ = call(server.http, "/api/applications", json.dumps(FORM).encode())
    assert status == 201
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/admin")
        expect(page.locator("#login-title")).to_have_text("事務局のログイン", timeout=T)
        sign_in_with_token(page, server.host_token)  # a host is not the secretariat
        expect(page.locator("#login-error")).to_contain_text("管理者(事務局)だけ", timeout=T)
        sign_in_with_token(page, fest.ADMIN)
        card = page.locator(f'#applications li[data-id="{applied["id"]}"]')
        expect(card).to_contain_text("みなと子ども食堂ネットワーク", timeout=T)
        expect(card).to_contain_text("審査待ち")
        expect(card).to_contain_text("hanako@example.org")
        expect(card).to_contain_text("埼玉県川越市")  # municipalities by name
        expect(card.locator("b")).to_have_count(0)  # an applicant's markup stays text
        expect(card).to_contain_text("<b>太字</b>")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the console scrolls sideways on a phone ({width}px)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "admin-applications-phone.png"), full_page=False)

        # declining needs a reason; approving shows the first host's code once
        card.get_by_role("button", name="不承認にする").click()
        expect(card).to_contain_text("理由を書いてください", timeout=T)
        card.get_by_role("button", name="承認する").click()
        expect(page.locator("#issued")).to_be_visible(timeout=T)
        code = page.locator("#issued-code").inner_text()
        username = page.locator("#issued-username").inner_text()
        assert len(code) == 14 and username.startswith("host-")
        expect(page.locator("#issued-mailed")).to_be_hidden()  # no SMTP on this node: nothing claims it was mailed
        page.locator("#issued").screenshot(path=str(SHOTS / "admin-code-phone.png"))
        expect(page.locator("#toast")).to_contain_text("承認し、公開しました")
        expect(page.locator(f'#accounts li[data-username="{username}"]')).to_be_visible(timeout=T)
        page.click("#issued-done")
        expect(page.locator("#issued")).to_be_hidden()
        expect(page.locator("#issued-code")).to_have_text("")
        first_sign_in_at_host(context, code, username)

        # a moderator account: made with a code, then disabled (with a confirmation)
        page.select_option("#new-role", "moderator")
        expect(page.locator("#new-org-field")).to_be_hidden()
        page.fill("#new-username", "mod-tanaka")
        page.click("#account-form button[type=submit]")
        expect(page.locator("#issued-username")).to_have_text("mod-tanaka", timeout=T)
        row = page.locator('#accounts li[data-username="mod-tanaka"]')
        expect(row).to_contain_text("利用中", timeout=T)
        page.once("dialog", lambda d: d.accept())
        row.get_by_role("button", name="停止する").click()
        expect(row).to_contain_text("停止中", timeout=T)
        expect(row.get_by_role("button", name="再開する")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the console scrolls sideways on a phone ({width}px)"
        page.locator("#accounts-section").screenshot(path=str(SHOTS / "admin-accounts-phone.png"))

        # coverage: Saitama (the prefecture most members serve), 川越市 covered, rows of zeros marked
        expect(page.locator("#coverage-prefecture")).to_have_value("埼玉県", timeout=T)
        expect(page.locator('#coverage-rows tr[data-code="112011"]')).to_contain_text("川越市")
        assert page.locator("#coverage-rows tr.uncovered").count() > 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the coverage table widens the page on a phone ({width}px)"
        page.evaluate("(() => { const s = document.getElementById('coverage-section'); s.scrollIntoView();"
                      " window.scrollBy(0, -document.querySelector('header.top').offsetHeight - 8); })()")
        page.screenshot(path=str(SHOTS / "admin-coverage-phone.png"))
        page.select_option("#coverage-prefecture", "北海道")
        expect(page.locator('#coverage-rows tr[data-code="011002"]')).to_contain_text("札幌市", timeout=T)

        page.click("#lang-toggle")
        expect(page.locator("#accounts-title")).to_have_text("Staff accounts")
        assert not errors, errors
    finally:
        context.close()


def test_an_organisation_applies_on_a_phone_and_reads_the_secretariats_note(server_factory, browser) -> None:
    from playwright.sync_api import expect

    server = server_factory(fest.ENV)
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/apply")
        expect(page.locator("#prefecture")).to_have_value("埼玉県", timeout=T)
        page.fill("#name", "みなと学習支援の会(架空)")
        page.select_option("#kind", "npo")
        page.select_option("#tier", "賛助会員")
        page.fill("#corporate-number", "7000012050003")  # a wrong check digit
        page.fill("#description", "中高生の学習支援をしています。")
        page.fill("#contact-name", "佐藤 一郎")
        page.fill("#contact-phone", "049-222-1234")
        page.click("#apply-form button[type=submit]")
        expect(page.locator("#apply-error")).to_contain_text("市区町村を1つ以上", timeout=T)
        page.locator("#places label", has_text="川越市").click()
        page.click("#apply-form button[type=submit]")
        expect(page.locator("#apply-error")).to_contain_text("法人番号", timeout=T)
        page.fill("#corporate-number", "7000012050002")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the form scrolls sideways on a phone ({width}px)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "apply-phone.png"))
        page.click("#apply-form button[type=submit]")
        expect(page.locator("#applied")).to_be_visible(timeout=T)
        app_id, key = page.locator("#applied-id").inner_text(), page.locator("#applied-key").inner_text()
        assert app_id.startswith("a_") and len(key) >= 20

        status, done, _ = call(server.http, f"/api/admin/applications/{app_id}/changes",
                               json.dumps({"note": "活動している曜日を書いてください"}).encode(), fest.ADMIN)
        assert status == 200 and done["status"] == "changes_requested"
        page.fill("#status-key", key)
        page.click("#status-form button[type=submit]")
        expect(page.locator("#status-answer")).to_contain_text("修正の依頼があります", timeout=T)
        expect(page.locator("#status-answer")).to_contain_text("活動している曜日を書いてください")
        # correct and send again: the whole form, with the key this page holds
        page.click("#resend")
        expect(page.locator("#name")).to_have_value("みなと学習支援の会(架空)", timeout=T)
        page.fill("#description", "毎週土曜の午後、中高生の学習支援をしています。")
        page.fill("#contact-name", "佐藤 一郎")
        page.fill("#contact-phone", "049-222-1234")
        page.click("#apply-form button[type=submit]")
        expect(page.locator("#status-answer")).to_contain_text("ふたたび審査待ち", timeout=T)
        items = call(server.http, "/api/admin/applications", token=fest.ADMIN)[1]["items"]
        again = next(a for a in items if a["id"] == app_id)
        assert again["status"] == "pending" and again["description"].startswith("毎週土曜")
        assert not errors, errors
    finally:
        context.close()
