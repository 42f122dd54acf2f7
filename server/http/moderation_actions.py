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
from moderation.requests import ModAction
from rooms import requests as rq
from rooms.protocol import BAD_REQUEST, FORBIDDEN
from rooms.refusal import Refused
from rooms.session import User

from server.realtime.node import Node
from server.texts import say as text_for
from server.tokens import Identity

MAX_BODY = 16_384
_STATUS = {BAD_REQUEST: 400, FORBIDDEN: 403, "unknown_type": 400, "bad_frame": 400}


def error_response(status: int, code: str, reason: str, lang: str, detail: str | None = None) -> web.Response:
    """The one error shape of the HTTP API: a code to act on and a sentence (plus, maybe, which field)."""
    body: dict[str, Any] = {"error": {"code": code, "message": text_for(reason, lang)}}
    if detail:
        body["error"]["detail"] = detail
    return web.json_response(body, status=status, dumps=lambda v: orjson.dumps(v).decode())


def json_response(value: Any, status: int = 200, content_type: str = "application/json") -> web.Response:
    """orjson-encoded JSON (the HTTP API's one way to answer with data)."""
    return web.Response(body=orjson.dumps(value), status=status, content_type=content_type)


def request_lang(request: web.Request) -> str:
    return "en" if request.headers.get("Accept-Language", "ja").lower().startswith("en") else "ja"


async def bearer_identity(request: web.Request) -> Identity | None:
    """Who the request's `Authorization: Bearer` token names, if anyone."""
    node: Node = request.app["node"]
    auth = request.headers.get("Authorization", "")
    return await node.tokens.verify(auth[7:]) if auth.startswith("Bearer ") else None


async def require(request: web.Request, roles: tuple[str, ...], reason: str = "staff_only") -> Identity | web.Response:
    """The caller's identity if its role is one of `roles`; else the 401 or 403 to return."""
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", request_lang(request))
    if identity.role not in roles:
        return error_response(403, "forbidden", reason, request_lang(request))
    return identity


async def read_json(request: web.Request, limit: int) -> Any:
    """The JSON body, or the error response to return (413 over `limit` bytes, 400 not JSON)."""
    lang = request_lang(request)
    if request.content_length is not None and request.content_length > limit:
        return error_response(413, "too_large", "bad_frame", lang, f"the body is limited to {limit} bytes")
    raw = await request.content.read(limit + 1)
    if len(raw) > limit:
        return error_response(413, "too_large", "bad_frame", lang, f"the body is limited to {limit} bytes")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return error_response(400, "bad_frame", "bad_frame", lang, "the body is not JSON")


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
    message = await read_json(request, MAX_BODY)
    if isinstance(message, web.Response):
        return message
    parsed = rq.parse(message)
    if isinstance(parsed, rq.BadMessage):
        return error_response(_STATUS.get(parsed.refused.code, 400), parsed.refused.code, parsed.refused.reason, lang)
    if not isinstance(parsed, ModAction):
        return error_response(400, BAD_REQUEST, "unknown_type", lang)
    actor = User(identity.user_id, identity.role, identity.role)
    reply = await node.moderator_requests.act(actor, parsed)
    if isinstance(reply, Refused):
        return error_response(_STATUS.get(reply.code, 409), reply.code, reply.reason, lang)
    return web.json_response({"ok": reply}, dumps=lambda v: orjson.dumps(v).decode())


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/moderation/actions", moderation_action)
