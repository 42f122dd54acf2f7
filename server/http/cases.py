"""Good-practice cases over HTTP: members submit, the secretariat edits and publishes, everyone reads.

Hosts write cases for their own organisation (it must be among the case's organisations;
partners may be named too) and may keep them as drafts or submit them; admins edit any case
and publish it. The public sees published cases only, and never the contacts: those are for
signed-in staff. Every text is screened by the moderation pipeline as hosts' booth texts are.
"""
from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from booths import cases as rules
from booths.municipalities import load_municipalities
from rooms.roles import ADMIN, speaks_for

from server.http.access import bearer_identity
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.directory import QueryError, int_param
from server.http.members import audit
from server.http.moderation_actions import content_blocked
from server.store.cases import CaseStore, VersionConflict
from server.store.directory import MAX_PER_PAGE, Page
from server.tokens import Identity

MAX_BODY = 64 * 1024


class StatusChange(msgspec.Struct, forbid_unknown_fields=True):
    """The new status of a case (`published` by admins only); `note`: the secretariat's words to the
    case's members (required when sending a case back to draft)."""

    status: str
    note: str = ""


def _store(request: web.Request) -> CaseStore:
    return request.app["cases"]


async def viewer(request: web.Request) -> Identity | None:
    """Who is asking (a missing or bad token is the public)."""
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    return await bearer_identity(request)


def writes_for(identity: Identity, case: rules.CaseInput) -> bool:
    """An admin any case; a host one that names its own organisation."""
    return any(speaks_for(identity.role, identity.organization, o) for o in case.organizations)


def visible(identity: Identity | None, case: rules.CaseRecord) -> bool:
    return case.status == rules.PUBLISHED or (identity is not None and writes_for(identity, case))


def shown(case: rules.CaseRecord, identity: Identity | None) -> dict[str, Any]:
    """The case as JSON; contacts only for signed-in staff."""
    doc: dict[str, Any] = msgspec.to_builtins(case)
    if identity is None:
        doc["contacts"] = []
    return doc


def search_params(request: web.Request) -> tuple[str | None, str | None, str | None, str | None, str]:
    q = request.query.get("q") or None
    if q is not None and len(q) > 200:
        raise QueryError("q is limited to 200 characters")
    theme = request.query.get("theme") or None
    if theme is not None and theme not in rules.THEMES:
        raise QueryError("theme: unknown theme (see docs/members.md)")
    municipality = request.query.get("municipality") or None
    if municipality is not None and municipality not in load_municipalities():
        raise QueryError("municipality must be a known 6-digit municipality code")
    status = request.query.get("status") or rules.PUBLISHED
    if status not in rules.STATUSES:
        raise QueryError(f"status must be one of {', '.join(rules.STATUSES)}")
    return q, theme, municipality, request.query.get("organization") or None, status


async def list_cases(request: web.Request) -> web.Response:
    lang = request_lang(request)
    try:
        q, theme, municipality, org, status = search_params(request)
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
        per_page = int_param(request.query, "per_page", 1, MAX_PER_PAGE, 20) or 20
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", lang, str(exc))
    identity = await viewer(request)
    if status != rules.PUBLISHED and identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    found = [c for c in await _store(request).heads([status])
             if visible(identity, c) and rules.matches(c, q, theme, municipality, org)]
    start = (page - 1) * per_page
    contents = [shown(c, identity) for c in found[start:start + per_page]]
    return json_response(Page(contents, len(found), page, per_page).as_dict())


async def get_case(request: web.Request) -> web.Response:
    identity = await viewer(request)
    case = await _store(request).get(request.match_info["id"])
    if case is None or not visible(identity, case):
        return error_response(404, "not_found", "not_found", request_lang(request))  # a draft is not there at all
    return json_response(shown(case, identity))


