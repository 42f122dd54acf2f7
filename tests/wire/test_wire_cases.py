"""Good-practice cases on a real node (issue 16): a host submits, the secretariat publishes, the public reads.

One node for the module (each test writes its own cases and searches for its own words).
"""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.support import festival as fest
from tests.support.api import audited, call, call_put
from tests.support.nodes import module_server

node = module_server(fest.ENV)


@pytest.fixture(scope="module")
def site(node: Any) -> Any:
    return fest.open_festival(node)


def _case(word: str, **extra: Any) -> dict[str, Any]:
    doc = {"title": f"放課後バンド練習室 {word}", "organizations": ["kawagoe-npo"], "municipalities": ["112011"],
           "themes": ["case.ibasho", "interest.music"], "problem": "練習できる場所がなかった。",
           "action": "公民館の一室を週2回借りた。", "outcome": "参加者が増えた。",
           "figures": [{"label": "参加者", "before": 5, "after": 23, "unit": "人"}],
           "period": {"start": "2025-04"}, "transferability": 3, "status": "submitted",
           "contacts": [{"name": "担当 川越(架空)", "email": "band@example.org"}],
           "images": [{"url": "https://example.org/band.jpg", "alt": "練習するバンド", "licence": "CC-BY-4.0"}]}
    doc.update(extra)
    return doc


def _post(site: Any, path: str, doc: dict[str, Any], token: str | None) -> tuple[int, Any]:
    status, body, _ = call(site.http, path, json.dumps(doc).encode(), token)
    return status, body


def _search(site: Any, token: str | None = None, **params: str) -> tuple[int, Any]:
    status, body, _ = call(site.http, "/api/cases?" + urllib.parse.urlencode(params), token=token)
    return status, body


