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
import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from booths import funnel as funnel_rules
from booths import referral
from booths.handoff_input import StartRequest, profile_from, start_from
from booths.handoff_requests import HandoffRequest
from booths.matcher import Match, Profile, match
from booths.municipalities import load_municipalities
from booths.referral import Refusal
from rooms.protocol import RATE_LIMITED

from server import clock
from server.store.directory import DirectoryStore
from server.store.handoffs import DAY_MS, Handoff, HandoffStore, Holding
from server.limits import Budget, address_key
from server.texts import say as text_for

if TYPE_CHECKING:
    from rooms.session import Session

    from server.realtime.connection import Connection
    from server.realtime.node import Node

log = logging.getLogger("tsunagaru.handoffs")
HANDOFF_KEY = "@handoffs"  # bus key: new handoffs and changes, delivered to the organisation's hosts on every node
SERVICES_TTL_S = 30.0
FOLLOW_UP_ANSWERS = ("went", "not_yet", "not_going")
JST = dt.timezone(dt.timedelta(hours=9))
TICKET_MODES = ("self_connect", "live_referral")
_HOLDER_LOCKS = 64  # striped: requests of one device on this node take their turn


@dataclass(frozen=True, slots=True)
class AlreadyHolding(Refusal):
    """One live ticket per device and service: the one the device already holds."""
    ticket: dict[str, Any] = field(default_factory=dict)


def holder_of(device_id: str | None) -> str | None:
    """What a handoff row keeps of the device that asked: a hash, never the device id itself."""
    return hashlib.sha256(f"holder|{device_id}".encode()).hexdigest()[:24] if device_id else None


def match_json(m: Match) -> dict[str, Any]:
    return {"service_id": m.service_id, "organization_id": m.organization_id, "name": m.name,
            "organization": m.organization, "explanation": m.explanation, "next_step": m.next_step,
            "next_step_text": m.next_step_text, "next_time": m.next_time.isoformat() if m.next_time else None,
            "distance_km": None if m.distance_km is None else round(m.distance_km, 1),
            "hours_known": m.hours_known, "waiting_list": m.waiting_list, "reasons": list(m.reasons)}


