"""Browser test of the staff rooms' drawn scene in /host (clients/web/scenery-meeting.js, host/space-map.js),
on a phone and on a desktop.

A host enters a meeting room: the room is a map with a long table, chairs, plants and a whiteboard that shows
the meeting's title and agenda, and a door out; the table is painted (its pixels are not the floor's). In a
breakout group the door leads back to the meeting room; walking through the meeting room's door leaves the
staff rooms; the members' lounge has a sofa corner.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from rooms.jst import JST
from tests.support.api import call
from tests.support.browser import DESKTOP, PHONE, SHOTS, T
from tests.support.host_console import ADMIN, Host, demo_festival

TITLE = "12月 会員連絡会"

# Points of the scene (tiles) as the user sees them on the map's canvas, [[r, g, b], ...], once it is painted
# (a resize clears a canvas until its next frame).
PIXELS = """(points) => {
  const c = document.getElementById("space-map");
  const k = c.width / window.__spaceMap.scene.w;
  const px = points.map(([x, y]) => c.getContext("2d").getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data);
  return px.every((p) => p[3] === 255) && px.map((p) => [p[0], p[1], p[2]]);
}"""
SCENE = """() => {
  const s = window.__spaceMap.scene;
  return s && {kind: s.kind, doors: s.doors.map((d) => ({to: d.to, wall: d.wall})), furniture: s.furniture,
               board: window.__spaceMap.screen};
}"""
FLOOR = (4, 12.5)  # bare floor in every staff room: no furniture, no path, no one standing there


def _differs(a: list[int], b: list[int]) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b)) > 60


def _pixels(page, *points: tuple[float, float]) -> list[list[int]]:
    return page.wait_for_function(PIXELS, arg=[list(p) for p in points], timeout=T).json_value()


def _scene(page, room: str):
    page.wait_for_function("room => window.__spaceMap.room === room && window.__spaceMap.scene", arg=room, timeout=T)
    return page.evaluate(SCENE)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_host_walks_into_a_drawn_meeting_room_and_out_through_its_door(server_factory, browser, viewport):
    from playwright.sync_api import expect

    server = demo_festival(server_factory)
    now = dt.datetime.now(JST)
    status, meeting, _ = call(server.http, "/api/meetings", json.dumps({
        "title": TITLE, "room": "staff:renraku", "agenda": "1. 事務局から報告\n2. グループワーク",
        "starts_at": (now - dt.timedelta(minutes=5)).isoformat(), "ends_at": (now + dt.timedelta(hours=2)).isoformat(),
    }).encode(), token=ADMIN)
    assert status == 201, meeting
    name = "phone" if viewport is PHONE else "desktop"
    host = Host(browser, server.http, viewport)
    try:
        host.login()
        host.wait_online()
        page = host.page
        space = page.locator("#sec-space")
        space.get_by_role("button", name=f"「{TITLE}」の会議室に入る").click()
        expect(space.locator("#space-room-title")).to_have_text(TITLE, timeout=T)
        canvas = page.locator("#space-map")
        expect(canvas).to_be_visible()
        expect(canvas).to_have_attribute("aria-label", "部屋の見取り図。タップか矢印キーで歩き、下のドアから出られます。")

        scene = _scene(page, "staff:renraku")
        assert scene["kind"] == "staff"
        assert scene["doors"] == [{"to": "exit", "wall": "bottom"}]  # back to the members' space
        furniture = scene["furniture"]
        assert len(furniture["chairs"]) >= 8 and len(furniture["plants"]) == 4 and furniture["sofa"] is None
        # The whiteboard shows the meeting's title and agenda once the pinned meeting arrives.
        page.wait_for_function("() => (window.__spaceMap.screen || []).join('|') === "
                               f"{json.dumps(TITLE + '|1. 事務局から報告|2. グループワーク')}", timeout=T)
        table = furniture["table"]
        board = furniture["board"]
        floor, on_table, on_board = _pixels(page, FLOOR, (table["x"] + 1.5, table["y"] + table["h"] / 2),
                                            (board["x"] + 0.3, board["y"] + 0.5))
        assert _differs(on_table, floor), (on_table, floor)
        assert _differs(on_board, floor), (on_board, floor)
        page.locator("#space-room").screenshot(path=str(SHOTS / f"host-meeting-scene-{name}.png"))

        # In a breakout group, the door leads back to the meeting room.
        assert call(server.http, f"/api/meetings/{meeting['id']}/breakout", b'{"size": 2}', token=ADMIN)[0] == 200
        expect(space.locator("#space-room-title")).to_have_text("グループ1", timeout=T)
        group = _scene(page, "staff:renraku-g1")
        assert group["doors"] == [{"to": "staff:renraku", "wall": "bottom"}]
        assert call(server.http, f"/api/meetings/{meeting['id']}/return", b"", token=ADMIN)[0] == 200
        expect(space.locator("#space-room-title")).to_have_text(TITLE, timeout=T)

        # Walking through the meeting room's door leaves it.
        _scene(page, "staff:renraku")
        box = canvas.bounding_box()
        canvas.click(position={"x": box["width"] / 2, "y": box["height"] * 15.6 / 16})
        expect(space.locator("#space-room")).to_be_hidden(timeout=T)

        # The lounge: the same room with a sofa corner, its name on the whiteboard.
        space.get_by_role("button", name="メンバーラウンジに入る").click()
        expect(space.locator("#space-room-title")).to_have_text("メンバーラウンジ", timeout=T)
        lounge = _scene(page, "staff:lounge")
        assert lounge["doors"] == [{"to": "exit", "wall": "bottom"}]
        sofa = lounge["furniture"]["sofa"]
        assert sofa is not None and lounge["board"] == ["メンバーラウンジ"]
        floor, on_sofa = _pixels(page, FLOOR, (sofa["x"] + sofa["w"] - 0.6, sofa["y"] + sofa["h"] / 2))
        assert _differs(on_sofa, floor), (on_sofa, floor)
        page.locator("#space-room").screenshot(path=str(SHOTS / f"host-lounge-scene-{name}.png"))
        assert host.errors == []
    finally:
        host.close()
