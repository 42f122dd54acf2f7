"""Browser tests of the moderator console (`/mod`, clients/web/mod/) against a real server.

Two visitors use the visitor web client (`/`); a moderator signs in to the
console with a service token (`STATIC_TOKENS`). Chromium is the system one at
/usr/bin/chromium (Playwright never downloads browsers); without it the tests
are skipped, except in CI.
"""
from __future__ import annotations

import re
from typing import Any

from tests.support.accounts import create_account
from tests.support.browser import DESKTOP, MOD_SECRET as SECRET, PHONE, SHOTS, T, Moderator, Visitor


def test_moderator_console_delete_crisis_reports_audit(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory({"STATIC_TOKENS": f"moderator:{SECRET}"})
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    mod = None
    bad = None
    try:
        a.enter("あおい")
        b.enter("Ken")
        a.show_chat()
        b.show_chat()

        # A wrong token is refused on the login page, and nothing is stored.
        bad = Moderator(browser, server.http, token="not-a-valid-token-at-all-000")
        expect(bad.page.locator("#login-error")).to_contain_text("ログインできませんでした", timeout=T)
        assert bad.page.evaluate("sessionStorage.length") == 0
        bad.close()
        bad = None

        mod = Moderator(browser, server.http)
        mod.wait_online()
        page = mod.page
        assert page.evaluate("sessionStorage.getItem('tsunagaru.mod.token')") == SECRET
        assert page.evaluate("localStorage.getItem('tsunagaru.mod.token')") is None

        # The rooms list shows the lobby with both visitors in it.
        lobby = page.locator('#rooms button[data-room="lobby"]')
        expect(lobby).to_be_visible(timeout=T)
        page.wait_for_function(
            """() => { const b = document.querySelector('#rooms button[data-room="lobby"]');
                return b && Number(b.dataset.members) >= 2; }""", timeout=T)
        expect(lobby).to_contain_text(re.compile(r"[2-9]人"))

        # Watch the lobby (by keyboard); a message appears with its id and its actions.
        lobby.focus()
        page.keyboard.press("Enter")
        expect(lobby).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#room-tools")).to_be_visible()
        b.say("こんにちは テスト")
        msg = page.locator("#feed li.msg", has_text="こんにちは テスト")
        expect(msg).to_be_visible(timeout=T)
        expect(msg.locator(".nick")).to_have_text("Ken")
        expect(a.page.locator("#chat-log")).to_contain_text("こんにちは テスト", timeout=T)

        # Markup from a visitor is shown as text in the console.
        a.say("<b>太字?</b><img src=x onerror=\"window.__pwned=1\">")
        expect(page.locator("#feed")).to_contain_text("<b>太字?</b>", timeout=T)
        assert page.locator("#feed b, #feed img").count() == 0
        assert page.evaluate("window.__pwned === undefined")

        # Delete: the text disappears from the other visitor's screen (and the sender's).
        msg.locator("button.act-delete").click()
        expect(page.locator("#toast")).to_contain_text("削除しました", timeout=T)
        expect(msg).to_have_class(re.compile(r"\bdeleted\b"), timeout=T)
        expect(a.page.locator("#chat-log")).not_to_contain_text("こんにちは テスト", timeout=T)
        expect(b.page.locator("#chat-log")).not_to_contain_text("こんにちは テスト", timeout=T)
        expect(a.page.locator("#chat-log")).to_contain_text("スタッフが削除しました")

        # A cry for help is held: a priority alert at the top, and in the held list.
        a.say("もう死にたい")
        alert = page.locator("#alerts li.crisis", has_text="もう死にたい")
        expect(alert).to_be_visible(timeout=T)
        assert page.locator("#alerts").get_attribute("aria-live") == "assertive"
        held = page.locator("#held li", has_text="もう死にたい")
        expect(held).to_be_visible(timeout=T)
        assert held.locator("button.act-kick, button.act-ban, button.act-mute").count() == 0  # never punished
        expect(b.page.locator("#chat-log")).not_to_contain_text("もう死にたい")

        # A second one, to drop; and a report from B about A's (kept) message, for the queue.
        a.say("消えたい")
        second = page.locator("#alerts li.crisis", has_text="消えたい")
        expect(second).to_be_visible(timeout=T)
        a.say("ふつうのメッセージ")
        expect(page.locator("#feed")).to_contain_text("ふつうのメッセージ", timeout=T)
        said_id = page.locator("#feed li.msg", has_text="ふつうのメッセージ").get_attribute("data-id")
        b.page.evaluate(
            """(id) => new Promise((ok) => window.__tsunagaru.client.conn.request(
                {t: 'report', room: 'lobby', id, reason: 'harassment', note: 'テストの通報'}, ok))""", said_id)
        report = page.locator("#reports li.report", has_text="テストの通報")
        expect(report).to_be_visible(timeout=T)
        expect(report.locator(".evidence")).to_contain_text("ふつうのメッセージ")
        expect(report.locator(".evidence li.hit")).to_contain_text("ふつうのメッセージ")
        expect(page.locator("#alerts li.report")).to_be_visible()

        # Screenshots for the docs, with an alert, held messages, the feed and a report.
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "mod-desktop.png"))
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / "mod-phone.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the console scrolls sideways on a phone ({width}px)"
        page.set_viewport_size(DESKTOP)

        # Releasing a cry for help is secondary and asks again, naming the risk (cancel first, then do it):
        # the room sees it. Drop the second: nobody ever does. Both alerts stay open until handled.
        release = alert.locator("button.act-release")
        assert "btn-primary" not in (release.get_attribute("class") or "")
        release.click()
        expect(page.locator("#confirm")).to_be_visible()
        expect(page.locator("#confirm-text")).to_contain_text("全員に表示")
        page.click("#confirm-cancel")
        page.wait_for_timeout(300)
        expect(b.page.locator("#chat-log")).not_to_contain_text("もう死にたい")
        release.click()
        page.click("#confirm-ok")
        expect(b.page.locator("#chat-log")).to_contain_text("もう死にたい", timeout=T)
        expect(alert.locator(".handled")).to_be_visible(timeout=T)
        expect(alert.locator("button.act-release")).to_have_count(0)
        second.locator("button.act-drop").click()
        expect(second.locator(".handled")).to_be_visible(timeout=T)
        expect(page.locator("#held li", has_text="消えたい")).to_have_count(0)
        b.page.wait_for_timeout(300)
        expect(b.page.locator("#chat-log")).not_to_contain_text("消えたい")

        # Resolve the report.
        report.locator("button.act-resolve").click()
        expect(report).to_have_count(0, timeout=T)

        # Warn B from a message; kick needs a confirmation (cancel first, then do it).
        kmsg = page.locator("#feed li.msg", has_text="ふつうのメッセージ")
        kmsg.locator("button.act-warn").click()
        expect(a.page.locator("#notices")).to_contain_text("言葉づかい", timeout=T)
        kmsg.locator("button.act-kick").click()
        dialog = page.locator("#confirm")
        expect(dialog).to_be_visible()
        expect(page.locator("#confirm-cancel")).to_be_focused()
        page.keyboard.press("Enter")  # the focused, safe choice
        expect(dialog).to_be_hidden()
        expect(kmsg.locator("button.act-kick")).to_be_focused()
        kmsg.locator("button.act-kick").click()
        page.click("#confirm-ok")
        expect(a.page.locator("#fatal")).to_be_visible(timeout=T)

        # Room tools: slow mode and lock answer ok.
        page.fill("#slow-seconds", "5")
        page.click("#slow-apply")
        expect(page.locator("#toast")).to_contain_text("5秒", timeout=T)
        page.click("#lock-toggle")
        expect(page.locator("#lock-toggle")).to_have_attribute("aria-pressed", "true", timeout=T)
        page.click("#lock-toggle")
        expect(page.locator("#lock-toggle")).to_have_attribute("aria-pressed", "false", timeout=T)

        # The audit trail, filtered by action.
        page.select_option("#audit-action", "delete")
        rows = page.locator("#audit-rows tr")
        expect(rows.first).to_be_visible(timeout=T)
        page.wait_for_function(
            """() => { const r = [...document.querySelectorAll('#audit-rows tr')];
                return r.length >= 2 && r.every((x) => x.dataset.action === 'delete'); }""", timeout=T)
        page.select_option("#audit-action", "kick")
        page.wait_for_function(
            """() => { const r = [...document.querySelectorAll('#audit-rows tr')];
                return r.length >= 1 && r.every((x) => x.dataset.action === 'kick'); }""", timeout=T)

        # English, and every text in both languages.
        page.click("#lang-toggle")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#alerts-title")).to_contain_text("Priority alerts")
        keys = page.evaluate(
            """async () => { const m = await import('/static/mod/texts.js');
                return [Object.keys(m.TEXTS.ja).sort(), Object.keys(m.TEXTS.en).sort()]; }""")
        assert keys[0] == keys[1]

        # Log out: the token is forgotten.
        page.click("#logout")
        expect(page.locator("#login")).to_be_visible()
        assert page.evaluate("sessionStorage.getItem('tsunagaru.mod.token')") is None

        assert not mod.errors, mod.errors
        assert not b.errors, b.errors
    finally:
        for c in (a, b, mod, bad):
            if c is not None:
                c.close()


