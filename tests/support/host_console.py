"""The host console in a browser, and a demo node with one booth's host: what the host-console tests share."""
from __future__ import annotations

import re
from typing import Any

from tests.support.accounts import PASSWORD, create_host
from tests.support.api import call
from tests.support.browser import T

ADMIN = "admin-secret-for-host-console-01"
SLUG = "kawagoe-music"
ROOM = f"booth:{SLUG}"
USERNAME = "music-host"
BLOCKED_JA = "個人情報"



def demo_festival(server_factory: Any) -> Any:
    """A node with the demo festival, an admin token and a host account for the booth SLUG."""
    server = server_factory({"STATIC_TOKENS": f"admin:{ADMIN}"})
    status, body, _ = call(server.http, "/api/booths")
    assert status == 200
    booth = next(b for b in body["booths"] if b["slug"] == SLUG)
    server.org = booth["organization_id"]
    server.host_token = create_host(server, USERNAME, server.org)
    return server


def sign_in(page: Any, username: str = USERNAME, password: str = PASSWORD) -> None:
    """A name and password on a console page: /host, /mod and /admin share one sign-in form
    (clients/web/console/shell.js)."""
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-button")


def sign_in_with_token(page: Any, token: str) -> None:
    """An operator's service token on /mod or /admin (the same form)."""
    page.fill("#service-token", token)
    page.click("#token-form button[type=submit]")


class Host:
    """The host console open in one browser context."""

    def __init__(self, browser: Any, base_url: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, locale="ja-JP", base_url=base_url)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.goto("/host")

    def _console(self, m: Any) -> None:
        # The browser logs every HTTP error status; refusals the console explains (401, 422) are expected.
        if m.type == "error" and not re.search(r"status of 4(01|22)\b", m.text):
            self.errors.append(m.text)

    def login(self, username: str = USERNAME, password: str = PASSWORD) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#login")).to_be_visible(timeout=T)
        sign_in(self.page, username, password)

    def wait_online(self) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#console")).to_be_visible(timeout=T)
        expect(self.page.locator("#conn-status")).to_have_attribute("data-state", "online", timeout=T)

    def close(self) -> None:
        self.context.close()
