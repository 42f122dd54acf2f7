"""Reading the audit trail over HTTP, for moderators and admins.

`GET /api/moderation/audit?action=&room=&actor=&target_user=&since=&until=&limit=&offset=`
with `Authorization: Bearer <staff token>` → `200 {"items": [...], "limit", "offset"}`,
newest first; 400 for a bad parameter, 401 without a valid token, 403 for non-staff.
"""
from __future__ import annotations

from dataclasses import asdict

from aiohttp import web

from moderation.audit import ACTIONS, target_kind

from server.store.audit import MAX_LIMIT, AuditStore
from server.http.bodies import error_response, request_lang
from server.realtime.node import Node
from server.cluster.state import Unavailable

_INTS = ("since", "until", "limit", "offset")


async def audit(request: web.Request) -> web.Response:
    node: Node = request.app["node"]
    lang = request_lang(request)  # moderators and admins only: server/http/routes.py
    store: AuditStore | None = node.audit_store
    if store is None:
        return error_response(503, "internal", "unavailable", lang)
    q = request.query
    numbers: dict[str, int] = {}
    for name in _INTS:
        if name in q:
            try:
                numbers[name] = int(q[name])
            except ValueError:
                return error_response(400, "bad_request", "bad_field", lang)
            if not 0 <= numbers[name] < 2**63:  # what the database can hold
                return error_response(400, "bad_request", "bad_field", lang)
    limit = numbers.get("limit", 100)
    if limit > MAX_LIMIT or ("action" in q and q["action"] not in ACTIONS):
        return error_response(400, "bad_request", "bad_field", lang)
    items = await store.query(action=q.get("action"), room=q.get("room"), actor=q.get("actor"),
                              target_user=q.get("target_user"), since_ms=numbers.get("since"),
                              until_ms=numbers.get("until"), limit=limit, offset=numbers.get("offset", 0))
    # staff by name: the console shows "yamada (staff)", not an account id
    accounts = node.tokens.accounts
    names = await accounts.usernames({e.actor for e in items}) if accounts is not None else {}
    return web.json_response({"items": [{**asdict(e), "actor_name": names.get(e.actor), "target_kind": target_kind(e.action)}
                                        for e in items],
                              "limit": limit, "offset": numbers.get("offset", 0)})



async def rooms(request: web.Request) -> web.Response:
    """Every room with its live member count, for the moderator console."""
    node: Node = request.app["node"]
    lang = request_lang(request)  # moderators and admins only: server/http/routes.py
    catalogue = node.catalogue.rooms
    try:
        sizes = await node.state.room_sizes(list(catalogue))
    except Unavailable:
        return error_response(503, "internal", "unavailable", lang)
    out = []
    for rid, members in sorted(sizes.items()):
        info = catalogue.get(rid)
        out.append({"room": rid, "title": info.title if info else rid, "kind": info.kind if info else rid.split(":")[0],
                    "members": members, "locked": rid in node.moderating.decided.locked})
    return web.json_response({"rooms": out})
