"""Needs and offers over HTTP (NPO–company matching, issue 16): members write them, the matcher suggests.

Members (hosts) write needs and offers for their own organisation, the secretariat (admins)
for any. Every signed-in host or admin reads the open ones: they are what members offer one
another, not public pages. Titles and descriptions pass the same screening as a member's
listing (`content_blocked`), so personal data or abuse never reaches another member.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from aiohttp import web

from booths import matching
from booths.matching_listing import OPEN, Listing, ListingInput, problems, texts
from booths.municipalities import load_municipalities
from rooms.jst import JST
from rooms.refusal import Refused
from rooms.roles import ADMIN, speaks_for
from server import clock
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.moderation_actions import content_blocked
from server.store.matching import MatchingStore
from server.texts import error_of
from server.tokens import Identity

MAX_BODY = 16 * 1024
MATCHER_TEXT = (matching.__doc__ or "").split("\n\n", 1)[1].strip()  # the rules, as the matcher states them
STATUS_OF = {"not_found": 404, "conflict": 409, "bad_transition": 409, "terminal": 409, "no_match": 409,
             "reason_required": 400, "bad_reason": 400, "bad_action": 400}  # a Refused's code → the HTTP status


def store_of(request: web.Request) -> MatchingStore:
    return MatchingStore(request.app["engine"])


def now() -> dt.datetime:
    return dt.datetime.fromtimestamp(clock.now_ms() / 1000, tz=JST)


def refused(request: web.Request, r: Refused) -> web.Response:
    return json_response({"error": error_of(r, request_lang(request))}, status=STATUS_OF.get(r.code, 400))


def shown(listing: Listing) -> dict[str, Any]:
    return msgspec.to_builtins(listing)  # type: ignore[no-any-return]


def sees(identity: Identity, listing: Listing) -> bool:
    """Open listings are for every member; a closed one only for its organisation and the secretariat."""
    return listing.status == OPEN or speaks_for(identity.role, identity.organization, listing.organization)


async def list_listings(request: web.Request) -> web.Response:
    identity: Identity = request["identity"]
    q = request.query
    status = q.get("status") or OPEN
    found = await store_of(request).listings(side=q.get("side") or None, status=status,
                                             organization=q.get("organization") or None)
    kind = q.get("kind")
    return json_response({"listings": [shown(x) for x in found if sees(identity, x) and (not kind or x.kind == kind)]})


async def get_listing(request: web.Request) -> web.Response:
    found = await store_of(request).get(request.match_info["id"])
    if found is None or not sees(request["identity"], found):
        return error_response(404, "not_found", "not_found", request_lang(request))
    return json_response(shown(found))


async def _checked(request: web.Request, identity: Identity, listing: ListingInput) -> web.Response | None:
    """The answer refusing this save, or None: whose it is, the rules, then moderation."""
    lang = request_lang(request)
    if not speaks_for(identity.role, identity.organization, listing.organization):
        return error_response(403, "forbidden", "listing_not_yours", lang)
    if not await store_of(request).organization_names([listing.organization]):
        return error_response(422, "invalid", "listing_invalid", lang, "organization: not a member organisation")
    found = problems(listing, load_municipalities())
    if found:
        return error_response(422, "invalid", "listing_invalid", lang,
                              "; ".join(f"{p.field}: {p.message}" for p in found[:20]))
    return content_blocked(request.app["node"], identity, texts(listing), None)


async def create_listing(request: web.Request) -> web.Response:
    identity: Identity = request["identity"]
    listing = await read_body(request, ListingInput, MAX_BODY)
    if isinstance(listing, web.Response):
        return listing
    refusal = await _checked(request, identity, listing)
    if refusal is not None:
        return refusal
    return json_response(shown(await store_of(request).save(listing)), status=201)


async def edit_listing(request: web.Request) -> web.Response:
    """Replace a listing's text (close it with status closed); its organisation stays what it was."""
    identity: Identity = request["identity"]
    store = store_of(request)
    current = await store.get(request.match_info["id"])
    if current is None or not sees(identity, current):
        return error_response(404, "not_found", "not_found", request_lang(request))
    listing = await read_body(request, ListingInput, MAX_BODY)
    if isinstance(listing, web.Response):
        return listing
    if listing.organization != current.organization:
        return error_response(422, "invalid", "listing_invalid", request_lang(request),
                              "organization: a listing stays with its organisation")
    refusal = await _checked(request, identity, listing)
    if refusal is not None:
        return refusal
    return json_response(shown(await store.save(listing, current.id)))


def suggestion_doc(s: matching.Suggestion) -> dict[str, Any]:
    return {"listing": shown(s.listing), "score": s.score, "explanation": s.explanation,
            "reasons": [{"code": r.code, "text": r.text} for r in s.reasons]}


async def suggestions(request: web.Request) -> web.Response:
    """The other side's open listings that fit this one, explained, at most two per organisation."""
    store = store_of(request)
    mine = await store.get(request.match_info["id"])
    if mine is None or not sees(request["identity"], mine):
        return error_response(404, "not_found", "not_found", request_lang(request))
    other = "offer" if mine.side == "need" else "need"
    found = matching.suggest(mine, await store.listings(side=other, status=OPEN), now(), load_municipalities())
    return json_response({"listing": shown(mine), "suggestions": [suggestion_doc(s) for s in found]})


def fit_of(need: Listing, offer: Listing) -> matching.Suggestion | None:
    """The matcher's word on this very pair: an introduction is asked only for a pair it would suggest."""
    found = matching.suggest(need, [offer], now(), load_municipalities(), limit=1)
    return found[0] if found else None


def is_admin(identity: Identity) -> bool:
    return identity.role == ADMIN

