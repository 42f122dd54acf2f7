"""Moderation that follows the person (issue 11), over the wire against a real node.

Device credentials, mutes and bans by user and device, the explicit and short
address ban that spares bystanders, new identities per address, persistent
alerts, the private support room, escalation, and an audit trail that keeps
no phone number and no child's cry for help for 180 days.
"""
from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest

from tests.support.wsclient import WireClient

SECRET = "moderator-secret-for-tests-0001"
HOST = "host-secret-for-tests-00000001"
PROXIED = {"TRUSTED_PROXIES": "127.0.0.1/32"}  # the test client stands in for a reverse proxy on this host


@pytest.fixture
def modserver(server_factory):
    return server_factory({"STATIC_TOKENS": f"moderator:{SECRET},host:{HOST}",
                           "MODERATION_HOOKS": "tests.support.hooks_for_tests:keyword_hook", **PROXIED})


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


async def _closed(client: WireClient) -> int | None:
    await asyncio.wait_for(client.ws.wait_closed(), 5)
    return client.ws.close_code


async def _said(client: WireClient, text: str) -> dict:
    return await client.request({"t": "say", "room": "lobby", "text": text})


async def test_device_token_is_issued_kept_and_checked(modserver):
    a = await WireClient.hello(modserver.url, "a")
    token = a.welcome["device"]
    assert isinstance(token, str) and token and a.welcome["session"] not in token
    again = await WireClient.hello(modserver.url, "a2", device=token)
    assert again.welcome["device"] == token  # the same device, whatever the nickname
    forged = await WireClient.hello(modserver.url, "f", device=token[:-3] + "AAA")
    assert forged.welcome["device"] != token  # not ours: a new visitor, not an error
    bad = await WireClient.open(modserver.url)
    reply = await bad.request({"t": "hello", "nick": "x", "device": 12})
    assert reply["code"] == "bad_request" and reply["message"]


async def test_a_mute_survives_leaving_a_new_nickname_and_a_kick(modserver):
    mod = await WireClient.hello(modserver.url, "mod", token=SECRET)
    a = await WireClient.hello(modserver.url, "pest")
    await a.request({"t": "join", "room": "lobby"})
    device = a.welcome["device"]
    await mod.request({"t": "mod.mute", "user": a.welcome["user"]["id"], "minutes": 30})
    assert (await a.expect("notice"))["code"] == "muted"
    await a.request({"t": "leave", "room": "lobby"})  # leaves every room: the session ends
    await a.ws.close()
    b = await WireClient.hello(modserver.url, "someone-else", device=device)
    assert b.welcome["user"]["id"] != a.welcome["user"]["id"]
    await b.request({"t": "join", "room": "lobby"})
    assert (await _said(b, "hi again"))["code"] == "blocked"
    await mod.request({"t": "mod.kick", "user": b.welcome["user"]["id"]})
    assert await _closed(b) == 4010
    c = await WireClient.hello(modserver.url, "third", device=device)  # もう一度入る after a kick
    await c.request({"t": "join", "room": "lobby"})
    assert (await _said(c, "still?"))["code"] == "blocked"
    assert (await mod.request({"t": "mod.unmute", "user": a.welcome["user"]["id"]}))["t"] == "ok"
    await asyncio.sleep(0.2)
    assert (await _said(c, "thank you"))["t"] == "ok"  # lifted by the first user id: it follows the device


async def test_a_ban_spares_a_bystander_on_the_same_address(modserver):
    mod = await WireClient.hello(modserver.url, "mod", token=SECRET)
    school = _from("203.0.113.7")
    pest = await WireClient.hello(modserver.url, "pest", headers=school)
    friend = await WireClient.hello(modserver.url, "friend", headers=school)
    await friend.request({"t": "join", "room": "lobby"})
    await mod.request({"t": "mod.ban", "user": pest.welcome["user"]["id"], "minutes": 60})
    assert await _closed(pest) == 4003
    assert (await _said(friend, "I am still here"))["t"] == "ok"
    newcomer = await WireClient.hello(modserver.url, "classmate", headers=school)  # no address ban was asked for
    assert newcomer.welcome["user"]["id"]
    back = await WireClient.open(modserver.url, headers=_from("198.51.100.9"))  # another network, same device
    await back.send({"t": "hello", "nick": "renamed", "device": pest.welcome["device"]})
    assert await _closed(back) == 4003
    assert (await mod.request({"t": "mod.unban", "user": pest.welcome["user"]["id"]}))["t"] == "ok"
    await asyncio.sleep(0.2)
    forgiven = await WireClient.hello(modserver.url, "pest", device=pest.welcome["device"], headers=school)
    assert forgiven.welcome["device"] == pest.welcome["device"]


