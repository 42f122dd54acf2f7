"""The handoff (つなぐ) on a node: matching, starting, the organisation's answers, the visitor's follow-up.

Visitors are anonymous: a handoff is found again only by its code, which the
visitor keeps (the web client stores it on the device). Organisations hear of
a new handoff at once (a `notice` to its hosts on any node, over the bus) and
in their HTTP inbox. Nothing here sends mail or SMS: a contact a visitor chose
to share is for the organisation to use.

Limits an attacker cannot walk around (docs/handoff.md, "Limits"): every
lookup by code, over HTTP or `/ws`, spends from one budget per address
(`CODE_LOOKUPS_PER_IP_PER_MIN`); new tickets are capped per address
(`HANDOFF_TICKETS_PER_IP_PER_H`); and a device holds at most one live
ticket per service.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any

from booths import funnel as funnel_rules
from booths import handoff_actions as actions
from booths import referral, tickets
from booths.handoff_input import StartRequest, profile_from, start_from
from booths.handoff_requests import HandoffRequest
from booths.matcher import Match, Profile, match
from booths.municipalities import load_municipalities
from booths.tickets import holder_of
from rooms.protocol import RATE_LIMITED
from rooms.refusal import Refused

from server import clock
from server.store.directory import DirectoryStore
from server.store.handoffs import Handoff, HandoffStore, Holding
from server.limits import Budget, address_key
from server.realtime.kit import Kit
from server.texts import say as text_for

if TYPE_CHECKING:
    from rooms.session import Session

    from server.realtime.connection import Connection

log = logging.getLogger("tsunagaru.handoffs")
HANDOFF_KEY = "@handoffs"  # bus key: new handoffs and changes, delivered to the organisation's hosts on every node
SERVICES_TTL_S = 30.0
_HOLDER_LOCKS = 64  # striped: requests of one device on this node take their turn


def match_json(m: Match) -> dict[str, Any]:
    return {"service_id": m.service_id, "organization_id": m.organization_id, "name": m.name,
            "organization": m.organization, "explanation": m.explanation, "next_step": m.next_step,
            "next_step_text": m.next_step_text, "next_time": m.next_time.isoformat() if m.next_time else None,
            "distance_km": None if m.distance_km is None else round(m.distance_km, 1),
            "hours_known": m.hours_known, "waiting_list": m.waiting_list, "reasons": list(m.reasons)}


class Handoffs:
    def __init__(self, kit: Kit, directory: DirectoryStore, store: HandoffStore) -> None:
        self.kit = kit
        self.directory = directory
        self.store = store
        self._services: tuple[float, list[dict[str, Any]]] | None = None
        c = kit.config
        self.lookups = Budget(c.code_lookups_per_ip_per_min / 60, c.code_lookups_per_ip_burst)
        self.tickets = Budget(c.handoff_tickets_per_ip_per_h / 3600, c.handoff_tickets_per_ip_burst)
        self._holder_locks = [asyncio.Lock() for _ in range(_HOLDER_LOCKS)]

    # -- limits ---------------------------------------------------------------------------
    def lookup_wait(self, address: str, now: float) -> float:
        """0 if the address (a salted hash) may look a code up now; else seconds to wait."""
        if self.lookups.take(address, now):
            return 0.0
        return max(self.lookups.retry_after(address), 0.001)

    def ticket_wait(self, address: str) -> float:
        return self.tickets.retry_after(address)

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        self.kit.bus.subscribe(HANDOFF_KEY, self._delivered)  # the periodic pass is `housekeeping` (server/realtime/jobs.py)

    async def housekeeping(self, now_ms: int) -> dict[str, int]:
        """One pass of the `handoffs` job: unanswered requests expire, idle open handoffs are closed, and the
        contact data of handoffs closed `contact_retention_days` ago is deleted."""
        return {"expired": await self.expire(now_ms), "idle_closed": await self.close_idle(now_ms),
                "contacts_purged": await self.store.purge_contacts(now_ms, self.kit.config.contact_retention_days)}

    # -- matching -----------------------------------------------------------------------
    async def services(self) -> list[dict[str, Any]]:
        """Every active service as the matcher reads it (cached for 30 s)."""
        now = time.monotonic()
        if self._services is None or now - self._services[0] > SERVICES_TTL_S:
            self._services = (now, await self.directory.all_services())
        return self._services[1]

    async def match(self, profile: Profile, now: dt.datetime, limit: int = 5) -> list[Match]:
        return match(await self.services(), profile, now, load_municipalities(), limit)

    async def alternatives(self, h: Handoff, now: dt.datetime) -> list[Match]:
        """Two other places like the one that could not take the visitor (another organisation)."""
        concerns, interests = tickets.alternatives_terms(await self.directory.service(h.service_id))
        profile = Profile(concerns=concerns, interests=interests, age_band=h.age_band,
                          municipality=h.municipality_code)
        found = [m for m in await self.match(profile, now, 10) if m.organization_id != h.organization_id]
        return found[:2]

    # -- the visitor ----------------------------------------------------------------------
    async def begin(self, req: StartRequest, now_ms: int, holder: str | None = None,
                    address: str | None = None) -> dict[str, Any] | Refused:
        """`holder`: `holder_of` the asking device, if known; `address`: the salted address hash, if known."""
        if holder is None:
            return await self._begin(req, now_ms, None, address)
        async with self._holder_locks[int(holder[:8], 16) % _HOLDER_LOCKS]:
            return await self._begin(req, now_ms, holder, address)

    async def _begin(self, req: StartRequest, now_ms: int, holder: str | None,
                     address: str | None) -> dict[str, Any] | Refused:
        doc = await self.directory.service(req.service_id)
        refused = tickets.start_refusal(doc, req)
        if refused is not None:
            return refused
        assert doc is not None  # start_refusal: a missing service is refused
        if req.mode == "info":
            await self.store.count_info(req.service_id, now_ms)
            return {"mode": "info", "service_id": req.service_id}
        if address is not None and not self.tickets.take(address, now_ms / 1000):
            return Refused("ticket_limit", "ticket_limit")
        created = await self.store.create(mode=req.mode, service_id=req.service_id,
                                          organization_id=doc["organization"]["id"], seats=tickets.seats_of(doc),
                                          municipality_code=req.municipality, age_band=tickets.band_of(req),
                                          proposed_ms=tickets.event_start_ms(doc), contact=tickets.shared_of(req),
                                          guardian_consent=req.guardian_consent, at_ms=now_ms, holder=holder)
        if isinstance(created, (Refused, Holding)) and address is not None:
            self.tickets.refund(address)  # nothing was created: the attempt does not count
        if isinstance(created, Holding):
            return tickets.already_holding({**created.handoff.for_visitor(), "service": doc["name"],
                                            "organization": doc["organization"]["name"]})
        if isinstance(created, Refused):
            return created
        self._notify(created, "handoff_new")
        return {**created.for_visitor(), "service": doc["name"], "organization": doc["organization"]["name"]}

    async def status(self, code: str, now: dt.datetime) -> dict[str, Any] | Refused:
        h = await self._by_code(code)
        if isinstance(h, Refused):
            return h
        out = h.for_visitor()
        if tickets.shows_alternatives(h.status, h.reason):
            out["alternatives"] = [match_json(m) for m in await self.alternatives(h, now)]
        out["follow_up_due"] = tickets.follow_up_due(h.status, h.follow_up, h.proposed_ms,
                                                     int(now.timestamp() * 1000))
        return out

    async def cancel(self, code: str, now_ms: int) -> dict[str, Any] | Refused:
        h = await self._by_code(code)
        if isinstance(h, Refused):
            return h
        moved = await self.store.move(h.id, "cancelled", "visitor", "visitor", now_ms)
        if isinstance(moved, Refused):
            return moved
        self._notify(moved, "handoff_cancelled")
        return moved.for_visitor()

    async def withdraw(self, code: str, now_ms: int) -> dict[str, Any] | Refused:
        """Consent withdrawn: what was shared is deleted now and the organisation is told."""
        h = await self._by_code(code)
        if isinstance(h, Refused):
            return h
        if not await self.store.withdraw_consent(h.id, now_ms):
            return tickets.NOTHING_SHARED
        self._notify(h, "handoff_consent_withdrawn")
        return {**h.for_visitor(), "shared": None}

    async def answer_follow_up(self, code: str, answer: str, now_ms: int) -> dict[str, Any] | Refused:
        refused = tickets.follow_up_refusal(answer)
        if refused is not None:
            return refused
        h = await self._by_code(code)
        if isinstance(h, Refused):
            return h
        await self.store.follow_up(h.id, answer, now_ms)
        return {"ok": True}

    async def _by_code(self, code: str) -> Handoff | Refused:
        normal = referral.normalize_code(code)
        h = await self.store.by_code(normal) if normal else None
        return h if h is not None else tickets.TICKET_UNKNOWN

    # -- the organisation -------------------------------------------------------------------
    async def act(self, organization_id: str | None, actor_role: str, handoff_id: str, action: str,
                  reason: str | None, proposed_ms: int | None, now_ms: int) -> dict[str, Any] | Refused:
        """accept, propose (a time; accepts too), decline, hold, resume, complete, fail, cancel."""
        h = await self.store.get(handoff_id)
        if h is None or not actions.in_organisation(organization_id, h.organization_id):
            return actions.NOT_YOURS
        step = actions.step_for(action, h.status, proposed_ms)
        if isinstance(step, Refused):
            return step
        if step.propose:
            moved = await self.store.propose(h.id, proposed_ms, actor_role, now_ms)  # a new time, same status
        else:
            moved = await self.store.move(h.id, step.target, reason, actor_role, now_ms, proposed_ms,
                                          expect=step.expect)
        if isinstance(moved, Refused):
            return moved
        self._notify(moved, f"handoff_{moved.status}")
        return moved.for_host(await self.store.contact(moved.id))

    async def redeem(self, organization_id: str | None, actor_role: str, code: str, now_ms: int
                     ) -> dict[str, Any] | Refused:
        """The visitor arrived and showed the code: requested or accepted → in-progress."""
        h = await self._by_code(code)
        if isinstance(h, Refused) or not actions.in_organisation(organization_id, h.organization_id):
            return tickets.TICKET_UNKNOWN
        refused = actions.redeem_refusal(h.status)
        if refused is not None:
            return refused
        moved = await self.store.move(h.id, "in-progress", None, actor_role, now_ms)
        if isinstance(moved, Refused):
            return moved
        self._notify(moved, "handoff_in-progress")
        return moved.for_host(await self.store.contact(moved.id))

    async def expire(self, now_ms: int) -> int:
        """Requests left unanswered for `handoff_expire_days` are cancelled (expired); the visitor sees alternatives."""
        n = 0
        for h in await self.store.silent_since(actions.silent_since_ms(now_ms, self.kit.config.handoff_expire_days)):
            moved = await self.store.move(h.id, "cancelled", "expired", "system", now_ms, expect="requested")
            if not isinstance(moved, Refused):
                n += 1
                self._notify(moved, "handoff_expired")
        return n

    async def close_idle(self, now_ms: int) -> int:
        """Open handoffs with no event for `handoff_idle_days` (and no visit planned since) are cancelled (expired).

        An organisation that accepts a referral and never closes it would otherwise keep the
        visitor's contact forever: closing starts the usual `contact_retention_days` countdown.
        """
        n = 0
        for h in await self.store.idle_since(actions.silent_since_ms(now_ms, self.kit.config.handoff_idle_days)):
            moved = await self.store.move(h.id, "cancelled", "expired", "system", now_ms, expect=h.status)
            if not isinstance(moved, Refused):
                n += 1
                self._notify(moved, "handoff_expired")
        return n

    async def funnel(self, group: str, month: str | None) -> list[dict[str, Any]]:
        rows, infos, visits, accepted = await self.store.funnel_rows(month)
        services = await self.directory.all_services(include_inactive=True)
        return funnel_rules.funnel(_facts(rows), accepted, group, infos, visits,
                                   {s["id"]: s["organization"]["id"] for s in services})

    async def totals(self) -> dict[str, Any]:
        """The funnel over every handoff of all time, in one row (the indicators' measures)."""
        rows, infos, visits, accepted = await self.store.funnel_rows(None)
        return funnel_rules.summary("all", _facts(rows), accepted, sum(infos.values()), sum(visits.values()))

    # -- over /ws ---------------------------------------------------------------------------------
    async def handle(self, conn: "Connection", session: "Session", req: HandoffRequest) -> None:
        """The in-room flow: the same checks and answers as over HTTP, as `ok` or `error`."""
        now_ms = clock.now_ms()
        outcome: dict[str, Any] | Refused
        address = self.kit.address_hash(address_key(conn.peer))
        if req.kind == "status" and self.lookup_wait(address, clock.monotonic()):  # the same budget as HTTP
            self.kit.replies.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
            return
        if req.kind == "match":
            profile = profile_from(req.body)
            outcome = profile if isinstance(profile, Refused) else {
                "results": [match_json(m) for m in await self.match(profile, _utc(now_ms))]}
        elif req.kind == "start":
            start = start_from(req.body)
            outcome = start if isinstance(start, Refused) else await self.begin(
                start, now_ms, holder_of(session.user.device), address)
        else:
            outcome = await self.status(str(req.body.get("code", "")), _utc(now_ms))
        if isinstance(outcome, Refused):
            self.kit.replies.fail(conn, req.ref, outcome)
        else:
            self.kit.replies.ok(conn, req.ref, outcome)

    # -- telling the organisation --------------------------------------------------------------
    def _notify(self, h: Handoff, code: str) -> None:
        self.kit.bus.publish(HANDOFF_KEY, {"t": "handoff", "organization_id": h.organization_id,
                                            "code": code, "id": h.id, "status": h.status})

    def _delivered(self, key: str, event: dict[str, Any]) -> None:
        """On every node: a `notice` to this organisation's hosts connected here."""
        org = event.get("organization_id")
        for conn in list(self.kit.people.connections):
            s = conn.session
            if s is not None and actions.hears_of(s.user.role, s.user.organization, org):
                self.kit.replies.send(conn, {"t": "notice", "level": "info", "code": event["code"],
                                      "text": text_for(event["code"], conn.lang),
                                      "handoff": {"id": event["id"], "status": event["status"]}})


def _facts(rows: list[Handoff]) -> list[funnel_rules.HandoffFacts]:
    return [funnel_rules.HandoffFacts(h.id, h.service_id, h.organization_id, h.municipality_code, h.status,
                                      h.created_ms, h.responded_ms) for h in rows]


def _utc(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)

