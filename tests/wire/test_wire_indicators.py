"""Indicators against targets and campaign codes on a real node (issue 15): the secretariat sets,
replaces and drops targets and reads progress; the report exports as CSV and JSON; visitors who
arrive from an advertisement are counted per code (arrivals, booth visits, handoffs), and a code
nobody registered counts as nothing and is never repeated back.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.support import festival as fest
from tests.support.accounts import create_host
from tests.support.api import audited, call, call_put
from tests.support.nodes import module_server
from tests.support.wsclient import WireClient

ADMIN = fest.ADMIN
ENV = {**fest.ENV, "HANDOFF_TICKETS_PER_IP_BURST": "50"}  # five tickets from one test address
indicators_node = module_server(ENV)


@pytest.fixture(scope="module")
def node(indicators_node: Any) -> Any:
    status, report, _ = call(indicators_node.http, "/api/directory/import?format=hsds",
                             json.dumps(fest.ORGS).encode(), ADMIN)
    assert status == 200 and report["rejected"] == []
    indicators_node.host_token = create_host(indicators_node, "ind-host", "kawagoe-npo")
    return indicators_node


def report(node: Any) -> dict[str, Any]:
    status, body, _ = call(node.http, "/api/admin/indicators", token=ADMIN)
    assert status == 200
    return body


def put_target(node: Any, measure: str, body: dict[str, Any], token: str = ADMIN) -> tuple[int, Any]:
    return call_put(node.http, f"/api/admin/indicators/targets/{measure}", json.dumps(body).encode(), token)


def delete_target(node: Any, measure: str) -> int:
    req = urllib.request.Request(f"{node.http}/api/admin/indicators/targets/{measure}", method="DELETE",
                                 headers={"Authorization": f"Bearer {ADMIN}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def raw_get(node: Any, path: str) -> tuple[int, bytes, Any]:
    req = urllib.request.Request(node.http + path, headers={"Authorization": f"Bearer {ADMIN}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.read(), r.headers


def test_the_secretariat_sets_replaces_and_drops_a_target_and_reads_progress(node):
    status, made = put_target(node, "members", {"value": 200, "deadline": "2027-03-31", "note": "正会員を倍に"})
    assert status == 201 and made["measure"] == "members" and made["target"] == 200
    members = report(node)["measures"]["members"]
    assert isinstance(members, int) and members >= 2  # organisations in the directory are never hidden
    assert made["current"] == members and made["share"] == round(members / 200, 2) and made["met"] is False
    status, replaced = put_target(node, "members", {"value": 2, "deadline": "2026-01-01"})
    assert status == 200 and replaced["met"] is True and replaced["share"] == 1.0 and replaced["note"] is None
    assert replaced["days_left"] < 0 and replaced["overdue"] is False  # met, even if the day has passed
    assert [t["measure"] for t in report(node)["targets"]].count("members") == 1
    audited(node.http, ADMIN, {("target_set", "members")})
    assert delete_target(node, "members") == 200
    assert "members" not in [t["measure"] for t in report(node)["targets"]]
    assert delete_target(node, "members") == 404


@pytest.mark.parametrize("measure, body, field", [
    ("closed_loop_rate", {"value": 1.5, "deadline": "2027-03-31"}, "value"),  # a rate is at most 1
    ("handoffs", {"value": 10, "deadline": "2027-02-30"}, "deadline"),
    ("happiness", {"value": 10, "deadline": "2027-03-31"}, "measure"),
])
def test_a_target_that_cannot_be_is_refused_with_the_field(node, measure, body, field):
    status, answer = put_target(node, measure, body)
    assert status == 400 and answer["error"]["code"] == "bad_target" and answer["error"]["detail"] == field


def test_only_admins_set_targets_or_read_the_report(node):
    assert put_target(node, "handoffs", {"value": 10, "deadline": "2027-03-31"}, node.host_token)[0] == 403
    assert call(node.http, "/api/admin/indicators", token=node.host_token)[0] == 403
    assert call(node.http, "/api/admin/indicators.csv")[0] == 401


def test_the_report_exports_as_csv_with_a_bom_and_as_json(node):
    assert put_target(node, "booth_visits", {"value": 1000, "deadline": "2027-03-31", "note": "SNS広告"})[0] in (200, 201)
    status, data, headers = raw_get(node, "/api/admin/indicators.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert data.startswith(b"\xef\xbb\xbf") and "attachment" in headers["Content-Disposition"]
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "section,code,measure,value,target,deadline,share,met,note"
    row = next(line for line in lines if line.startswith("indicator,,booth_visits,"))
    assert ",1000,2027-03-31," in row and row.endswith(",SNS広告")
    status, data, headers = raw_get(node, "/api/admin/indicators.json")
    body = json.loads(data)
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    assert set(body) == {"as_of", "measures", "targets", "campaigns"}
    assert set(body["measures"]) == {"booth_visits", "handoffs", "accepted", "visited", "closed_loop_rate",
                                     "median_days_to_response", "members", "municipalities_covered"}


def campaign(node: Any, code: str) -> dict[str, Any] | None:
    return next((c for c in report(node)["campaigns"] if c["code"] == code), None)


async def test_visitors_from_an_advert_are_counted_per_code_and_an_unknown_code_counts_nothing(node):
    status, made, _ = call(node.http, "/api/admin/campaigns",
                           json.dumps({"code": "sns-2026-12", "label": "SNS広告 12月"}).encode(), ADMIN)
    assert status == 201 and made["arrivals"] == 0
    assert call(node.http, "/api/admin/campaigns", json.dumps({"code": "sns-2026-12", "label": "x"}).encode(),
                ADMIN)[0] == 409
    assert call(node.http, "/api/admin/campaigns", json.dumps({"code": "SNS!", "label": "x"}).encode(),
                ADMIN)[0] == 400

    first = await WireClient.hello(node.url, "ゆい", age_band="15-17", campaign="sns-2026-12")
    assert campaign(node, "sns-2026-12")["arrivals"] == "<5"  # one arrival: counted, and hidden as in the funnel
    visitors = [first] + [await WireClient.hello(node.url, f"ゆい{i}", age_band="15-17", campaign="sns-2026-12")
                          for i in range(4)]
    strangers = [await WireClient.hello(node.url, "けん", age_band="18-24", campaign=code)
                 for code in ("tv-2027-01", "<script>", "x" * 500)]  # unknown, malformed, too long
    for v in visitors + strangers:
        assert (await v.request({"t": "join", "room": "booth:kawagoe-band"}))["t"] == "ok"
    for v in visitors:
        status, ticket, _ = call(node.http, "/api/handoff", json.dumps(
            {"service_id": "kw-band", "mode": "self_connect", "campaign": "sns-2026-12"}).encode())
        assert status == 201 and ticket["code"], ticket
    status, ticket, _ = call(node.http, "/api/handoff", json.dumps(
        {"service_id": "kw-band", "mode": "self_connect", "campaign": "tv-2027-01"}).encode())
    assert status == 201

    found = report(node)
    assert [c for c in found["campaigns"] if c["code"] == "sns-2026-12"] == [
        {"code": "sns-2026-12", "label": "SNS広告 12月", "arrivals": 5, "booth_visits": 5, "handoffs": 5}]
    assert [c["code"] for c in found["campaigns"]] == ["sns-2026-12"]  # nothing else was made up
    assert "tv-2027-01" not in json.dumps(found) and "script" not in json.dumps(found)
    status, data, _ = raw_get(node, "/api/admin/indicators.csv")
    assert "campaign,sns-2026-12,arrivals,5" in data.decode("utf-8-sig")
    for v in visitors + strangers:
        await v.ws.close()
