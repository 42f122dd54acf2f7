"""NPO–company matching on a real node (issue 16): needs and offers → suggestions → introduction → answer.

One node for the module; each test writes its own listings (its own organisations where the
state of one would change another's answer).
"""
from __future__ import annotations

import csv
import io
import json
import urllib.request
from typing import Any

import pytest

from tests.support import festival as fest
from tests.support.accounts import create_host
from tests.support.api import call, call_put
from tests.support.nodes import module_server

node = module_server(fest.ENV)
KAWAGUCHI = "112038"


@pytest.fixture(scope="module")
def site(node: Any) -> Any:
    orgs = [{"id": f"{key}-{n}", "name": f"{name} {n}(架空)", "x_member_category": cat,
             "x_municipality_code": KAWAGUCHI} for n in (1, 2) for key, name, cat in
            (("npo", "川口こども食堂", "npo"), ("co", "川口ものづくり株式会社", "company"))]
    status, report, _ = call(node.http, "/api/directory/import?format=hsds", json.dumps(orgs).encode(), fest.ADMIN)
    assert status == 200 and report["rejected"] == []
    node.tokens = {o["id"]: create_host(node, f"host-{o['id']}", o["id"]) for o in orgs}
    return node


def _post(site: Any, path: str, doc: dict[str, Any] | None, token: str | None) -> tuple[int, Any]:
    status, body, _ = call(site.http, path, json.dumps(doc or {}).encode(), token)
    return status, body


def _listing(org: str, side: str, **extra: Any) -> dict[str, Any]:
    doc = {"organization": org, "side": side, "kind": "volunteers", "title": f"{side} of {org}",
           "period": {"start": "2026-01"}, "municipalities": [KAWAGUCHI], "themes": ["case.food"], "quantity": 5,
           "description": "土曜の午前に調理を手伝ってくれる人を探しています。"}
    doc.update(extra)
    return doc


CONTACT_NPO = {"name": "担当 川口(架空)", "email": "npo@example.org"}
CONTACT_CO = {"name": "CSR担当(架空)", "phone": "048-000-0000"}


def test_needs_and_offers_match_and_an_accepted_introduction_shares_contacts(site: Any) -> None:
    npo, co = site.tokens["npo-1"], site.tokens["co-1"]
    # a host writes for its own organisation only
    assert _post(site, "/api/matching/listings", _listing("co-1", "need"), npo)[0] == 403
    status, need = _post(site, "/api/matching/listings", _listing("npo-1", "need"), npo)
    assert status == 201 and need["side"] == "need" and need["organization_name"] == "川口こども食堂 1(架空)"
    status, offer = _post(site, "/api/matching/listings", _listing("co-1", "offer", quantity=8,
                                                                   title="社員ボランティア"), co)
    assert status == 201
    # personal data in a description is refused as in a member's listing
    status, body = _post(site, "/api/matching/listings",
                         _listing("co-1", "offer", description="連絡は 090-1234-5678 まで"), co)
    assert status == 422 and body["error"]["code"] == "blocked"

    status, found = call(site.http, f"/api/matching/listings/{need['id']}/suggestions", token=npo)[:2]
    assert status == 200 and [s["listing"]["id"] for s in found["suggestions"]] == [offer["id"]]
    first = found["suggestions"][0]
    assert "必要な量を満たせます(必要 5人、提供 8人)" in first["explanation"]
    assert {r["code"] for r in first["reasons"]} >= {"theme", "same_place", "enough"}

    status, intro = _post(site, "/api/matching/introductions",
                          {"need_id": need["id"], "offer_id": offer["id"], "message": "ぜひお話ししたいです。",
                           "contact": CONTACT_NPO}, npo)
    assert status == 201 and intro["status"] == "requested" and intro["part"] == "asker"
    assert intro["contacts"] is None and intro["waiting_on"] == "co-1"
    # asking again while it is open: refused
    assert _post(site, "/api/matching/introductions", {"need_id": need["id"], "offer_id": offer["id"],
                                                       "contact": CONTACT_NPO}, npo)[0] == 409
    # the company sees it, without the NPO's contact yet; the NPO cannot accept its own request
    mine = call(site.http, "/api/matching/introductions", token=co)[1]["introductions"]
    seen = next(i for i in mine if i["id"] == intro["id"])
    assert seen["part"] == "answerer" and seen["contacts"] is None and "accept" in seen["actions"]
    assert seen["message"] == "ぜひお話ししたいです。"
    assert _post(site, f"/api/matching/introductions/{intro['id']}/accept", {"contact": CONTACT_NPO}, npo)[0] == 403
    # another member's host sees nothing of it
    assert _post(site, f"/api/matching/introductions/{intro['id']}/decline", {"reason": "x"},
                 site.tokens["npo-2"])[0] == 404
    # the secretariat nudges (no contacts for it)
    status, nudged = _post(site, f"/api/matching/introductions/{intro['id']}/nudge", None, fest.ADMIN)
    assert status == 200 and nudged["nudged_ms"] and nudged["contacts"] is None
    assert _post(site, f"/api/matching/introductions/{intro['id']}/accept", {}, co)[1]["error"]["code"] == "invalid"
    status, accepted = _post(site, f"/api/matching/introductions/{intro['id']}/accept", {"contact": CONTACT_CO}, co)
    assert status == 200 and accepted["status"] == "accepted"
    assert accepted["contacts"]["npo-1"]["email"] == "npo@example.org"
    both = call(site.http, "/api/matching/introductions", token=npo)[1]["introductions"]
    assert next(i for i in both if i["id"] == intro["id"])["contacts"]["co-1"]["phone"] == "048-000-0000"
    report = call(site.http, "/api/admin/matching/introductions", token=fest.ADMIN)[1]
    row = next(i for i in report["introductions"] if i["id"] == intro["id"])
    assert row["contacts"] is None and report["counts"]["accepted"] >= 1
    # either side reports the outcome; the events are the whole story
    status, done = _post(site, f"/api/matching/introductions/{intro['id']}/complete", None, npo)
    assert status == 200 and done["status"] == "completed"
    assert [(e["action"], e["to"]) for e in done["events"]] == [
        ("ask", "requested"), ("nudge", "requested"), ("accept", "accepted"), ("complete", "completed")]