class Handoffs:
    def __init__(self, node: "Node", directory: DirectoryStore, store: HandoffStore) -> None:
        self.node = node
        self.directory = directory
        self.store = store
        self._services: tuple[float, list[dict[str, Any]]] | None = None
        c = node.config
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
        self.node.bus.subscribe(HANDOFF_KEY, self._delivered)  # the periodic pass is `housekeeping` (server/realtime/jobs.py)

    async def housekeeping(self, now_ms: int) -> dict[str, int]:
        """One pass of the `handoffs` job: unanswered requests expire, idle open handoffs are closed, and the
        contact data of handoffs closed `contact_retention_days` ago is deleted."""
        return {"expired": await self.expire(now_ms), "idle_closed": await self.close_idle(now_ms),
                "contacts_purged": await self.store.purge_contacts(now_ms, self.node.config.contact_retention_days)}

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
        doc = await self.directory.service(h.service_id)
        terms = [a["taxonomy_term_id"] for a in (doc or {}).get("attributes") or []]
        profile = Profile(concerns=tuple(t for t in terms if t.startswith("concern.")),
                          interests=tuple(t for t in terms if t.startswith("interest.")),
                          age_band=h.age_band, municipality=h.municipality_code)
        found = [m for m in await self.match(profile, now, 10) if m.organization_id != h.organization_id]
        return found[:2]

    # -- the visitor ----------------------------------------------------------------------
    async def begin(self, req: StartRequest, now_ms: int, holder: str | None = None,
                    address: str | None = None) -> dict[str, Any] | Refusal:
        """`holder`: `holder_of` the asking device, if known; `address`: the salted address hash, if known."""
        if holder is None:
            return await self._begin(req, now_ms, None, address)
        async with self._holder_locks[int(holder[:8], 16) % _HOLDER_LOCKS]:
            return await self._begin(req, now_ms, holder, address)

    async def _begin(self, req: StartRequest, now_ms: int, holder: str | None,
                     address: str | None) -> dict[str, Any] | Refusal:
        doc = await self.directory.service(req.service_id)
        if doc is None or doc.get("status") != "active":
            return Refusal("not_found", "そのサービスは見つかりませんでした。")
        if req.mode == "info":
            await self.store.count_info(req.service_id, now_ms)
            return {"mode": "info", "service_id": req.service_id}
        if req.mode == "live_referral":
            refused = referral.live_referral_refusal(req.age, req.age_band, req.guardian_consent)
            if refused is not None:
                return refused
            if doc.get("x_accepts_referrals") is False:
                return Refusal("no_referrals", "ここは紹介を受け付けていません。チケットで直接行く方法を選べます。")
        seats = _seats(doc)
        contact = None
        if req.mode == "live_referral":
            contact = {k: v for k, v in (("nickname", req.nickname), ("contact", req.contact)) if v}
        band = req.age_band or _band(req.age)
        if address is not None and not self.tickets.take(address, now_ms / 1000):
            return Refusal("ticket_limit", "このネットワークからのチケットの申し込みが多すぎます。時間をおいてもう一度どうぞ。")
        created = await self.store.create(mode=req.mode, service_id=req.service_id,
                                          organization_id=doc["organization"]["id"], seats=seats,
                                          municipality_code=req.municipality, age_band=band,
                                          proposed_ms=_event_start_ms(doc), contact=contact,
                                          guardian_consent=req.guardian_consent, at_ms=now_ms, holder=holder)
        if isinstance(created, (Refusal, Holding)) and address is not None:
            self.tickets.refund(address)  # nothing was created: the attempt does not count
        if isinstance(created, Holding):
            return AlreadyHolding("already_holding", "このサービスのチケットはもう持っています。",
                                  {**created.handoff.for_visitor(), "service": doc["name"],
                                   "organization": doc["organization"]["name"]})
        if isinstance(created, Refusal):
            return created
        self._notify(created, "handoff_new")
        return {**created.for_visitor(), "service": doc["name"], "organization": doc["organization"]["name"]}

    async def status(self, code: str, now: dt.datetime) -> dict[str, Any] | Refusal:
        h = await self._by_code(code)
        if isinstance(h, Refusal):
            return h
        out = h.for_visitor()
        if h.status in ("rejected", "cancelled") and h.reason != "visitor":
            out["alternatives"] = [match_json(m) for m in await self.alternatives(h, now)]
        visit_ms = h.proposed_ms
        out["follow_up_due"] = bool(h.follow_up is None and visit_ms is not None
                                    and h.status in ("accepted", "in-progress")
                                    and int(now.timestamp() * 1000) >= _next_day_ms(visit_ms))
        return out

    async def cancel(self, code: str, now_ms: int) -> dict[str, Any] | Refusal:
        h = await self._by_code(code)
        if isinstance(h, Refusal):
            return h
        moved = await self.store.move(h.id, "cancelled", "visitor", "visitor", now_ms)
        if isinstance(moved, Refusal):
            return moved
        self._notify(moved, "handoff_cancelled")
        return moved.for_visitor()

    async def withdraw(self, code: str, now_ms: int) -> dict[str, Any] | Refusal:
        """Consent withdrawn: what was shared is deleted now and the organisation is told."""
        h = await self._by_code(code)
        if isinstance(h, Refusal):
            return h
        if not await self.store.withdraw_consent(h.id, now_ms):
            return Refusal("nothing_shared", "このチケットで共有している情報はありません。")
        self._notify(h, "handoff_consent_withdrawn")
        return {**h.for_visitor(), "shared": None}

    async def answer_follow_up(self, code: str, answer: str, now_ms: int) -> dict[str, Any] | Refusal:
        if answer not in FOLLOW_UP_ANSWERS:
            return Refusal("bad_request", f"answer must be one of {', '.join(FOLLOW_UP_ANSWERS)}")
        h = await self._by_code(code)
        if isinstance(h, Refusal):
            return h
        await self.store.follow_up(h.id, answer, now_ms)
        return {"ok": True}

    async def _by_code(self, code: str) -> Handoff | Refusal:
        normal = referral.normalize_code(code)
        h = await self.store.by_code(normal) if normal else None
        return h if h is not None else Refusal("not_found", "そのチケットは見つかりませんでした。")

    # -- the organisation -------------------------------------------------------------------
    async def act(self, organization_id: str | None, actor_role: str, handoff_id: str, action: str,
                  reason: str | None, proposed_ms: int | None, now_ms: int) -> dict[str, Any] | Refusal:
        """accept, propose (a time; accepts too), decline, hold, resume, complete, fail, cancel."""
        h = await self.store.get(handoff_id)
        if h is None or (organization_id is not None and h.organization_id != organization_id):
            return Refusal("not_found", "no such handoff in your organisation")
        target = {"accept": "accepted", "propose": "accepted", "decline": "rejected", "hold": "on-hold",
                  "resume": "in-progress", "complete": "completed", "fail": "failed", "cancel": "cancelled"}.get(action)
        if target is None:
            return Refusal("bad_request", "unknown action")
        if action == "propose" and proposed_ms is None:
            return Refusal("bad_request", "propose needs a time")
        if action == "propose" and h.status in ("accepted", "in-progress", "on-hold"):
            moved = await self.store.propose(h.id, proposed_ms, actor_role, now_ms)  # a new time, same status
        else:
            # in-progress from requested/accepted happens only when the code is shown (redeem)
            expect = "on-hold" if action == "resume" else None
            moved = await self.store.move(h.id, target, reason, actor_role, now_ms, proposed_ms, expect=expect)
        if isinstance(moved, Refusal):
            return moved
        self._notify(moved, f"handoff_{moved.status}")
        return moved.for_host(await self.store.contact(moved.id))

    async def redeem(self, organization_id: str | None, actor_role: str, code: str, now_ms: int
                     ) -> dict[str, Any] | Refusal:
        """The visitor arrived and showed the code: requested or accepted → in-progress."""
        h = await self._by_code(code)
        if isinstance(h, Refusal) or (organization_id is not None and h.organization_id != organization_id):
            return Refusal("not_found", "そのチケットは見つかりませんでした。")
        if h.status not in ("requested", "accepted"):
            return Refusal("bad_transition", f"a {h.status} handoff cannot be redeemed")
        moved = await self.store.move(h.id, "in-progress", None, actor_role, now_ms)
        if isinstance(moved, Refusal):
            return moved
        self._notify(moved, "handoff_in-progress")
        return moved.for_host(await self.store.contact(moved.id))

    async def expire(self, now_ms: int) -> int:
        """Requests left unanswered for `handoff_expire_days` are cancelled (expired); the visitor sees alternatives."""
        n = 0
        for h in await self.store.silent_since(now_ms - self.node.config.handoff_expire_days * DAY_MS):
            moved = await self.store.move(h.id, "cancelled", "expired", "system", now_ms, expect="requested")
            if not isinstance(moved, Refusal):
                n += 1
                self._notify(moved, "handoff_expired")
        return n

    async def close_idle(self, now_ms: int) -> int:
        """Open handoffs with no event for `handoff_idle_days` (and no visit planned since) are cancelled (expired).

        An organisation that accepts a referral and never closes it would otherwise keep the
        visitor's contact forever: closing starts the usual `contact_retention_days` countdown.
        """
        n = 0
        for h in await self.store.idle_since(now_ms - self.node.config.handoff_idle_days * DAY_MS):
            moved = await self.store.move(h.id, "cancelled", "expired", "system", now_ms, expect=h.status)
            if not isinstance(moved, Refusal):
                n += 1
                self._notify(moved, "handoff_expired")
        return n

    async def funnel(self, group: str, month: str | None) -> list[dict[str, Any]]:
        rows, infos, visits, accepted = await self.store.funnel_rows(month)
        services = await self.directory.all_services(include_inactive=True)
        facts = [funnel_rules.HandoffFacts(h.id, h.service_id, h.organization_id, h.municipality_code, h.status,
                                           h.created_ms, h.responded_ms) for h in rows]
        return funnel_rules.funnel(facts, accepted, group, infos, visits,
                                   {s["id"]: s["organization"]["id"] for s in services})

    # -- over /ws ---------------------------------------------------------------------------------
    async def handle(self, conn: "Connection", session: "Session", req: HandoffRequest) -> None:
        """The in-room flow: the same checks and answers as over HTTP, as `ok` or `error`."""
        now_ms = clock.now_ms()
        outcome: dict[str, Any] | Refusal
        address = self.node.moderating.ip_hash(address_key(conn.peer))
        if req.kind == "status" and self.lookup_wait(address, clock.monotonic()):  # the same budget as HTTP
            self.node.send(conn, {"t": "error", "ref": req.ref, "code": RATE_LIMITED,
                                  "message": text_for("rate_limited", conn.lang)})
            return
        if req.kind == "match":
            profile = profile_from(req.body)
            outcome = profile if isinstance(profile, Refusal) else {
                "results": [match_json(m) for m in await self.match(profile, _utc(now_ms))]}
        elif req.kind == "start":
            start = start_from(req.body)
            outcome = start if isinstance(start, Refusal) else await self.begin(
                start, now_ms, holder_of(session.user.device), address)
        else:
            outcome = await self.status(str(req.body.get("code", "")), _utc(now_ms))
        if isinstance(outcome, AlreadyHolding):
            self.node.send(conn, {"t": "error", "ref": req.ref, "code": outcome.code, "message": outcome.message,
                                  "ticket": outcome.ticket})
        elif isinstance(outcome, Refusal):
            self.node.send(conn, {"t": "error", "ref": req.ref, "code": outcome.code, "message": outcome.message})
        else:
            self.node.ok(conn, req.ref, outcome)

    # -- telling the organisation --------------------------------------------------------------
    def _notify(self, h: Handoff, code: str) -> None:
        self.node.bus.publish(HANDOFF_KEY, {"t": "handoff", "organization_id": h.organization_id,
                                            "code": code, "id": h.id, "status": h.status})

    def _delivered(self, key: str, event: dict[str, Any]) -> None:
        """On every node: a `notice` to this organisation's hosts connected here."""
        org = event.get("organization_id")
        for conn in list(self.node.connections):
            s = conn.session
            if s is not None and s.user.role == "host" and s.user.organization == org:
                self.node.send(conn, {"t": "notice", "level": "info", "code": event["code"],
                                      "text": text_for(event["code"], conn.lang),
                                      "handoff": {"id": event["id"], "status": event["status"]}})


