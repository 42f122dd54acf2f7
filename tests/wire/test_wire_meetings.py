"""The members' meeting space on a real node (issue 15): staff-only rooms, meetings with a pinned
agenda, the notice board, breakout groups.

One node for the module: each test uses its own rooms and meetings.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.support import festival as fest
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
