"""The booth sheet under a finger, on a 360×640 touch phone in Chromium: while the handle is held the
sheet's top follows the finger (between folded and full screen, nothing scrolling, nothing selected);
let go, it settles by where it is and how fast it was moving; a tap still toggles.

Touches are sent with CDP's Input.dispatchTouchEvent, each with its own timestamp, so a slow drag and a
flick differ by the times the events carry, not by how long the test waits.
"""
from __future__ import annotations

import time
from typing import Any

from tests.support.browser import PHONE, SHOTS, T, Visitor

BOOTH = "booth:kawagoe-music"
SLOW_MS = 60  # between moves of a finger dragging slowly (~0.5 px/ms at the steps below)
FAST_MS = 8  # between moves of a flick
REST_MS = 300  # the finger stands still this long before lifting: let go without speed

SHEET = """() => {
  const el = document.getElementById('booth-panel');
  const spot = document.querySelector('.sheet-spot');
  const box = el.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, state: el.dataset.state, moving: !!el.dataset.drag,
          spot: spot && !spot.hidden ? spot.getBoundingClientRect().top : null,
          pageScroll: document.scrollingElement.scrollTop, sheetScroll: el.scrollTop,
          selected: String(getSelection()), focus: document.activeElement.id,
          running: el.getAnimations().length};
}"""