def _seats(doc: dict[str, Any]) -> int | None:
    """Seats of a capacity-limited event (its `capacities[].maximum`); None: no limit to keep."""
    if doc.get("x_kind") != "event":
        return None
    for cap in doc.get("capacities") or []:
        if isinstance(cap, dict) and isinstance(cap.get("maximum"), int) and cap["maximum"] > 0:
            return cap["maximum"]
    return None


def _event_start_ms(doc: dict[str, Any]) -> int | None:
    """An event's date, from a one-off schedule row (valid_from == valid_to); the visit date for the follow-up."""
    for row in doc.get("schedules") or []:
        if row.get("valid_from") and row.get("valid_from") == row.get("valid_to") and row.get("opens_at"):
            start = dt.datetime.fromisoformat(f"{row['valid_from']}T{row['opens_at']}")
            return int(start.timestamp() * 1000)
    return None


def _utc(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)


def _next_day_ms(ms: int) -> int:
    """The start of the day after `ms`, in Japan: when the gentle follow-up is due."""
    day = dt.datetime.fromtimestamp(ms / 1000, JST).date() + dt.timedelta(days=1)
    return int(dt.datetime.combine(day, dt.time(0, 0), JST).timestamp() * 1000)


def _band(age: int | None) -> str | None:
    if age is None:
        return None
    for band, hi in (("under_13", 12), ("13-15", 15), ("16-17", 17), ("18-24", 24), ("25-39", 39)):
        if age <= hi:
            return band
    return "40+"