async def test_a_ban_for_an_old_message_reaches_the_device_under_a_new_nickname(modserver):
    mod = await WireClient.hello(modserver.url, "mod", token=SECRET)
    first = await WireClient.hello(modserver.url, "nick-one")
    await first.request({"t": "join", "room": "lobby"})
    await _said(first, "something nasty")
    await first.request({"t": "leave", "room": "lobby"})  # the session ends
    await first.ws.close()
    second = await WireClient.hello(modserver.url, "nick-two", device=first.welcome["device"])
    await second.request({"t": "join", "room": "lobby"})
    await mod.request({"t": "mod.ban", "user": first.welcome["user"]["id"], "minutes": 30})  # from the old message
    assert await _closed(second) == 4003


async def test_an_address_ban_is_explicit_short_and_stops_only_new_identities(modserver):
    mod = await WireClient.hello(modserver.url, "mod", token=SECRET)
    station = _from("203.0.113.50")
    pest = await WireClient.hello(modserver.url, "pest", headers=station)
    friend = await WireClient.hello(modserver.url, "friend", headers=station)
    await friend.request({"t": "join", "room": "lobby"})
    reply = await mod.request({"t": "mod.ban", "user": pest.welcome["user"]["id"], "minutes": 24 * 60,
                               "address": True})
    assert reply["t"] == "ok"
    assert await _closed(pest) == 4003
    await asyncio.sleep(0.2)
    assert (await _said(friend, "still chatting"))["t"] == "ok"  # nobody already there is closed
    fresh = await WireClient.open(modserver.url, headers=station)  # the pest without its device token
    await fresh.send({"t": "hello", "nick": "new-me"})
    assert await _closed(fresh) == 4003
    await friend.ws.close()
    returning = await WireClient.hello(modserver.url, "friend", device=friend.welcome["device"], headers=station)
    assert returning.welcome["device"] == friend.welcome["device"]  # a device from before the ban passes
    elsewhere = await WireClient.hello(modserver.url, "far", headers=_from("198.51.100.1"))
    assert elsewhere.welcome["user"]["id"]
    await mod.request({"t": "mod.unban", "user": pest.welcome["user"]["id"]})
    await asyncio.sleep(0.2)
    assert (await WireClient.hello(modserver.url, "new", headers=station)).welcome["device"]


async def test_new_identities_per_address_are_limited(server_factory):
    server = server_factory({"NEW_DEVICES_PER_IP_BURST": "3", "NEW_DEVICES_PER_IP_PER_MIN": "1", **PROXIED})
    home = _from("192.0.2.44")
    first = await WireClient.hello(server.url, "one", headers=home)
    for nick in ("two", "three"):
        await WireClient.hello(server.url, nick, headers=home)
    fourth = await WireClient.open(server.url, headers=home)
    refused = await fourth.request({"t": "hello", "nick": "four"})
    assert refused["code"] == "rate_limited" and refused["message"]
    kept = await fourth.request({"t": "hello", "nick": "four", "device": first.welcome["device"]})
    assert kept["t"] == "welcome"  # a visitor who kept its token is not a new identity
    other = await WireClient.hello(server.url, "neighbour", headers=_from("192.0.2.45"))
    assert other.welcome["device"]


async def test_forwarded_addresses_are_believed_only_from_trusted_proxies(server_factory):
    server = server_factory({"NEW_DEVICES_PER_IP_BURST": "1", "NEW_DEVICES_PER_IP_PER_MIN": "1"})
    for i in range(3):  # a tool on this machine, talking to the node itself: exempt
        await WireClient.hello(server.url, f"tool{i}")
    # A proxy on this host that nobody declared in TRUSTED_PROXIES: its header is not believed, and
    # its visitors are not exempt either — they share the proxy's budget (the limit fails closed).
    await WireClient.hello(server.url, "first", headers=_from("192.0.2.98"))
    other = await WireClient.open(server.url, headers=_from("192.0.2.99"))
    assert (await other.request({"t": "hello", "nick": "second"}))["code"] == "rate_limited"