def test_a_declined_introduction_keeps_the_reason_and_no_contact(site: Any) -> None:
    npo, co = site.tokens["npo-2"], site.tokens["co-2"]
    need = _post(site, "/api/matching/listings", _listing("npo-2", "need", kind="venue", quantity=None), npo)[1]
    offer = _post(site, "/api/matching/listings", _listing("co-2", "offer", kind="venue", quantity=None), co)[1]
    # the company asks this time
    status, intro = _post(site, "/api/matching/introductions",
                          {"need_id": need["id"], "offer_id": offer["id"], "contact": CONTACT_CO}, co)
    assert status == 201 and intro["answerer"] == "npo-2"
    status, body = _post(site, f"/api/matching/introductions/{intro['id']}/decline", {}, npo)
    assert status == 400 and body["error"]["code"] == "reason_required"
    status, declined = _post(site, f"/api/matching/introductions/{intro['id']}/decline",
                             {"reason": "今期は会場が足りています"}, npo)
    assert status == 200 and declined["status"] == "rejected" and declined["reason"] == "今期は会場が足りています"
    assert declined["contacts"] is None and declined["actions"] == []
    assert _post(site, f"/api/matching/introductions/{intro['id']}/accept", {"contact": CONTACT_NPO},
                 npo)[0] == 409
    # a pair the matcher does not suggest (another kind) cannot be asked for
    goods = _post(site, "/api/matching/listings", _listing("co-2", "offer", kind="goods"), co)[1]
    status, body = _post(site, "/api/matching/introductions",
                         {"need_id": need["id"], "offer_id": goods["id"], "contact": CONTACT_CO}, co)
    assert status == 409 and body["error"]["code"] == "no_match"


def test_the_secretariat_sees_needs_nobody_offers_for_as_a_table_and_csv(site: Any) -> None:
    npo = site.tokens["npo-1"]
    status, lonely = _post(site, "/api/matching/listings",
                           _listing("npo-1", "need", kind="skills", skill="legal", title="規約の見直し"), npo)
    assert status == 201
    assert call(site.http, "/api/admin/matching/unmet", token=npo)[0] == 403
    needs = call(site.http, "/api/admin/matching/unmet", token=fest.ADMIN)[1]["needs"]
    assert lonely["id"] in [n["id"] for n in needs]
    req = urllib.request.Request(site.http + "/api/admin/matching/unmet?format=csv",
                                 headers={"Authorization": f"Bearer {fest.ADMIN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.read().decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == lonely["id"])
    assert row["kind"] == "専門スキル(法務)" and row["municipalities"] == "埼玉県川口市"
    # closing the need takes it off the table
    status, closed = call_put(site.http, f"/api/matching/listings/{lonely['id']}",
                              json.dumps({**_listing("npo-1", "need", kind="skills", skill="legal",
                                                     title="規約の見直し"), "status": "closed"}).encode(), npo)
    assert status == 200 and closed["status"] == "closed"
    needs = call(site.http, "/api/admin/matching/unmet", token=fest.ADMIN)[1]["needs"]
    assert lonely["id"] not in [n["id"] for n in needs]
