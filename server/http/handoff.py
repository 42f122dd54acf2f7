"""The handoff over HTTP: matching and starting (visitors' forms), the ticket, the organisation's inbox, the funnel.

Visitors are anonymous and hold a handoff by its code; every visitor
request is limited per address like `hello` is, every lookup by code spends
from the per-address code budget shared with `/ws` (`Handoffs.lookup_wait`),
and new tickets are capped per address. A visitor's POST must be
`application/json` and, when it has an `Origin`, come from an allowed one
(`server/http/origins.py`): a page elsewhere cannot start or cancel tickets in a
visitor's browser. A start may carry the device token from `welcome.device`
(`"device"` in the body): that device then holds at most one live ticket per
service. Hosts act on their own organisation's handoffs only.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any, Callable

import segno  # QR codes as SVG, drawn on the server: nothing fetched by the client
from aiohttp import web

from booths import funnel as funnel_rules
from booths import referral
from booths.handoff_input import profile_from, start_from
from booths.tickets import offer_for
from rooms.jst import JST
from rooms.refusal import Refused
from rooms.roles import ADMIN, HOST

from server import clock
from booths.tickets import holder_of
from server.realtime.handoffs import Handoffs, match_json
from server.texts import error_of
from server.http.access import bearer_identity
from server.http.bodies import BadBody, csv_download, error_response, json_response, read_body, request_lang
from server.http.models import HostAnswer, Redeem
from server.http.limits import address_hash, client_of, limited_of, refusal
from server.realtime.node import Node
from server.http.origins import origin_allowed

MAX_BODY = 16 * 1024
_STATUS = {"not_found": 404, "full": 409, "already_holding": 409, "guardian_consent_required": 403,
           "no_referrals": 409, "bad_transition": 409, "terminal": 409, "conflict": 409, "reason_required": 400, "bad_status": 400,
           "bad_request": 400, "bad_profile": 400, "nothing_shared": 409}



def _refused(request: web.Request, r: Refused, extra: dict[str, Any] | None = None) -> web.Response:
    return json_response({"error": {**error_of(r, request_lang(request)), **(extra or {})}},
                         status=_STATUS.get(r.code, 400))


def _handoffs(request: web.Request) -> Handoffs:
    node: Node = request.app["node"]
    return node.handoffs


def _refuse(request: web.Request, code: str, reason: str) -> Callable[[BadBody], web.Response]:
    """A bad body, answered as the handoff answers: a refusal (over the limit too: 400, not 413)."""
    return lambda bad: _refused(request, Refused(code, reason, {"detail": bad.detail}))


async def _form(request: web.Request, code: str = "bad_request", reason: str = "send_object") -> Any:
    """A visitor's form as sent (`booths.handoff_input` checks it, as it does the same form from /ws)."""
    return await read_body(request, dict[str, Any], MAX_BODY, empty={}, refuse=_refuse(request, code, reason))


def _limited(request: web.Request, lookup: bool = False) -> web.Response | None:
    """429 when the address asks too fast; `lookup`: the request names a code (the code budget)."""
    node: Node = request.app["node"]
    address = client_of(request)
    if not node.moderating.allow_hello(limited_of(request), clock.monotonic()):
        return error_response(429, "rate_limited", "rate_limited", request_lang(request))
    if lookup:
        wait = _handoffs(request).lookup_wait(address_hash(request, address), clock.monotonic())
        if wait:
            return refusal(request, 429, "code_lookups", wait)
    return None


def cross_site(request: web.Request) -> web.Response | None:
    """A visitor's POST: JSON only (a form or a `text/plain` fetch from another site is not), from an allowed origin."""
    node: Node = request.app["node"]
    if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host"), node.config.allowed_origins):
        return refusal(request, 403, "origin_not_allowed")
    if request.body_exists and request.content_type != "application/json":
        return refusal(request, 415, "json_required")
    return None


def _now() -> dt.datetime:
    return dt.datetime.fromtimestamp(clock.now_ms() / 1000, dt.timezone.utc)


# -- visitors -----------------------------------------------------------------------------------
async def match(request: web.Request) -> web.Response:
    limited = cross_site(request) or _limited(request)
    if limited:
        return limited
    body = await _form(request, "bad_profile", "profile_object")
    if isinstance(body, web.Response):
        return body
    profile = profile_from(body)
    if isinstance(profile, Refused):
        return _refused(request, profile)
    results = await _handoffs(request).match(profile, _now())
    return json_response({"results": [match_json(m) for m in results], "crisis": profile.crisis})


async def start(request: web.Request) -> web.Response:
    if request.content_type != "application/json":  # a start always has a body
        return refusal(request, 415, "json_required")
    limited = cross_site(request) or _limited(request)
    if limited:
        return limited
    body = await _form(request)
    if isinstance(body, web.Response):
        return body
    req = start_from(body)
    if isinstance(req, Refused):
        return _refused(request, req)
    node: Node = request.app["node"]
    device = node.moderating.devices.verify(body.get("device"))
    address = address_hash(request)
    outcome = await _handoffs(request).begin(req, clock.now_ms(), holder_of(device.id if device else None), address)
    if isinstance(outcome, Refused) and outcome.code == "ticket_limit":
        return refusal(request, 429, "ticket_limit", _handoffs(request).ticket_wait(address))
    if isinstance(outcome, Refused):
        return _refused(request, outcome, offer_for(outcome))
    if outcome.get("code"):  # a ticket was made (an information-only answer is not a handoff)
        node.campaigns.count(node.campaigns.registered(body.get("campaign")), "handoffs", clock.now_ms())
    return json_response(outcome, status=201 if outcome.get("code") else 200)


