"""The members' meeting space on a real node (issue 15): staff-only rooms, meetings with a pinned
agenda, the notice board, breakout groups.

One node for the module: each test uses its own rooms and meetings.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from rooms.jst import JST
from tests.support import festival as fest
from tests.support.accounts import create_host
from tests.support.api import call
from tests.support.nodes import module_server
from tests.support.wsclient import WireClient

node = module_server(fest.ENV)


@pytest.fixture(scope="module")
def site(node: Any) -> Any:
    return fest.open_festival(node)


async def test_a_visitor_is_refused_from_the_staff_lounge_and_a_host_is_admitted(site: Any) -> None:
    visitor = await WireClient.hello(site.url, "みく", age_band="15-17")
    refused = await visitor.request({"t": "join", "room": "staff:lounge"})
    assert refused["t"] == "error" and refused["code"] == "forbidden"
    assert "スタッフ専用" in refused["message"]
    made = await visitor.request({"t": "join", "room": "staff:anything-new"})  # a meeting room is no way in either
    assert made["t"] == "error" and made["code"] == "forbidden"
    english = await WireClient.hello(site.url, "kim", lang="en")
    assert "staff of member organisations only" in (await english.request(
        {"t": "join", "room": "staff:lounge"}))["message"]

    host = await WireClient.hello(site.url, "川越ホスト", token=site.host_token)
    joined = await host.request({"t": "join", "room": "staff:lounge", "ref": 1})
    assert joined["t"] == "ok" and joined["info"]["kind"] == "staff"
    assert "メンバーラウンジ" in joined["info"]["title"]
    other = await WireClient.hello(site.url, "別の団体", token=site.other_token)
    assert (await other.request({"t": "join", "room": "staff:lounge"}))["t"] == "ok"
    said = await other.request({"t": "say", "room": "staff:lounge", "text": "こんにちは、別の団体です"})
    assert said["t"] == "ok"
    line = await host.expect("said", room="staff:lounge")
    assert line["text"] == "こんにちは、別の団体です" and line["from"]["role"] == "host"
    for client in (visitor, english, host, other):
        await client.close()


def _soon(minutes: int) -> str:
    return (dt.datetime.now(JST) + dt.timedelta(minutes=minutes)).isoformat(timespec="minutes")


def _meeting(room: str, **extra: Any) -> dict[str, Any]:
    doc = {"title": "12月 会員連絡会", "starts_at": _soon(-5), "ends_at": _soon(90), "room": room,
           "agenda": "1. 事務局から報告\n2. 講演に続いてグループワーク",
           "video_url": "https://video.example.jp/j/123456",
           "links": [{"title": "資料(スライド)", "url": "https://example.jp/slides.pdf"}]}
    doc.update(extra)
    return doc


def _post(site: Any, path: str, doc: dict[str, Any] | None, token: str | None) -> tuple[int, Any]:
    status, body, _ = call(site.http, path, json.dumps(doc).encode() if doc is not None else b"", token)
    return status, body


async def test_a_meeting_scheduled_is_listed_to_hosts_and_its_agenda_pinned_on_join(site: Any) -> None:
    # refused: http video, a visitor-reachable room, a meeting that ends before it starts
    status, body = _post(site, "/api/meetings", _meeting("staff:renraku", video_url="http://video.example.jp/1"),
                         fest.ADMIN)
    assert status == 422 and "video_url" in body["error"]["detail"]
    status, body = _post(site, "/api/meetings", _meeting("hall:1", ends_at=_soon(-10)), fest.ADMIN)
    assert status == 422 and "room" in body["error"]["detail"] and "ends_at" in body["error"]["detail"]
    assert _post(site, "/api/meetings", _meeting("staff:renraku"), site.host_token)[0] == 403  # hosts do not schedule

    status, made = _post(site, "/api/meetings", _meeting("staff:renraku"), fest.ADMIN)
    assert status == 201 and made["room"] == "staff:renraku" and made["groups"] == 0
    status, listed, _ = call(site.http, "/api/meetings", token=site.host_token)
    assert status == 200 and made["id"] in [m["id"] for m in listed["meetings"]]
    assert call(site.http, "/api/meetings")[0] == 401  # not for the public

    host = await WireClient.hello(site.url, "川越ホスト", token=site.host_token)
    assert (await host.request({"t": "join", "room": "staff:renraku"}))["t"] == "ok"
    pinned = await host.expect("pinned", room="staff:renraku")
    assert pinned["meeting"]["agenda"].endswith("グループワーク")
    assert pinned["meeting"]["video_url"] == "https://video.example.jp/j/123456"
    assert pinned["meeting"]["links"] == [{"title": "資料(スライド)", "url": "https://example.jp/slides.pdf"}]
    await host.close()


async def test_the_notice_board_is_written_by_the_secretariat_and_read_by_members(site: Any) -> None:
    status, posted = _post(site, "/api/notices", {"title": "年末の事務局休業", "body": "12/28〜1/4 は休みます。"},
                           fest.ADMIN)
    assert status == 201
    assert _post(site, "/api/notices", {"title": "ホストから"}, site.host_token)[0] == 403
    status, board, _ = call(site.http, "/api/notices", token=site.other_token)
    assert status == 200 and board["notices"][0]["id"] == posted["id"]
    assert board["notices"][0]["body"] == "12/28〜1/4 は休みます。"
    status, body = _post(site, "/api/notices", {"title": "連絡先", "body": "電話 090-1234-5678 まで"}, fest.ADMIN)
    assert status == 422 and body["error"]["code"] == "blocked"  # personal data is filtered here too


async def test_breakout_groups_split_the_hosts_and_bring_everyone_back(site: Any) -> None:
    extra = create_host(site, "kawagoe-host-2", "kawagoe-npo")
    status, made = _post(site, "/api/meetings", _meeting("staff:kenshu", title="研修会"), fest.ADMIN)
    assert status == 201
    admin = await WireClient.hello(site.url, "事務局", token=fest.ADMIN)
    hosts = [await WireClient.hello(site.url, f"ホスト{i}", token=t)
             for i, t in enumerate((site.host_token, site.other_token, extra))]
    for client in (admin, *hosts):
        assert (await client.request({"t": "join", "room": "staff:kenshu"}))["t"] == "ok"
    assert _post(site, f"/api/meetings/{made['id']}/return", None, fest.ADMIN)[0] == 409  # nothing to bring back

    status, split = _post(site, f"/api/meetings/{made['id']}/breakout", {"size": 2}, fest.ADMIN)
    assert status == 200 and split == {"groups": ["staff:kenshu-g1", "staff:kenshu-g2"], "moved": 3}
    assert _post(site, f"/api/meetings/{made['id']}/breakout", {"size": 2}, fest.ADMIN)[0] == 409
    told = [await h.expect("breakout", room="staff:kenshu") for h in hosts]
    assignment = told[0]["assign"]
    assert sorted(assignment) == sorted(h.welcome["user"]["id"] for h in hosts)  # the admin stays
    assert sorted(assignment.values()) == ["staff:kenshu-g1", "staff:kenshu-g1", "staff:kenshu-g2"]
    for h in hosts:  # each goes where it was told, as the host console does
        group = assignment[h.welcome["user"]["id"]]
        assert (await h.request({"t": "join", "room": group}))["t"] == "ok"
        assert (await h.request({"t": "leave", "room": "staff:kenshu"}))["t"] == "ok"
        pinned = await h.expect("pinned", room=group)
        assert pinned["meeting"]["title"] == "研修会" and pinned["meeting"]["group_rooms"] == split["groups"]

    status, back = _post(site, f"/api/meetings/{made['id']}/return", None, fest.ADMIN)
    assert status == 200 and back["groups"] == split["groups"]
    for h in hosts:
        group = assignment[h.welcome["user"]["id"]]
        told_back = await h.expect("breakout", room=group)
        assert told_back["back_to"] == "staff:kenshu"
    status, listed, _ = call(site.http, "/api/meetings", token=site.host_token)
    assert [m["groups"] for m in listed["meetings"] if m["id"] == made["id"]] == [0]
    for client in (admin, *hosts):
        await client.close()