def _get_raw(site: Any, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(site.http + path, timeout=30) as r:
            return r.status, r.read().decode("utf-8"), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8"), e.headers.get("Content-Type", "")


def test_submit_publish_and_the_public_reads_page_list_and_exports(site: Any) -> None:
    status, case = _post(site, "/api/cases", _case("ほたる"), site.host_token)
    assert status == 201 and case["version"] == 1 and case["status"] == "submitted"
    cid = case["id"]
    # submitted, not yet published: the public does not see it anywhere
    assert call(site.http, f"/api/cases/{cid}")[0] == 404
    assert _search(site, q="ほたる")[1]["total_items"] == 0
    assert _get_raw(site, f"/cases/{cid}")[0] == 404
    # the host cannot publish its own case; the secretariat can
    status, body = _post(site, f"/api/cases/{cid}/status", {"status": "published"}, site.host_token)
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = _post(site, f"/api/cases/{cid}/status", {"status": "published"}, fest.ADMIN)
    assert status == 200 and body["status"] == "published" and body["version"] == 2

    status, page = _search(site, q="ほたる", theme="case.ibasho", municipality="112011")
    assert status == 200 and [c["id"] for c in page["contents"]] == [cid]
    assert page["contents"][0]["contacts"] == []  # contacts are for members only
    assert page["contents"][0]["organization_names"] == ["川越ユースミュージック(架空)"]
    assert _search(site, q="ほたる", theme="case.food")[1]["total_items"] == 0
    assert call(site.http, f"/api/cases/{cid}")[1]["contacts"] == []
    assert call(site.http, f"/api/cases/{cid}", token=site.other_token)[1]["contacts"][0]["name"] == "担当 川越(架空)"

    status, html, ctype = _get_raw(site, f"/cases/{cid}")
    policy = urllib.request.urlopen(site.http + f"/cases/{cid}", timeout=30).headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://example.org;" in policy and "script-src 'self';" in policy
    assert status == 200 and ctype.startswith("text/html") and '<html lang="ja">' in html
    assert "放課後バンド練習室 ほたる" in html and "課題" in html and "参加者: 5 → 23 人" in html
    assert "band@example.org" not in html and 'alt="練習するバンド"' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Article" and ld["headline"] == "放課後バンド練習室 ほたる"
    assert ld["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert ld["spatialCoverage"][0]["identifier"] == "112011"

    status, listing, ctype = _get_raw(site, "/cases?" + urllib.parse.urlencode({"q": "ほたる"}))
    assert status == 200 and ctype.startswith("text/html") and f'href="/cases/{cid}"' in listing
    assert "1件" in listing and "band@example.org" not in listing

    status, exported, _ = call(site.http, "/api/cases.json")
    mine = [c for c in exported["cases"] if c["id"] == cid]
    assert status == 200 and len(mine) == 1 and mine[0]["contacts"] == []
    status, text, ctype = _get_raw(site, "/api/cases.csv")
    assert status == 200 and ctype.startswith("text/csv") and text.startswith("\ufeff")
    rows = [r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if r["id"] == cid]
    assert rows[0]["title"] == "放課後バンド練習室 ほたる" and rows[0]["municipality_names"] == "埼玉県川越市"
    assert "band@example.org" not in text


def test_a_draft_is_seen_only_by_its_own_hosts_and_the_secretariat(site: Any) -> None:
    status, case = _post(site, "/api/cases", _case("かげろう", status="draft"), site.host_token)
    assert status == 201
    cid = case["id"]
    assert call(site.http, f"/api/cases/{cid}")[0] == 404
    assert call(site.http, f"/api/cases/{cid}", token=site.other_token)[0] == 404
    assert call(site.http, f"/api/cases/{cid}", token=site.host_token)[0] == 200
    assert _search(site, status="draft")[0] == 401
    drafts = _search(site, token=site.other_token, status="draft", q="かげろう")[1]
    assert drafts["total_items"] == 0
    drafts = _search(site, token=fest.ADMIN, status="draft", q="かげろう")[1]
    assert [c["id"] for c in drafts["contents"]] == [cid]


def test_a_host_cannot_write_for_another_organisation(site: Any) -> None:
    status, body = _post(site, "/api/cases", _case("すずめ", organizations=["other-npo"]), site.host_token)
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, case = _post(site, "/api/cases", _case("すずめ"), site.host_token)
    assert status == 201
    edited = json.dumps(_case("すずめ改", organizations=["other-npo"])).encode()
    assert call_put(site.http, f"/api/cases/{case['id']}", edited, site.other_token)[0] == 404  # not visible
    assert call_put(site.http, f"/api/cases/{case['id']}", edited, site.host_token)[0] == 403


def test_every_edit_is_a_version_and_stale_edits_are_refused(site: Any) -> None:
    status, case = _post(site, "/api/cases", _case("つばめ", status="draft"), site.host_token)
    cid = case["id"]
    status, body = call_put(site.http, f"/api/cases/{cid}?version=1",
                            json.dumps(_case("つばめ", status="submitted")).encode(), site.host_token)
    assert status == 200 and body["version"] == 2
    status, body = call_put(site.http, f"/api/cases/{cid}?version=1",
                            json.dumps(_case("つばめ二")).encode(), fest.ADMIN)
    assert status == 409 and body["error"]["code"] == "conflict"
    history = call(site.http, f"/api/cases/{cid}/versions", token=fest.ADMIN)[1]["versions"]
    assert [(v["version"], v["status"], v["actor_role"]) for v in history] == [(1, "draft", "host"),
                                                                               (2, "submitted", "host")]


def test_bad_fields_and_blocked_texts_are_refused_with_the_field_named(site: Any) -> None:
    status, body = _post(site, "/api/cases", _case("ひばり", municipalities=["999999"], themes=["case.nothing"],
                                                   period={"start": "2025-13"}), site.host_token)
    assert status == 422 and body["error"]["code"] == "invalid"
    for name in ("municipalities", "themes", "period.start"):
        assert name in body["error"]["detail"]
    status, body = _post(site, "/api/cases", _case("ひばり", problem="電話は 090-1234-5678 まで"), site.host_token)
    assert status == 422 and body["error"]["code"] == "blocked"  # personal data, as in hosts' booth texts
    assert _search(site, token=fest.ADMIN, q="ひばり", status="submitted")[1]["total_items"] == 0


def test_the_demo_cases_load_once_however_often_a_node_starts(server_factory: Any, tmp_path: Any) -> None:
    """Every test node runs with --demo; a second node on the same database adds no version."""
    env = {**fest.ENV, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/demo-cases.db"}
    first = server_factory(env)
    published = call(first.http, "/api/cases?per_page=200")[1]["contents"]
    demo = [c for c in published if c["id"].startswith("demo-case-")]
    assert len(demo) == 11 and all("架空" in c["title"] for c in demo)
    assert len({m for c in demo for m in c["municipalities"]}) >= 10
    submitted = call(first.http, "/api/cases?status=submitted&per_page=200", token=fest.ADMIN)[1]["contents"]
    assert [c["id"] for c in submitted if c["id"].startswith("demo-case-")] == ["demo-case-11"]
    second = server_factory(env)
    history = call(second.http, "/api/cases/demo-case-01/versions", token=fest.ADMIN)[1]["versions"]
    assert [v["version"] for v in history] == [1]


def _hall(site: Any) -> dict[str, Any]:
    status, hall, _ = call(site.http, "/api/case-hall")
    assert status == 200
    return {s["case_id"]: s for s in hall["stands"]}


def test_a_featured_published_case_stands_in_the_hall_with_a_door_to_its_booth(site: Any) -> None:
    # a host cannot feature its own case: the flag is the secretariat's and a member's save keeps it
    status, case = _post(site, "/api/cases", _case("かささぎ", featured=True), site.host_token)
    assert status == 201 and case["featured"] is False
    cid = case["id"]
    assert _post(site, f"/api/cases/{cid}/status", {"status": "published"}, fest.ADMIN)[0] == 200
    assert cid not in _hall(site)  # published, not featured
    assert "/?room=hall%3A3" not in _get_raw(site, f"/cases/{cid}")[1]
    status, body = call_put(site.http, f"/api/cases/{cid}?version=2",
                            json.dumps(_case("かささぎ", status="published", featured=True)).encode(), fest.ADMIN)
    assert status == 200 and body["featured"] is True
    stand = _hall(site)[cid]
    assert stand["title"] == "放課後バンド練習室 かささぎ" and stand["booth_room"] == "booth:kawagoe-band"
    assert stand["organization_names"] == ["川越ユースミュージック(架空)"] and stand["page"] == f"/cases/{cid}"
    assert "contacts" not in stand and stand["figures"][0]["after"] == 23
    # the demo's featured cases stand there too: the hall is never empty on a demo festival
    assert {"demo-case-01", "demo-case-12"} <= set(_hall(site)) and "demo-case-02" not in _hall(site)
    # the public page leads to the festival's hall
    assert 'href="/?room=hall%3A3"' in _get_raw(site, f"/cases/{cid}")[1]
    # sent back to draft with a note, it leaves the hall
    status, body = _post(site, f"/api/cases/{cid}/status", {"status": "draft", "note": "写真を足してください"}, fest.ADMIN)
    assert status == 200 and cid not in _hall(site)


def test_every_save_and_status_change_is_audited_and_a_send_back_needs_a_note(site: Any) -> None:
    status, case = _post(site, "/api/cases", _case("むくどり", status="draft"), site.host_token)
    cid = case["id"]
    assert call_put(site.http, f"/api/cases/{cid}", json.dumps(_case("むくどり")).encode(), site.host_token)[0] == 200
    status, body = _post(site, f"/api/cases/{cid}/status", {"status": "draft"}, fest.ADMIN)
    assert status == 422 and "note" in body["error"]["detail"]
    status, body = call_put(site.http, f"/api/cases/{cid}", json.dumps(_case("むくどり", status="draft")).encode(),
                            fest.ADMIN)
    assert status == 422 and "note" in body["error"]["detail"]  # not around the note through PUT either
    status, body = _post(site, f"/api/cases/{cid}/status", {"status": "draft", "note": "090-1234-5678 に電話を"},
                         fest.ADMIN)
    assert status == 422 and body["error"]["code"] == "blocked"  # the note is screened like the case's texts
    assert _post(site, f"/api/cases/{cid}/status", {"status": "draft", "note": "数字の出典を"}, fest.ADMIN)[0] == 200
    assert call_put(site.http, f"/api/cases/{cid}", json.dumps(_case("むくどり", status="draft")).encode(),
                    site.host_token)[0] == 200
    assert call_put(site.http, f"/api/cases/{cid}", json.dumps(_case("むくどり", status="draft", featured=True))
                    .encode(), fest.ADMIN)[0] == 200
    trail = [e for e in audited(site.http, fest.ADMIN, {("case_new", cid), ("case_status", cid), ("case_edit", cid),
                                                         ("case_feature", cid)}) if e["target_user"] == cid]
    assert [(e["action"], e["actor_role"], e["detail"]["version"]) for e in reversed(trail)] == [
        ("case_new", "host", 1), ("case_status", "host", 2), ("case_status", "admin", 3), ("case_edit", "host", 4),
        ("case_feature", "admin", 5)]
    assert trail[2]["reason"] == "数字の出典を" and trail[0]["detail"]["featured"] is True
    assert {e["target_kind"] for e in trail} == {"case"}  # a console shows a case, never an unknown person
    history = call(site.http, f"/api/cases/{cid}/versions", token=site.host_token)[1]["versions"]
    assert [v["note"] for v in history] == ["", "", "数字の出典を", "", ""]


def test_figures_images_and_partners_are_validated(site: Any) -> None:
    bad = _case("しじゅうから", organizations=["kawagoe-npo", "kawagoe-npo"],
                figures=[{"label": "", "after": 3, "unit": "人"}, {"label": "回数", "after": 2, "unit": "回" * 21}],
                images=[{"url": "http://example.org/a.jpg", "alt": "写真", "licence": "CC-BY-4.0"},
                        {"url": "https://example.org/b.jpg", "alt": "", "licence": "all-rights"}])
    status, answer = _post(site, "/api/cases", bad, site.host_token)
    assert status == 422 and answer["error"]["code"] == "invalid"
    for name in ("organizations", "figures[0].label", "figures[1].unit", "images[0].url", "images[1].alt",
                 "images[1].licence"):
        assert name in answer["error"]["detail"], name
    partner = _case("しじゅうから", organizations=["kawagoe-npo", "other-npo"])
    status, case = _post(site, "/api/cases", partner, site.host_token)
    assert status == 201 and case["organization_names"] == ["川越ユースミュージック(架空)", "別の団体(架空)"]
    status, answer = _post(site, "/api/cases", _case("しじゅうから", organizations=["kawagoe-npo", "nobody-npo"]),
                           site.host_token)
    assert status == 422 and "nobody-npo" in answer["error"]["detail"]