async def status(request: web.Request) -> web.Response:
    limited = _limited(request, lookup=True)
    if limited:
        return limited
    outcome = await _handoffs(request).status(request.match_info["code"], _now())
    return _refused(request, outcome) if isinstance(outcome, Refused) else json_response(outcome)


async def visitor_action(request: web.Request) -> web.Response:
    limited = cross_site(request) or _limited(request, lookup=True)
    if limited:
        return limited
    handoffs, code, action = _handoffs(request), request.match_info["code"], request.match_info["action"]
    if action == "cancel":
        outcome = await handoffs.cancel(code, clock.now_ms())
    elif action == "withdraw":
        outcome = await handoffs.withdraw(code, clock.now_ms())
    elif action == "follow-up":
        body = await _form(request)
        if isinstance(body, web.Response):
            return body
        answer = body.get("answer")
        outcome = await handoffs.answer_follow_up(code, answer if isinstance(answer, str) else "", clock.now_ms())
    else:
        outcome = Refused("not_found", "unknown_action")
    return _refused(request, outcome) if isinstance(outcome, Refused) else json_response(outcome)


async def qr(request: web.Request) -> web.Response:
    """The ticket as a QR code (SVG) holding only the code."""
    limited = _limited(request, lookup=True)
    if limited:
        return limited
    code = referral.normalize_code(request.match_info["code"])
    if code is None or await _handoffs(request).store.by_code(code) is None:
        return error_response(404, "not_found", "not_found", request_lang(request))
    out = io.BytesIO()
    segno.make(f"TSUNAGARU:{referral.display_code(code)}", error="m").save(out, kind="svg", scale=6, border=2,
                                                                            xmldecl=False, title="ticket")
    return web.Response(body=out.getvalue(), content_type="image/svg+xml")


# -- organisations -----------------------------------------------------------------------------
async def _staff(request: web.Request) -> tuple[str | None, str] | web.Response:
    """(organisation to act for, role): a host acts for its own; an admin names one or acts for any."""
    lang = request_lang(request)
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    if identity.role == HOST and identity.organization:
        return identity.organization, HOST
    if identity.role == ADMIN:
        return request.query.get("organization") or None, ADMIN
    return error_response(403, "forbidden", "host_only", lang)


async def inbox(request: web.Request) -> web.Response:
    who = await _staff(request)
    if isinstance(who, web.Response):
        return who
    org, _ = who
    if org is None:
        return error_response(400, "bad_query", "bad_query", request_lang(request), "organization is required")
    open_only = request.query.get("all") != "true"
    return json_response({"organization_id": org, "handoffs": await _handoffs(request).store.inbox(org, open_only)})


async def host_action(request: web.Request) -> web.Response:
    who = await _staff(request)
    if isinstance(who, web.Response):
        return who
    org, role = who
    body = await read_body(request, HostAnswer, MAX_BODY, empty=HostAnswer(),
                           refuse=_refuse(request, "bad_request", "send_object"))
    if isinstance(body, web.Response):
        return body
    proposed_ms = None
    if body.proposed is not None:
        try:
            proposed = dt.datetime.fromisoformat(body.proposed)
        except ValueError:
            return _refused(request, Refused("bad_request", "proposed_time"))
        if proposed.tzinfo is None:
            proposed = proposed.replace(tzinfo=JST)
        proposed_ms = int(proposed.timestamp() * 1000)
    outcome = await _handoffs(request).act(org, role, request.match_info["id"], request.match_info["action"],
                                           body.reason, proposed_ms, clock.now_ms())
    return _refused(request, outcome) if isinstance(outcome, Refused) else json_response(outcome)


async def redeem(request: web.Request) -> web.Response:
    who = await _staff(request)
    if isinstance(who, web.Response):
        return who
    org, role = who
    body = await read_body(request, Redeem, MAX_BODY, refuse=_refuse(request, "bad_request", "send_code"))
    if isinstance(body, web.Response):
        return body
    outcome = await _handoffs(request).redeem(org, role, body.code, clock.now_ms())
    return _refused(request, outcome) if isinstance(outcome, Refused) else json_response(outcome)


async def funnel(request: web.Request) -> web.Response:
    lang = request_lang(request)  # admins only: server/http/routes.py
    group = request.query.get("group", "organization")
    month = request.query.get("month") or None
    if group not in funnel_rules.GROUPS:
        return error_response(400, "bad_query", "bad_query", lang, f"group must be one of {funnel_rules.GROUPS}")
    if month is not None and (len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit()):
        return error_response(400, "bad_query", "bad_query", lang, "month looks like 2026-12")
    rows = await _handoffs(request).funnel(group, month)
    if request.query.get("format") == "csv":
        return csv_download(funnel_rules.to_csv(rows), f'funnel-{group}-{month or "all"}.csv')
    return json_response({"group": group, "month": month, "rows": rows})

