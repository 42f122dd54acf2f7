"""Live booths on a real server: host accounts, Q&A, presenting, announcements, edits and visit counts."""
from __future__ import annotations

import json

from tests.support.api import call, call_put
from tests.support.wsclient import WireClient


async def test_a_visitor_asks_the_host_answers_and_everyone_in_the_booth_sees_it(festival):
    room = "booth:kawagoe-band"
    visitor = await WireClient.hello(festival.url, "ゆい", age_band="15-17")
    joined = await visitor.request({"t": "join", "room": room})
    assert joined["t"] == "ok"
    state = await visitor.expect("booth.state")
    assert state["title"] == "週末バンド / Weekend band" and state["open"] is True and state["line"] == []
    assert state["title_en"] == ""  # this organisation's import wrote no English title
    host = await WireClient.hello(festival.url, "スタッフ", token=festival.host_token)
    await host.request({"t": "join", "room": room})
    arrived = await visitor.expect("presence")
    assert [m["role"] for m in arrived["joins"]] == ["host"]  # "host online" is presence: every node agrees

    asked = await visitor.request({"t": "qa.ask", "room": room, "text": "初心者でも参加できますか?"})
    assert asked["t"] == "ok" and asked["place"] == 1
    line = await visitor.expect("qa.line")
    assert line["line"] == [asked["id"]]
    feed = await host.expect("qa.asked")
    assert feed["question"]["text"] == "初心者でも参加できますか?" and "asker" not in feed["question"]
    queue = await host.request({"t": "qa.queue", "room": room})
    assert [q["id"] for q in queue["questions"]] == [asked["id"]]

    answered = await host.request({"t": "qa.answer", "room": room, "id": asked["id"], "text": "もちろん!楽器も貸します"})
    assert answered["status"] == "answered"
    shown = await visitor.expect("qa.answered")
    assert shown["answer"] == "もちろん!楽器も貸します" and shown["question"] == "初心者でも参加できますか?"
    assert (await visitor.expect("qa.line"))["line"] == []
    again = await host.request({"t": "qa.answer", "room": room, "id": asked["id"]})
    assert again["t"] == "error" and again["code"] == "not_found"


async def test_only_the_booths_own_host_runs_it(festival):
    room = "booth:kawagoe-band"
    stranger = await WireClient.hello(festival.url, "よそ", token=festival.other_token)
    await stranger.request({"t": "join", "room": room})
    for message in ({"t": "qa.queue", "room": room}, {"t": "booth.announce", "room": room, "text": "こんにちは"},
                    {"t": "booth.present", "room": room}):
        reply = await stranger.request(message)
        assert reply["t"] == "error" and reply["code"] == "forbidden"
    visitor = await WireClient.hello(festival.url, "ゆい")
    await visitor.request({"t": "join", "room": room})
    reply = await visitor.request({"t": "qa.queue", "room": room})
    assert reply["code"] == "forbidden"
    edit = json.dumps({"title": "乗っ取り"}).encode()
    req_other = call_put(festival.http, "/api/booths/kawagoe-band", edit, festival.other_token)
    assert req_other[0] == 403
    assert call_put(festival.http, "/api/booths/kawagoe-band", edit, "forged-token-xxxxxxxxxxxxxxxx")[0] == 401
    assert call_put(festival.http, "/api/booths/kawagoe-band", edit, None)[0] == 401
    assert call(festival.http, "/api/booths/kawagoe-band")[1]["title"] == "週末バンド / Weekend band"


async def test_a_host_edits_presents_and_announces_live(festival):
    room = "booth:kawagoe-band"
    visitor = await WireClient.hello(festival.url, "ゆい")
    await visitor.request({"t": "join", "room": room})
    await visitor.expect("booth.state")
    edit = {"description": "<script>alert(1)</script>", "title": "週末バンド", "title_en": "Weekend band",
            "items": [{"type": "video", "title": "練習風景", "url": "https://example.jp/v.mp4"},
                      {"type": "link", "title": "悪いリンク", "url": "javascript:alert(1)"}]}
    status, body = call_put(festival.http, "/api/booths/kawagoe-band", json.dumps(edit).encode(), festival.host_token)
    assert status == 422 and body["error"]["problems"][0]["code"] == "bad_url"
    edit["items"].pop()
    status, body = call_put(festival.http, "/api/booths/kawagoe-band", json.dumps(edit).encode(), festival.host_token)
    assert status == 200 and body["items"][0]["id"] == "i1"
    assert body["description"] == "<script>alert(1)</script>"  # text, escaped by every client
    pushed = await visitor.expect("booth.state")
    assert pushed["items"][0]["title"] == "練習風景"
    # one language per field: clients show the Japanese title, or the English one when it is chosen
    assert (pushed["title"], pushed["title_en"]) == (body["title"], body["title_en"]) == ("週末バンド", "Weekend band")
    listed = {b["slug"]: b for b in call(festival.http, "/api/booths")[1]["booths"]}
    assert (listed["kawagoe-band"]["title"], listed["kawagoe-band"]["title_en"]) == ("週末バンド", "Weekend band")
    host = await WireClient.hello(festival.url, "スタッフ", token=festival.host_token)
    await host.request({"t": "join", "room": room})
    assert (await host.request({"t": "booth.present", "room": room, "id": "i1"}))["presenting"] == "i1"
    assert (await visitor.expect("booth.state"))["presenting"] == "i1"
    assert (await host.request({"t": "booth.present", "room": room, "id": "i9"}))["t"] == "error"
    await host.request({"t": "booth.announce", "room": room, "text": "14時からミニライブ!"})
    state = await visitor.expect("booth.state")
    assert state["announcements"][0]["text"] == "14時からミニライブ!"
    phone = await host.request({"t": "booth.announce", "room": room, "text": "電話は 090-1234-5678 まで"})
    assert phone["t"] == "error"  # the personal-data filter applies to hosts' texts too


