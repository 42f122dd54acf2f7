"""The public finder in Chromium on a phone: /map without and with a tile source (a stub tile server run
by the test on this machine, never the internet), the consultation finder (相談する) and the find flow.
Screenshots: docs/screenshots/finder-*.png."""
from __future__ import annotations

import http.server
import json
import struct
import threading
import zlib
from typing import Any, Iterator

import pytest

from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T
from tests.support.finder import (APPROXIMATE_SHOWN, EXACT, HIDDEN_NAME, MATSUMOTO, MATSUMOTO_POINT, TOKENS,
                                  import_finder_documents)
from tests.support.nodes import module_server

finder_node = module_server(TOKENS)


@pytest.fixture(scope="module")
def finder(finder_node):
    import_finder_documents(finder_node.http)
    return finder_node


def _png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A plain square PNG (a stand-in tile)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes(rgb) * size
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


@pytest.fixture
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A tile server on 127.0.0.1 answering every /tiles/{z}/{x}/{y}.png; yields (URL template, paths asked)."""
    asked: list[str] = []
    tile = _png((214, 232, 206))

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png", asked
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


def _phone(browser: Any, base: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=base, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return context, page, errors


def test_map_without_tiles_draws_points_and_events_over_the_municipalities_and_keeps_precision(finder, browser):
    from playwright.sync_api import expect

    context, page, errors = _phone(browser, finder.http)
    try:
        page.goto("/map")
        expect(page.locator("#map")).to_have_attribute("data-tiles", "off", timeout=T)
        expect(page.locator("#places li").first).to_be_visible(timeout=T)
        assert page.locator("#map canvas").count() >= 1  # the municipal offices: never a blank map
        expect(page.locator('#events li[data-event^="directory.fz-concert."]')).to_have_count(1, timeout=T)
        on_map = page.locator('#events li[data-on-map="true"]').count()
        assert page.locator("#map path.leaflet-interactive").count() == page.locator("#places li").count() + on_map
        secret = page.locator('#events li[data-event^="directory.fz-secret."]')
        expect(secret).to_have_attribute("data-on-map", "false")  # a hidden place's event: listed, not placed
        page.locator("#places").scroll_into_view_if_needed()
        ours = page.locator('#places li[data-service="fz-space"]')
        expect(ours).to_have_count(3, timeout=T)  # the hidden place is not on the map at all
        by_precision = {li.get_attribute("data-precision"): (float(li.get_attribute("data-lat")),
                                                             float(li.get_attribute("data-lon")))
                        for li in ours.all()}
        assert by_precision == {"exact": EXACT, "approximate": APPROXIMATE_SHOWN, "municipality": MATSUMOTO_POINT}
        assert HIDDEN_NAME not in page.content()
        page.evaluate("window.scrollTo(0, 0)")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "finder-map-phone.png"))

        page.click("#filters summary")  # the search's filters: every worry and interest of the vocabulary
        assert page.locator('#concerns input[name="concern"]').count() == 11
        assert page.locator('#interests input[name="interest"]').count() == 11
        page.select_option("#pref", "長野県")
        page.select_option("#city", MATSUMOTO)
        page.locator('#interests input[value="music"]').check()
        page.select_option("#where", "false")
        page.click("#filter-form button[type=submit]")
        status, music, _ = call(finder.http, "/api/map.geojson?interest=music")
        expect(page.locator("#places li")).to_have_count(len(music["features"]), timeout=T)
        assert {li.get_attribute("data-service") for li in page.locator("#places li").all()} == {
            f["properties"]["service_id"] for f in music["features"]}
        expect(page.locator("#online-box")).to_be_hidden()
        page.screenshot(path=str(SHOTS / "finder-map-filters-phone.png"), full_page=True)

        page.click("#lang-toggle")  # English: every text of the page has both languages
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_text("Tsunagaru map")
        expect(page.locator('#interests label:has(input[value="music"])')).to_have_text("Music")
        keys = page.evaluate("""async () => { const m = await import('/static/finder/texts.js');
            return [Object.keys(m.TEXTS.ja).sort(), Object.keys(m.TEXTS.en).sort()]; }""")
        assert keys[0] == keys[1]
        assert errors == []
    finally:
        context.close()


def test_map_with_a_tile_source_loads_its_tiles(server_factory, browser, tile_server):
    from playwright.sync_api import expect

    template, asked = tile_server
    node = server_factory({"MAP_TILES_URL": template, "MAP_TILES_ATTRIBUTION": "テスト用タイル"})
    context, page, errors = _phone(browser, node.http)
    try:
        page.goto("/map")
        expect(page.locator("#map")).to_have_attribute("data-tiles", "on", timeout=T)
        expect(page.locator("#map img.leaflet-tile-loaded").first).to_be_attached(timeout=T)  # allowed by the CSP
        expect(page.locator(".leaflet-control-attribution")).to_contain_text("テスト用タイル")
        expect(page.locator("#places li").first).to_be_visible(timeout=T)
        assert asked and all(p.startswith("/tiles/") for p in asked)
        assert page.locator("#map canvas").count() == 0  # tiles instead of the municipal offices
        page.wait_for_load_state("networkidle")
        expect(page.locator("#map img.leaflet-tile:not(.leaflet-tile-loaded)")).to_have_count(0, timeout=T)
        page.screenshot(path=str(SHOTS / "finder-map-tiles-phone.png"))
        assert errors == []
    finally:
        context.close()


def test_consult_finder_on_a_phone(finder, browser):
    from playwright.sync_api import expect

    context, page, errors = _phone(browser, finder.http)
    try:
        page.goto("/")
        page.click("#help-open")
        windows = page.locator("#help-lines li.consult-window")
        expect(windows.first).to_be_visible(timeout=T)
        assert {w.get_attribute("data-scope") for w in windows.all()} == {"national"}  # no municipality yet
        page.select_option("#consult-pref", "長野県")
        page.select_option("#consult-city", MATSUMOTO)
        expect(page.locator('#help-lines li[data-scope="local"]').first).to_be_visible(timeout=T)
        expect(page.locator('#help-lines li[data-scope="nearby"]')).to_have_count(1, timeout=T)
        ranks = [{"true": 0, "null": 1, "false": 2}[w.get_attribute("data-open")] for w in windows.all()]
        assert ranks == sorted(ranks)  # open now first
        local = page.locator("#help-lines li", has_text="まつもと若者相談(架空)")
        assert local.locator('a[href="tel:0263000000"]').count() == 1  # tap to call
        page.select_option("#consult-stage", "40_plus")
        expect(page.locator("#help-lines li", has_text="チャイルドライン")).to_have_count(0, timeout=T)
        page.screenshot(path=str(SHOTS / "finder-consult-phone.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the side
        assert errors == []
    finally:
        context.close()


def test_find_flow_offers_the_whole_vocabulary_and_sends_the_municipality(finder, browser):
    from playwright.sync_api import expect

    context, page, errors = _phone(browser, finder.http)
    sent: list[dict[str, Any]] = []
    page.on("request", lambda r: r.url.endswith("/api/handoff/match") and sent.append(json.loads(r.post_data or "{}")))
    try:
        page.goto("/")
        page.locator("#nick").fill("みかん")
        page.click("#entry-form button[type=submit]")
        page.click("#find-open")
        expect(page.locator('#find-concerns input[name="concern"]')).to_have_count(11, timeout=T)
        expect(page.locator('#find-interests input[name="interest"]')).to_have_count(11, timeout=T)
        page.locator('#find-concerns input[value="money"]').check()
        page.locator('#find-interests input[value="tech"]').check()
        page.select_option("#find-pref", "長野県")
        page.select_option("#find-city", MATSUMOTO)
        page.click("#find-search")
        expect(page.locator("#find-status")).not_to_have_text("", timeout=T)
        assert sent and sent[-1]["municipality"] == MATSUMOTO
        assert sent[-1]["concerns"] == ["money"] and sent[-1]["interests"] == ["tech"]
        assert errors == []
    finally:
        context.close()
