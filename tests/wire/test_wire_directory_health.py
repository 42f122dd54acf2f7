"""The directory's health on a real node (issue 15): members confirm their listings, the secretariat
sees what is due and every import, and the coverage report comes as CSV.

A listing never confirmed by a member is due; a host confirms it with one request (「内容を確認しました」)
or by editing it, only its own, and an admin cannot confirm for the member. Imports — HSDS or open
data — never confirm and never undo a confirmation; each one leaves a summary for the secretariat.
"""
from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.support import festival as fest
from tests.support.accounts import create_host
from tests.support.api import call, call_put
from tests.support.nodes import module_server

FIXTURES = Path(__file__).parent.parent / "fixtures" / "opendata"
ADMIN = fest.ADMIN
health_node = module_server(fest.ENV)
HEALTH_ORG = {"id": "health-npo", "name": "みなみ居場所ネット(架空)", "x_member_category": "npo",
              "x_municipality_code": "112011",
              "services": [{"id": "hn-cafe", "name": "放課後カフェ", "description": "毎週水曜"},
                           {"id": "hn-study", "name": "学習支援", "description": "毎週土曜"}]}


@pytest.fixture(scope="module")
def node(health_node: Any) -> Any:
    fest.open_festival(health_node)
    status, report, _ = call(health_node.http, "/api/directory/import?format=hsds", json.dumps(HEALTH_ORG).encode(),
                             ADMIN)
    assert status == 200 and report["committed"]
    health_node.health_token = create_host(health_node, "health-host", "health-npo")
    return health_node


def listings(node: Any, org: str, token: str) -> dict[str, dict]:
    status, body, _ = call(node.http, f"/api/organizations/{org}/listings", token=token)
    assert status == 200, body
    return {x["id"]: x for x in body["listings"]}


def confirm(node: Any, service_id: str, token: str) -> tuple[int, Any]:
    status, body, _ = call(node.http, f"/api/services/{service_id}/confirm", b"{}", token)
    return status, body


def health(node: Any) -> dict:
    status, body, _ = call(node.http, "/api/admin/directory-health", token=ADMIN)
    assert status == 200, body
    return body


def audited(node: Any, action: str, target: str) -> dict:
    """The audit event once the audit writer has stored it (a moment after the answer); bounded."""
    deadline = time.monotonic() + 10
    while True:
        events = call(node.http, f"/api/moderation/audit?action={action}", token=ADMIN)[1]["items"]
        found = [e for e in events if e.get("target_user") == target]
        if found or time.monotonic() > deadline:
            assert found, events
            return found[0]
        time.sleep(0.05)


def test_a_member_confirms_its_own_listing_and_imports_neither_confirm_nor_undo_it(node: Any) -> None:
    before = listings(node, "kawagoe-npo", node.host_token)["kw-band"]
    assert before["confirmed_ms"] is None and before["due"]  # imported by the secretariat: never confirmed
    due = {o["id"]: o for o in health(node)["organizations"]}
    assert due["kawagoe-npo"]["due"] == 1 and due["kawagoe-npo"]["never"] == 1
    assert due["kawagoe-npo"]["name"] == "川越ユースミュージック(架空)"
    assert due["kawagoe-npo"]["municipality"] == "埼玉県川越市"

    status, body = confirm(node, "kw-band", node.other_token)  # another organisation's host
    assert status == 403 and body["error"]["code"] == "member_only"
    status, body = confirm(node, "kw-band", ADMIN)  # the secretariat cannot confirm for the member
    assert status == 403 and body["error"]["code"] == "member_only"
    assert confirm(node, "no-such-service", node.host_token)[0] == 404
    assert call(node.http, "/api/organizations/kawagoe-npo/listings", token=node.other_token)[0] == 403

    started = int(time.time() * 1000)
    status, body = confirm(node, "kw-band", node.host_token)
    assert status == 200 and body["confirmed_ms"] >= started and not body["due"]
    assert listings(node, "kawagoe-npo", node.host_token)["kw-band"]["confirmed_ms"] == body["confirmed_ms"]
    assert "kawagoe-npo" not in {o["id"] for o in health(node)["organizations"]}
    assert audited(node, "listing_confirm", "kw-band")["actor_role"] == "host"

    status, _, _ = call(node.http, "/api/directory/import?format=hsds", json.dumps(fest.ORGS).encode(), ADMIN)
    assert status == 200
    assert listings(node, "kawagoe-npo", ADMIN)["kw-band"]["confirmed_ms"] == body["confirmed_ms"]


