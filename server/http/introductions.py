"""Introductions over HTTP (issue 16): a member asks, the other side answers, the secretariat sees and nudges.

Who does what is `booths.introductions`; this module reads the bodies, checks the contact
persons and screens every free text another member will read (the asker's note, reasons).
Contacts leave the server only to the two organisations' hosts, once both said yes; the
secretariat's views and CSV never carry them (it brokers, it does not need them).
"""
from __future__ import annotations

from typing import Any

from aiohttp import web

from booths import introductions as rules
from booths.cases import Contact, Problem, contact_problems
from booths.matching import unmet
from booths.matching_export import introductions_csv, unmet_csv
from booths.matching_listing import OPEN, Listing
from booths.municipalities import load_municipalities
from rooms.refusal import Refused
from rooms.roles import HOST
from server.http.bodies import csv_download, error_response, json_response, read_body, request_lang
from server.http.matching import fit_of, is_admin, now, refused, shown, store_of
from server.http.models_matching import Answer, Ask
from server.http.moderation_actions import content_blocked
from server.store.matching import Introduction, MatchingStore
from server.tokens import Identity

MAX_BODY = 8 * 1024


def part_of(identity: Identity, intro: Introduction) -> str | None:
    return rules.role_of(intro.parties, identity.organization if identity.role == HOST else None, is_admin(identity))


async def view(store: MatchingStore, intro: Introduction, identity: Identity,
               listings: dict[str, Listing], names: dict[str, str], events: bool = True) -> dict[str, Any]:
    """An introduction as the caller may see it: its part, what it may do now, contacts only when due."""
    part = part_of(identity, intro)
    # the secretariat is offered its own actions (it may still act for a side through the API)
    offered = [a for a, (_, who) in rules.ACTIONS.items() if who == rules.SECRETARIAT] \
        if part == rules.SECRETARIAT else [a for a in rules.ACTIONS if rules.may(a, part, False)]
    actions = [a for a in offered if not isinstance(rules.step(intro.status, a, "-"), Refused)]
    contacts = None
    if identity.role == HOST and part in (rules.ASKER, rules.ANSWERER) and intro.status in rules.CONTACTS_SHOWN:
        contacts = await store.contacts(intro.id)
    waiting = rules.next_to_act(intro.status)
    need, offer = listings.get(intro.need_id), listings.get(intro.offer_id)
    return {"id": intro.id, "status": intro.status, "reason": intro.reason, "message": intro.message,
            "need": shown(need) if need else None, "offer": shown(offer) if offer else None,
            "asker": intro.asker, "answerer": intro.answerer, "asker_name": names.get(intro.asker, ""),
            "answerer_name": names.get(intro.answerer, ""), "part": part, "actions": actions,
            "waiting_on": {rules.ANSWERER: intro.answerer, rules.EITHER: "both"}.get(waiting or ""),
            "contacts": contacts, "events": await store.events(intro.id) if events else [],
            "created_ms": intro.created_ms, "updated_ms": intro.updated_ms, "nudged_ms": intro.nudged_ms}


async def views(store: MatchingStore, intros: list[Introduction], identity: Identity,
                events: bool = True) -> list[dict[str, Any]]:
    ids = {i.need_id for i in intros} | {i.offer_id for i in intros}
    listings = {x.id: x for x in await store.listings(ids=ids)} if ids else {}
    names = await store.organization_names(o for i in intros for o in (i.asker, i.answerer))
    return [await view(store, i, identity, listings, names, events) for i in intros]


def _contact_refusal(request: web.Request, contact: Contact) -> web.Response | None:
    found: list[Problem] = contact_problems(contact, "contact")
    if not (contact.email or contact.phone):
        found.append(Problem("contact", "needs an e-mail address or a phone number"))
    if not found:
        return None
    return error_response(422, "invalid", "intro_contact", request_lang(request),
                          "; ".join(f"{p.field}: {p.message}" for p in found))


def _as_dict(contact: Contact) -> dict[str, str]:
    return {"name": contact.name.strip(), "organization": contact.organization.strip(),
            "email": contact.email.strip(), "phone": contact.phone.strip()}


