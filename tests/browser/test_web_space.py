"""The space of the visitor web client in Chromium, on a 360×640 phone and a desktop: choosing an
avatar at entry, walking through a door into a hall, reading a stand's whole name, reacting, and
`prefers-reduced-motion`. The server is a real `--demo` node (the `server` fixture)."""
from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.support.browser import DESKTOP, PHONE, SHOTS, T, Visitor


def _booths(http: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{http}/api/booths", timeout=5) as r:
        return json.loads(r.read())["booths"]


def _choose_avatar(v: Visitor, shape: str, colour: str) -> None:
    v.page.locator(f".avatar-option:has(input[value={shape}])").click()
    v.page.locator(f".avatar-option:has(input[value={colour}])").click()


@pytest.mark.parametrize("viewport,name", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_choose_an_avatar_react_walk_through_a_door_and_read_a_stands_name(server: Any, browser: Any,
                                                                           viewport: dict[str, int], name: str) -> None:
    from playwright.sync_api import expect

    a = Visitor(browser, server.http, f"space-{name}", viewport)
    b = Visitor(browser, server.http, f"watcher-{name}", DESKTOP)
    try:
        expect(a.page.locator("#entry")).to_be_visible(timeout=T)
        _choose_avatar(a, "usagi", "fuji")
        expect(a.page.locator(".avatar-option:has(input[value=usagi])")).to_have_attribute("title", "うさぎ")
        a.enter("うさぎさん")
        hello = next(m for m in a.sent if m.get("t") == "hello")
        assert hello["avatar"] == "usagi-fuji"
        b.enter("みてる")
        aid = a.user_id
        # the other visitor sees the rabbit in wisteria, and our name apart from theirs
        b.page.wait_for_function(
            "id => { const x = window.__tsunagaru.map.avatars.get(id); return x && x.look.shape === 'usagi'; }",
            arg=aid, timeout=T)

        # a reaction floats above the avatar for the other visitor
        a.page.locator(".react-btn[data-emote=heart]").click()
        b.page.wait_for_function(
            "id => { const x = window.__tsunagaru.map.avatars.get(id); return x && x.react && x.react.emote === 'heart'; }",
            arg=aid, timeout=T)
        expect(a.page.locator(".react-btn[data-emote=heart]")).to_have_attribute("aria-label", "ハート")
        SHOTS.mkdir(parents=True, exist_ok=True)
        b.page.screenshot(path=str(SHOTS / "visitor-lobby-desktop.png"))

        # walk through the lobby's door to hall 1 (the room picker stays the other way)
        door = a.page.evaluate("() => window.__tsunagaru.map.scene.doors.find(d => d.to === 'hall:1')")
        a.tap_tile(door["x"] + door["w"] / 2, door["y"] + door["h"] / 2)
        a.wait_in("hall:1")
        expect(a.page.locator("#room-select")).to_have_value("hall:1")

        # walk near the first stand: the caption gives its whole name
        booths = _booths(server.http)
        stand = a.page.wait_for_function(
            "() => { const s = window.__tsunagaru.map.stands; return s.length ? s[0] : null; }", timeout=T).json_value()
        a.tap_tile(stand["x"] + stand["w"] / 2, stand["y"] + stand["h"] + 1.2)
        whole = next(bt["title"] for bt in booths if bt["room"] == stand["room"]).split(" / ")[0]
        expect(a.page.locator("#stand-caption")).to_have_text(f"近くのブース: {whole}", timeout=T)
        a.page.screenshot(path=str(SHOTS / f"visitor-hall-{name}.png"))
        assert not a.errors, a.errors
        assert not b.errors, b.errors
    finally:
        a.close()
        b.close()


def test_reduced_motion_shows_reactions_and_walking_without_movement(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    v = Visitor(browser, server.http, "calm", PHONE)
    try:
        v.page.emulate_media(reduced_motion="reduce")
        v.enter("しずか")
        v.page.locator(".react-btn[data-emote=star]").click()
        v.page.wait_for_function(
            "id => { const x = window.__tsunagaru.map.avatars.get(id); return x && x.react; }", arg=v.user_id, timeout=T)
        v.tap_tile(5, 5)
        v.page.wait_for_timeout(400)
        steps = v.page.evaluate("id => window.__tsunagaru.map.avatars.get(id).step", v.user_id)
        assert steps == 0  # no bobbing steps while walking
        expect(v.page.locator("#stand-caption")).to_have_text("")
        assert not v.errors, v.errors
    finally:
        v.close()


def test_the_stage_screen_shows_what_is_on_now_and_next(server_factory: Any, browser: Any, tmp_path: Any) -> None:
    import datetime as dt

    from playwright.sync_api import expect

    jst = dt.timezone(dt.timedelta(hours=9))
    now = dt.datetime.now(jst).replace(second=0, microsecond=0)
    late = not dt.time(1, 0) <= now.time() <= dt.time(21, 0)
    if late:  # keep both sessions inside one JST day: tomorrow at noon, both still to come
        now = (now + dt.timedelta(days=1)).replace(hour=12, minute=0)
    day = now.date().isoformat()

    def row(start: dt.datetime, minutes: int) -> dict[str, str]:
        end = start + dt.timedelta(minutes=minutes)
        return {"valid_from": day, "valid_to": day, "opens_at": start.strftime("%H:%M"), "closes_at": end.strftime("%H:%M")}

    programme = {"sessions": [
        {"id": "band", "title": "軽音部ライブ", "description": "", "presenter": "川越ユースミュージック(架空)",
         "schedules": [row(now - dt.timedelta(minutes=30), 60)]},
        {"id": "talk", "title": "はなしてみよう会", "description": "", "schedules": [row(now + dt.timedelta(minutes=45), 30)]},
    ]}
    path = tmp_path / "stage.json"
    path.write_text(json.dumps(programme, ensure_ascii=False), encoding="utf-8")
    server = server_factory({"STAGE_PROGRAMME": str(path)})
    v = Visitor(browser, server.http, "stage", PHONE)
    try:
        v.enter("みにきた")
        v.page.select_option("#room-select", "stage:1")
        v.wait_in("stage:1")
        caption = v.page.locator("#stand-caption")
        upcoming = "軽音部ライブ" if late else "はなしてみよう会"
        expect(caption).to_contain_text(upcoming, timeout=T)
        expect(caption).to_contain_text("軽音部ライブ（発表: 川越ユースミュージック(架空)）")  # who is presenting
        if not late:
            expect(caption).to_contain_text("いま: 軽音部ライブ")
        lines = v.page.evaluate("() => window.__tsunagaru.map.screen")
        assert any(upcoming in line for line in lines)
        v.page.screenshot(path=str(SHOTS / "visitor-stage-phone.png"))
        v.page.select_option("#room-select", "lobby")
        v.wait_in("lobby")
        expect(caption).to_have_text("")  # the stage's lines are not left behind
        assert not v.errors, v.errors
    finally:
        v.close()
