"""The handoff against cross-site pages, seat grabbing and code guessing (issue 12). Real node, real HTTP and /ws.

`X-Forwarded-For` through a trusted loopback proxy (`TRUSTED_PROXIES=127.0.0.1/32`) lets one test be several
addresses, as the visitors behind the documented nginx are.
"""
from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp

from tests.support.wsclient import WireClient

XMAS_LIVE = "a688af0d-ca79-5f4f-b9c1-78552f16ca4d"  # the demo's Christmas mini live: 10 seats
BAND = "weekend-band"
PROXY = {"TRUSTED_PROXIES": "127.0.0.1/32"}
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


async def _post(s: aiohttp.ClientSession, base: str, path: str, body: Any, address: str | None = None,
                headers: dict[str, str] | None = None, raw: bytes | None = None) -> tuple[int, Any, dict[str, str]]:
    h = {**({"X-Forwarded-For": address} if address else {}), **(headers or {})}
    if raw is not None:
        kwargs: dict[str, Any] = {"data": raw}
    else:
        kwargs = {"json": body}
    async with s.post(base + path, headers=h, **kwargs) as r:
        return r.status, await r.json(content_type=None), dict(r.headers)


async def _get(s: aiohttp.ClientSession, base: str, path: str, address: str | None = None) -> tuple[int, dict[str, str]]:
    async with s.get(base + path, headers={"X-Forwarded-For": address} if address else {}) as r:
        await r.read()
        return r.status, dict(r.headers)


def _band_id(s_http: str) -> str:
    import json
    import urllib.request
    with urllib.request.urlopen(s_http + "/hsds/services?q=%E9%80%B1%E6%9C%AB%E3%83%90%E3%83%B3%E3%83%89", timeout=5) as r:
        return json.loads(r.read())["contents"][0]["id"]