async def ask(request: web.Request) -> web.Response:
    identity: Identity = request["identity"]
    lang = request_lang(request)
    body = await read_body(request, Ask, MAX_BODY)
    if isinstance(body, web.Response):
        return body
    store = store_of(request)
    need, offer = await store.get(body.need_id), await store.get(body.offer_id)
    if need is None or offer is None or need.side != "need" or offer.side != "offer":
        return error_response(404, "not_found", "intro_listing", lang)
    asker = identity.organization if identity.role == HOST else (body.asker or None)
    if asker not in (need.organization, offer.organization):
        return error_response(403, "forbidden", "listing_not_yours", lang)
    refusal = _contact_refusal(request, body.contact) or content_blocked(
        request.app["node"], identity, [body.message, body.contact.name, body.contact.organization], None)
    if refusal is not None:
        return refusal
    if fit_of(need, offer) is None:
        return refused(request, Refused("no_match", "intro_not_fit"))
    made = await store.ask(need, offer, asker, body.message.strip(), _as_dict(body.contact), identity.role)
    if isinstance(made, Refused):
        return refused(request, made)
    return json_response((await views(store, [made], identity))[0], status=201)


async def act(request: web.Request) -> web.Response:
    """accept (with the answerer's contact), decline, withdraw, complete, fail, close (reasons), nudge."""
    identity: Identity = request["identity"]
    lang = request_lang(request)
    store = store_of(request)
    intro = await store.get_introduction(request.match_info["id"])
    part = part_of(identity, intro) if intro is not None else None
    if intro is None or part is None:
        return error_response(404, "not_found", "intro_unknown", lang)
    action = request.match_info["action"]
    if not rules.may(action, part, is_admin(identity)):
        return error_response(403, "forbidden", "intro_not_yours", lang)
    body = await read_body(request, Answer, MAX_BODY, empty=Answer())
    if isinstance(body, web.Response):
        return body
    if action == "accept":
        if body.contact is None:
            return error_response(422, "invalid", "intro_contact", lang, "contact: accepting shares a contact person")
        refusal = _contact_refusal(request, body.contact)
        if refusal is not None:
            return refusal
    texts = [body.reason or ""] + ([body.contact.name, body.contact.organization] if body.contact else [])
    blocked = content_blocked(request.app["node"], identity, texts, None)
    if blocked is not None:
        return blocked
    who = rules.ACTIONS.get(action, (None, part))[1]
    acting = who if who in (rules.ASKER, rules.ANSWERER) and part == rules.SECRETARIAT else part
    moved = await store.act(intro.id, action, acting, identity.role, body.reason,
                            _as_dict(body.contact) if action == "accept" and body.contact else None)
    if isinstance(moved, Refused):
        return refused(request, moved)
    return json_response((await views(store, [moved], identity))[0])


async def mine(request: web.Request) -> web.Response:
    """A host's: its organisation's introductions, both sides; an admin's: all of them."""
    identity: Identity = request["identity"]
    store = store_of(request)
    org = None if is_admin(identity) else identity.organization
    found = await store.introductions(organization=org, status=request.query.get("status") or None)
    return json_response({"introductions": await views(store, found, identity)})


async def unmet_report(request: web.Request) -> web.Response:
    """Open, current needs that no open offer fits: where the secretariat should look for partners."""
    gaps = unmet(await store_of(request).listings(status=OPEN), now(), load_municipalities())
    if request.query.get("format") == "csv":
        return csv_download(unmet_csv(gaps), "unmet-needs.csv")
    return json_response({"needs": [shown(n) for n in gaps]})


async def introduction_report(request: web.Request) -> web.Response:
    """Every introduction with its status (counts by status first), without contacts."""
    store = store_of(request)
    found = await store.introductions(status=request.query.get("status") or None)
    rows = await views(store, found, request["identity"], events=False)
    if request.query.get("format") == "csv":
        return csv_download(introductions_csv(rows), "introductions.csv")
    counts = {s: 0 for s in rules.STATUSES}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return json_response({"counts": counts, "introductions": rows})
