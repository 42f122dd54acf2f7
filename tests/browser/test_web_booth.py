"""The booth panel of the visitor web client in Chromium: live state, Q&A with a host, and "行ってみたい".

The host is a real account (made with the command line) on a real wire client.
"""
from __future__ import annotations

import asyncio
import json
import re
import threading
import urllib.request
from typing import Any

from tests.support.accounts import create_host
from tests.support.browser import DESKTOP, PHONE, SHOTS, T, Visitor
from tests.support.wsclient import WireClient

ADMIN = "admin-secret-for-web-booth-tests-1"
SLUG = "kawagoe-music"


def _get(base: str, path: str, token: str | None = None) -> Any:
    req = urllib.request.Request(base + path)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


class Background:
    """An event loop on its own thread: the host's wire client runs there, beside Playwright's own loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any, timeout: float = 20) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def test_a_visitor_asks_gets_an_answer_and_leaves_with_a_ticket(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory({"STATIC_TOKENS": f"admin:{ADMIN}"})
    booth = _get(server.http, f"/api/booths/{SLUG}")
    token = create_host(server, "kawagoe-music-host", booth["organization_id"])
    loop = Background()
    host = loop.run(WireClient.hello(server.url, "スタッフ", token=token))
    loop.run(host.request({"t": "join", "room": f"booth:{SLUG}"}))
    loop.run(host.request({"t": "booth.announce", "room": f"booth:{SLUG}",
                                          "text": "14時からミニライブ!"}))

    v = Visitor(browser, server.http, "yui", PHONE)
    try:
        v.enter("ゆい", "15-17")
        v.page.select_option("#room-select", f"booth:{SLUG}")
        v.wait_in(f"booth:{SLUG}")
        panel = v.page.locator("#booth-panel")
        expect(panel).to_be_visible(timeout=T)
        expect(v.page.locator("#booth-title")).to_have_text(booth["title"], timeout=T)
        expect(v.page.locator("#booth-live")).to_contain_text("スタッフがいます", timeout=T)
        expect(v.page.locator("#booth-news")).to_contain_text("14時からミニライブ!", timeout=T)
        # Folded under the map: the booth at a glance and 「行ってみたい」, the space still in view.
        expect(panel).to_have_attribute("data-state", "peek")
        expect(v.page.locator("#go-btn")).to_be_in_viewport()
        expect(v.page.locator("#qa-input")).to_be_hidden()
        v.page.screenshot(path=str(SHOTS / "visitor-booth-peek-phone.png"))
        # 全画面: the sheet takes the screen below the header, the focus moves into it, what it covers is inert.
        v.page.click("#booth-expand")
        expect(panel).to_have_attribute("data-state", "full")
        panel.evaluate("el => Promise.all(el.getAnimations().map((a) => a.finished))")  # measured where it stops
        box = panel.bounding_box()
        assert box["y"] <= 64 and box["y"] + box["height"] >= PHONE["height"] - 1 and box["width"] >= PHONE["width"] - 1
        assert v.page.evaluate("document.getElementById('booth-panel').contains(document.activeElement)")
        assert v.page.evaluate("!!document.getElementById('chat-input').closest('[inert]')")
        # Escape gives the space back, and the focus to the button that opened the sheet.
        v.page.keyboard.press("Escape")
        expect(panel).to_have_attribute("data-state", "peek")
        assert v.page.evaluate("document.activeElement.id") == "booth-expand"
        assert not v.page.evaluate("!!document.getElementById('chat-input').closest('[inert]')")
        # A drag up on the handle opens it again (a tap would too). Released near the top, so the place
        # decides, not the speed (a slow drag that ends nearer the fold glides back: test_web_booth_sheet).
        handle = v.page.locator("#booth-handle").bounding_box()
        v.page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        v.page.mouse.down()
        v.page.mouse.move(handle["x"] + handle["width"] / 2, 60, steps=4)
        v.page.mouse.up()
        expect(panel).to_have_attribute("data-state", "full")

        v.page.fill("#qa-input", "初心者でも大丈夫ですか?")
        v.page.click("#qa-send")
        expect(v.page.locator("#qa-status")).to_contain_text("1 番目", timeout=T)
        asked = loop.run(host.expect("qa.asked"))
        loop.run(host.request({"t": "qa.answer", "room": f"booth:{SLUG}",
                                              "id": asked["question"]["id"], "text": "大丈夫!楽器も貸します"}))
        expect(v.page.locator("#qa-answers")).to_contain_text("大丈夫!楽器も貸します", timeout=T)
        expect(v.page.locator("#qa-status")).to_contain_text("回答がありました", timeout=T)

        v.page.fill("#qa-input", "電話番号は 090-1234-5678 です")
        v.page.click("#qa-send")
        expect(v.page.locator("#qa-status")).not_to_contain_text("番目", timeout=T)
        assert not [m for m in loop.run(host.quiet(0.5)) if m.get("t") == "qa.asked"]

        v.page.click("#go-btn")
        expect(v.page.locator("#go-flow")).to_be_visible(timeout=T)
        v.page.click("#go-confirm")
        code = v.page.locator("#ticket-code")
        expect(code).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$"), timeout=T)
        # the image loads after the code is shown: wait for it (bounded) instead of reading it at once
        v.page.wait_for_function("() => { const i = document.getElementById('ticket-qr'); "
                                 "return i.complete && i.naturalWidth > 0; }", timeout=T)
        expect(code).to_be_in_viewport()  # the ticket is on screen: the sheet is the one thing that scrolls
        assert v.page.evaluate("getComputedStyle(document.documentElement).overflowY") == "hidden"
        shown = code.text_content()
        inbox = _get(server.http, "/api/handoff/inbox", token)
        assert shown in [h["code"] for h in inbox["handoffs"]]
        kept = v.page.evaluate("JSON.parse(localStorage.getItem('tsunagaru.tickets') || '[]')")
        assert shown in kept
        SHOTS.mkdir(parents=True, exist_ok=True)
        v.page.screenshot(path=str(SHOTS / "visitor-booth-phone.png"))
        v.page.set_viewport_size(DESKTOP)
        v.page.screenshot(path=str(SHOTS / "visitor-booth-desktop.png"))
        # A notice from staff is never hidden behind the sheet: it folds, and the notice is in the chat.
        staff = loop.run(WireClient.hello(server.url, "事務局", token=ADMIN))
        loop.run(staff.request({"t": "mod.warn", "user": v.user_id, "text": "やさしい言葉でね"}))
        expect(panel).to_have_attribute("data-state", "peek", timeout=T)
        expect(v.page.locator("#notices")).to_contain_text("やさしい言葉でね")
        assert not v.page.evaluate("!!document.getElementById('notices').closest('[inert]')")
        loop.run(staff.close())
        assert not v.errors, v.errors
    finally:
        v.close()
        loop.run(host.close())
        loop.stop()


def _post(base: str, path: str, body: dict, token: str | None = None) -> Any:
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_a_few_taps_find_a_place_a_ticket_and_the_gentle_follow_up(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    server = server_factory({"STATIC_TOKENS": f"admin:{ADMIN}"})
    v = Visitor(browser, server.http, "haru", PHONE)
    try:
        v.enter("はる", "15-17")
        v.page.click("#help-open")  # 相談する: the directory's consultation windows, with hours
        lines = v.page.locator("#help-lines")
        expect(lines).to_contain_text("チャイルドライン", timeout=T)
        expect(lines).to_contain_text("0120-99-7777", timeout=T)
        v.page.click("#help-close")
        v.page.click("#find-open")
        expect(v.page.locator("#find-dialog")).to_be_visible(timeout=T)
        for value in ("school", "music", "weekend"):
            v.page.check(f'#find-form input[value="{value}"]')
        v.page.click("#find-search")
        first = v.page.locator("#find-results li").first
        expect(first).to_be_visible(timeout=T)
        assert "・" in first.locator("p").nth(1).text_content()  # the plain-Japanese explanation
        hints = " ".join(v.page.locator("#find-results li p.hint").all_text_contents())
        assert re.search(r"\d{1,2}月\d{1,2}日\([日月火水木金土]\) \d{2}:\d{2}", hints), hints  # as people write dates
        assert not re.search(r"\d{4}/\d{1,2}/\d{1,2}", hints), hints  # not 2026/12/5 13:00:00
        first.locator("button.btn-primary").click()
        code = v.page.locator("#find-ticket .ticket-code")
        expect(code).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$"), timeout=T)
        ticket = code.text_content()
        SHOTS.mkdir(parents=True, exist_ok=True)
        v.page.screenshot(path=str(SHOTS / "visitor-find-phone.png"))

        # the organisation proposes a time that has passed: the follow-up is due from the next day
        status = _get(server.http, f"/api/handoff/{ticket}")
        org = _get(server.http, f"/hsds/services/{status['service_id']}")["organization"]["id"]
        inbox = _get(server.http, f"/api/handoff/inbox?organization={org}", ADMIN)
        handoff = next(h for h in inbox["handoffs"] if h["code"] == ticket)
        _post(server.http, f"/api/handoff/items/{handoff['id']}/propose", {"proposed": "2026-01-10T14:00:00+09:00"},
              ADMIN)
        v.page.reload()
        card = v.page.locator(".followup")
        expect(card).to_contain_text(ticket, timeout=T)
        card.get_by_role("button", name="行けた").click()
        expect(card).to_contain_text("ありがとう", timeout=T)
        assert _get(server.http, f"/api/handoff/{ticket}")["follow_up"] == "went"
        assert not v.errors, v.errors
    finally:
        v.close()


def test_walking_onto_a_stand_in_a_hall_enters_the_booth(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "walker", DESKTOP)
    try:
        v.enter("あるく")
        v.page.select_option("#room-select", "hall:1")
        v.wait_in("hall:1")
        booths = _get(server.http, "/api/booths")["booths"]
        first = booths[0]
        # the first stand sits at the top left of hall 1 (see standsFor in app.js); tap its middle
        box = v.page.locator("#map").bounding_box()
        info_w, info_h = 32, 24  # hall size in tiles (server/festival.py)
        cols = -(-((len(booths) + 1) // 2) // 2)
        col_w = (info_w - 2) / cols
        x = (1 + 0.3 + (col_w - 0.6) / 2) / info_w * box["width"]
        y = (1.5 + 1.25) / info_h * box["height"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        v.page.screenshot(path=str(SHOTS / "visitor-hall-stands-desktop.png"))
        v.page.mouse.click(box["x"] + x, box["y"] + y)
        # The avatar walks in a straight line from where it arrived (one of the spots spread around the
        # entrance, by user id): the first stand it steps on is the booth it enters — the one tapped, or a
        # neighbour on the way. Either way it is one of hall 1's stands, and its booth opens.
        venue = v.page.locator("#venue")
        expect(venue).to_have_attribute("data-room", re.compile(r"^booth:"), timeout=T)
        hall_1 = {b["room"] for b in booths[:(len(booths) + 1) // 2]}  # standsFor: the first half stand in hall 1
        assert first["room"] in hall_1 and venue.get_attribute("data-room") in hall_1
        expect(v.page.locator("#booth-panel")).to_be_visible(timeout=T)
        assert not v.errors, v.errors
    finally:
        v.close()
