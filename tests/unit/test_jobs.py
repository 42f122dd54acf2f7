"""Every background job, one pass at a time with a moved clock (no sleeping), on SQLite and PostgreSQL.

A real node object (built, not started) with its booths, handoffs and accounts on a real
database, and the job table the app runs (`server.jobs.node_jobs`).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import urllib.request

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from booths.handoff_input import start_from
from moderation.audit import AuditEvent
from server.store.accounts import Accounts
from server.app import build_node
from server.store.audit import AuditStore, AuditWriter
from server.realtime.booth_live import BoothLive
from server.store.booths import BoothStore
from server.config import load
from server.store.directory import DirectoryStore
from rooms.jst import JST
from server.store.handoffs import DAY_MS, HandoffStore
from server.realtime.handoffs import Handoffs
from server.realtime.jobs import Job, Jobs, next_due, node_jobs
from server.metrics import Metrics
from server.store.schema import auth_token, booth_visit

NOW = int(dt.datetime(2026, 12, 2, 16, 0, tzinfo=JST).timestamp() * 1000)
HOUR_MS = 3_600_000
JOBS = {"readiness", "booth-rooms", "booth-visits", "handoffs", "audit-retention", "login-tokens",
        "campaign-counts", "introduction-contacts"}
ORG = {"id": "idle-org", "name": "いつもの居場所(架空)", "x_member_category": "npo", "x_municipality_code": "112011",
       "x_booth": {"slug": "idle-booth", "title": "いつもの居場所"},
       "services": [{"id": "talk", "name": "おしゃべり相談", "x_kind": "consultation",
                     "attributes": [{"taxonomy_term_id": "concern.friends"}]},
                    {"id": "concert", "name": "冬のコンサート", "x_kind": "event",
                     "schedules": [{"valid_from": "2027-03-20", "valid_to": "2027-03-20",
                                    "opens_at": "14:00:00+09:00", "closes_at": "16:00:00+09:00"}]}]}


@pytest.fixture
async def node(database):
    directory = DirectoryStore(database)
    await directory.seed_vocabulary()
    assert (await directory.import_organizations([ORG])).rejected == []
    node = build_node(load({}, {}))
    node.booths = BoothLive(node.kit, BoothStore(database))
    node.handoffs = Handoffs(node.kit, directory, HandoffStore(database))
    node.tokens.accounts = Accounts(database)
    node.readiness = {"bus": False, "database": False}
    node.jobs = Jobs(node_jobs(node, database, node.readiness), node.metrics)
    node.engine = database
    return node


async def _referral(node, service_id: str, at_ms: int):
    req = start_from({"service_id": service_id, "mode": "live_referral", "age": 20,
                      "consent": {"nickname": "そら", "contact": {"channel": "email", "value": "sora@example.jp"}}})
    started = await node.handoffs.begin(req, at_ms)
    return await node.handoffs.store.by_code(started["code"].replace("-", ""))


async def test_the_table_holds_every_job_and_each_passes_on_an_empty_day(node):
    assert set(node.jobs.jobs) == JOBS and all(j.period_s > 0 for j in node.jobs.jobs.values())
    for name in JOBS:
        assert await node.jobs.run_once(name, NOW), name
    assert node.metrics.job_runs == {name: 1 for name in JOBS} and node.metrics.job_failures == {}


async def test_an_accepted_referral_left_open_closes_after_30_idle_days_and_its_contact_goes_90_days_later(node):
    h = await _referral(node, "talk", NOW)
    await node.handoffs.act("idle-org", "host", h.id, "accept", None, None, NOW + HOUR_MS)
    store = node.handoffs.store
    assert node.handoffs.kit.config.handoff_idle_days == 30
    await node.jobs.run_once("handoffs", NOW + 29 * DAY_MS)
    assert (await store.get(h.id)).status == "accepted" and await store.contact(h.id) is not None
    closed_at = NOW + HOUR_MS + 30 * DAY_MS + 1
    await node.jobs.run_once("handoffs", closed_at)
    closed = await store.get(h.id)
    assert (closed.status, closed.reason, closed.closed_ms) == ("cancelled", "expired", closed_at)
    assert (await store.events(h.id))[-1]["actor_role"] == "system"
    await node.jobs.run_once("handoffs", closed_at + 89 * DAY_MS)
    assert await store.contact(h.id) is not None  # the usual schedule: CONTACT_RETENTION_DAYS after closing
    await node.jobs.run_once("handoffs", closed_at + 91 * DAY_MS)
    assert await store.contact(h.id) is None
    assert node.metrics.job_failures == {}


async def test_any_event_or_a_visit_still_to_come_keeps_a_handoff_open(node):
    store = node.handoffs.store
    busy = await _referral(node, "talk", NOW)
    await node.handoffs.act("idle-org", "host", busy.id, "accept", None, None, NOW)
    await node.handoffs.redeem("idle-org", "host", busy.code, NOW + 20 * DAY_MS)  # an event on day 20
    planned = await _referral(node, "concert", NOW)  # its concert is in March
    await node.handoffs.act("idle-org", "host", planned.id, "accept", None, None, NOW)
    on_hold = await _referral(node, "talk", NOW)
    await node.handoffs.act("idle-org", "host", on_hold.id, "accept", None, None, NOW)
    await node.handoffs.act("idle-org", "host", on_hold.id, "hold", "日程調整中", None, NOW + DAY_MS)
    await node.jobs.run_once("handoffs", NOW + 35 * DAY_MS)
    assert (await store.get(busy.id)).status == "in-progress"
    assert (await store.get(planned.id)).status == "accepted"
    assert (await store.get(on_hold.id)).status == "cancelled"  # on hold and forgotten is idle too
    await node.jobs.run_once("handoffs", NOW + 51 * DAY_MS)
    assert (await store.get(busy.id)).status == "cancelled"
    concert_ms = int(dt.datetime(2027, 3, 20, 14, 0, tzinfo=JST).timestamp() * 1000)
    await node.jobs.run_once("handoffs", concert_ms + 29 * DAY_MS)
    assert (await store.get(planned.id)).status == "accepted"
    await node.jobs.run_once("handoffs", concert_ms + 31 * DAY_MS)
    assert (await store.get(planned.id)).status == "cancelled"


async def test_a_request_never_answered_still_expires_after_7_days(node):
    h = await _referral(node, "talk", NOW)
    await node.jobs.run_once("handoffs", NOW + 6 * DAY_MS)
    assert (await node.handoffs.store.get(h.id)).status == "requested"
    await node.jobs.run_once("handoffs", NOW + 8 * DAY_MS)
    assert (await node.handoffs.store.get(h.id)).reason == "expired"


async def test_audit_retention_runs_from_the_table(node):
    audit = AuditStore(node.engine)
    await audit.append_many([AuditEvent(NOW, "u_mod", "moderator", "mute", "u_1", "lobby", None, "spam", None, {}),
                             AuditEvent(NOW, "u_mod", "moderator", "support_line", "u_1", "support:u_1", None,
                                        None, None, {"text": "つらい"})])
    await node.jobs.run_once("audit-retention", NOW + 71 * HOUR_MS)
    assert [e.detail for e in await audit.query(action="support_line")] == [{"text": "つらい"}]
    await node.jobs.run_once("audit-retention", NOW + 73 * HOUR_MS)  # SENSITIVE_RETENTION_H: the words go
    assert [e.detail for e in await audit.query(action="support_line")] == [{}]
    await node.jobs.run_once("audit-retention", NOW + 179 * DAY_MS)
    assert len(await audit.query()) == 2
    await node.jobs.run_once("audit-retention", NOW + 181 * DAY_MS)  # AUDIT_RETENTION_DAYS
    assert await audit.query() == []


async def test_dead_login_tokens_are_purged_from_the_table(node):
    accounts = node.tokens.accounts
    await accounts.create_user("idle-host", "correct horse battery staple", "host", "idle-org")
    token, _, expires_ms = await accounts.login("idle-host", "correct horse battery staple")

    async def tokens() -> int:
        async with node.engine.connect() as conn:
            return (await conn.execute(select(func.count()).select_from(auth_token))).scalar_one()

    await node.jobs.run_once("login-tokens", expires_ms + 23 * HOUR_MS)
    assert await tokens() == 1  # kept a day after it died, for "why was I logged out"
    await node.jobs.run_once("login-tokens", expires_ms + 25 * HOUR_MS)
    assert await tokens() == 0


async def test_booth_visits_are_stored_and_old_questions_purged(node):
    store = node.booths.store
    await store.ask("idle-booth", "u_1", "初めてでも行けますか?", NOW)
    node.booths.counts[("idle-booth", NOW - NOW % HOUR_MS)] = [3, 120]
    await node.jobs.run_once("booth-visits", NOW + 6 * DAY_MS)
    async with node.engine.connect() as conn:
        assert (await conn.execute(select(booth_visit.c.entries, booth_visit.c.dwell_s))).all() == [(3, 120)]
    assert len(await store.waiting("idle-booth")) == 1
    await node.jobs.run_once("booth-visits", NOW + 8 * DAY_MS)  # QUESTION_RETENTION_DAYS
    assert await store.waiting("idle-booth") == []


async def test_booths_created_elsewhere_become_rooms(node):
    assert "booth:idle-booth" not in node.catalogue.rooms
    await node.jobs.run_once("booth-rooms", NOW)
    assert node.catalogue.rooms["booth:idle-booth"].kind == "booth"


async def test_readiness_follows_the_database(node, tmp_path):
    await node.jobs.run_once("readiness", NOW)
    assert node.readiness == {"bus": True, "database": True}
    gone = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/no-such-dir/x.db")
    readiness = {"bus": True, "database": True}
    away = Jobs(node_jobs(node, gone, readiness))
    await away.run_once("readiness", NOW)
    assert readiness["database"] is False
    assert not await away.run_once("audit-retention", NOW)  # a pass that fails is reported, not raised
    await gone.dispose()


async def test_a_failing_job_is_counted_and_tried_again_every_period():
    metrics = Metrics()
    calls: list[int] = []

    async def flaky(now_ms: int) -> None:
        calls.append(now_ms)
        if len(calls) < 3:
            raise RuntimeError("database away")

    jobs = Jobs([Job("flaky", 0.001, flaky)], metrics, now_ms=lambda: NOW)
    jobs.start()
    for _ in range(500):
        if metrics.job_runs.get("flaky"):
            break
        await asyncio.sleep(0.002)
    await jobs.stop()
    assert metrics.job_failures["flaky"] == 2 and metrics.job_runs["flaky"] >= 1 and calls[0] == NOW
    text = metrics.render()
    assert 'tsunagaru_job_failures_total{job="flaky"} 2' in text
    with pytest.raises(ValueError):
        Jobs([Job("same", 1, flaky), Job("same", 2, flaky)])


def test_passes_keep_their_rate_and_a_late_one_is_not_made_up():
    """The moves tick runs 10 times a second however long its fan-out takes (below a period)."""
    due = 100.0
    for _ in range(10):  # each pass ends 30 ms after it started: still one every 0.1 s
        due = next_due(due, 0.1, now=due + 0.03)
    assert due == pytest.approx(101.0)
    assert next_due(100.0, 0.1, now=100.35) == 100.35  # ran long: the next pass now, not three at once


async def test_dropped_audit_events_are_a_metric(database):
    writer = AuditWriter(AuditStore(database), capacity=1)
    for _ in range(3):
        writer.record(AuditEvent(NOW, "u_mod", "moderator", "mute", "u_1", "lobby", None, None, None, {}))
    metrics = Metrics()
    metrics.counters["audit_events_dropped_total"] = ("Audit events dropped.", lambda: writer.dropped)
    assert "tsunagaru_audit_events_dropped_total 2" in metrics.render()


def test_a_node_serves_its_job_and_audit_metrics(server):
    deadline = 50
    while deadline:
        with urllib.request.urlopen(f"{server.http}/metrics", timeout=5) as r:
            text = r.read().decode()
        if 'tsunagaru_job_runs_total{job="handoffs"}' in text:
            break
        deadline -= 1
        import time
        time.sleep(0.1)
    assert "tsunagaru_audit_events_dropped_total 0" in text
    for name in JOBS:
        assert f'tsunagaru_job_runs_total{{job="{name}"}}' in text, name
    assert "tsunagaru_job_failures_total" in text and 'job_failures_total{job=' not in text
