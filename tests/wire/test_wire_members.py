"""The member lifecycle on a real node (issue 15): apply → review → approve → first sign-in → edit
one's own listing; asking for changes and declining; staff accounts made, disabled and re-enabled.

A pending organisation is nowhere public (search, map, events, /hsds, booths), a bad 法人番号 is
refused, and only admins review or manage accounts.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.support import festival as fest
from tests.support.api import audited as api_audited, call, call_put
from tests.support.nodes import module_server

festival_node = module_server(fest.ENV)
_STARTED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def _festival(festival_node: Any) -> None:
    """The two organisations of tests/support/festival.py, imported once for the module."""
    status, report, _ = call(festival_node.http, "/api/directory/import?format=hsds", json.dumps(fest.ORGS).encode(),
                             ADMIN)
    assert status == 200 and report["rejected"] == []
    _STARTED["node"] = festival_node


def node() -> Any:
    return _STARTED["node"]
ADMIN = fest.ADMIN
PASSWORD = "a long enough password 1"
FORM = {"name": "みなと子ども食堂ネットワーク(架空)", "kind": "npo", "corporate_number": "7000012050002",
        "municipalities": ["112011", "111007"], "tier": "協力会員",
        "description": "週に一度、子ども食堂と学習支援をしています。", "wants_booth": True,
        "contact_name": "山田 花子", "contact_email": "hanako@example.org", "contact_phone": None}


def post(path: str, body: object, token: str | None = None):
    status, answer, _ = call(node().http, path, json.dumps(body).encode(), token)
    return status, answer


def apply(**changes: object) -> str:
    status, answer = post("/api/applications", {**FORM, **changes})
    assert status == 201 and answer["status"] == "pending", answer
    return answer["id"]


def put_form(path: str, body: object) -> tuple[int, dict]:
    """The applicant's PUT, as a browser's fetch sends it (JSON)."""
    req = urllib.request.Request(node().http + path, data=json.dumps(body).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def application(app_id: str) -> dict:
    status, answer, _ = call(node().http, "/api/admin/applications", token=ADMIN)
    assert status == 200
    return next(a for a in answer["items"] if a["id"] == app_id)


def audited(expected: set[tuple[str, str]]) -> list[dict]:
    return api_audited(node().http, ADMIN, expected)


def public_text(path: str) -> str:
    status, answer, _ = call(node().http, path)
    assert status == 200, path
    return json.dumps(answer, ensure_ascii=False)


def test_a_pending_organisation_is_nowhere_public_until_approved_then_its_host_signs_in_once() -> None:
    name = "ひみつの申込団体(架空)"
    app_id = apply(name=name, description="まだ公開されない説明文です。")
    org_id = application(app_id)["organization_id"]
    for path in ("/hsds/organizations", "/hsds/services?q=" + urllib.parse.quote(name), "/api/map.geojson",
                 "/api/events", "/api/booths", "/hsds/organizations?municipality=112011"):
        assert name not in public_text(path) and org_id not in public_text(path), path
    assert call(node().http, f"/hsds/organizations/{org_id}")[0] == 404
    assert call(node().http, f"/api/booths/{org_id}")[0] == 404
    assert call(node().http, "/api/admin/applications?status=bogus", token=ADMIN)[0] == 400
    pending = call(node().http, "/api/admin/applications?status=pending", token=ADMIN)[1]["items"]
    assert app_id in {a["id"] for a in pending} and {a["status"] for a in pending} == {"pending"}
    seen = application(app_id)
    assert seen["contact"] == {"name": "山田 花子", "email": "hanako@example.org", "phone": None}
    assert seen["tier"] == "協力会員" and seen["municipalities"] == ["112011", "111007"]

    status, bad = post(f"/api/admin/applications/{app_id}/approve", {"username": "Not A Name!"}, ADMIN)
    assert status == 400 and bad["error"]["code"] == "bad_username"
    assert call(node().http, f"/hsds/organizations/{org_id}")[0] == 404  # nothing published by a refused approval
    status, issued = post(f"/api/admin/applications/{app_id}/approve", {"note": "総会で承認"}, ADMIN)
    assert status == 200, issued
    assert issued["account"]["role"] == "host" and issued["account"]["organization_id"] == org_id
    assert issued["application"]["status"] == "approved"
    code, username = issued["code"], issued["account"]["username"]
    org = json.loads(public_text(f"/hsds/organizations/{org_id}"))
    assert org["name"] == name and "山田" not in json.dumps(org, ensure_ascii=False)
    assert org["x_membership_tier"] == "協力会員" and org["x_corporate_number"] == "7000012050002"
    assert call(node().http, f"/api/booths/{org_id}")[0] == 200  # it asked for a booth
    # approved once: a second decision is refused
    assert post(f"/api/admin/applications/{app_id}/decline", {"note": "x"}, ADMIN)[0] == 409

    status, signed = post("/api/auth/first-sign-in", {"code": code.lower(), "password": PASSWORD})
    assert status == 200 and signed["username"] == username and signed["organization_id"] == org_id
    status, again = post("/api/auth/first-sign-in", {"code": code, "password": PASSWORD + "x"})
    assert status == 401 and again["error"]["code"] == "bad_code"
    status, login = post("/api/auth/login", {"username": username, "password": PASSWORD})
    assert status == 200 and login["role"] == "host"

    edited = {**org, "description": "毎週水曜に子ども食堂をひらいています。", "services": [
        {"id": f"{org_id}-meal", "name": "子ども食堂", "description": "どなたでも"}]}
    edited.pop("locations", None)
    status, report = call_put(node().http, f"/api/organizations/{org_id}", json.dumps(edited).encode(),
                              signed["token"])
    assert status == 200, report
    assert "毎週水曜" in public_text(f"/hsds/organizations/{org_id}")
    # the host cannot edit anyone else's listing
    other = {"id": "other-npo", "name": "乗っ取り"}
    assert call_put(node().http, "/api/organizations/other-npo", json.dumps(other).encode(), signed["token"])[0] == 403
    trail = audited({("apply", app_id), ("approve", app_id), ("first_sign_in", signed["user_id"])})
    assert "山田" not in json.dumps(trail, ensure_ascii=False)  # the contact person is not in the trail


def test_asking_for_changes_and_declining_need_a_note_and_publish_nothing() -> None:
    first, second = apply(name="差し戻される団体(架空)"), apply(name="不承認の団体(架空)", corporate_number=None)
    assert post(f"/api/admin/applications/{first}/changes", {}, ADMIN)[1]["error"]["code"] == "note_required"
    status, changed = post(f"/api/admin/applications/{first}/changes", {"note": "活動内容をもう少しくわしく"}, ADMIN)
    assert status == 200 and changed["status"] == "changes_requested" and changed["note"].startswith("活動内容")
    status, declined = post(f"/api/admin/applications/{second}/decline", {"note": "県外の団体のため"}, ADMIN)
    assert status == 200 and declined["status"] == "declined"
    for app_id in (first, second):
        org_id = application(app_id)["organization_id"]
        assert call(node().http, f"/hsds/organizations/{org_id}")[0] == 404
    # still open after a request for changes: it can be approved later; a declined one cannot
    assert post(f"/api/admin/applications/{second}/approve", {}, ADMIN)[0] == 409
    reasons = {(e["action"], e.get("target_user")): e.get("reason")
               for e in audited({("decline", second), ("changes", first)})}
    assert reasons[("decline", second)] == "県外の団体のため"


def test_a_bad_form_is_refused_with_the_field_named() -> None:
    for changes, code, field in (({"corporate_number": "7000012050003"}, "bad_corporate_number", "corporate_number"),
                                 ({"corporate_number": "12345"}, "bad_corporate_number", "corporate_number"),
                                 ({"municipalities": ["999999"]}, "bad_municipality", "municipalities"),
                                 ({"municipalities": []}, "bad_municipality", "municipalities"),
                                 ({"tier": "特別会員"}, "bad_application", "tier"),
                                 ({"contact_email": None, "contact_phone": None}, "bad_application", "contact_email"),
                                 ({"name": ""}, "bad_application", "name")):
        status, answer = post("/api/applications", {**FORM, **changes})
        assert status == 400 and answer["error"]["code"] == code and answer["error"]["detail"] == field, changes
        assert answer["error"]["message"]
    status, answer = post("/api/applications", {**FORM, "description": "死ね"})
    assert status == 422 and answer["error"]["code"] == "blocked"
    req = urllib.request.Request(node().http + "/api/applications", data=json.dumps(FORM).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Origin": "https://evil.example"})
    try:
        urllib.request.urlopen(req, timeout=10)
        raise AssertionError("a form posted from another site was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 403


def test_only_admins_review_and_manage_accounts() -> None:
    app_id = apply(name="権限テストの団体(架空)")
    status, made = post("/api/admin/accounts", {"username": "mod-sato", "role": "moderator"}, ADMIN)
    assert status == 201
    status, signed = post("/api/auth/first-sign-in", {"code": made["code"], "password": PASSWORD})
    assert status == 200 and signed["role"] == "moderator"
    for path in ("/api/admin/applications", "/api/admin/accounts"):
        assert call(node().http, path)[0] == 401
        assert call(node().http, path, token=signed["token"])[0] == 403
    assert post(f"/api/admin/applications/{app_id}/approve", {}, signed["token"])[0] == 403
    assert post("/api/admin/accounts", {"username": "x-sneaky", "role": "admin"}, signed["token"])[0] == 403


def test_accounts_are_made_disabled_and_re_enabled_and_a_host_needs_a_real_organisation() -> None:
    status, answer = post("/api/admin/accounts", {"username": "ghost-host", "role": "host",
                                                  "organization_id": "no-such-org"}, ADMIN)
    assert status == 400 and answer["error"]["code"] == "organization_required"
    assert post("/api/admin/accounts", {"username": "mod-x", "role": "moderator",
                                        "organization_id": "kawagoe-npo"}, ADMIN)[0] == 400
    status, made = post("/api/admin/accounts", {"username": "kawagoe-second", "role": "host",
                                                "organization_id": "kawagoe-band"}, ADMIN)  # its booth's slug works
    assert status == 201 and made["account"]["organization_id"] == "kawagoe-npo"
    assert post("/api/admin/accounts", {"username": "kawagoe-second", "role": "moderator"}, ADMIN)[0] == 409
    token = post("/api/auth/first-sign-in", {"code": made["code"], "password": PASSWORD})[1]["token"]
    assert call(node().http, "/api/handoff/inbox", token=token)[0] == 200
    account_id = made["account"]["id"]
    status, off = post(f"/api/admin/accounts/{account_id}/disable", {}, ADMIN)
    assert status == 200 and off["account"]["disabled"] is True
    assert call(node().http, "/api/handoff/inbox", token=token)[0] == 401  # its session ended
    assert post("/api/auth/login", {"username": "kawagoe-second", "password": PASSWORD})[0] == 401
    status, on = post(f"/api/admin/accounts/{account_id}/enable", {}, ADMIN)
    assert status == 200 and on["account"]["disabled"] is False
    assert call(node().http, "/api/handoff/inbox", token=token)[0] == 401  # old sessions stay ended
    assert post("/api/auth/login", {"username": "kawagoe-second", "password": PASSWORD})[0] == 200
    listed = {a["username"]: a for a in call(node().http, "/api/admin/accounts", token=ADMIN)[1]["items"]}
    assert listed["kawagoe-second"]["disabled"] is False and listed["kawagoe-second"]["role"] == "host"
    audited({("account_new", account_id), ("disable", account_id), ("enable", account_id)})


async def test_disabling_an_account_closes_its_open_socket_at_once() -> None:
    import asyncio

    from tests.support.wsclient import WireClient

    status, made = await asyncio.to_thread(post, "/api/admin/accounts", {"username": "mod-open", "role": "moderator"},
                                           ADMIN)
    assert status == 201
    signed = (await asyncio.to_thread(post, "/api/auth/first-sign-in", {"code": made["code"], "password": PASSWORD}))[1]
    mod = await WireClient.hello(node().url, "mod", token=signed["token"])
    try:
        assert (await mod.request({"t": "mod.alerts"}))["t"] == "ok"
        assert (await asyncio.to_thread(post, f"/api/admin/accounts/{made['account']['id']}/disable", {}, ADMIN))[0] == 200
        await asyncio.wait_for(mod.ws.wait_closed(), 5)
        assert mod.ws.close_code == 4001
    finally:
        await mod.close()


def test_one_address_sends_at_most_five_applications_an_hour(server_factory) -> None:
    behind_proxy = server_factory({**fest.ENV, "TRUSTED_PROXIES": "127.0.0.1/32"})
    answers = []
    for address in ["203.0.113.7"] * 6 + ["203.0.113.8"]:
        req = urllib.request.Request(behind_proxy.http + "/api/applications", data=json.dumps(FORM).encode(),
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "X-Forwarded-For": address})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                answers.append((r.status, None))
        except urllib.error.HTTPError as e:
            answers.append((e.code, e.headers.get("Retry-After")))
    assert [a[0] for a in answers] == [201] * 5 + [429, 201], answers
    assert int(answers[5][1]) >= 600  # about 12 minutes until the next one


def test_the_coverage_report_counts_listed_members_only() -> None:
    def report() -> dict:
        status, answer, _ = call(node().http, "/api/admin/coverage?prefecture=" + urllib.parse.quote("埼玉県"),
                                 token=ADMIN)
        assert status == 200
        return answer

    before = report()
    assert before["prefecture"] == "埼玉県" and "北海道" in before["prefectures"]
    rows = {r["code"]: r for r in before["rows"]}
    assert rows["112011"]["members"] >= 1 and rows["112011"]["name"] == "川越市"  # kawagoe-npo
    empty = next(r for r in before["rows"] if not (r["members"] or r["services"] or r["windows"]))
    apply(name="申込中の団体(架空)", municipalities=[empty["code"]])  # pending: not a member yet
    assert {r["code"]: r for r in report()["rows"]}[empty["code"]] == empty  # still a row of zeros
    assert before["covered"]["members"] == sum(1 for r in before["rows"] if r["members"])
    assert call(node().http, "/api/admin/coverage", token=ADMIN)[1]["prefecture"] == "埼玉県"  # most members' own
    assert call(node().http, "/api/admin/coverage?prefecture=X", token=ADMIN)[0] == 400
    assert call(node().http, "/api/admin/coverage")[0] == 401


def test_asked_for_changes_the_applicant_reads_the_note_and_sends_the_form_again() -> None:
    status, applied = post("/api/applications", {**FORM, "name": "やり直す団体(架空)", "description": "食堂"})
    app_id, key = applied["id"], applied["key"]
    status, seen = post(f"/api/applications/{app_id}/status", {"key": key})
    assert status == 200 and seen == {"id": app_id, "status": "pending", "name": "やり直す団体(架空)", "note": None}
    assert post(f"/api/applications/{app_id}/status", {"key": key[:-2] + "xx"})[0] == 404  # not its key
    fixed = {**FORM, "name": "やり直す団体(架空)", "description": "毎週土曜の子ども食堂と学習支援", "key": key}
    status, answer = put_form(f"/api/applications/{app_id}", fixed)
    assert status == 409 and answer["error"]["code"] == "not_asked"  # nobody asked for changes yet
    post(f"/api/admin/applications/{app_id}/changes", {"note": "活動の曜日と内容を書いてください"}, ADMIN)
    status, seen = post(f"/api/applications/{app_id}/status", {"key": key})
    assert seen["status"] == "changes_requested" and seen["note"] == "活動の曜日と内容を書いてください"
    assert "contact" not in seen
    status, answer = put_form(f"/api/applications/{app_id}", fixed)
    assert status == 200 and answer["status"] == "pending", answer
    again = application(app_id)
    assert again["status"] == "pending" and again["description"] == "毎週土曜の子ども食堂と学習支援"
    assert put_form(f"/api/applications/{app_id}", {**fixed, "key": "wrong-key-123"})[0] == 404
    status, issued = post(f"/api/admin/applications/{app_id}/approve", {}, ADMIN)
    assert status == 200 and issued["application"]["status"] == "approved"


def test_with_smtp_set_the_first_code_is_mailed_to_the_contact_and_a_failed_send_still_approves(
        server_factory) -> None:
    """No mail server is assumed; with one, the approval also mails the code (Japanese, then English)."""
    from email.header import decode_header, make_header

    from tests.support.mailbox import Mailbox

    mailbox = Mailbox()
    try:
        site = server_factory({**fest.ENV, "SMTP_URL": mailbox.url, "MAIL_FROM": "office@platform.example.jp"})
        status, answer, _ = call(site.http, "/api/applications", json.dumps(FORM).encode())
        assert status == 201
        status, approved, _ = call(site.http, f"/api/admin/applications/{answer['id']}/approve", b"{}", ADMIN)
        assert status == 200 and approved["mailed"] is True
        [mail] = mailbox.wait_for(1)
        assert mail["To"] == FORM["contact_email"] and mail["From"] == "office@platform.example.jp"
        subject = str(make_header(decode_header(mail["Subject"])))
        assert subject.startswith("つながる") and "sign-in code" in subject
        body = mail.get_payload(decode=True).decode(mail.get_content_charset())
        assert approved["code"] in body and approved["account"]["username"] in body
        assert body.index("サインインコード") < body.index("Sign-in code") and f"{site.http}/host" in body

        mailbox.stop()  # the mail server goes away: the approval still happens, the code is shown, not mailed
        status, answer, _ = call(site.http, "/api/applications", json.dumps({**FORM, "name": "べつの会(架空)",
                                                                              "corporate_number": None}).encode())
        assert status == 201
        status, approved, _ = call(site.http, f"/api/admin/applications/{answer['id']}/approve", b"{}", ADMIN)
        assert status == 200 and approved["mailed"] is False and len(approved["code"]) == 14
    finally:
        mailbox.stop()
