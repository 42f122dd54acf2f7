"""Handoffs against SQLite and PostgreSQL: seats under concurrency, silence, consent, retention.

Real databases and a real node object (built, not started); nothing is mocked.
"""
from __future__ import annotations

import asyncio
import datetime as dt

from booths.handoff_input import start_from
from rooms.refusal import Refused
from server.store.handoffs import DAY_MS
from tests.support.handoffs import JST, NOW, start


async def test_the_last_seat_goes_to_exactly_one_of_twenty(handoffs):
    outcomes = await asyncio.gather(*[handoffs.begin(start("last-seat", age=17), NOW + i) for i in range(20)])
    won = [o for o in outcomes if not isinstance(o, Refused)]
    full = [o for o in outcomes if isinstance(o, Refused)]
    assert len(won) == 1 and len(full) == 19 and {r.code for r in full} == {"full"}
    assert await handoffs.store.seats_taken("last-seat") == 1
    h = await handoffs.store.by_code(won[0]["code"].replace("-", ""))
    assert h.proposed_ms == int(dt.datetime(2026, 12, 12, 14, 0, tzinfo=JST).timestamp() * 1000)  # the event's date
    # a cancellation gives the seat back, and the next visitor gets it
    await handoffs.cancel(won[0]["code"], NOW + 100)
    assert await handoffs.store.seats_taken("last-seat") == 0
    assert not isinstance(await handoffs.begin(start("last-seat"), NOW + 200), Refused)


async def test_a_provider_silent_for_14_days_is_expired_and_alternatives_are_offered(handoffs):
    started = await handoffs.begin(start("last-seat", municipality="112011", age=17), NOW - 14 * DAY_MS)
    assert handoffs.kit.config.handoff_expire_days == 7
    assert await handoffs.expire(NOW) == 1
    status = await handoffs.status(started["code"], dt.datetime.fromtimestamp(NOW / 1000, JST))
    assert status["status"] == "cancelled" and status["reason"] == "expired"
    alternatives = status["alternatives"]
    assert len(alternatives) == 2 and all(a["organization_id"] != "seat-org" for a in alternatives)
    assert await handoffs.store.seats_taken("last-seat") == 0
    events = await handoffs.store.events((await handoffs.store.by_code(started["code"].replace("-", ""))).id)
    assert [(e["from"], e["to"], e["actor_role"]) for e in events] == [(None, "requested", "visitor"),
                                                                        ("requested", "cancelled", "system")]


async def test_consent_withdrawn_after_acceptance_purges_what_was_shared(handoffs):
    req = start_from({"service_id": "last-seat", "mode": "live_referral", "age": 17,
                      "consent": {"nickname": "ゆい", "contact": {"channel": "email", "value": "yui@example.jp"}}})
    started = await handoffs.begin(req, NOW)
    h = await handoffs.store.by_code(started["code"].replace("-", ""))
    assert await handoffs.store.contact(h.id) == {"nickname": "ゆい",
                                                  "contact": {"channel": "email", "value": "yui@example.jp"}}
    accepted = await handoffs.act("seat-org", "host", h.id, "accept", None, None, NOW + 1000)
    assert accepted["status"] == "accepted" and accepted["shared"]["nickname"] == "ゆい"
    out = await handoffs.withdraw(started["code"], NOW + 2000)
    assert out["shared"] is None and await handoffs.store.contact(h.id) is None
    inbox = await handoffs.store.inbox("seat-org")
    assert inbox[0]["shared"] is None and inbox[0]["status"] == "accepted"
    events = await handoffs.store.events(h.id)
    assert events[-1]["detail"] == {"consent": "withdrawn"} and len(events) == 3  # the trail stays
    assert isinstance(await handoffs.withdraw(started["code"], NOW + 3000), Refused)


async def test_under_16_cannot_start_a_live_referral_without_a_guardian(handoffs):
    req = start_from({"service_id": "last-seat", "mode": "live_referral", "age": 14, "consent": {"nickname": "はる"}})
    refused = await handoffs.begin(req, NOW)
    assert isinstance(refused, Refused) and refused.code == "guardian_consent_required"
    assert await handoffs.store.seats_taken("last-seat") == 0  # nothing held for a refused request
    with_guardian = start_from({"service_id": "last-seat", "mode": "live_referral", "age": 14,
                                "consent": {"nickname": "はる"}, "guardian_consent": True})
    assert not isinstance(await handoffs.begin(with_guardian, NOW), Refused)


async def test_forbidden_transitions_are_refused_and_leave_no_event(handoffs):
    started = await handoffs.begin(start("last-seat"), NOW)
    h = await handoffs.store.by_code(started["code"].replace("-", ""))
    for action, reason in (("complete", None), ("hold", "x"), ("resume", None), ("decline", None)):
        outcome = await handoffs.act("seat-org", "host", h.id, action, reason, None, NOW)
        assert isinstance(outcome, Refused), action
    assert isinstance(await handoffs.act("other-org", "host", h.id, "accept", None, None, NOW), Refused)
    declined = await handoffs.act("seat-org", "host", h.id, "decline", "定員に達しました", None, NOW)
    assert declined["status"] == "rejected"
    assert isinstance(await handoffs.act("seat-org", "host", h.id, "accept", None, None, NOW), Refused)  # terminal
    assert len(await handoffs.store.events(h.id)) == 2


async def test_the_code_on_arrival_and_the_follow_up(handoffs):
    started = await handoffs.begin(start("last-seat"), NOW)
    code = started["code"]
    arrived = await handoffs.redeem("seat-org", "host", code.lower(), NOW)
    assert arrived["status"] == "in-progress"
    assert isinstance(await handoffs.redeem("seat-org", "host", code, NOW), Refused)  # once only
    day_of = dt.datetime(2026, 12, 12, 20, 0, tzinfo=JST)
    assert (await handoffs.status(code, day_of))["follow_up_due"] is False
    day_after = dt.datetime(2026, 12, 13, 9, 0, tzinfo=JST)
    assert (await handoffs.status(code, day_after))["follow_up_due"] is True
    await handoffs.answer_follow_up(code, "went", NOW)
    assert (await handoffs.status(code, day_after))["follow_up_due"] is False


async def test_contact_data_is_purged_90_days_after_closure(handoffs):
    req = start_from({"service_id": "last-seat", "mode": "live_referral", "age": 20, "consent": {"nickname": "そら"}})
    started = await handoffs.begin(req, NOW)
    h = await handoffs.store.by_code(started["code"].replace("-", ""))
    await handoffs.act("seat-org", "host", h.id, "accept", None, None, NOW)
    await handoffs.act("seat-org", "host", h.id, "complete", None, None, NOW)
    assert await handoffs.store.purge_contacts(NOW + 89 * DAY_MS, 90) == 0
    assert await handoffs.store.contact(h.id) is not None
    assert await handoffs.store.purge_contacts(NOW + 91 * DAY_MS, 90) == 1
    assert await handoffs.store.contact(h.id) is None
    assert (await handoffs.store.get(h.id)).status == "completed"  # the pseudonymous row stays for evaluation


async def test_information_only_leaves_a_count_and_no_record(handoffs):
    for _ in range(3):
        assert (await handoffs.begin(start_from({"service_id": "last-seat", "mode": "info"}), NOW))["mode"] == "info"
    rows = {r["group"]: r for r in await handoffs.funnel("service", None)}
    assert rows["last-seat"]["info_only"] == "<5" and rows["last-seat"]["handoffs"] == 0
    assert await handoffs.store.inbox("seat-org") == []
