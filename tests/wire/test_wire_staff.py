"""Staff powers end when they should (issue 12): logout, expiry, and resuming without the token."""
from __future__ import annotations

import asyncio
import json
import urllib.request

from tests.support.accounts import create_account
from tests.support.wsclient import WireClient


def _http(server, path: str, body: dict | None = None, token: str | None = None) -> dict:
    req = urllib.request.Request(f"{server.http}{path}", data=json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


async def _login(server, username: str) -> str:
    await asyncio.to_thread(create_account, server, username, "a long enough password 1")
    reply = await asyncio.to_thread(_http, server, "/api/auth/login",
                                    {"username": username, "password": "a long enough password 1"})
    return reply["token"]


async def test_logout_closes_an_open_moderator_socket_at_once(server_factory):
    server = server_factory()
    token = await _login(server, "mod-a")
    mod = await WireClient.hello(server.url, "mod", token=token)
    assert mod.welcome["user"]["role"] == "moderator"
    assert (await mod.request({"t": "mod.alerts"}))["t"] == "ok"
    await asyncio.to_thread(_http, server, "/api/auth/logout", None, token)
    await asyncio.wait_for(mod.ws.wait_closed(), 5)
    assert mod.ws.close_code == 4001


async def test_an_expired_token_stops_working_on_an_open_socket(server_factory):
    server = server_factory({"TOKEN_TTL_H": "0.0004", "TOKEN_RECHECK_S": "0.2"})  # about 1.4 s
    token = await _login(server, "mod-b")
    mod = await WireClient.hello(server.url, "mod", token=token)
    visitor = await WireClient.hello(server.url, "v")
    assert (await mod.request({"t": "mod.alerts"}))["t"] == "ok"
    await asyncio.sleep(2.0)
    await mod.send({"t": "mod.mute", "ref": 1, "user": visitor.welcome["user"]["id"], "minutes": 5})
    await asyncio.wait_for(mod.ws.wait_closed(), 5)
    assert mod.ws.close_code == 4001
    await visitor.request({"t": "join", "room": "lobby"})
    assert (await visitor.request({"t": "say", "room": "lobby", "text": "not muted"}))["t"] == "ok"


async def test_a_staff_session_does_not_resume_without_its_token(server_factory):
    secret = "moderator-secret-for-tests-0009"
    server = server_factory({"STATIC_TOKENS": f"moderator:{secret}"})
    mod = await WireClient.hello(server.url, "mod", token=secret)
    await mod.request({"t": "join", "room": "lobby"})
    session = mod.welcome["session"]
    mod.ws.transport.abort()  # a dropped connection: the session waits for a resume
    await asyncio.sleep(0.3)
    thief = await WireClient.hello(server.url, "x", resume={"session": session, "rooms": {}})
    assert thief.welcome["resumed"] is False and thief.welcome["user"]["role"] == "visitor"
    assert thief.welcome["session"] != session
    assert (await thief.request({"t": "mod.alerts"}))["code"] == "forbidden"
    back = await WireClient.hello(server.url, "mod", token=secret, resume={"session": session, "rooms": {}})
    assert back.welcome["resumed"] is True and back.welcome["user"]["role"] == "moderator"


async def test_nicknames_cannot_pretend_to_be_staff_or_be_blank(server):
    for nick in ("運営スタッフ", "Moderator", "\u0410dmin", "ＡＤＭＩＮ", "\u3164", "\u2800\u2800", "たろう\u200b",
                 "LINE:abc123", "a d m i n"):
        client = await WireClient.open(server.url)
        reply = await client.request({"t": "hello", "nick": nick})
        assert reply["t"] == "error" and reply["code"] in ("blocked", "bad_request") and reply["message"], nick
        assert (await client.request({"t": "hello", "nick": "たろう"}))["t"] == "welcome"  # the socket stays
    for nick in ("modern-girl", "ゆうき", "hotdog"):  # reserved words only as words
        assert (await WireClient.hello(server.url, nick)).welcome["user"]["nick"] == nick


async def test_a_host_may_be_its_organisation_s_staff_but_not_the_platform_s(server_factory):
    host = "host-secret-for-tests-00000009"
    server = server_factory({"STATIC_TOKENS": f"host:{host}"})
    assert (await WireClient.hello(server.url, "スタッフ", token=host)).welcome["user"]["role"] == "host"
    refused = await (await WireClient.open(server.url)).request({"t": "hello", "nick": "運営", "token": host})
    assert refused["code"] == "blocked"