async def test_a_late_moderator_sees_open_alerts_and_ack_closes_them(modserver):
    visitor = await WireClient.hello(modserver.url, "v", age_band="15-17")
    await visitor.request({"t": "join", "room": "lobby"})
    held = await _said(visitor, "もう無理 [crisis]")
    assert held["held"] is True and held["support"] is True
    abuse = await _said(visitor, "家に帰りたくない [abuse]")
    notice = [m for m in await visitor.quiet(0.5) if m["t"] == "notice" and m["code"] == "support"][-1]
    assert notice["items"][0]["contact"] == "189"  # for abuse, the child-abuse line first
    await asyncio.sleep(0.5)  # nobody was online; the alerts wait in the database
    late = await WireClient.hello(modserver.url, "late-mod", token=SECRET)
    alerts = (await late.request({"t": "mod.alerts"}))["alerts"]
    assert [a["id"] for a in alerts] == [held["id"], abuse["id"]]  # oldest first
    assert [a["category"] for a in alerts] == ["crisis", "abuse"]
    assert alerts[0]["from"]["id"] == visitor.welcome["user"]["id"] and alerts[0]["text"] == "もう無理 [crisis]"
    assert visitor.welcome["session"] not in json.dumps(alerts)
    other = await WireClient.hello(modserver.url, "other-mod", token=SECRET)
    assert (await late.request({"t": "mod.ack", "alert": alerts[0]["alert"], "note": "声をかけた"}))["t"] == "ok"
    closed = await other.expect("alert.closed")
    assert closed["alert"] == alerts[0]["alert"]
    remaining = (await other.request({"t": "mod.alerts"}))["alerts"]
    assert [a["alert"] for a in remaining] == [alerts[1]["alert"]]
    again = await late.request({"t": "mod.ack", "alert": alerts[0]["alert"]})
    assert again["code"] == "bad_request"  # closed once
    assert (await visitor.request({"t": "mod.alerts"}))["code"] == "forbidden"