def test_moderator_logs_in_with_a_password_and_logs_out(server_factory: Any, browser: Any) -> None:
    """A moderator account made by the operator's command line signs in with the form; logout revokes it."""
    import urllib.error
    import urllib.request

    from playwright.sync_api import expect

    server = server_factory()
    password = "a-long-moderator-password-01"
    create_account(server, "mika", password)

    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/mod")
        expect(page.locator("#username")).to_be_focused(timeout=T)
        page.keyboard.type("mika")
        page.keyboard.press("Tab")
        page.keyboard.type("wrong-password-000000")
        page.keyboard.press("Enter")
        expect(page.locator("#login-error")).to_contain_text("ログインできませんでした", timeout=T)

        page.fill("#password", password)
        page.press("#password", "Enter")
        expect(page.locator("#conn-status")).to_have_attribute("data-state", "online", timeout=T)
        expect(page.locator('#rooms button[data-room="lobby"]')).to_be_visible(timeout=T)
        token = page.evaluate("sessionStorage.getItem('tsunagaru.mod.token')")
        assert token and token != password

        # A reload keeps the sign-in (same tab); logging out revokes the token on the server.
        page.reload()
        expect(page.locator("#conn-status")).to_have_attribute("data-state", "online", timeout=T)
        page.click("#logout")
        expect(page.locator("#login")).to_be_visible()
        page.wait_for_timeout(300)
        request = urllib.request.Request(f"{server.http}/api/moderation/rooms",
                                         headers={"Authorization": f"Bearer {token}"})
        try:
            urllib.request.urlopen(request, timeout=5)
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == 401
        assert not errors, errors
    finally:
        context.close()


