"""Alerts and sensitive words in the database (SQLite and PostgreSQL): open until closed, then erased.

The retention pass is called with a moved clock: nothing here waits.
"""
from __future__ import annotations

from moderation.alerts import Alert
from moderation.audit import AuditEvent
from server.store.alerts import AlertStore
from server.store.audit import AuditStore, purge_expired

HOUR = 3_600_000


def _alert(n: int, ts: int) -> Alert:
    return Alert(f"a_{n}", "crisis", "lobby", {"id": f"u_{n}", "nick": "v", "role": "visitor"}, f"m{n}",
                 "もう消えたい", "crisis:ideation", ts)


async def test_open_alerts_oldest_first_closed_once(database):
    alerts = AlertStore(database)
    await alerts.add(_alert(2, 2000))
    await alerts.add(_alert(1, 1000))
    assert [a.id for a in await alerts.open()] == ["a_1", "a_2"]
    closed = await alerts.close("a_1", "u_mod", "声をかけた", 5000)
    assert closed is not None and closed.text == "もう消えたい" and closed.sender["id"] == "u_1"
    assert await alerts.close("a_1", "u_mod2", None, 6000) is None  # already closed
    assert await alerts.close("a_nope", "u_mod", None, 6000) is None
    assert [a.id for a in await alerts.open()] == ["a_2"]


async def test_retention_erases_crisis_words_and_support_lines_early(database):
    alerts, audit = AlertStore(database), AuditStore(database)
    now = 1_000 * HOUR
    await alerts.add(_alert(1, now - 100 * HOUR))
    await alerts.add(_alert(2, now - 100 * HOUR))  # still open: its words stay, however old
    await alerts.close("a_1", "u_mod", None, now - 80 * HOUR)
    await audit.append_many([
        AuditEvent(now - 73 * HOUR, "u_1", "visitor", "support_line", None, "support:x", "m1", None, None,
                   {"excerpt": "つらかった"}),
        AuditEvent(now - 1 * HOUR, "u_1", "visitor", "support_line", None, "support:x", "m2", None, None,
                   {"excerpt": "ありがとう"}),
        AuditEvent(now - 73 * HOUR, "u_mod", "moderator", "mute", "u_9", "lobby", None, None, None, {"minutes": 5}),
    ])
    assert await purge_expired(audit, alerts, days=180, sensitive_h=72, now_ms=now) == 2
    lines = {e.message_id: e.detail for e in await audit.query(action="support_line")}
    assert lines == {"m1": {}, "m2": {"excerpt": "ありがとう"}}  # the fact stays, the old words go
    assert (await audit.query(action="mute"))[0].detail == {"minutes": 5}  # other rows untouched
    assert [a.text for a in await alerts.open()] == ["もう消えたい"]
    assert await alerts.close("a_2", "u_mod", None, now) is not None
    await purge_expired(audit, alerts, days=180, sensitive_h=72, now_ms=now + 73 * HOUR)
    assert {e.message_id: e.detail for e in await audit.query(action="support_line")} == {"m1": {}, "m2": {}}
    assert await alerts.open() == []


async def test_a_decided_crisis_message_keeps_its_alert_open_until_acknowledged(database):
    alerts = AlertStore(database)
    await alerts.add(_alert(1, 1000))
    ordinary = Alert("a_9", "held", "lobby", {"id": "u_9", "nick": "v", "role": "visitor"}, "m9", "check", "x", 2000)
    await alerts.add(ordinary)
    assert [a.message_id for a in await alerts.open_in(["lobby"])] == ["m1", "m9"]
    assert (await alerts.close_message("m1", "u_mod", 3000)).id == "a_1"  # released to the room
    assert await alerts.close_message("m1", "u_mod", 3001) is None  # once
    assert [a.id for a in await alerts.open()] == ["a_1"]  # the alert waits for its acknowledgement
    assert (await alerts.close_message("m9", "u_mod", 3000)).id == "a_9"
    assert await alerts.open_in(["lobby"]) == []
    assert await alerts.close("a_1", "u_mod", "話した", 4000) is not None
    assert await alerts.open() == []


def test_alert_ids_sort_in_the_order_holds_were_made():
    from moderation.alerts import alert_id

    same_ms = [alert_id(1_796_000_000_000, n) for n in range(3)]
    later = alert_id(1_796_000_000_001, 0)
    assert sorted([later, *reversed(same_ms)]) == [*same_ms, later]
    assert all(len(i) == 24 for i in [*same_ms, later])  # the column's width (server/store/schema.py)
