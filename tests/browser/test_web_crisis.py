"""Browser tests of the crisis flow (issue 11), from the visitor's and the moderator's side.

Real server processes, real Chromium (/usr/bin/chromium, never downloaded),
the visitor on a phone (360×640), the moderator console on a desktop and a
phone, moderators signed in with real accounts. Fixtures and helpers are the
ones of tests/test_web_client.py and tests/test_mod_console.py.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from tests.support.accounts import create_account
from tests.support.browser import PHONE, SHOTS, T, Moderator, Visitor

MIKA = ("mika", "a-long-moderator-password-01")
REN = ("ren", "another-moderator-password-02")
CRY = "もう死にたい"
HELD_FOR_REVIEW = "みんなに表示されます"  # the ordinary hold's status line: never for a cry for help
DEV_TEXT = re.compile(r"仮のもの|※|TODO|provisional|ディレクトリから表示")


def _record_say_replies(v: Visitor) -> None:
    """Keep the server's replies to `say` in window.__replies (to check the wire contract too)."""
    v.page.evaluate("""() => { const c = window.__tsunagaru.client.conn; const orig = c.request.bind(c);
        window.__replies = [];
        c.request = (msg, cb = () => {}) => orig(msg, (r, f) => { if (msg.t === 'say') window.__replies.push(r); cb(r, f); }); }""")


def _last_say_reply(v: Visitor) -> dict[str, Any]:
    v.page.wait_for_function("() => window.__replies && window.__replies.length > 0", timeout=T)  # no eval: CSP
    return v.page.evaluate("window.__replies[window.__replies.length - 1]")


def _visible_text(page: Any) -> str:
    return page.evaluate("document.body.innerText")


def _side_by_side(browser: Any, shots: list[bytes], path: str, size: dict[str, int]) -> None:
    """Several phone screenshots in one picture (for the docs), laid out by the browser itself."""
    ctx = browser.new_context(viewport={"width": size["width"] * len(shots) + 8 * (len(shots) - 1),
                                        "height": size["height"]})
    try:
        page = ctx.new_page()
        imgs = "".join(f'<img src="data:image/png;base64,{base64.b64encode(b).decode()}" '
                       f'width="{size["width"]}" height="{size["height"]}">' for b in shots)
        page.set_content(f'<body style="margin:0;display:flex;gap:8px;background:#888">{imgs}</body>')
        page.wait_for_function("[...document.images].every((i) => i.complete)")
        page.screenshot(path=path)
    finally:
        ctx.close()