class Finger:
    """One finger on the page's touch screen. Each touch carries a timestamp of our own clock; a move
    returns once the page has seen it (moves are delivered with the next frame)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.clock = time.time()
        page.evaluate("addEventListener('pointermove', (e) => { window.__moves = (window.__moves || 0) + 1; "
                      "window.__lastY = e.clientY; }, true)")

    def _touch(self, kind: str, points: list[dict[str, float]], after_ms: float) -> None:
        self.clock += after_ms / 1000
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points, "timestamp": self.clock})

    def down(self, x: float, y: float) -> None:
        self.x = x
        self._touch("touchStart", [{"x": x, "y": y}], 0)

    def move(self, y: float, after_ms: float = SLOW_MS) -> None:
        seen = self.page.evaluate("window.__moves || 0")
        self._touch("touchMove", [{"x": self.x, "y": y}], after_ms)
        self.page.wait_for_function("(seen) => (window.__moves || 0) > seen", arg=seen, timeout=T)

    def up(self, after_ms: float = REST_MS) -> None:
        self._touch("touchEnd", [], after_ms)

    def cancel(self) -> None:
        """The browser takes the touch away (a system gesture, a call coming in)."""
        self._touch("touchCancel", [], SLOW_MS)

    def drag(self, y0: float, y1: float, ms: float, rest_ms: float = REST_MS, steps: int = 5) -> None:
        """Down at y0, to y1 in `steps` moves `ms` apart, then up after `rest_ms`."""
        self.down(self.x, y0)
        for i in range(1, steps + 1):
            self.move(y0 + (y1 - y0) * i / steps, ms)
        self.up(rest_ms)


def _settled(page: Any) -> dict[str, Any]:
    """The sheet once it has stopped gliding."""
    page.wait_for_function("() => { const el = document.getElementById('booth-panel'); "
                           "return !el.dataset.drag && !el.getAnimations().length; }", timeout=T)
    return page.evaluate(SHEET)


def _in_booth(browser: Any, server: Any) -> Visitor:
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "thumb", PHONE, touch=True)
    v.enter("おやゆび")
    v.page.select_option("#room-select", BOOTH)
    v.wait_in(BOOTH)
    expect(v.page.locator("#booth-title")).to_have_text("音楽であそぼう", timeout=T)
    expect(v.page.locator("#booth-panel")).to_have_attribute("data-state", "peek")
    return v


def test_the_sheet_follows_the_finger_and_settles_where_it_is_let_go(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    v = _in_booth(browser, server)
    page = v.page
    try:
        folded = page.evaluate(SHEET)
        header = page.evaluate("document.querySelector('header.top').getBoundingClientRect().bottom")
        handle = page.locator("#booth-handle").bounding_box()
        finger = Finger(page)
        finger.down(handle["x"] + handle["width"] / 2, handle["y"] + 4)  # the handle's top edge
        for y in (folded["top"] - 40, 300, 200, 120):  # up, slowly: the sheet's top stays under the finger
            finger.move(y)
            now = page.evaluate(SHEET)
            assert abs(now["top"] - y) <= 6, (y, now)
            assert now["bottom"] == PHONE["height"]  # it grows from the bottom of the screen
            assert now["pageScroll"] == folded["pageScroll"] and now["sheetScroll"] == 0  # nothing scrolls
            assert now["selected"] == ""
        page.screenshot(path=str(SHOTS / "visitor-booth-drag-phone.png"))
        finger.move(10)  # not above the full screen (the header stays: 相談する)
        assert page.evaluate(SHEET)["top"] == header
        finger.move(PHONE["height"] - 20)  # nor below where it folds
        assert page.evaluate(SHEET)["top"] == folded["top"]
        assert page.evaluate(SHEET)["state"] == "peek"
        finger.move(150)
        finger.up()  # let go high, standing still: full screen
        full = _settled(page)
        assert (full["state"], full["top"], full["bottom"]) == ("full", header, PHONE["height"])
        assert full["focus"] == "booth-title" and full["pageScroll"] == folded["pageScroll"]
        # 「行ってみたい」 is there to tap, and its choices open in the sheet.
        go = page.locator("#go-btn")
        expect(go).to_be_in_viewport()
        go.tap()
        expect(page.locator("#go-flow")).to_be_visible(timeout=T)
        expect(page.locator("#go-confirm")).to_be_visible()

        # Down, let go low and slowly: folded, back in its place in the page, the focus on 全画面.
        finger.drag(header + 4, folded["top"] - 30, SLOW_MS)
        back = _settled(page)
        assert (back["state"], back["top"], back["spot"], back["focus"]) == ("peek", folded["top"], None, "booth-expand")
        assert back["pageScroll"] == folded["pageScroll"]

        # A tap on the handle still toggles; Escape and 閉じる still fold.
        panel = page.locator("#booth-panel")
        page.tap("#booth-handle")  # (the click of a tap comes a moment after the touch ends)
        expect(panel).to_have_attribute("data-state", "full", timeout=T)
        assert _settled(page)["top"] == header
        page.tap("#booth-handle")
        expect(panel).to_have_attribute("data-state", "peek", timeout=T)
        page.tap("#booth-expand")
        expect(panel).to_have_attribute("data-state", "full", timeout=T)
        page.keyboard.press("Escape")
        assert _settled(page)["state"] == "peek"
        finger.drag(folded["top"] + 4, 200, SLOW_MS)
        assert _settled(page)["state"] == "full"
        page.tap("#booth-collapse")
        expect(panel).to_have_attribute("data-state", "peek", timeout=T)
        assert _settled(page)["top"] == folded["top"]

        # Let go after a short way: by position alone it goes back where it was...
        finger.drag(folded["top"] + 4, folded["top"] - 60, SLOW_MS)
        assert _settled(page)["state"] == "peek"
        page.click("#booth-expand")
        _settled(page)
        finger.drag(header + 4, header + 60, SLOW_MS)
        assert _settled(page)["state"] == "full"
        # ...but flicked the same short way, it goes the way it was flung: down folds, up expands.
        finger.drag(header + 4, header + 60, FAST_MS, rest_ms=FAST_MS)
        assert _settled(page)["state"] == "peek"
        finger.drag(folded["top"] + 4, folded["top"] - 60, FAST_MS, rest_ms=FAST_MS)
        assert _settled(page)["state"] == "full"

        # A mouse (a tablet with one, a desktop browser made narrow) drags it the same way, selecting nothing.
        x = handle["x"] + handle["width"] / 2
        page.mouse.move(x, header + 4)
        page.mouse.down()
        page.mouse.move(x + 30, 400, steps=6)  # across the booth's texts
        page.wait_for_function("(y) => window.__lastY === y", arg=400, timeout=T)
        now = page.evaluate(SHEET)
        assert abs(now["top"] - 400) <= 6 and now["selected"] == "", now
        page.mouse.move(x + 30, folded["top"] + 60, steps=4)
        page.mouse.up()
        assert _settled(page)["state"] == "peek"
        # A touch the browser takes away leaves the sheet as it was.
        finger.down(finger.x, folded["top"] + 4)
        finger.move(250)
        finger.cancel()
        now = _settled(page)
        assert (now["state"], now["top"], now["spot"]) == ("peek", folded["top"], None), now
        assert not v.errors, v.errors
    finally:
        v.close()


def test_with_reduced_motion_the_sheet_lands_at_once(server: Any, browser: Any) -> None:
    v = _in_booth(browser, server)
    page = v.page
    try:
        page.emulate_media(reduced_motion="reduce")
        folded = page.evaluate(SHEET)
        handle = page.locator("#booth-handle").bounding_box()
        finger = Finger(page)
        finger.x = handle["x"] + handle["width"] / 2
        finger.drag(folded["top"] + 4, 150, SLOW_MS)
        now = page.evaluate(SHEET)  # as the finger lifts: no glide, no slide-in
        assert (now["state"], now["moving"], now["running"]) == ("full", False, 0), now
        finger.drag(now["top"] + 4, PHONE["height"] - 40, SLOW_MS)
        now = page.evaluate(SHEET)
        assert (now["state"], now["moving"], now["top"]) == ("peek", False, folded["top"]), now
        assert not v.errors, v.errors
    finally:
        v.close()
