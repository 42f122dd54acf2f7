"""The visitor web client in a crowded room: it draws only the people the server sends it (its area),
draws someone who walks into its area, and asks for member pages when someone it has no name for moves.

A node with a tiny crowd (tests/support/crowd.py, 5-tile cells) and wire clients standing around,
driven from a loop of their own in a thread (the browser side is Playwright's sync API).
"""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Coroutine

from tests.support import crowd
from tests.support.browser import DESKTOP, T, Visitor
from tests.support.wsclient import WireClient

# the lobby (40x30) is 5x4 cells of 8 tiles: wherever near the entrance a newcomer arrives, the three
# standing at (20..22, 20..21) are in its area and the one in the top-left corner is not
ENV = {**crowd.ENV, "AREA_CELL": "8"}


class Background:
    """An asyncio loop in a thread for the wire clients."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=20)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def _nicks(v: Visitor) -> list[str]:
    return v.page.locator("#member-list .member-nick").all_text_contents()


def test_the_client_draws_its_area_and_asks_for_the_members_it_needs(server_factory: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    node = server_factory(ENV)
    bg = Background()
    placed = [("near1", (20, 20)), ("near2", (21, 21)), ("near3", (22, 21)), ("far", (1, 1))]
    people = {nick: bg.run(crowd.visitor([node.url], 0, nick, at))[0] for nick, at in placed}
    v = Visitor(browser, node.http, "V", DESKTOP)
    try:
        v.enter("みどり")
        members = v.show_members()
        # K = 3: itself and the two nearest; far is out of its area and never drawn
        expect(members.locator(".member-nick")).to_have_count(3, timeout=T)
        listed = _nicks(v)
        assert "far" not in listed
        unnamed = next(n for n in ("near1", "near2", "near3") if n not in listed)

        # the one near it that the join did not name moves: the client asks for a page and draws it
        x, y = dict(placed)[unnamed]
        bg.run(people[unnamed].send({"t": "move", "room": "lobby", "x": x + 0.5, "y": y}))
        expect(members).to_contain_text(unnamed, timeout=T)
        assert any(m.get("t") == "members" for m in v.sent)
        assert "far" not in _nicks(v)

        # far walks over: it appears
        bg.run(people["far"].send({"t": "move", "room": "lobby", "x": 19, "y": 19}))
        expect(members).to_contain_text("far", timeout=T)
        # and walks away again: it is forgotten
        bg.run(people["far"].send({"t": "move", "room": "lobby", "x": 1, "y": 1}))
        expect(members.locator(".member-nick", has_text="far")).to_have_count(0, timeout=T)
        assert not v.errors, v.errors
    finally:
        v.close()
        for c in people.values():
            bg.run(c.close())
        bg.stop()
