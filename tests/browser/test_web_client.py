"""Browser tests of the visitor web client (clients/web/) against a real server.

The server is started exactly as an operator would (`python -m server serve
--demo`, via the `server` / `server_factory` fixtures of conftest.py) and the
client is driven in Chromium through Playwright (tests/support/browser.py).
"""
from __future__ import annotations

import re
import time
from typing import Any

from tests.support.browser import DESKTOP, PHONE, SHOTS, T, Visitor
from tests.support.nodes import REPO


def _member_names(v: Visitor) -> list[str]:
    return v.page.locator("#member-list .member-nick").all_text_contents()


def test_two_visitors_meet_chat_and_resume_after_reload(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    try:
        # Japanese by default; the entry form speaks to a visitor.
        expect(a.page.locator("html")).to_have_attribute("lang", "ja")
        expect(a.page.locator("#help-open")).to_have_text("相談する")

        a.enter("あおい", "15-17")
        b.enter("Ken")

        # Each sees the other arrive in the member list.
        expect(a.show_members()).to_contain_text("Ken", timeout=T)
        expect(b.show_members()).to_contain_text("あおい", timeout=T)
        expect(a.page.locator("#member-count")).to_have_text("(2)")

        # A message from B appears in A's log, as text (never as markup).
        a.show_chat()
        b.show_chat()
        empty = a.page.locator('#chat-log li.sys[data-key="chat_empty_room"]')
        expect(empty).to_have_text("まだ会話はありません。あいさつしてみよう。")  # a fresh lobby is quiet...
        text = "はじめまして！ <b>よろしく</b>"
        b.say(text)
        expect(empty).to_have_count(0, timeout=T)  # ...until someone speaks
        expect(a.page.locator("#chat-log")).to_contain_text(text, timeout=T)
        expect(a.page.locator("#chat-log li.msg").last.locator(".nick")).to_have_text("Ken")
        assert a.page.locator("#chat-log b").count() == 0
        expect(b.page.locator("#chat-log li.own")).to_contain_text(text, timeout=T)
        expect(b.page.locator("#chat-input")).to_have_value("")

        # A reloads: back in the lobby, same session, same user, no leave/join seen by B.
        before = a.stored()
        user_before = a.user_id
        assert before.get("session") and before.get("room") == "lobby"
        a.page.reload()
        a.wait_in("lobby")
        expect(a.page.locator("#venue")).to_have_attribute("data-resumed", "true", timeout=T)
        assert a.stored().get("session") == before["session"]
        assert a.user_id == user_before
        expect(a.page.locator("#chat-log")).to_contain_text(text, timeout=T)  # history
        expect(b.show_members()).to_contain_text("あおい")
        assert _member_names(b).count("あおい") == 1
        expect(b.show_chat()).not_to_contain_text("あおいさんが移動しました")

        # And A can still talk to B after the reload.
        a.say("ただいま")
        expect(b.page.locator("#chat-log")).to_contain_text("ただいま", timeout=T)

        # Screenshots for the docs: a phone and a desktop.
        c = Visitor(browser, server.http, "C", DESKTOP)
        try:
            c.enter("ミカ", "18-24")
            expect(c.page.locator("#member-list")).to_contain_text("Ken", timeout=T)
            b.say("ようこそ、ミカさん！")
            expect(c.page.locator("#chat-log")).to_contain_text("ようこそ", timeout=T)
            c.say("こんにちは〜 ゆっくりしていってね")
            expect(a.page.locator("#chat-log")).to_contain_text("ゆっくり", timeout=T)
            time.sleep(1.0)  # let the avatars finish stepping aside
            SHOTS.mkdir(parents=True, exist_ok=True)
            a.page.screenshot(path=str(SHOTS / "visitor-phone.png"))
            c.page.screenshot(path=str(SHOTS / "visitor-desktop.png"))
            assert not c.errors, c.errors
        finally:
            c.close()
        assert not a.errors, a.errors
        assert not b.errors, b.errors
    finally:
        a.close()
        b.close()


def test_on_a_phone_a_refusal_is_seen_with_the_input_still_on_screen(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "A", PHONE)
    try:
        expect(v.page.locator("#entry")).to_be_visible(timeout=T)
        v.page.keyboard.press("Tab")  # the first Tab stop is something usable on the entry screen, not "skip to chat"
        first = v.page.evaluate("document.activeElement && document.activeElement.id")
        assert first and first != "skip-to-chat", first
        assert v.page.locator(f"#{first}").is_visible()
        v.enter("あおい", "15-17")
        expect(v.page.locator("#skip-to-chat")).to_have_attribute("href", "#chat-input")
        assert v.page.locator("#skip-to-chat").get_attribute("hidden") is None  # in the venue it leads to the chat
        expect(v.page.locator("#room-title")).to_have_text("ロビー", timeout=T)  # one language at a time
        v.show_chat()
        v.say("電話して 090-1234-5678")
        status = v.page.locator("#chat-status")
        expect(status).to_contain_text("電話番号", timeout=T)
        height = PHONE["height"]
        for locator in (status, v.page.locator("#chat-input")):
            box = locator.bounding_box()
            assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, box
    finally:
        v.close()


def test_walk_switch_rooms_overflow_blip_and_kind_errors(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory({"HALL_CAPACITY": "1"})
    a = Visitor(browser, server.http, "A", PHONE)
    b = Visitor(browser, server.http, "B", PHONE)
    try:
        a.enter("Aki")
        b.enter("Sora")
        expect(b.show_members()).to_contain_text("Aki", timeout=T)
        a_id = a.user_id

        # Walk with the keyboard; B's view of A follows (`moves`).
        a.page.wait_for_timeout(2500)  # the arrival step-aside walk is over
        x0 = a.page.evaluate("window.__tsunagaru.map.selfPosition().x")
        a.page.focus("#map")
        a.page.keyboard.down("ArrowLeft")
        a.page.wait_for_timeout(700)
        a.page.keyboard.up("ArrowLeft")
        x1 = a.page.evaluate("window.__tsunagaru.map.selfPosition().x")
        assert x1 < x0 - 1.0, (x0, x1)
        b.page.wait_for_function(
            "([id, x]) => { const m = window.__tsunagaru.client.members.get(id); return m && Math.abs(m.x - x) < 0.05; }",
            arg=[a_id, x1], timeout=T,
        )

        # Tap to walk.
        box = a.page.locator("#map").bounding_box()
        assert box is not None
        a.page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.5)
        a.page.wait_for_function("() => window.__tsunagaru.map.selfPosition().x > window.__tsunagaru.map.info.width * 0.6",
                                 timeout=T)  # a function: a bare expression needs eval, which the CSP forbids

        # Switch rooms: A goes to hall:1 (capacity 1 here), B is sent to the overflow.
        a.page.select_option("#room-select", "hall:1")
        a.wait_in("hall:1")
        expect(b.show_members()).not_to_contain_text("Aki", timeout=T)
        b.page.select_option("#room-select", "hall:1")
        b.wait_in("hall:1~2")
        expect(b.page.locator("#chat-status")).to_contain_text("満員", timeout=T)
        expect(b.page.locator("#room-select")).to_have_value("hall:1")
        for v in (a, b):
            v.page.select_option("#room-select", "lobby")
            v.wait_in("lobby")
        expect(b.show_members()).to_contain_text("Aki", timeout=T)
        b.show_chat()

        # A network blip: A's socket drops and comes back 2 s later; what B
        # said meanwhile is replayed by the resume, with the same session.
        session = a.stored()["session"]
        a.page.evaluate(
            """() => { const c = window.__tsunagaru.client.conn; const connect = c._connect.bind(c);
                c._connect = () => { c._connect = connect; setTimeout(connect, 2000); };
                c.ws.close(4000, "test blip"); }"""
        )
        expect(a.page.locator("#venue")).not_to_have_attribute("data-conn", "online", timeout=T)
        b.say("おかえり")
        a.wait_in("lobby")
        expect(a.page.locator("#chat-log")).to_contain_text("おかえり", timeout=T)
        expect(a.page.locator("#venue")).to_have_attribute("data-resumed", "true")
        assert a.stored()["session"] == session
        assert _member_names(b).count("Aki") == 1
        hellos = [m for m in a.sent if m.get("t") == "hello"]
        assert hellos[-1]["resume"]["session"] == session
        assert set(hellos[-1]["resume"]["rooms"]) == {"lobby"}

        # `reset {room}` makes the client join again; a seq gap takes a fresh
        # snapshot instead of showing an event out of order (and does not loop).
        joins = a.joins("lobby")
        a.page.evaluate("window.__tsunagaru.client._onMessage({t: 'reset', room: 'lobby'})")
        a.page.wait_for_timeout(500)
        assert a.joins("lobby") == joins + 1
        a.wait_in("lobby")
        a.page.evaluate(
            """() => { const c = window.__tsunagaru.client;
                c._onMessage({t: 'said', room: 'lobby', seq: c.seq + 5, id: 'm-gap', ts: Date.now(),
                              from: {id: 'u-ghost', nick: 'ghost', role: 'visitor'}, text: 'out of order'}); }"""
        )
        a.page.wait_for_timeout(1000)
        assert a.joins("lobby") == joins + 2
        expect(a.page.locator("#chat-log")).not_to_contain_text("out of order")
        expect(a.page.locator("#chat-log")).to_contain_text("おかえり")
        b.say("まだいる？")
        expect(a.page.locator("#chat-log")).to_contain_text("まだいる？", timeout=T)

        # Server errors are shown kindly with the server's own message.
        b.page.evaluate(
            """() => { const input = document.getElementById('chat-input');
                const form = document.getElementById('chat-form');
                for (let i = 0; i < 30; i++) { input.value = 'たくさん ' + i; form.requestSubmit(); } }"""
        )
        expect(b.page.locator("#chat-status")).to_contain_text("少し速すぎます", timeout=T)
        expect(b.page.locator("#chat-status")).to_be_visible()

        # A support notice becomes a calm card; its items also join the help panel.
        a.page.evaluate(
            """() => window.__tsunagaru.client._onMessage({t: 'notice', level: 'info', code: 'support',
                text: '<img src=x onerror="window.__pwned=1">話せる場所があります',
                items: [{name: 'テスト窓口', tel: '0120-000-000', hours: '毎日'}, 'もうひとつ<b>の</b>場所']})"""
        )
        card = a.page.locator("#notices .notice")
        expect(card).to_contain_text("テスト窓口", timeout=T)
        expect(card).to_contain_text("<img src=x")
        assert a.page.locator("#notices img, #notices b").count() == 0
        assert a.page.evaluate("window.__pwned === undefined")

        # The help panel opens from the always-visible button, by keyboard too.
        a.page.focus("#help-open")
        a.page.keyboard.press("Enter")
        dialog = a.page.locator("#help-dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("0120-279-338")
        expect(dialog).to_contain_text("テスト窓口")
        a.page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        # English toggle: all texts switch, the language is remembered.
        a.page.click("#lang-toggle")
        expect(a.page.locator("html")).to_have_attribute("lang", "en")
        expect(a.page.locator("#help-open")).to_have_text("Talk to someone")
        expect(a.page.locator("#tab-chat")).to_have_text("Chat")

        # Every text has both languages.
        keys = a.page.evaluate(
            """async () => { const m = await import('/static/texts.js');
                return [Object.keys(m.TEXTS.ja).sort(), Object.keys(m.TEXTS.en).sort(),
                        Object.keys(m.TEXTS)]; }"""
        )
        assert keys[0] == keys[1]
        assert keys[2] == ["ja", "en"]

        # Leaving on purpose ends the session: B sees A go.
        a.page.click("#leave-btn")
        expect(a.page.locator("#entry")).to_be_visible()
        expect(b.show_members()).not_to_contain_text("Aki", timeout=T)
        assert not a.errors, a.errors
        assert not b.errors, b.errors
    finally:
        a.close()
        b.close()


def test_static_client_is_small_and_self_contained() -> None:
    web = REPO / "clients" / "web"
    files = [p for p in web.rglob("*") if p.is_file()]
    assert (web / "index.html").exists() and (web / "texts.js").exists()
    visitor = [p for p in files if p.parent == web]  # the host and moderator consoles load only on their pages
    assert sum(p.stat().st_size for p in visitor) < 300_000
    for p in files:  # vendored libraries (clients/web/vendor, served by the node too) are as published
        if p.suffix in {".html", ".js", ".css"} and "vendor" not in p.relative_to(web).parts:
            body = p.read_text(encoding="utf-8")
            assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", body), p
            assert "innerHTML" not in body and "insertAdjacentHTML" not in body, p


def test_first_visit_transfers_under_300_kb_before_the_map(server: Any, browser: Any) -> None:
    """Issue 7: what a phone downloads before it sees the festival (Resource Timing, as the browser counted it)."""
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "first", PHONE)
    try:
        v.enter("はじめて")
        expect(v.page.locator("#map")).to_be_visible(timeout=T)
        sizes = v.page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const res = performance.getEntriesByType('resource');
            return {nav: nav.transferSize, res: res.map(r => [r.name, r.transferSize, r.encodedBodySize])};
        }""")
        total = sizes["nav"] + sum(r[1] for r in sizes["res"])
        assert sizes["nav"] > 0 and len(sizes["res"]) >= 4, sizes  # the page and its modules were really counted
        assert all("://" + server.http.split("://")[1] in r[0] for r in sizes["res"]), "something came from elsewhere"
        print(f"\nfirst visit: {total} bytes in {1 + len(sizes['res'])} transfers")
        assert total < 300_000
    finally:
        v.close()
