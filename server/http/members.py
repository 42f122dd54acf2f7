"""Membership applications over HTTP (issue 15): the public form and the secretariat's review.

`POST /api/applications` is a visitor's POST like the handoff's: JSON only, from an allowed
origin, limited per address (`server/http/handoff.py`). The texts that would become public
(name, what it does) pass the moderation pipeline as a host's listing does; the contact person
is not screened (a phone or an e-mail is the point of it) and never leaves the admin routes.

The review (admins only): `approve` imports the public part into the directory, makes the first
host account and answers its one-time sign-in code (shown once: no mail server is assumed);
`changes` and `decline` need a note, which is the reason recorded. Every step is audited.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from booths.coverage import CoverageRow, coverage, main_prefecture
from booths.members import STATUSES, Application, check_application, organization_document
from booths.municipalities import load_municipalities
from moderation.audit import AuditEvent
from rooms.refusal import Refused
from rooms.roles import HOST
from server import clock
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.headers import base_url
from server.http.handoff import cross_site
from server.http.limits import address_hash, limited_of, refusal
from server.limits import Budget
from server.http.models_members import ApplicantKey, Review
from server.http.moderation_actions import content_blocked
from server.realtime.node import Node
from server.store.accounts import AccountError, Accounts, normalize_username
from server.store.coverage import directory_codes
from server.store.directory import DirectoryStore, StrictImportFailed
from server.store.members import CONTACT_RETENTION_DAYS, MemberStore, StoredApplication
from server.mail import code_mail, send, smtp_settings
from server.tokens import Identity

log = logging.getLogger("tsunagaru.http")

MAX_FORM = 16 * 1024
# Applications per address, per node: 5 at once, then one every 12 minutes. An organisation applies
# once; a burst of applications from one address is someone filling the secretariat's queue.
APPLICATIONS_PER_HOUR = 5
_applications = Budget(APPLICATIONS_PER_HOUR / 3600, APPLICATIONS_PER_HOUR)


def members_of(request: web.Request) -> MemberStore:
    return MemberStore(request.app["engine"])


def accounts_of(request: web.Request) -> Accounts:
    node: Node = request.app["node"]
    return node.tokens.accounts


def audit(request: web.Request, actor: Identity | None, action: str, target: str, reason: str | None = None,
          **detail: Any) -> None:
    """One audit event of the secretariat's; `actor` None is the public form."""
    node: Node = request.app["node"]
    node.audit(AuditEvent(clock.now_ms(), actor.user_id if actor else "applicant",
                          actor.role if actor else "public", action, target, None, None, reason, None, detail))


def public_allowed(request: web.Request) -> web.Response | None:
    """A public POST: from an allowed origin, JSON, and not too fast from one address."""
    node: Node = request.app["node"]
    refused = cross_site(request)
    if refused is None and not node.moderating.allow_hello(limited_of(request), clock.monotonic()):
        refused = error_response(429, "rate_limited", "rate_limited", request_lang(request))
    return refused


async def _checked_form(request: web.Request) -> tuple[Application, dict[str, Any]] | web.Response:
    """A public form post, within the address's budget, read, checked and screened; or the answer to give."""
    refused = public_allowed(request)
    if refused is not None:
        return refused
    peer = limited_of(request)
    if peer is not None:
        key, now = address_hash(request, peer), clock.monotonic()
        if not _applications.take(key, now):
            return refusal(request, 429, "rate_limited", _applications.retry_after(key))
    lang = request_lang(request)
    form = await read_body(request, dict[str, Any], MAX_FORM)
    if isinstance(form, web.Response):
        return form
    checked = check_application(form)
    if isinstance(checked, Refused):  # the field it names is the detail
        return error_response(400, checked.code, checked.reason, lang, str(checked.extra.get("field", "")))
    applicant = Identity(f"applicant:{address_hash(request)[:12]}", HOST)  # screened by the hosts' rules
    blocked = content_blocked(request.app["node"], applicant, checked.public_texts(), None)
    if blocked is not None:
        return blocked
    return checked, form


