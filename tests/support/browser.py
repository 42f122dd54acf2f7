"""Driving the web clients in Chromium (Playwright) for browser tests.

Browsers are never downloaded: the system Chromium at /usr/bin/chromium is
used. Without it the tests are skipped (with the reason printed), except in CI
(CI=true), where they fail. The `browser` fixture is in tests/browser/conftest.py. Screenshots go to `SHOTS`, outside
docs/ unless a refresh asks for docs/screenshots (tests/support/screenshots.py).
"""
from __future__ import annotations

import json
import os
from typing import Any, Iterator

import pytest

from tests.support.screenshots import screenshot_dir

SHOTS = screenshot_dir()  # test-artifacts/screenshots, or $TSUNAGARU_SCREENSHOTS
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
STORE_KEY = "tsunagaru.v1"
T = 10_000  # ms, for waits on the UI
MOD_SECRET = "moderator-console-secret-0001"  # a moderator's service token (STATIC_TOKENS)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"web client tests cannot run in CI: {reason}")
    print(f"\nSKIPPED web client tests: {reason}")
    pytest.skip(reason)


def chromium() -> Iterator[Any]:
    """The system Chromium, launched through Playwright, closed after."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (install Chromium with apt; Playwright must not download browsers)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Visitor:
    """One browser context (one phone or one desktop) with the client open; `touch`: a touch screen
    (a phone's: taps and drags are touches, not mouse events)."""

    def __init__(self, browser: Any, base_url: str, name: str, viewport: dict[str, int], touch: bool = False) -> None:
        self.name = name
        self.context = browser.new_context(viewport=viewport, locale="ja-JP", base_url=base_url,
                                           has_touch=touch, is_mobile=touch)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"{name}: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"{name} console: {m.text}"))
        self.sent: list[dict[str, Any]] = []  # what the client wrote on its sockets
        self.page.on("websocket", lambda ws: ws.on("framesent", self._record))
        self.page.goto("/")

    def _record(self, payload: Any) -> None:
        try:
            self.sent.append(json.loads(payload))
        except (TypeError, ValueError):
            self.sent.append({"t": "<binary>"})

    def joins(self, room: str) -> int:
        return sum(1 for m in self.sent if m.get("t") == "join" and m.get("room") == room)

    def enter(self, nick: str, age_band: str = "") -> None:
        from playwright.sync_api import expect

        page = self.page
        expect(page.locator("#entry")).to_be_visible(timeout=T)
        page.fill("#nick", nick)
        if age_band:
            page.select_option("#age", age_band)
        page.click("#entry-form button[type=submit]")
        self.wait_in("lobby")

    def wait_in(self, room: str) -> None:
        from playwright.sync_api import expect

        venue = self.page.locator("#venue")
        expect(venue).to_have_attribute("data-room", room, timeout=T)
        expect(venue).to_have_attribute("data-conn", "online", timeout=T)

    def tap_tile(self, x: float, y: float) -> None:
        """Tap the map at a point given in tiles (the avatar walks there)."""
        box = self.page.locator("#map").bounding_box()
        size = self.page.evaluate("() => { const i = window.__tsunagaru.map.info; return [i.width, i.height]; }")
        self.page.mouse.click(box["x"] + x / size[0] * box["width"], box["y"] + y / size[1] * box["height"])

    def say(self, text: str) -> None:
        self.page.fill("#chat-input", text)
        self.page.press("#chat-input", "Enter")

    def stored(self) -> dict[str, Any]:
        raw = self.page.evaluate(f"sessionStorage.getItem({json.dumps(STORE_KEY)})")
        return json.loads(raw) if raw else {}

    @property
    def user_id(self) -> str:
        return self.page.get_attribute("#venue", "data-user") or ""

    def show_members(self) -> Any:
        """The member list, made visible (on a phone it sits behind a tab)."""
        tab = self.page.locator("#tab-members")
        if tab.is_visible():
            tab.click()
        return self.page.locator("#member-list")

    def show_chat(self) -> Any:
        tab = self.page.locator("#tab-chat")
        if tab.is_visible():
            tab.click()
        return self.page.locator("#chat-log")

    def close(self) -> None:
        self.context.close()


class Moderator:
    """A browser context at /mod, signed in with the service token field, or with an account
    (`account=(username, password)`, made with create_account) through the password form."""

    def __init__(self, browser: Any, base_url: str, token: str = MOD_SECRET, viewport: dict[str, int] = DESKTOP,
                 account: tuple[str, str] | None = None) -> None:
        from playwright.sync_api import expect

        self.context = browser.new_context(viewport=viewport, locale="ja-JP", base_url=base_url)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"mod: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"mod console: {m.text}"))
        self.page.goto("/mod")
        expect(self.page.locator("#login")).to_be_visible(timeout=T)
        if account:
            self.page.fill("#username", account[0])
            self.page.fill("#password", account[1])
            self.page.press("#password", "Enter")
        else:
            self.page.fill("#service-token", token)
            self.page.press("#service-token", "Enter")

    def wait_online(self) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#console")).to_be_visible(timeout=T)
        expect(self.page.locator("#conn-status")).to_have_attribute("data-state", "online", timeout=T)

    def close(self) -> None:
        self.context.close()
