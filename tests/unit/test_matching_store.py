"""Needs, offers and introductions in the database (SQLite and PostgreSQL): the lifecycle's rows and events,
contacts deleted on a decline and some time after an introduction ended (issue 16)."""
from __future__ import annotations

from booths.cases import Period
from booths.matching_listing import ListingInput
from rooms.refusal import Refused
from server.store.matching import MatchingStore

DAY_MS = 24 * 3600 * 1000


class Clock:
    def __init__(self) -> None:
        self.ms = 1_780_000_000_000

    def __call__(self) -> int:
        return self.ms


async def _pair(store: MatchingStore):
    def listing(org: str, side: str) -> ListingInput:
        return ListingInput(organization=org, side=side, kind="venue", title=f"{side} {org}",
                            period=Period(start="2026-01"), municipalities=["112038"])
    return await store.save(listing("npo", "need")), await store.save(listing("co", "offer"))


async def test_an_introduction_moves_once_per_status_and_its_contacts_go_after_it_ended(database) -> None:
    clock = Clock()
    store = MatchingStore(database, now_ms=clock)
    need, offer = await _pair(store)
    intro = await store.ask(need, offer, "npo", "こんにちは", {"name": "A", "email": "a@example.org"}, "host")
    assert not isinstance(intro, Refused) and (intro.asker, intro.answerer, intro.status) == ("npo", "co", "requested")
    assert isinstance(await store.ask(need, offer, "npo", "", {"name": "A"}, "host"), Refused)  # one open per pair
    moved = await store.act(intro.id, "accept", "answerer", "host", None, {"name": "B", "phone": "0480000000"})
    assert not isinstance(moved, Refused) and moved.status == "accepted"
    again = await store.act(intro.id, "accept", "answerer", "host", None, {"name": "B"})
    assert isinstance(again, Refused) and again.code == "bad_transition"
    clock.ms += DAY_MS
    done = await store.act(intro.id, "complete", "asker", "host", None)
    assert not isinstance(done, Refused) and done.status == "completed"
    assert set(await store.contacts(intro.id)) == {"npo", "co"}

    assert await store.purge_contacts(clock.ms + 89 * DAY_MS, 90) == 0
    assert await store.purge_contacts(clock.ms + 91 * DAY_MS, 90) == 2
    assert await store.contacts(intro.id) == {}
    assert [(e["action"], e["to"]) for e in await store.events(intro.id)] == [
        ("ask", "requested"), ("accept", "accepted"), ("complete", "completed")]


async def test_a_decline_deletes_the_askers_contact_at_once(database) -> None:
    store = MatchingStore(database, now_ms=Clock())
    need, offer = await _pair(store)
    intro = await store.ask(need, offer, "co", "", {"name": "C", "email": "c@example.org"}, "host")
    assert not isinstance(intro, Refused)
    declined = await store.act(intro.id, "decline", "answerer", "host", "今は足りています")
    assert not isinstance(declined, Refused) and declined.reason == "今は足りています"
    assert await store.contacts(intro.id) == {}