async def test_support_room_holds_one_visitor_and_staff(modserver):
    mod = await WireClient.hello(modserver.url, "みどり", token=SECRET)
    teen = await WireClient.hello(modserver.url, "teen", age_band="u15")
    stranger = await WireClient.hello(modserver.url, "stranger", age_band="25+")
    host = await WireClient.hello(modserver.url, "host", token=HOST)
    opened = await mod.request({"t": "mod.support", "user": teen.welcome["user"]["id"]})
    room = opened["room"]
    assert room.startswith("support:")
    invite = await teen.expect("notice", code="support_invite")
    assert invite["room"] == room and invite["from"]["nick"] == "みどり" and invite["from"]["role"] == "moderator"
    assert invite["text"]
    joined = await teen.request({"t": "join", "room": room})
    assert joined["t"] == "ok" and joined["info"]["kind"] == "support"
    assert (await mod.request({"t": "join", "room": room}))["t"] == "ok"
    for outsider in (stranger, host):
        refused = await outsider.request({"t": "join", "room": room})
        assert refused["code"] == "forbidden"
    said = await teen.request({"t": "say", "room": room, "text": "死にたいって思ってた [crisis]"})
    assert said["t"] == "ok" and "held" not in said  # already talking with staff: shown to them at once
    assert (await mod.expect("said", text="死にたいって思ってた [crisis]"))["from"]["id"] == teen.welcome["user"]["id"]
    assert (await teen.request({"t": "leave", "room": room}))["t"] == "ok"  # the visitor may leave at any time
    await asyncio.sleep(1.2)  # the audit writer flushes in the background

    def audit() -> list[dict]:
        req = urllib.request.Request(f"{modserver.http}/api/moderation/audit?action=support_line",
                                     headers={"Authorization": f"Bearer {SECRET}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())["items"]

    lines = await asyncio.to_thread(audit)
    assert [e["room"] for e in lines] == [room]


async def test_harassment_escalates_warn_then_hold_then_mute(modserver):
    a = await WireClient.hello(modserver.url, "bully")
    b = await WireClient.hello(modserver.url, "target")
    for c in (a, b):
        await c.request({"t": "join", "room": "lobby"})
    first = await _said(a, "you [insult]")
    assert first["code"] == "blocked"
    assert (await a.expect("notice", code="warned"))["text"]
    second = await _said(a, "again [insult]")
    assert second["t"] == "ok" and second["held"] is True and "support" not in second
    third = await _said(a, "and again [insult]")
    assert third["code"] == "blocked"
    assert (await a.expect("notice", code="muted"))["until"] > 0
    assert (await _said(a, "nice words now"))["code"] == "blocked"  # muted
    assert not [m for m in await b.quiet(0.3) if m["t"] == "said"]


async def test_audit_keeps_no_phone_number_and_no_crisis_words(server_factory):
    server = server_factory({"STATIC_TOKENS": f"moderator:{SECRET}"})  # the shipped filters
    a = await WireClient.hello(server.url, "a", age_band="15-17")
    await a.request({"t": "join", "room": "lobby"})
    assert (await _said(a, "090-1234-5678に電話して"))["code"] == "blocked"
    crisis = await _said(a, "もう死にたい")
    assert crisis["held"] is True and crisis["support"] is True
    await asyncio.sleep(1.2)

    def audit() -> list[dict]:
        req = urllib.request.Request(f"{server.http}/api/moderation/audit",
                                     headers={"Authorization": f"Bearer {SECRET}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())["items"]

    trail = json.dumps(await asyncio.to_thread(audit), ensure_ascii=False)
    assert "1234" not in trail and "5678" not in trail and "090-****-****" in trail
    assert "死にたい" not in trail  # the words are in the open alert, not in the 180-day trail


async def test_nobody_holds_many_circles(server_factory):
    server = server_factory({"CIRCLE_JOINS_PER_IP_BURST": "4", "CIRCLE_JOINS_PER_IP_PER_MIN": "1", **PROXIED})
    here = _from("203.0.113.80")
    a = await WireClient.hello(server.url, "a", headers=here)
    assert (await a.request({"t": "join", "room": "circle:one"}))["t"] == "ok"
    assert (await a.request({"t": "join", "room": "circle:two"}))["t"] == "ok"
    third = await a.request({"t": "join", "room": "circle:three"})
    assert third["code"] == "forbidden" and third["message"]  # two at once per visitor
    b = await WireClient.hello(server.url, "b", headers=here)
    assert (await b.request({"t": "join", "room": "circle:four"}))["t"] == "ok"
    assert (await b.request({"t": "join", "room": "circle:five"}))["t"] == "ok"
    c = await WireClient.hello(server.url, "c", headers=here)
    assert (await c.request({"t": "join", "room": "circle:six"}))["code"] == "rate_limited"  # per address
    elsewhere = await WireClient.hello(server.url, "d", headers=_from("203.0.113.81"))
    assert (await elsewhere.request({"t": "join", "room": "circle:six"}))["t"] == "ok"


async def test_junk_reports_cannot_bury_a_real_one(modserver):
    mod = await WireClient.hello(modserver.url, "mod", token=SECRET)
    talker = await WireClient.hello(modserver.url, "talker", headers=_from("198.51.100.20"))
    rude = await WireClient.hello(modserver.url, "rude", headers=_from("198.51.100.21"))
    for c in (talker, rude):
        await c.request({"t": "join", "room": "lobby"})
    await _said(talker, "こんにちは")
    bad = await _said(rude, "ひどいこと")
    real = await talker.request({"t": "report", "room": "lobby", "id": bad["id"], "reason": "harassment"})
    assert real["t"] == "ok"
    junk_ids, junk_reporters = [], set()
    for i in range(6):  # six anonymous visitors who never spoke, all from one address
        j = await WireClient.hello(modserver.url, f"j{i}", headers=_from("203.0.113.99"))
        await j.request({"t": "join", "room": "lobby"})
        for k in range(6):
            reply = await j.request({"t": "report", "room": "lobby", "user": talker.welcome["user"]["id"],
                                     "reason": "spam", "note": f"junk {k}"})
            if reply["t"] == "ok":
                junk_ids.append(reply["report"])
                junk_reporters.add(i)
            else:
                assert reply["code"] == "rate_limited"
    assert len(junk_ids) <= 20  # per person 5, per address 20
    queue: dict = {"reports": []}
    for _ in range(50):  # the audit writer is asynchronous: poll, bounded
        queue = await mod.request({"t": "mod.reports"})
        if sum(len(r["ids"]) for r in queue["reports"]) == len(junk_ids) + 1:
            break
        await asyncio.sleep(0.1)
    first = queue["reports"][0]
    assert first["report"] == real["report"] and first["participant"] is True
    assert len(queue["reports"]) == 2  # the junk about one member is one entry
    assert queue["reports"][1]["reporters"] == len(junk_reporters) and len(queue["reports"][1]["ids"]) == len(junk_ids)
    assert (await mod.request({"t": "mod.resolve", "report": queue["reports"][1]["report"]}))["t"] == "ok"
    for _ in range(50):
        left = (await mod.request({"t": "mod.reports"}))["reports"]
        if len(left) == 1:
            break
        await asyncio.sleep(0.1)
    assert [r["report"] for r in left] == [real["report"]]  # resolving the merged entry resolved every junk report
    paged = await mod.request({"t": "mod.reports", "offset": 1})
    assert paged["reports"] == [] and "next" not in paged