async def versions(request: web.Request) -> web.Response:
    identity = await viewer(request)
    lang = request_lang(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", lang)
    case = await _store(request).get(request.match_info["id"])
    if case is None or not writes_for(identity, case):
        return error_response(404, "not_found", "not_found", lang)
    return json_response({"id": case.id, "versions": await _store(request).versions(case.id)})


async def _checked(request: web.Request, identity: Identity, case: rules.CaseInput,
                   current: rules.CaseRecord | None, note: str = "") -> web.Response | None:
    """The answer refusing this save, or None: who may write, the rules, then moderation (the note too)."""
    lang = request_lang(request)
    if not writes_for(identity, case) or (current is not None and not writes_for(identity, current)):
        return error_response(403, "forbidden", "case_not_yours", lang)
    rules.keep_featured(case, current, identity.role == ADMIN)
    refusal = rules.may_edit(identity.role == ADMIN, current.status if current else None, case.status)
    if refusal is not None:
        return error_response(403, "forbidden", "case_publish", lang, refusal)
    problem = rules.note_problem(identity.role == ADMIN, current.status if current else None, case.status, note)
    if problem is not None:
        return error_response(422, "invalid", "case_invalid", lang, f"note: {problem}")
    known = await _store(request).organization_names(case.organizations)
    problems = rules.problems(case, set(known), load_municipalities())
    if problems:
        return error_response(422, "invalid", "case_invalid", lang,
                              "; ".join(f"{p.field}: {p.message}" for p in problems[:20]))
    return content_blocked(request.app["node"], identity, rules.texts(case) + ([note] if note else []), None)


async def _identity(request: web.Request) -> Identity | web.Response:
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", request_lang(request))
    return identity


async def create_case(request: web.Request) -> web.Response:
    identity = await _identity(request)
    if isinstance(identity, web.Response):
        return identity
    case = await read_body(request, rules.CaseInput, MAX_BODY)
    if isinstance(case, web.Response):
        return case
    refused = await _checked(request, identity, case, None)
    if refused is not None:
        return refused
    saved = await _store(request).save(case, identity.user_id, identity.role)
    _audit(request, identity, saved, None, "")
    return json_response(shown(saved, identity), status=201)


def _audit(request: web.Request, identity: Identity, saved: rules.CaseRecord, before: rules.CaseRecord | None,
           note: str) -> None:
    """One audit event per saved version: new, a status change, (un)featuring, or an edit of the text."""
    if before is None:
        action = "case_new"
    elif before.status != saved.status:
        action = "case_status"
    elif before.featured != saved.featured:
        action = "case_feature"
    else:
        action = "case_edit"
    audit(request, identity, action, saved.id, note[:200] or None, version=saved.version, status=saved.status,
          featured=saved.featured, title=saved.title[:80])


async def _save(request: web.Request, identity: Identity, case: rules.CaseInput, current: rules.CaseRecord,
                expected: int | None, note: str = "") -> web.Response:
    refused = await _checked(request, identity, case, current, note)
    if refused is not None:
        return refused
    try:
        saved = await _store(request).save(case, identity.user_id, identity.role, current.id, expected, note)
    except VersionConflict:
        return error_response(409, "conflict", "case_conflict", request_lang(request))
    _audit(request, identity, saved, current, note)
    return json_response(shown(saved, identity))


async def _current(request: web.Request, identity: Identity) -> rules.CaseRecord | web.Response:
    case = await _store(request).get(request.match_info["id"])
    if case is None or not visible(identity, case):
        return error_response(404, "not_found", "not_found", request_lang(request))
    return case


async def edit_case(request: web.Request) -> web.Response:
    """Replace a case (a new version). `?version=N`: refuse if someone saved after version N."""
    identity = await _identity(request)
    if isinstance(identity, web.Response):
        return identity
    try:
        expected = int_param(request.query, "version", 1, 1_000_000)
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", request_lang(request), str(exc))
    current = await _current(request, identity)
    if isinstance(current, web.Response):
        return current
    case = await read_body(request, rules.CaseInput, MAX_BODY)
    if isinstance(case, web.Response):
        return case
    return await _save(request, identity, case, current, expected)


async def change_status(request: web.Request) -> web.Response:
    """Submit (members), publish or send back (the secretariat): the same text, a new version."""
    identity = await _identity(request)
    if isinstance(identity, web.Response):
        return identity
    current = await _current(request, identity)
    if isinstance(current, web.Response):
        return current
    change = await read_body(request, StatusChange, 1024)
    if isinstance(change, web.Response):
        return change
    if change.status not in rules.STATUSES:
        return error_response(400, "bad_request", "bad_frame", request_lang(request),
                              f"status must be one of {', '.join(rules.STATUSES)}")
    case = rules.CaseInput(**{f: getattr(current, f) for f in rules.CaseInput.__dataclass_fields__})
    case.status = change.status
    return await _save(request, identity, case, current, current.version, change.note.strip())
