"""The audit trail: stored append-only on SQLite and PostgreSQL, read over HTTP."""
from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest
from moderation.audit import AuditEvent
from server.store.audit import AuditStore, AuditWriter
from tests.support.wsclient import WireClient

SECRET = "moderator-secret-for-tests-0003"


@pytest.fixture
async def store(database):
    return AuditStore(database)


def _event(at: int, action: str = "mute", room: str | None = "lobby", target: str | None = "u_1") -> AuditEvent:
    return AuditEvent(at, "u_mod", "moderator", action, target, room, None, "spam", None, {"minutes": 5})


async def test_append_and_query_with_filters_newest_first(store):
    await store.append_many([_event(1000), _event(2000, "kick"), _event(3000, "mute", "hall:1", "u_2")])
    assert [e.at_ms for e in await store.query()] == [3000, 2000, 1000]
    assert [e.at_ms for e in await store.query(action="mute")] == [3000, 1000]
    assert [e.at_ms for e in await store.query(action="mute", room="lobby")] == [1000]
    assert [e.at_ms for e in await store.query(target_user="u_2")] == [3000]
    assert [e.at_ms for e in await store.query(since_ms=1500, until_ms=3000)] == [2000]
    assert [e.at_ms for e in await store.query(limit=1, offset=1)] == [2000]
    assert (await store.query(action="kick"))[0].detail == {"minutes": 5}
    assert await store.purge_older_than(2500) == 2
    assert [e.at_ms for e in await store.query()] == [3000]


async def test_writer_flushes_on_stop_and_survives_a_failing_store(store):
    writer = AuditWriter(store)
    await writer.start()
    real = store.append_many
    failures = {"n": 0}

    async def flaky(events):
        if failures["n"] < 1:
            failures["n"] += 1
            raise OSError("database away")
        await real(events)

    store.append_many = flaky  # type: ignore[method-assign]
    for i in range(5):
        writer.record(_event(10_000 + i))
    await asyncio.sleep(1.2)  # one failure, a retry after 0.5 s
    await writer.stop()
    assert len(await store.query(since_ms=10_000)) == 5


async def test_every_step_is_in_the_trail_and_readable_over_http(server_factory):
    server = server_factory({"STATIC_TOKENS": f"moderator:{SECRET},host:{'h' * 24}"})
    mod = await WireClient.hello(server.url, "mod", token=SECRET)
    a = await WireClient.hello(server.url, "a", age_band="15-17")
    b = await WireClient.hello(server.url, "b", age_band="15-17")
    for c in (a, b):
        await c.request({"t": "join", "room": "lobby"})
    assert (await a.request({"t": "say", "room": "lobby", "text": "090-1234-5678"}))["code"] == "blocked"
    assert (await a.request({"t": "say", "room": "lobby", "text": "死にたい"}))["held"] is True
    said = await b.request({"t": "say", "room": "lobby", "text": "いやなこと"})
    report = await a.request({"t": "report", "room": "lobby", "id": said["id"], "reason": "harassment"})
    await mod.request({"t": "mod.mute", "user": b.welcome["user"]["id"], "minutes": 5})
    queue = None
    for _ in range(50):  # the writer is asynchronous: poll, bounded
        queue = await mod.request({"t": "mod.reports"})
        if queue["reports"]:
            break
        await asyncio.sleep(0.1)
    assert queue["reports"][0]["report"] == report["report"]
    assert queue["reports"][0]["evidence"][-1]["text"] == "いやなこと"
    await mod.request({"t": "mod.resolve", "report": report["report"], "text": "話した"})

    def get(path: str, token: str | None = SECRET):
        req = urllib.request.Request(server.http + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    status, body = (0, {"items": []})
    for _ in range(50):
        status, body = await asyncio.to_thread(get, "/api/moderation/audit?limit=50")
        if {"block", "hold", "report", "mute", "resolve"} <= {i["action"] for i in body["items"]}:
            break
        await asyncio.sleep(0.1)
    actions = {i["action"]: i for i in body["items"]}
    assert status == 200 and {"block", "hold", "report", "mute", "resolve"} <= set(actions)
    assert actions["block"]["rule"] == "personal_data:phone" and actions["block"]["actor"] == "system"
    assert actions["mute"]["target_kind"] == "person"
    assert actions["hold"]["rule"].startswith("crisis:") and "excerpt" not in actions["hold"]["detail"]
    status, only = await asyncio.to_thread(get, "/api/moderation/audit?action=mute")
    assert status == 200 and {i["action"] for i in only["items"]} == {"mute"}
    assert (await asyncio.to_thread(get, "/api/moderation/audit", None))[0] == 401
    assert (await asyncio.to_thread(get, "/api/moderation/audit", "h" * 24))[0] == 403
    assert (await asyncio.to_thread(get, "/api/moderation/audit?limit=5000"))[0] == 400
    assert (await asyncio.to_thread(get, "/api/moderation/audit?since=yesterday"))[0] == 400
    assert (await asyncio.to_thread(get, "/api/moderation/audit?action=explode"))[0] == 400
    queue = await mod.request({"t": "mod.reports"})
    assert queue["reports"] == []  # resolved