async def test_a_question_with_a_phone_number_never_reaches_the_host(festival):
    room = "booth:kawagoe-band"
    host = await WireClient.hello(festival.url, "スタッフ", token=festival.host_token)
    await host.request({"t": "join", "room": room})
    visitor = await WireClient.hello(festival.url, "ゆい", age_band="15-17")
    await visitor.request({"t": "join", "room": room})
    reply = await visitor.request({"t": "qa.ask", "room": room, "text": "わたしの番号は 090-1234-5678 です"})
    assert reply["t"] == "error" and reply["code"] == "blocked"
    assert not [m for m in await host.quiet(0.5) if m["t"] == "qa.asked"]
    assert (await host.request({"t": "qa.queue", "room": room}))["questions"] == []


async def test_visits_are_counted_per_hour_never_per_visitor(festival):
    room = "booth:kawagoe-band"
    for nick in ("ゆい", "はる"):
        visitor = await WireClient.hello(festival.url, nick)
        await visitor.request({"t": "join", "room": room})
        await visitor.request({"t": "leave", "room": room})
    status, body, _ = call(festival.http, "/api/booths/kawagoe-band/visits", token=festival.host_token)
    assert status == 200 and sum(h["entries"] for h in body["hours"]) == 2
    assert set(body["hours"][0]) == {"hour_ms", "entries", "dwell_s"}
    assert call(festival.http, "/api/booths/kawagoe-band/visits", token=festival.other_token)[0] == 403
    assert call(festival.http, "/api/booths/kawagoe-band/visits")[0] == 401


def test_a_host_edits_its_own_organization_and_only_that(festival):
    mine = {"id": "kawagoe-npo", "name": "川越ユースミュージック(架空)", "x_member_category": "npo",
            "x_municipality_code": "112011",
            "services": [{"id": "kw-band", "name": "週末バンド"},
                         {"id": "kw-drums", "name": "ドラム教室", "attributes": [{"taxonomy_term_id": "interest.music"}]}]}
    call_json = json.dumps(mine).encode()
    status, report = call_put(festival.http, "/api/organizations/kawagoe-npo", call_json, festival.host_token)
    assert status == 200 and report["services"] == 2
    assert call(festival.http, "/hsds/services/kw-drums")[1]["name"] == "ドラム教室"
    assert call_put(festival.http, "/api/organizations/other-npo", call_json, festival.host_token)[0] == 403
    stealing = {**mine, "services": [{"id": "kw-band", "name": "盗む"}]}
    status, _ = call_put(festival.http, "/api/organizations/other-npo",
                         json.dumps({**stealing, "id": "other-npo"}).encode(), festival.other_token)
    assert status == 403 and call(festival.http, "/hsds/services/kw-band")[1]["name"] == "週末バンド"
    leaking = {**mine, "description": "連絡は 090-1234-5678 へ"}
    status, body = call_put(festival.http, "/api/organizations/kawagoe-npo", json.dumps(leaking).encode(),
                            festival.host_token)
    assert status == 422 and body["error"]["code"] == "blocked"
    broken = {**mine, "services": [{"id": "kw-band", "name": "週末バンド", "minimum_age": "twelve"}]}
    status, body = call_put(festival.http, "/api/organizations/kawagoe-npo", json.dumps(broken).encode(),
                            festival.host_token)
    assert status == 422 and body["rejected"][0]["code"] == "bad_age" and not body["committed"]
    assert call(festival.http, "/hsds/services/kw-drums")[0] == 200  # nothing changed


async def test_oversized_questions_and_edits_are_refused_and_the_booth_carries_on(festival):
    room = "booth:kawagoe-band"
    visitor = await WireClient.hello(festival.url, "ゆい")
    await visitor.request({"t": "join", "room": room})
    long = await visitor.request({"t": "qa.ask", "room": room, "text": "あ" * 600})  # over 500 characters, under the frame limit
    assert long["t"] == "error" and long["code"] == "too_large"
    wrong = await visitor.request({"t": "qa.ask", "room": "booth:nowhere", "text": "?"})
    assert wrong["t"] == "error" and wrong["code"] == "no_such_room"
    huge = json.dumps({"description": "x" * 70_000}).encode()
    assert call_put(festival.http, "/api/booths/kawagoe-band", huge, festival.host_token)[0] == 413
    assert call_put(festival.http, "/api/booths/kawagoe-band", b"{not json", festival.host_token)[0] == 400
    fine = await visitor.request({"t": "qa.ask", "room": room, "text": "ふつうの質問"})
    assert fine["t"] == "ok" and fine["place"] == 1
