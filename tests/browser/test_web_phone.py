"""The visitor client on a 360×640 phone: the entry form fits the screen, and names the server sends in
two languages are shown one at a time (Japanese by default, English when chosen)."""
from __future__ import annotations

import re
from typing import Any

from tests.support.browser import PHONE, SHOTS, T, Visitor

BOOTH = "booth:kawagoe-music"


def test_the_entry_fits_a_phone_and_booth_names_come_in_one_language(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "phone", PHONE)
    page = v.page
    try:
        expect(page.locator("#entry")).to_be_visible(timeout=T)
        enter = page.locator("#entry-form button[type=submit]")
        for lang in ("ja", "en"):  # the whole form, enter button included, without scrolling, in both languages
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(enter).to_be_in_viewport(ratio=1)
            assert page.evaluate("document.scrollingElement.scrollTop") == 0
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sideways
            page.click("#lang-toggle")
        page.screenshot(path=str(SHOTS / "visitor-entry-phone.png"))
        v.enter("ことば")

        booths = page.locator("#room-select optgroup option")
        expect(booths.first).to_be_attached(timeout=T)
        page.select_option("#room-select", BOOTH)
        v.wait_in(BOOTH)
        expect(page.locator("#booth-title")).to_have_text("音楽であそぼう", timeout=T)
        expect(page.locator("#room-title")).to_have_text("音楽であそぼう")
        names = booths.all_text_contents()
        assert "音楽であそぼう" in names and not [n for n in names if "/" in n], names  # no 「/ English」 suffixes

        page.click("#lang-toggle")  # English: every name in English, none in both
        expect(page.locator("#booth-title")).to_have_text("Music corner")
        expect(page.locator("#room-title")).to_have_text("Music corner")
        names = booths.all_text_contents()
        assert "Music corner" in names and not [n for n in names if "/" in n or "あ" in n], names

        # A stand's sign in English keeps words whole (a narrow tent shows the first words, never 「For / est」).
        signs = page.evaluate("""async () => {
          const { signLines } = await import('/static/stands.js');
          const titles = (await (await fetch('/api/booths')).json()).booths.map((b) => b.title_en);
          const ctx = document.createElement('canvas').getContext('2d');
          return titles.map((t) => [t, signLines(ctx, t, 34, (px) => `bold ${px}px sans-serif`).lines]);
        }""")
        for title, lines in signs:  # a break after a hyphen is an English break too ("Rice-" / "field")
            words = re.split(r"[\s-]+", title)
            assert all(word in words for line in lines for word in re.split(r"[\s-]+", line) if word), (title, lines)

        page.click("#lang-toggle")
        expect(page.locator("#booth-title")).to_have_text("音楽であそぼう")
        assert not v.errors, v.errors
    finally:
        v.close()