def test_crisis_flow_support_card_alert_reach_out_and_ack(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory()
    create_account(server, *MIKA)
    create_account(server, *REN)
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    mod = phone_mod = None
    try:
        a.enter("あおい", "15-17")
        b.enter("Ken")
        a.show_chat()
        b.show_chat()

        # -- the visitor: one warm message and the support card, nothing else ---------------
        _record_say_replies(a)
        a.say(CRY)
        card = a.page.locator("#notices .support-card")
        expect(card).to_have_count(1, timeout=T)
        reply = _last_say_reply(a)
        assert reply.get("t") == "ok" and reply.get("held") is True and reply.get("support") is True, reply
        expect(card.locator("p").first).not_to_be_empty()
        a.page.wait_for_timeout(500)  # the `ok` of the say has arrived too
        expect(a.page.locator("#chat-status")).not_to_contain_text(HELD_FOR_REVIEW)
        assert HELD_FOR_REVIEW not in _visible_text(a.page)
        assert not DEV_TEXT.search(_visible_text(a.page))
        places = card.locator("li.place")
        assert places.count() >= 3
        tel_links = card.locator('a[href^="tel:"]')
        assert tel_links.count() >= 2
        for i in range(places.count()):
            li = places.nth(i)
            lines = [x.strip() for x in li.inner_text().split("\n") if x.strip()]
            contact = li.locator("a.contact")
            assert contact.count() == 1, lines
            # name / number or chat address / hours: each on a line of its own, never run together.
            assert len(lines) == 3, lines
            assert lines[1] == contact.inner_text().strip(), lines
            href = contact.get_attribute("href") or ""
            if href.startswith("tel:"):
                assert re.fullmatch(r"tel:\+?\d{3,}", href), href
                assert re.sub(r"\D", "", lines[1]) == href[4:], (lines, href)
            else:
                assert href.startswith("https://"), href
        assert any(re.sub(r"\D", "", t) == "0120279338" for t in tel_links.all_inner_texts())
        # The help panel lists the lines without any developer note.
        a.page.click("#help-open")
        help_dialog = a.page.locator("#help-dialog")
        expect(help_dialog).to_be_visible()
        assert not DEV_TEXT.search(help_dialog.inner_text())
        assert help_dialog.locator('a[href^="tel:"]').count() >= 2
        a.page.keyboard.press("Escape")
        expect(help_dialog).to_be_hidden()
        a.page.evaluate("document.activeElement && document.activeElement.blur()")
        card_shot = a.page.screenshot()
        # The room never sees it.
        b.page.wait_for_timeout(300)
        expect(b.page.locator("#chat-log")).not_to_contain_text(CRY)

        # -- a moderator who signs in AFTER the alert was raised still sees it, first ----------
        mod = Moderator(browser, server.http, account=MIKA)
        mod.wait_online()
        page = mod.page
        alert = page.locator("#alerts li.crisis", has_text=CRY)
        expect(alert).to_be_visible(timeout=T)
        expect(page).to_have_title(re.compile(r"^\(1\) "), timeout=T)
        expect(page.locator("#alerts-count")).to_contain_text("1")
        # An alert names the member, never a session (PROTOCOL.md additions).
        assert page.evaluate("window.__tsunagaruMod.alerts.every((a) => !('session' in a) && typeof a.alert === 'string')")
        top = page.locator("#alerts-section").bounding_box()
        rooms = page.locator("#rooms-section").bounding_box()
        assert top and rooms and top["y"] < rooms["y"]
        # 声をかける is the first and the highlighted action; 部屋に表示する is secondary.
        first = alert.locator(".actions button").first
        expect(first).to_have_text("声をかける")
        expect(first).to_have_class(re.compile(r"\bbtn-primary\b"))
        release = alert.locator("button.act-release")
        expect(release).to_be_visible()
        assert "btn-primary" not in (release.get_attribute("class") or "")
        assert alert.locator("button.act-kick, button.act-ban, button.act-mute").count() == 0
        # Sound is off unless asked for.
        expect(page.locator("#sound-toggle")).to_have_attribute("aria-pressed", "false")

        # 部屋に表示する asks a second time, naming the risk; cancelling shows nothing.
        release.click()
        expect(page.locator("#confirm")).to_be_visible()
        expect(page.locator("#confirm-text")).to_contain_text("全員に表示")
        expect(page.locator("#confirm-cancel")).to_be_focused()
        page.click("#confirm-cancel")
        expect(page.locator("#confirm")).to_be_hidden()
        b.page.wait_for_timeout(300)
        expect(b.page.locator("#chat-log")).not_to_contain_text(CRY)

        # The same alert on a second moderator's phone (screenshot for the docs).
        phone_mod = Moderator(browser, server.http, viewport=PHONE, account=REN)
        phone_mod.wait_online()
        phone_alert = phone_mod.page.locator("#alerts li.crisis", has_text=CRY)
        expect(phone_alert).to_be_visible(timeout=T)
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone_mod.page.screenshot(path=str(SHOTS / "mod-alert-phone.png"))
        width = phone_mod.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the console scrolls sideways on a phone ({width}px)"

        # -- 声をかける: the support room opens on both sides ----------------------------------
        first.click()
        conv = page.locator("#supports li.support-conv")
        expect(conv).to_be_visible(timeout=T)
        sheet = a.page.locator("#support-sheet")
        expect(sheet).to_be_visible(timeout=T)
        assert (conv.get_attribute("data-room") or "").startswith("support:")
        who = a.page.locator("#support-who")
        expect(who.locator(".support-nick")).to_have_text("スタッフ", timeout=T)  # never the login name
        expect(who.locator(".staff-badge")).to_have_text("スタッフ", timeout=T)
        expect(who).to_contain_text("と話しています")
        expect(a.page.locator("#support-private")).to_contain_text("スタッフだけ")
        expect(a.page.locator("#support-leave")).to_have_text("退出する")

        # A line each way; the room (B) sees neither.
        conv.locator(".support-input").fill("声をかけてくれてありがとう。ここはスタッフだけが見ています。")
        conv.locator(".support-input").press("Enter")
        expect(a.page.locator("#support-log")).to_contain_text("スタッフだけが見ています", timeout=T)
        staff_line = a.page.locator("#support-log li.msg", has_text="スタッフだけが見ています")
        expect(staff_line.locator(".staff-badge")).to_have_text("スタッフ")
        a.page.fill("#support-input", "すこし話したいです")
        a.page.press("#support-input", "Enter")
        expect(conv.locator(".support-log")).to_contain_text("すこし話したいです", timeout=T)
        expect(a.page.locator("#support-log")).to_contain_text("すこし話したいです")
        b.page.wait_for_timeout(300)
        expect(b.page.locator("#chat-log")).not_to_contain_text("すこし話したいです")
        expect(b.page.locator("#chat-log")).not_to_contain_text("スタッフだけが見ています")
        room_shot = a.page.screenshot()
        _side_by_side(browser, [card_shot, room_shot], str(SHOTS / "visitor-support-phone.png"), PHONE)

        # A reload in the middle of it: the visitor is back in the conversation, with its lines.
        a.page.reload()
        a.wait_in("lobby")
        expect(sheet).to_be_visible(timeout=T)
        expect(a.page.locator("#support-log")).to_contain_text("すこし話したいです", timeout=T)
        expect(who.locator(".staff-badge")).to_have_text("スタッフ", timeout=T)

        # The visitor can leave at any time; the console sees it.
        a.page.click("#support-leave")
        expect(sheet).to_be_hidden(timeout=T)
        expect(conv.locator(".support-log")).to_contain_text("退出しました", timeout=T)
        expect(a.page.locator("#chat-log")).to_contain_text("スタッフとの会話を終えました")
        a.say("ありがとう")
        expect(b.page.locator("#chat-log")).to_contain_text("ありがとう", timeout=T)  # still in the lobby

        # -- 対応済みにする (with a note) closes the alert on every console ---------------------
        alert.locator(".ack-note").fill("声をかけて、相談窓口を案内した")
        alert.locator("button.act-ack").click()
        expect(alert).to_have_count(0, timeout=T)
        expect(phone_alert).to_have_count(0, timeout=T)  # alert.closed reached the other moderator
        expect(page).not_to_have_title(re.compile(r"^\(\d+\) "))
        expect(page.locator("#alerts-none")).to_be_visible()
        conv.locator("button.act-support-leave").click()
        expect(conv).to_have_count(0)

        # English has every new text too.
        keys = a.page.evaluate(
            """async () => { const m = await import('/static/texts.js');
                return [Object.keys(m.TEXTS.ja).sort(), Object.keys(m.TEXTS.en).sort()]; }""")
        assert keys[0] == keys[1]
        for who_ in (a, b, mod, phone_mod):
            assert not who_.errors, who_.errors
    finally:
        for c in (a, b, mod, phone_mod):
            if c is not None:
                c.close()


def test_device_credential_is_kept_sent_back_and_a_mute_follows_it(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory()
    create_account(server, *MIKA)
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    mod = None
    try:
        a.enter("Aki")
        b.enter("Sora")
        device = a.page.evaluate("localStorage.getItem('tsunagaru.device')")
        assert device, "welcome.device was not stored"
        assert "device" not in [m for m in a.sent if m.get("t") == "hello"][0]  # a first visit has none

        # A reload resumes, sending the device back.
        a.page.reload()
        a.wait_in("lobby")
        hellos = [m for m in a.sent if m.get("t") == "hello"]
        assert hellos[-1].get("device") == device
        assert hellos[-1].get("resume")

        # A moderator mutes A from the feed.
        mod = Moderator(browser, server.http, account=MIKA)
        mod_sent: list[dict[str, Any]] = []
        mod.page.on("websocket", lambda ws: ws.on("framesent", lambda p: mod_sent.append(json.loads(p))))
        mod.wait_online()
        page = mod.page
        page.locator('#rooms button[data-room="lobby"]').click()
        expect(page.locator("#room-tools")).to_be_visible()
        a.show_chat()
        b.show_chat()
        a.say("ミュート前のひとこと")
        msg = page.locator("#feed li.msg", has_text="ミュート前のひとこと")
        expect(msg).to_be_visible(timeout=T)
        msg.locator("button.act-mute").click()
        expect(page.locator("#toast")).to_contain_text("ミュート", timeout=T)

        # Leaving and coming back with another nickname does not clear it: the device goes with A.
        a.page.click("#leave-btn")
        expect(a.page.locator("#entry")).to_be_visible()
        a.enter("NewName")
        hellos = [m for m in a.sent if m.get("t") == "hello"]
        assert hellos[-1].get("device") == a.page.evaluate("localStorage.getItem('tsunagaru.device')")
        assert not hellos[-1].get("resume")
        a.show_chat()
        a.say("ミュート中のひとこと")
        expect(a.page.locator("#chat-status")).not_to_be_empty(timeout=T)
        b.page.wait_for_timeout(500)
        expect(b.page.locator("#chat-log")).not_to_contain_text("ミュート中のひとこと")

        # ミュート解除 from the console: A can talk again. The ban dialog offers the address ban, unchecked.
        msg.locator("button.act-unmute").click()
        expect(page.locator("#toast")).to_contain_text("ミュートを解除", timeout=T)
        a.page.wait_for_timeout(300)
        a.say("解除されたよ")
        expect(b.page.locator("#chat-log")).to_contain_text("解除されたよ", timeout=T)
        msg.locator("button.act-ban").click()
        expect(page.locator("#confirm-address-row")).to_be_visible()
        expect(page.locator("#confirm-address-row")).to_contain_text("最大60分")
        expect(page.locator("#confirm-address")).not_to_be_checked()
        page.click("#confirm-cancel")

        # A ban by user and device (the address option left unchecked): A is closed, B on the same
        # address (loopback here) stays; BAN解除 lets A come back.
        now_msg = page.locator("#feed li.msg", has_text="解除されたよ")
        expect(now_msg).to_be_visible(timeout=T)
        sent_before = len(mod_sent)
        now_msg.locator("button.act-ban").click()
        page.click("#confirm-ok")
        expect(a.page.locator("#fatal")).to_be_visible(timeout=T)
        bans = [m for m in mod_sent[sent_before:] if m.get("t") == "mod.ban"]
        assert bans and "address" not in bans[-1], bans
        b.say("まだいるよ")
        expect(b.page.locator("#chat-log")).to_contain_text("まだいるよ", timeout=T)
        expect(b.page.locator("#venue")).to_have_attribute("data-conn", "online")
        # BAN解除 from the audit trail (the banned person's lines may be long gone from the feed).
        page.select_option("#audit-action", "ban")
        row = page.locator('#audit-rows tr[data-action="ban"]').first
        expect(row.locator("button.act-unban")).to_be_visible(timeout=T)
        row.locator("button.act-unban").click()
        expect(page.locator("#toast")).to_contain_text("BANを解除", timeout=T)
        a.page.reload()
        a.wait_in("lobby")
        a.show_chat()
        a.say("もどってきた")
        expect(b.page.locator("#chat-log")).to_contain_text("もどってきた", timeout=T)
        assert not a.errors, a.errors
        assert not mod.errors, mod.errors
    finally:
        for c in (a, b, mod):
            if c is not None:
                c.close()


def test_abuse_disclosure_lists_189_first_and_a_safety_alert_is_not_a_cry_for_help(
        server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory()
    create_account(server, *MIKA)
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    mod = None
    try:
        a.enter("はる", "u15")
        b.enter("おとな")
        a.show_chat()
        b.show_chat()

        # A disclosure of abuse: the same one warm card, the child-abuse line first.
        _record_say_replies(a)
        _record_say_replies(b)
        a.say("お父さんに殴られた")
        card = a.page.locator("#notices .support-card")
        expect(card).to_have_count(1, timeout=T)
        first = card.locator("li.place").first.locator("a.contact")
        expect(first).to_have_attribute("href", "tel:189")
        a.page.wait_for_timeout(300)
        assert HELD_FOR_REVIEW not in _visible_text(a.page)

        # Sexual solicitation is an ordinary hold for its sender: "staff check it first", no support card.
        b.say("写真送って")
        expect(b.page.locator("#chat-status")).to_contain_text(HELD_FOR_REVIEW, timeout=T)
        reply = _last_say_reply(b)
        assert reply.get("held") is True and not reply.get("support"), reply
        expect(b.page.locator("#notices .support-card")).to_have_count(0)
        expect(a.page.locator("#chat-log")).not_to_contain_text("写真送って")

        # The console on a phone: both alerts, the abuse one with 声をかける first, the safety one
        # with 対応済みにする first and the actions against its sender (never 声をかける).
        mod = Moderator(browser, server.http, viewport=PHONE, account=MIKA)
        mod.wait_online()
        page = mod.page
        abuse = page.locator("#alerts li.crisis", has_text="お父さんに殴られた")
        safety = page.locator("#alerts li.safety", has_text="写真送って")
        expect(abuse).to_be_visible(timeout=T)
        expect(safety).to_be_visible(timeout=T)
        expect(page).to_have_title(re.compile(r"^\(2\) "))
        expect(abuse).to_contain_text("虐待")
        expect(abuse.locator(".actions button").first).to_have_text("声をかける")
        expect(safety.locator(".actions button").first).to_have_text("対応済みにする")
        expect(safety.locator("button.act-support")).to_have_count(0)
        expect(safety.locator("button.act-mute")).to_be_visible()
        # Oldest first: the disclosure came first.
        order = page.locator("#alerts li.alert").all_inner_texts()
        assert "お父さん" in order[0], order
        safety.locator("button.act-ack").click()
        expect(safety).to_have_count(0, timeout=T)
        expect(page).to_have_title(re.compile(r"^\(1\) "))
        for who_ in (a, b, mod):
            assert not who_.errors, who_.errors
    finally:
        for c in (a, b, mod):
            if c is not None:
                c.close()


def test_a_ban_from_an_earlier_name_follows_the_device(server_factory: Any, browser: Any) -> None:
    """Issue 11: bans follow the device. A moderator bans from a message A wrote under an earlier
    nickname, after A left and came back as someone else on the same phone: A is closed."""
    from playwright.sync_api import expect

    server = server_factory()
    create_account(server, *MIKA)
    a = Visitor(browser, server.http, "A", PHONE)
    mod = None
    try:
        a.enter("Aki")
        mod = Moderator(browser, server.http, account=MIKA)
        mod.wait_online()
        page = mod.page
        page.locator('#rooms button[data-room="lobby"]').click()
        expect(page.locator("#room-tools")).to_be_visible()
        a.show_chat()
        a.say("前の名前で書いたこと")
        msg = page.locator("#feed li.msg", has_text="前の名前で書いたこと")
        expect(msg).to_be_visible(timeout=T)
        a.page.click("#leave-btn")
        expect(a.page.locator("#entry")).to_be_visible()
        a.enter("NewName")
        msg.locator("button.act-ban").click()
        page.click("#confirm-ok")
        expect(page.locator("#toast")).to_contain_text("BAN", timeout=T)
        expect(a.page.locator("#fatal")).to_be_visible(timeout=T)
    finally:
        for c in (a, mod):
            if c is not None:
                c.close()
