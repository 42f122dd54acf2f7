"""Staff login over HTTP: a username and password in, a bearer token out (also usable as `hello.token`).

Visitors never log in. Wrong username and wrong password get the same
answer; a login is rate limited per address like `hello` is, and failures
back off per account and per address (`server/store/accounts.py`): 429
`login_backoff` with `Retry-After`, or 503 `busy` when every password-hash
slot is taken.
"""
from __future__ import annotations

import orjson
from aiohttp import web

from rooms.control import TokenRevoked

from server import clock
from server.store.accounts import AccountError, Accounts
from server.http.bodies import error_response, read_body, request_lang
from server.http.models import Login
from server.http.limits import address_hash, client_of, limited_of, refusal
from server.realtime.node import Node
from server.tokens import token_digest

MAX_BODY = 4_096


def _accounts(request: web.Request) -> Accounts:
    node: Node = request.app["node"]
    return node.tokens.accounts


async def login(request: web.Request) -> web.Response:
    lang = request_lang(request)
    node: Node = request.app["node"]
    address = client_of(request)
    if not node.moderating.allow_hello(limited_of(request), clock.monotonic()):
        return error_response(429, "rate_limited", "rate_limited", lang)
    data = await read_body(request, Login, MAX_BODY, refuse=lambda _: error_response(
        400, "bad_request", "bad_frame", lang, 'send {"username": ..., "password": ...}'))
    if isinstance(data, web.Response):
        return data
    outcome = await _accounts(request).login(data.username, data.password, address_hash(request, address))
    if isinstance(outcome, AccountError) and outcome.code in ("login_backoff", "busy"):
        return refusal(request, 429 if outcome.code == "login_backoff" else 503, outcome.code, outcome.retry_after_s)
    if isinstance(outcome, AccountError):
        return error_response(401, outcome.code, "unauthorized", lang, outcome.message)
    token, account, expires_ms = outcome
    return web.Response(body=orjson.dumps({"token": token, "expires_ms": expires_ms, "user_id": account.id,
                                           "role": account.role, "organization_id": account.organization_id}),
                        content_type="application/json")


async def logout(request: web.Request) -> web.Response:
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer ") or not await _accounts(request).revoke(auth[7:]):
        return error_response(401, "unauthorized", "unauthorized", request_lang(request))
    # Every node closes the sockets that signed in with this token, at once (not only after TOKEN_RECHECK_S).
    request.app["node"].moderating.tell(TokenRevoked(token_digest(auth[7:])))
    return web.Response(body=b'{"ok":true}', content_type="application/json")

