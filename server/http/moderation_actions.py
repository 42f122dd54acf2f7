"""Moderator actions over HTTP: the same `mod.*` messages as on `/ws`.

`POST /api/moderation/actions` with `Authorization: Bearer <staff token>` and
a JSON body shaped exactly like the WebSocket message (`{"t": "mod.mute",
"user": "...", "minutes": 10}`), so a dashboard or a script needs no socket.
Answers `200 {"ok": {...}}`, or `{"error": {"code", "message"}}` with 400,
401, 403 or 413.
"""
from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from moderation.pipeline import Subject
from moderation import requests as mrq
from moderation.requests import ModAction
from rooms import requests as rq
from rooms.protocol import BAD_REQUEST, FORBIDDEN, UNKNOWN_TYPE
from rooms.refusal import Refused
from rooms.session import User

from server.http.access import bearer_identity
from server.http.bodies import error_response, read_body, request_lang
from server.realtime.node import Node
from server.tokens import Identity

MAX_BODY = 16_384
_STATUS = {BAD_REQUEST: 400, FORBIDDEN: 403, "unknown_type": 400, "bad_frame": 400}


def content_blocked(node: Node, identity: Identity, texts: list[Any], room: str | None) -> web.Response | None:
    """Booth and organization texts written by hosts pass the booth content hook; the first refused one is named."""
    for text in texts:
        if isinstance(text, str) and text:
            verdict = node.pipeline.review(Subject("booth", text, identity.user_id, identity.role, room))
            if verdict.action in ("block", "hold"):
                return error_response(422, "blocked", verdict.reason or "blocked", "ja", text[:80])
    return None


async def moderation_action(request: web.Request) -> web.Response:
    node: Node = request.app["node"]
    lang = request_lang(request)
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    message = await read_body(request, Any, MAX_BODY)  # rq.parse checks it, as it does every /ws message
    if isinstance(message, web.Response):
        return message
    parsed = rq.parse(message, mrq.PARSERS)
    if isinstance(parsed, rq.BadMessage) and parsed.refused.code == UNKNOWN_TYPE:
        return error_response(400, BAD_REQUEST, "unknown_type", lang)
    if isinstance(parsed, rq.BadMessage):
        return error_response(_STATUS.get(parsed.refused.code, 400), parsed.refused.code, parsed.refused.reason, lang)
    if not isinstance(parsed, ModAction):
        return error_response(400, BAD_REQUEST, "unknown_type", lang)
    actor = User(identity.user_id, identity.role, identity.role)
    reply = await node.moderator_requests.act(actor, parsed)
    if isinstance(reply, Refused):
        return error_response(_STATUS.get(reply.code, 409), reply.code, reply.reason, lang)
    return web.json_response({"ok": reply}, dumps=lambda v: orjson.dumps(v).decode())