async def apply(request: web.Request) -> web.Response:
    """Store a membership application as a pending organisation that nothing public shows."""
    checked = await _checked_form(request)
    if isinstance(checked, web.Response):
        return checked
    store = members_of(request)
    await store.purge_contacts()  # the retention rule runs whenever applications are touched
    stored, key = await store.apply(checked[0])
    audit(request, None, "apply", stored.id, None, organization_id=stored.organization_id, name=checked[0].name[:80])
    return json_response({"id": stored.id, "status": stored.status, "key": key}, status=201)


async def applicant_view(request: web.Request) -> web.Response:
    """The applicant reads where its application stands and the secretariat's note, with its key."""
    refused = public_allowed(request)
    if refused is not None:
        return refused
    body = await read_body(request, ApplicantKey, 1024)
    if isinstance(body, web.Response):
        return body
    found = await members_of(request).with_key(request.match_info["id"], body.key)
    if found is None:
        return error_response(404, "not_found", "application_not_found", request_lang(request))
    return json_response({"id": found.id, "status": found.status, "name": found.doc["name"], "note": found.note})


async def resubmit(request: web.Request) -> web.Response:
    """The corrected form of an application the secretariat asked to change (the same form, with its key)."""
    checked = await _checked_form(request)
    if isinstance(checked, web.Response):
        return checked
    lang = request_lang(request)
    store = members_of(request)
    key = checked[1].get("key")
    found = await store.with_key(request.match_info["id"], key if isinstance(key, str) else "")
    if found is None:
        return error_response(404, "not_found", "application_not_found", lang)
    again = await store.resubmit(found.id, checked[0])
    if again is None:
        return error_response(409, "not_asked", "application_not_asked", lang, found.status)
    audit(request, None, "apply", found.id, None, organization_id=found.organization_id, resubmitted=True)
    return json_response({"id": again.id, "status": again.status, "name": again.doc["name"], "note": again.note})


async def queue(request: web.Request) -> web.Response:
    store = members_of(request)
    await store.purge_contacts()
    status = request.query.get("status")
    if status is not None and status not in STATUSES:
        return error_response(400, "bad_query", "bad_query", request_lang(request), f"status: {', '.join(STATUSES)}")
    items = await store.queue(status)
    return json_response({"items": [a.as_dict() for a in items], "contact_retention_days": CONTACT_RETENTION_DAYS})


def account_view(account: Any) -> dict[str, Any]:
    return {"id": account.id, "username": account.username, "role": account.role,
            "organization_id": account.organization_id, "disabled": account.disabled}


async def review(request: web.Request) -> web.Response:
    """approve / changes / decline one open application (admins)."""
    lang = request_lang(request)
    identity: Identity = request["identity"]
    action = request.match_info["action"]
    store = members_of(request)
    found = await store.get(request.match_info["id"])
    if found is None:
        return error_response(404, "not_found", "application_not_found", lang)
    if found.status not in ("pending", "changes_requested"):
        return error_response(409, "already_decided", "application_decided", lang, found.status)
    body = await read_body(request, Review, 4096, empty=Review())
    if isinstance(body, web.Response):
        return body
    note = (body.note or "").strip() or None
    if action == "approve":
        return await _approve(request, identity, found, note, body.username)
    if note is None:
        return error_response(400, "note_required", "note_required", lang, "note")
    status = "changes_requested" if action == "changes" else "declined"
    decided = await store.decide(found.id, status, note)
    if decided is None:
        return error_response(409, "already_decided", "application_decided", lang)
    audit(request, identity, action, found.id, note[:200], organization_id=found.organization_id)
    return json_response(decided.as_dict())