def test_a_hosts_edit_confirms_the_services_it_changes_and_an_admins_edit_none(node: Any) -> None:
    assert all(x["due"] for x in listings(node, "health-npo", node.health_token).values())
    changed = json.loads(json.dumps(HEALTH_ORG))
    changed["services"][0]["description"] = "毎週水曜と金曜"
    status, _ = call_put(node.http, "/api/organizations/health-npo", json.dumps(changed).encode(), ADMIN)
    assert status == 200
    assert all(x["confirmed_ms"] is None for x in listings(node, "health-npo", ADMIN).values())

    changed["services"][1]["description"] = "毎週土曜と日曜"
    status, _ = call_put(node.http, "/api/organizations/health-npo", json.dumps(changed).encode(), node.health_token)
    assert status == 200
    after = listings(node, "health-npo", node.health_token)
    assert after["hn-study"]["confirmed_ms"] is not None and not after["hn-study"]["due"]
    assert after["hn-cafe"]["confirmed_ms"] is None and after["hn-cafe"]["due"]  # saved as it was: not confirmed
    listed = {o["id"]: o for o in health(node)["organizations"]}["health-npo"]
    assert (listed["listings"], listed["due"], listed["never"]) == (2, 1, 1)


def test_every_import_leaves_a_summary_for_the_secretariat_and_open_data_is_never_confirmed(node: Any) -> None:
    data = (FIXTURES / "yaizu_public_facility.csv").read_bytes()
    status, report, _ = call(node.http, "/api/directory/import?format=ods-facility", data, ADMIN)
    assert status == 200 and report["services"] > 0
    status, _, _ = call(node.http, "/api/directory/import?format=hsds", b"{not json", ADMIN)
    assert status == 422
    body = health(node)
    newest, previous = body["imports"][:2]
    assert (newest["kind"], newest["committed"], newest["refused"]) == ("hsds", False, "bad_json")
    assert (previous["kind"], previous["committed"], previous["services"]) == ("ods-facility", True, report["services"])
    assert previous["rejected"] == len(report["rejected"]) and previous["actor"].startswith("u_")  # who: the user id
    assert previous["at_ms"] <= newest["at_ms"]
    opendata = [o for o in body["organizations"] if o["never"] == o["listings"] and o["listings"] >= 1]
    assert sum(o["listings"] for o in opendata) >= report["services"]
    assert body["months"] == 6
    assert call(node.http, "/api/admin/directory-health", token=node.host_token)[0] == 403


def test_the_coverage_report_as_csv_with_a_bom_and_reference_points(node: Any) -> None:
    url = f"{node.http}/api/admin/coverage.csv?prefecture={urllib.parse.quote('埼玉県')}"
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {ADMIN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        raw, kind = r.read(), r.headers["Content-Type"]
    assert kind.startswith("text/csv") and raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("全国地方公共団体コード,都道府県名,市区町村名,会員団体数")
    kawagoe = next(line.split(",") for line in lines if line.startswith("112011,"))
    assert kawagoe[1:3] == ["埼玉県", "川越市"] and int(kawagoe[3]) >= 2
    assert 35 < float(kawagoe[6]) < 36.5 and 139 < float(kawagoe[7]) < 140
    status, body, _ = call(node.http, "/api/admin/coverage", token=ADMIN)
    assert len(lines) - 1 == len(body["rows"])  # the same municipalities as the table
    assert call(node.http, "/api/admin/coverage.csv", token=node.host_token)[0] == 403
