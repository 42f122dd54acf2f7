"""Indicators against targets and campaign codes over HTTP (issue 15, admins only).

Reading the report first adds this node's campaign counts to the database (the job does it once
a minute otherwise), so what the secretariat reads includes every arrival this node has seen;
another node's are at most a minute late. The exports are the same report: JSON, and CSV in
UTF-8 with a BOM (spreadsheets open it as UTF-8), one flat table. Every change is audited.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from booths import indicators as rules
from booths.campaigns import Campaign, check_campaign, shown
from booths.coverage import coverage, main_prefecture
from moderation.audit import AuditEvent
from rooms.jst import JST
from server import clock
from server.http.bodies import csv_download, error_response, json_response, read_body, request_lang
from server.http.models_indicators import CampaignInput, TargetInput
from server.realtime.node import Node
from server.store.coverage import directory_codes
from server.store.indicators import IndicatorStore
from server.tokens import Identity

MAX_BODY = 4 * 1024


def _store(request: web.Request) -> IndicatorStore:
    return IndicatorStore(request.app["engine"])


def _audit(request: web.Request, action: str, target: str, **detail: Any) -> None:
    node: Node = request.app["node"]
    who: Identity = request["identity"]
    node.audit(AuditEvent(clock.now_ms(), who.user_id, who.role, action, target, None, None, None, None, detail))


def _today() -> dt.date:
    return dt.datetime.fromtimestamp(clock.now_ms() / 1000, JST).date()


async def report(request: web.Request) -> dict[str, Any]:
    """The measures now, the targets with their progress, the campaign codes with their counts."""
    node: Node = request.app["node"]
    store = _store(request)
    await node.campaigns.sync(store)
    assert node.handoffs is not None  # set at start, before any route answers
    orgs, services = await directory_codes(request.app["engine"])
    prefecture = main_prefecture(orgs)
    measures = rules.current(await node.handoffs.totals(), len(orgs),
                             coverage(prefecture, orgs, services) if prefecture else [])
    today = _today()
    return {"as_of": today.isoformat(), "measures": measures,
            "targets": [rules.progress(t, measures[t.measure], today) for t in await store.targets()],
            "campaigns": shown(await store.campaigns(), await store.counts())}


async def indicators(request: web.Request) -> web.Response:
    return json_response(await report(request))


async def export_json(request: web.Request) -> web.Response:
    found = await report(request)
    response = json_response(found)
    response.headers["Content-Disposition"] = f'attachment; filename="indicators-{found["as_of"]}.json"'
    return response


async def export_csv(request: web.Request) -> web.Response:
    found = await report(request)
    text = rules.to_csv(found["measures"], found["targets"], found["campaigns"])
    return csv_download(text, f'indicators-{found["as_of"]}.csv')


async def set_target(request: web.Request) -> web.Response:
    """Set or replace the target of one measure: 201 when it is new, 200 when it replaced one."""
    measure = request.match_info["measure"]
    body = await read_body(request, TargetInput, MAX_BODY)
    if isinstance(body, web.Response):
        return body
    refused = rules.check_target(measure, body.value, body.deadline, body.note)
    if refused is not None:
        return error_response(400, refused.code, refused.reason, request_lang(request), refused.extra["field"])
    note = (body.note or "").strip() or None
    target = rules.Target(measure, float(body.value), body.deadline, note, clock.now_ms())
    created = await _store(request).set_target(target, request["identity"].user_id)
    _audit(request, "target_set", measure, value=target.value, deadline=target.deadline)
    found = await report(request)
    mine = next(t for t in found["targets"] if t["measure"] == measure)
    return json_response(mine, status=201 if created else 200)


async def drop_target(request: web.Request) -> web.Response:
    measure = request.match_info["measure"]
    if not await _store(request).drop_target(measure):
        return error_response(404, "not_found", "no_target", request_lang(request), measure)
    _audit(request, "target_drop", measure)
    return json_response({"measure": measure, "dropped": True})


async def add_campaign(request: web.Request) -> web.Response:
    """Register a campaign code: from now on, visitors arriving with it are counted."""
    body = await read_body(request, CampaignInput, MAX_BODY)
    if isinstance(body, web.Response):
        return body
    refused = check_campaign(body.code, body.label)
    if refused is not None:
        return error_response(400, refused.code, refused.reason, request_lang(request), refused.extra["field"])
    c = Campaign(body.code, body.label.strip(), clock.now_ms())
    if not await _store(request).add_campaign(c):
        return error_response(409, "campaign_taken", "campaign_taken", request_lang(request), c.code)
    node: Node = request.app["node"]
    node.campaigns.learn([c.code])
    _audit(request, "campaign_new", c.code, label=c.label)
    return json_response({"code": c.code, "label": c.label, "arrivals": 0, "booth_visits": 0, "handoffs": 0},
                         status=201)
