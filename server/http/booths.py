"""Booths over HTTP: what a booth shows, a host's edits, the Q&A queue and visit counts.

Reading is public. Editing is for the booth's own organisation (a host of
it) or an admin: anyone else gets 403. What a host writes passes the booth
content moderation hook before anyone sees it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from booths import booth as booth_rules
from rooms.roles import MODERATOR, speaks_for

from server.store.booths import BoothStore
from server.http.access import bearer_identity
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.moderation_actions import content_blocked
from server.realtime.node import Node
from server.tokens import Identity

MAX_BODY = 64 * 1024



def _store(request: web.Request) -> BoothStore:
    node: Node = request.app["node"]
    return node.booths.store


def _may_edit(identity: Identity | None, b: booth_rules.Booth) -> bool:
    if identity is None:
        return False
    return speaks_for(identity.role, identity.organization, b.organization_id)


def _may_read_private(identity: Identity | None, b: booth_rules.Booth) -> bool:
    return _may_edit(identity, b) or (identity is not None and identity.role == MODERATOR)


async def list_booths(request: web.Request) -> web.Response:
    now = dt.datetime.now(dt.timezone.utc)
    out = []
    for b in await _store(request).all():
        status = booth_rules.openness(b, now)
        out.append({"slug": b.slug, "room": b.room, "title": b.title, "title_en": b.title_en,
                    "organization_id": b.organization_id,
                    "open": status.open, "next_open": status.next_open.isoformat() if status.next_open else None})
    return json_response({"booths": out})


async def get_booth(request: web.Request) -> web.Response:
    store = _store(request)
    b = await store.get(request.match_info["slug"])
    if b is None:
        return error_response(404, "not_found", "not_found", request_lang(request))
    status = booth_rules.openness(b, dt.datetime.now(dt.timezone.utc))
    return json_response({**b.public(), "live": await store.live(b.slug), "open": status.open,
                  "next_open": status.next_open.isoformat() if status.next_open else None})


async def edit_booth(request: web.Request) -> web.Response:
    lang = request_lang(request)
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    store = _store(request)
    current = await store.get(request.match_info["slug"])
    if current is None:
        return error_response(404, "not_found", "not_found", lang)
    if not _may_edit(identity, current):
        return error_response(403, "forbidden", "host_only", lang)
    changes = await read_body(request, Any, MAX_BODY)  # booth_rules.edit checks the fields
    if isinstance(changes, web.Response):
        return changes
    edited = booth_rules.edit(current, changes)
    if isinstance(edited, list):
        return json_response({"error": {"code": "bad_booth", "message": "ブースの内容に直すところがあります。/ Some fields need fixing.",
                                "problems": [{"path": p.path, "code": p.code, "message": p.message} for p in edited]}},
                     status=422)
    node: Node = request.app["node"]
    texts = [edited.title, edited.title_en, edited.description] + [i.get("title", "") for i in edited.items] \
        + [i.get("text", "") for i in edited.items]
    blocked = content_blocked(node, identity, texts, current.room)
    if blocked is not None:
        return blocked
    await store.save(edited)
    node.bus.publish(current.room, {"t": "booth.state", "room": current.room, "title": edited.title,
                                    "title_en": edited.title_en, "items": edited.items})
    return json_response(edited.public())


async def _private(request: web.Request) -> tuple[BoothStore, booth_rules.Booth] | web.Response:
    """The booth, for its hosts, moderators and admins only."""
    lang = request_lang(request)
    identity = await bearer_identity(request)
    store = _store(request)
    b = await store.get(request.match_info["slug"])
    if b is None:
        return error_response(404, "not_found", "not_found", lang)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    if not _may_read_private(identity, b):
        return error_response(403, "forbidden", "host_only", lang)
    return store, b


async def questions(request: web.Request) -> web.Response:
    found = await _private(request)
    if isinstance(found, web.Response):
        return found
    store, b = found
    return json_response({"questions": [q.for_host() for q in await store.waiting(b.slug)]})


async def visits(request: web.Request) -> web.Response:
    """Entries and dwell time per hour: counts only, never who."""
    found = await _private(request)
    if isinstance(found, web.Response):
        return found
    store, b = found
    try:
        since = int(request.query.get("since_ms", "0"))
        if not 0 <= since < 2**63:
            raise ValueError
    except ValueError:
        return error_response(400, "bad_query", "bad_query", request_lang(request),
                              "since_ms must be a whole number of ms, 0 or more")
    node: Node = request.app["node"]
    await node.booths.flush()  # this node's counts so far
    return json_response({"booth": b.slug, "hours": await store.visits(b.slug, since)})