def test_verdicts_people_and_the_audit_trail_read_plainly(server_factory: Any, browser: Any) -> None:
    """Plain words instead of codes; two visitors of one nickname told apart; staff by name; the audit trail
    readable at 1280 px and on a phone; a solid header."""
    from playwright.sync_api import expect

    server = server_factory()
    password = "a-long-moderator-password-02"
    create_account(server, "mika", password)
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    mod = None
    try:
        a.enter("はる")
        b.enter("はる")
        a.show_chat()
        b.show_chat()
        mod = Moderator(browser, server.http, account=("mika", password))
        mod.wait_online()
        page = mod.page
        expect(page.locator("#feed-hint")).to_contain_text("部屋と人数")  # names the list: no 左, above on a phone
        page.locator('#rooms button[data-room="lobby"]').click()
        a.say("Aです")
        b.say("Bです")
        first = page.locator("#feed li.msg", has_text="Aです")
        second = page.locator("#feed li.msg", has_text="Bです")
        expect(second).to_be_visible(timeout=T)
        expect(first.locator(".nick")).to_have_text("はる")
        expect(second.locator(".nick")).to_have_text("はる")
        tag_a, tag_b = first.locator(".tag").inner_text(), second.locator(".tag").inner_text()
        assert re.fullmatch(r"#[0-9a-z]{4}", tag_a) and re.fullmatch(r"#[0-9a-z]{4}", tag_b) and tag_a != tag_b
        user_a = first.get_attribute("data-user")
        assert user_a and user_a not in tag_a  # a hash of the id, never the id

        # A blocked phone number and a held cry for help: sentences, not codes.
        a.say("090-1234-5678 に電話して")
        a.say("もう死にたい")
        alert = page.locator("#alerts li.crisis", has_text="もう死にたい")
        expect(alert.locator(".rule")).to_contain_text("助けが必要かもしれない発言", timeout=T)
        expect(alert.locator(".tag")).to_have_text(tag_a)  # the same person, the same tag
        second.locator("button.act-warn").click()
        expect(b.page.locator("#notices")).to_contain_text("言葉づかい", timeout=T)

        page.click("#audit-form button[type=submit]")
        warn = page.locator("#audit-rows tr[data-action=warn]")
        expect(warn.locator("td.actor")).to_contain_text("mika", timeout=T)  # staff by name
        expect(warn.locator("td.target")).to_contain_text(tag_b)
        block = page.locator("#audit-rows tr[data-action=block]").first
        expect(block.locator("td.verdict")).to_contain_text("個人情報")
        expect(block.locator("td.verdict")).to_contain_text("電話番号")
        expect(block.locator("td.actor")).to_have_text("自動の見守り")
        text = page.locator("#console").inner_text()
        for code in ("crisis:", "personal_data:", "blocked_", "held_safety", "u_"):
            assert code not in text, code

        # A solid sticky header; the audit trail fits its column at 1280 px and a phone's width.
        background = page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
        assert background.startswith("rgb(") and "rgba" not in background, background
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(200)
            wrap = page.evaluate("(() => { const w = document.querySelector('#audit-section .table-wrap');"
                                 " return [w.scrollWidth, w.clientWidth]; })()")
            assert wrap[0] <= wrap[1] + 1, f"the audit trail scrolls sideways at {viewport['width']} px: {wrap}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the console scrolls sideways on a phone ({width}px)"
        page.locator("#audit-section").scroll_into_view_if_needed()
        expect(page.locator("header.top")).to_be_in_viewport()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#audit-section").screenshot(path=str(SHOTS / "mod-audit-phone.png"))
        assert not mod.errors, mod.errors
    finally:
        for c in (a, b, mod):
            if c is not None:
                c.close()