def test_a_cross_site_text_plain_post_starts_nothing(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory({"ALLOWED_ORIGINS": "https://festival.example.jp"})
    base = server.http
    service = _band_id(base)

    async def main() -> None:
        async with aiohttp.ClientSession() as s:
            body = b'{"service_id": "%s", "mode": "self_connect"}' % service.encode()
            # what a form or a "simple" fetch on another site can send without asking first
            for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
                status, answer, _ = await _post(s, base, "/api/handoff", None, raw=body,
                                                headers={"Content-Type": ctype, "Origin": "https://evil.example"})
                assert status == 415 and answer["error"]["code"] == "json_required", (ctype, answer)
                status, answer, _ = await _post(s, base, "/api/handoff", None, raw=body, headers={"Content-Type": ctype})
                assert status == 415, answer
            # JSON from a foreign page (a CORS-preflighted fetch the browser was talked into) is refused too
            status, answer, _ = await _post(s, base, "/api/handoff", {"service_id": service, "mode": "self_connect"},
                                            headers={"Origin": "https://evil.example"})
            assert status == 403 and answer["error"]["code"] == "origin_not_allowed" and answer["error"]["message"]
            # the node's own pages, an allowed origin and non-browser clients are fine
            for origin in (base, "https://festival.example.jp", None):
                status, ticket, _ = await _post(s, base, "/api/handoff", {"service_id": service, "mode": "self_connect"},
                                                headers={"Origin": origin} if origin else {})
                assert status == 201 and CODE.match(ticket["code"]), (origin, ticket)
            # a foreign page cannot cancel a ticket whose code it learnt
            status, answer, _ = await _post(s, base, f"/api/handoff/{ticket['code']}/cancel", None, raw=b"",
                                            headers={"Origin": "https://evil.example", "Content-Type": "text/plain"})
            assert status == 403, answer
            async with s.get(f"{base}/api/handoff/{ticket['code']}") as r:
                assert (await r.json())["status"] == "requested"

    asyncio.run(main())


def test_one_device_gets_one_seat_and_one_address_a_few(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory({**PROXY, "HANDOFF_TICKETS_PER_IP_BURST": "3", "HANDOFF_TICKETS_PER_IP_PER_H": "1"})
    base = server.http
    start = {"service_id": XMAS_LIVE, "mode": "self_connect", "age": 17}

    async def main() -> None:
        visitor = await WireClient.hello(server.url, "ゆき", headers={"X-Forwarded-For": "198.51.100.1"})
        device = visitor.welcome["device"]
        async with aiohttp.ClientSession() as s:
            # the same visitor (device) asks ten times at once, from ten addresses: one ticket
            answers = await asyncio.gather(*(_post(s, base, "/api/handoff", {**start, "device": device},
                                                   f"203.0.113.{i}") for i in range(10)))
            statuses = sorted(a[0] for a in answers)
            assert statuses == [201] + [409] * 9, statuses
            code = next(a[1]["code"] for a in answers if a[0] == 201)
            held = [a[1]["error"] for a in answers if a[0] == 409]
            assert {e["code"] for e in held} == {"already_holding"} and {e["ticket"]["code"] for e in held} == {code}
            # over /ws the same rule, the same ticket
            await visitor.send({"t": "handoff.start", "ref": 5, **start})
            error = await visitor.expect("error", ref=5)
            assert error["code"] == "already_holding" and error["ticket"]["code"] == code
            # another service is another ticket
            status, other, _ = await _post(s, base, "/api/handoff", {"service_id": _band_id(base), "mode": "self_connect",
                                                                     "device": device}, "203.0.113.50")
            assert status == 201
            # once the ticket is cancelled, the device may ask again
            assert (await _post(s, base, f"/api/handoff/{code}/cancel", {}, "203.0.113.51"))[0] == 200
            status, again, _ = await _post(s, base, "/api/handoff", {**start, "device": device}, "203.0.113.52")
            assert status == 201 and again["code"] != code
            # no device (or a forged one) from one address: three tickets, then 429 with Retry-After
            answers = [await _post(s, base, "/api/handoff", {**start, "device": f"d1.forged{i}.1.x"}, "192.0.2.7")
                       for i in range(10)]
            assert [a[0] for a in answers] == [201] * 3 + [429] * 7, [a[0] for a in answers]
            error = answers[-1][1]["error"]
            assert error["code"] == "ticket_limit" and error["message"] and int(answers[-1][2]["Retry-After"]) > 60
            # refused starts did not take seats: 1 (device) + 3 (address) are taken, 6 are left for others
            for i in range(6):
                assert (await _post(s, base, "/api/handoff", start, f"192.0.2.{100 + i}"))[0] == 201
            status, full, _ = await _post(s, base, "/api/handoff", start, "192.0.2.200")
            assert status == 409 and full["error"]["code"] == "full"
            # an IPv6 visitor is counted per /64
            answers = [await _post(s, base, "/api/handoff", {"service_id": _band_id(base), "mode": "self_connect"},
                                   f"2001:db8:7:7::{i + 1:x}") for i in range(4)]
            assert [a[0] for a in answers] == [201, 201, 201, 429]
        await visitor.ws.close()

    asyncio.run(main())


def test_one_budget_per_address_for_every_code_lookup(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory({**PROXY, "CODE_LOOKUPS_PER_IP_BURST": "12", "CODE_LOOKUPS_PER_IP_PER_MIN": "6"})
    base = server.http

    async def main() -> None:
        async with aiohttp.ClientSession() as s:
            status, ticket, _ = await _post(s, base, "/api/handoff", {"service_id": _band_id(base),
                                                                       "mode": "self_connect"}, "198.51.100.9")
            code = ticket["code"]
            # the guesser spreads its tries over the QR image, the status page and the actions
            guesses = [f"/api/handoff/{'23456789ABCD'[i % 12] * 4}-{i:04d}-2222/qr.svg".replace("0", "2").replace("1", "3")
                       for i in range(4)]
            for path in guesses:
                assert (await _get(s, base, path, "192.0.2.66"))[0] == 404
            for i in range(4):
                assert (await _get(s, base, f"/api/handoff/ZZZZ-ZZZZ-ZZZ{'23456789'[i]}", "192.0.2.66"))[0] == 404
            for i in range(2):
                assert (await _post(s, base, f"/api/handoff/YYYY-YYYY-YYY{'23'[i]}/cancel", {}, "192.0.2.66"))[0] == 404
            # and the /ws status: the same address, the same budget (2 left of 12)
            ws = await WireClient.hello(server.url, "さぐる", headers={"X-Forwarded-For": "192.0.2.66"})
            for ref in (1, 2):
                await ws.send({"t": "handoff.status", "ref": ref, "code": "XXXX-XXXX-XXXX"})
                assert (await ws.expect("error", ref=ref))["code"] == "not_found"
            await ws.send({"t": "handoff.status", "ref": 3, "code": code})
            assert (await ws.expect("error", ref=3))["code"] == "rate_limited"  # even the right code: no budget
            other = await WireClient.hello(server.url, "さぐる2", headers={"X-Forwarded-For": "192.0.2.66"})
            await other.send({"t": "handoff.status", "ref": 1, "code": code})  # a new socket is no way round it
            assert (await other.expect("error", ref=1))["code"] == "rate_limited"
            status, headers = await _get(s, base, f"/api/handoff/{code}/qr.svg", "192.0.2.66")
            assert status == 429 and int(headers["Retry-After"]) >= 1
            async with s.get(f"{base}/api/handoff/{code}", headers={"X-Forwarded-For": "192.0.2.66"}) as r:
                body = await r.json()
                assert r.status == 429 and body["error"]["code"] == "code_lookups" and body["error"]["message"]
            # the visitor who holds the ticket, elsewhere, is not affected
            assert (await _get(s, base, f"/api/handoff/{code}/qr.svg", "198.51.100.9"))[0] == 200
            assert (await _get(s, base, f"/api/handoff/{code}", "198.51.100.9"))[0] == 200
            await ws.ws.close()
            await other.ws.close()

    asyncio.run(main())


def test_legacy_eight_character_codes_are_still_looked_up(server) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with aiohttp.ClientSession() as s:
            assert (await _get(s, server.http, "/api/handoff/ABCD-EFGH"))[0] == 404  # well formed, not found
            assert (await _get(s, server.http, "/api/handoff/ABCD-EFGH/qr.svg"))[0] == 404

    asyncio.run(main())