async def _approve(request: web.Request, identity: Identity, found: StoredApplication, note: str | None,
                   username: str | None) -> web.Response:
    """Public listing, first host account, one-time code; refused before anything changes when the name is taken."""
    lang = request_lang(request)
    accounts = accounts_of(request)
    name = username or f"host-{found.organization_id}"
    if normalize_username(name) is None:  # checked before anything is published
        return error_response(400, "bad_username", "bad_username", lang, name[:40])
    if await accounts.by_username(name) is not None:
        return error_response(409, "username_taken", "username_taken", lang, name)
    doc = organization_document(found.organization_id, _application(found))
    if found.doc.get("wants_booth"):
        doc["x_booth"] = {"slug": found.organization_id, "title": found.doc["name"][:80]}
    directory: DirectoryStore = request.app["directory"]
    try:
        await directory.import_organizations([doc], strict=True, by_member=True)  # the member's own words
    except StrictImportFailed as exc:
        return json_response(exc.report.as_dict(), status=422)
    made = await accounts.create_user(name, secrets.token_urlsafe(24), HOST, found.organization_id)
    if isinstance(made, AccountError):
        return error_response(409, made.code, "username_taken" if made.code == "username_taken" else "bad_account",
                              lang, made.message)
    decided = await members_of(request).decide(found.id, "approved", note)
    code, expires = await members_of(request).issue_code(made.id)
    node: Node = request.app["node"]
    if node.booths is not None and found.doc.get("wants_booth"):
        await node.booths.refresh_rooms()  # the new member's booth opens here at once
    mailed = await _mail_code(request, found, made.username, code, expires)
    audit(request, identity, "approve", found.id, note, organization_id=found.organization_id, account=made.id)
    audit(request, identity, "account_new", made.id, None, role=HOST, organization_id=found.organization_id,
          mailed=mailed)
    return json_response({"account": account_view(made), "code": code, "code_expires_ms": expires,
                          "mailed": mailed, "application": (decided or found).as_dict()})


async def _mail_code(request: web.Request, found: StoredApplication, username: str, code: str, expires: int) -> bool:
    """Mail the first code to the applicant's contact when the operator set up SMTP; whether the server took it."""
    config = request.app["config"]
    settings = smtp_settings(config.smtp_url, config.mail_from)  # checked at start: cannot raise here
    to = (found.contact or {}).get("email")
    if settings is None or not to:
        return False
    failed = await send(settings, code_mail(settings, to, username, code, expires, base_url(request) + "/host"))
    if failed:
        log.warning("the sign-in code for %s was not mailed: %s", username, failed)
    return failed is None


def _application(found: StoredApplication) -> Application:
    """The stored public part as the pure module's `Application` (the contact is not needed for a listing)."""
    d = found.doc
    return Application(d["name"], d["kind"], d.get("corporate_number"), tuple(d["municipalities"]), d["tier"],
                       d["description"], bool(d.get("wants_booth")), "", None, None)


@dataclass(frozen=True, slots=True)
class CoverageAnswer:
    prefecture: str | None
    prefectures: list[str]
    rows: list[CoverageRow]


async def coverage_of(request: web.Request) -> CoverageAnswer | web.Response:
    """The coverage report for `?prefecture=` (default: the one most members serve), or the 400 to answer;
    shared by the JSON report and its CSV (server/http/directory_health.py)."""
    orgs, services = await directory_codes(request.app["engine"])
    prefectures = list(dict.fromkeys(m.pref for m in load_municipalities().values()))
    prefecture = request.query.get("prefecture") or main_prefecture(orgs)
    if prefecture is not None and prefecture not in prefectures:
        return error_response(400, "bad_query", "bad_query", request_lang(request), "prefecture")
    return CoverageAnswer(prefecture, prefectures, coverage(prefecture, orgs, services) if prefecture else [])


async def coverage_report(request: web.Request) -> web.Response:
    """Which municipalities of a prefecture have a member, a service, a consultation window (admins)."""
    answer = await coverage_of(request)
    if isinstance(answer, web.Response):
        return answer
    prefecture, prefectures, rows = answer.prefecture, answer.prefectures, answer.rows
    covered = {k: sum(1 for r in rows if getattr(r, k)) for k in ("members", "services", "windows")}
    return json_response({"prefecture": prefecture, "prefectures": prefectures, "covered": covered,
                          "rows": [{"code": r.code, "name": r.name, "members": r.members, "services": r.services,
                                    "windows": r.windows} for r in rows]})
