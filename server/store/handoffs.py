"""Handoffs in the database: requests, transitions as append-only events, seats, consent data, counts.

Every change of status is one row in `handoff_event`, written in the same
transaction as the change. Seats of a capacity-limited event are taken with
one conditional UPDATE (`taken < seats`), so however many visitors ask at the
same moment, no more handoffs hold a seat than there are seats.

A ticket asked for by a known device carries `holder` (a hash of the device
id): one device holds at most one live ticket per service. For an event with
seats the check runs after the seat row is locked by the UPDATE, so two
requests from one device at the same moment cannot both pass it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths import referral
from booths.handoff_actions import DAY_MS, RESPONDERS
from rooms.jst import JST
from rooms.refusal import Refused
from rooms.session import new_id

from server.store.schema import (booth, booth_visit, handoff, handoff_contact, handoff_count, handoff_event, service,
                                 service_seat)



@dataclass(slots=True, frozen=True)
class Handoff:
    id: str
    code: str
    mode: str
    service_id: str
    organization_id: str
    municipality_code: str | None
    age_band: str | None
    status: str
    reason: str | None
    proposed_ms: int | None
    holds_seat: bool
    created_ms: int
    responded_ms: int | None
    closed_ms: int | None
    follow_up: str | None

    def for_visitor(self) -> dict[str, Any]:
        return {"code": referral.display_code(self.code), "mode": self.mode, "service_id": self.service_id,
                "status": self.status, "reason": self.reason, "proposed_ms": self.proposed_ms,
                "follow_up": self.follow_up}

    def for_host(self, contact: dict[str, Any] | None, service_name: str | None = None) -> dict[str, Any]:
        """`service_name`: which activity the ticket is for, as the host named it (None if it was removed)."""
        return {"id": self.id, "code": referral.display_code(self.code), "mode": self.mode,
                "service_id": self.service_id, "service_name": service_name, "status": self.status,
                "reason": self.reason,
                "proposed_ms": self.proposed_ms, "created_ms": self.created_ms, "age_band": self.age_band,
                "municipality_code": self.municipality_code, "shared": contact}

_UNKNOWN = Refused("not_found", "handoff_unknown")


def _handoff(row: Any) -> Handoff:
    return Handoff(row["id"], row["code"], row["mode"], row["service_id"], row["organization_id"],
                   row["municipality_code"], row["age_band"], row["status"], row["reason"], row["proposed_ms"],
                   row["holds_seat"], row["created_ms"], row["responded_ms"], row["closed_ms"], row["follow_up"])


@dataclass(slots=True, frozen=True)
class Holding:
    """The device already holds this live ticket for the service: nothing was created."""
    handoff: Handoff


class _Holding(Exception):
    def __init__(self, h: Handoff) -> None:
        self.handoff = h


def month_of(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, JST).strftime("%Y-%m")


class HandoffStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    # -- creating ---------------------------------------------------------------------------
    async def count_info(self, service_id: str, at_ms: int) -> None:
        """An "information only" handoff: one more in the month's count, nothing about the person."""
        month = month_of(at_ms)
        async with self.engine.begin() as conn:
            result = await conn.execute(update(handoff_count)
                                        .where(handoff_count.c.service_id == service_id, handoff_count.c.month == month)
                                        .values(count=handoff_count.c.count + 1))
            if result.rowcount == 0:
                try:
                    async with conn.begin_nested():
                        await conn.execute(insert(handoff_count).values(service_id=service_id, month=month, count=1))
                except IntegrityError:  # another request made the row first
                    await conn.execute(update(handoff_count)
                                       .where(handoff_count.c.service_id == service_id,
                                              handoff_count.c.month == month)
                                       .values(count=handoff_count.c.count + 1))

    async def create(self, *, mode: str, service_id: str, organization_id: str, seats: int | None,
                     municipality_code: str | None, age_band: str | None, proposed_ms: int | None,
                     contact: dict[str, Any] | None, guardian_consent: bool, at_ms: int,
                     holder: str | None = None) -> Handoff | Refused | Holding:
        """A new handoff in status `requested`; with `seats`, only if a seat is free; with `holder`,
        only if that device holds no live ticket for the service (else `Holding` names the one it has)."""
        try:
            return await self._create(mode=mode, service_id=service_id, organization_id=organization_id,
                                      seats=seats, municipality_code=municipality_code, age_band=age_band,
                                      proposed_ms=proposed_ms, contact=contact, guardian_consent=guardian_consent,
                                      at_ms=at_ms, holder=holder)
        except _Holding as held:  # raised inside the transaction: the seat taken for it is given back
            return Holding(held.handoff)

    async def _create(self, *, mode: str, service_id: str, organization_id: str, seats: int | None,
                      municipality_code: str | None, age_band: str | None, proposed_ms: int | None,
                      contact: dict[str, Any] | None, guardian_consent: bool, at_ms: int,
                      holder: str | None) -> Handoff | Refused:
        async with self.engine.begin() as conn:
            if seats is not None and not await self._take_seat(conn, service_id, seats):
                return Refused("full", "full")
            if holder is not None:
                live = (await conn.execute(select(handoff).where(
                    handoff.c.service_id == service_id, handoff.c.holder == holder,
                    handoff.c.status.not_in(tuple(referral.TERMINAL))).limit(1))).mappings().first()
                if live is not None:
                    raise _Holding(_handoff(live))
            for _ in range(5):
                code = referral.new_code()
                taken = (await conn.execute(select(handoff.c.id).where(handoff.c.code == code))).first()
                if not taken:
                    break
            row = {"id": new_id("h_")[:24], "code": code, "mode": mode, "service_id": service_id,
                   "organization_id": organization_id, "municipality_code": municipality_code, "age_band": age_band,
                   "status": "requested", "reason": None, "proposed_ms": proposed_ms, "holds_seat": seats is not None,
                   "created_ms": at_ms, "responded_ms": None, "closed_ms": None, "follow_up": None,
                   "holder": holder}
            await conn.execute(insert(handoff).values(**row))
            if contact is not None:
                await conn.execute(insert(handoff_contact).values(handoff_id=row["id"], shared=contact,
                                                                  guardian_consent=guardian_consent,
                                                                  consented_ms=at_ms))
            await self._event(conn, row["id"], at_ms, "visitor", None, "requested", None,
                              {"mode": mode, "shared": sorted(contact) if contact else []})
        return _handoff(row)

    async def _take_seat(self, conn: AsyncConnection, service_id: str, seats: int) -> bool:
        exists = (await conn.execute(select(service_seat.c.seats).where(service_seat.c.service_id == service_id))).first()
        if exists is None:
            try:
                async with conn.begin_nested():
                    await conn.execute(insert(service_seat).values(service_id=service_id, seats=seats, taken=0))
            except IntegrityError:
                pass  # made by a request at the same moment
        elif exists.seats != seats:  # the directory changed the capacity
            await conn.execute(update(service_seat).where(service_seat.c.service_id == service_id).values(seats=seats))
        result = await conn.execute(update(service_seat)
                                    .where(service_seat.c.service_id == service_id,
                                           service_seat.c.taken < service_seat.c.seats)
                                    .values(taken=service_seat.c.taken + 1))
        return result.rowcount == 1

    async def seats_taken(self, service_id: str) -> int:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(service_seat.c.taken).where(service_seat.c.service_id == service_id))).first()
        return row.taken if row else 0

    # -- reading ----------------------------------------------------------------------------
    async def by_code(self, code: str) -> Handoff | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(handoff).where(handoff.c.code == code))).mappings().first()
        return _handoff(row) if row else None

    async def get(self, handoff_id: str) -> Handoff | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(handoff).where(handoff.c.id == handoff_id))).mappings().first()
        return _handoff(row) if row else None

    async def contact(self, handoff_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(handoff_contact.c.shared)
                                      .where(handoff_contact.c.handoff_id == handoff_id))).first()
        return dict(row.shared) if row else None

    async def inbox(self, organization_id: str, open_only: bool = True) -> list[dict[str, Any]]:
        where = [handoff.c.organization_id == organization_id]
        if open_only:
            where.append(handoff.c.status.not_in(tuple(referral.TERMINAL)))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(handoff).where(*where).order_by(handoff.c.created_ms))).mappings().all()
            contacts = {r.handoff_id: dict(r.shared) for r in await conn.execute(
                select(handoff_contact).where(handoff_contact.c.handoff_id.in_([r["id"] for r in rows])))}
            names = {r.id: r.name for r in await conn.execute(
                select(service.c.id, service.c.name).where(service.c.id.in_({r["service_id"] for r in rows})))}
        return [_handoff(r).for_host(contacts.get(r["id"]), names.get(r["service_id"])) for r in rows]

    async def events(self, handoff_id: str) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(handoff_event).where(handoff_event.c.handoff_id == handoff_id)
                                       .order_by(handoff_event.c.id))).mappings().all()
        return [{"at_ms": r["at_ms"], "actor_role": r["actor_role"], "from": r["from_status"], "to": r["to_status"],
                 "reason": r["reason"], "detail": r["detail"]} for r in rows]

    # -- changing ---------------------------------------------------------------------------
    async def move(self, handoff_id: str, target: str, reason: str | None, actor_role: str, at_ms: int,
                   proposed_ms: int | None = None, expect: str | None = None) -> Handoff | Refused:
        """One status change, checked against the lifecycle, with its event; seats are given back at the end."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(handoff).where(handoff.c.id == handoff_id))).mappings().first()
            if row is None:
                return _UNKNOWN
            current = row["status"]
            if expect is not None and current != expect:
                return referral.not_now(current, target)
            refused = referral.transition(current, target, reason)
            if refused is not None:
                return refused
            values: dict[str, Any] = {"status": target, "reason": reason if target in referral.NEEDS_REASON else None}
            if proposed_ms is not None:
                values["proposed_ms"] = proposed_ms
            if row["responded_ms"] is None and actor_role in RESPONDERS:
                values["responded_ms"] = at_ms
            if target in referral.TERMINAL:
                values["closed_ms"] = at_ms
            # only this status may change it: two hosts answering at once cannot both win
            result = await conn.execute(update(handoff).where(handoff.c.id == handoff_id, handoff.c.status == current)
                                        .values(**values))
            if result.rowcount != 1:
                return Refused("conflict", "handoff_changed")
            if target in ("rejected", "cancelled", "failed") and row["holds_seat"]:
                await conn.execute(update(service_seat).where(service_seat.c.service_id == row["service_id"],
                                                              service_seat.c.taken > 0)
                                   .values(taken=service_seat.c.taken - 1))
            await self._event(conn, handoff_id, at_ms, actor_role, current, target, reason,
                              {"proposed_ms": proposed_ms} if proposed_ms else {})
            row = (await conn.execute(select(handoff).where(handoff.c.id == handoff_id))).mappings().one()
        return _handoff(row)

    async def propose(self, handoff_id: str, proposed_ms: int | None, actor_role: str, at_ms: int) -> Handoff | Refused:
        """A (new) time from the organisation; the status does not change, the event records it."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(handoff).where(handoff.c.id == handoff_id))).mappings().first()
            if row is None:
                return _UNKNOWN
            values: dict[str, Any] = {"proposed_ms": proposed_ms}
            if row["responded_ms"] is None:
                values["responded_ms"] = at_ms
            await conn.execute(update(handoff).where(handoff.c.id == handoff_id).values(**values))
            await self._event(conn, handoff_id, at_ms, actor_role, row["status"], row["status"], None,
                              {"proposed_ms": proposed_ms})
            row = (await conn.execute(select(handoff).where(handoff.c.id == handoff_id))).mappings().one()
        return _handoff(row)

    async def withdraw_consent(self, handoff_id: str, at_ms: int) -> bool:
        """The shared data is deleted now; the events stay (they hold no personal data)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(handoff_contact).where(handoff_contact.c.handoff_id == handoff_id))
            if result.rowcount == 0:
                return False
            status = (await conn.execute(select(handoff.c.status).where(handoff.c.id == handoff_id))).scalar_one()
            await self._event(conn, handoff_id, at_ms, "visitor", status, status, None, {"consent": "withdrawn"})
        return True

    async def follow_up(self, handoff_id: str, answer: str, at_ms: int) -> None:
        async with self.engine.begin() as conn:
            status = (await conn.execute(select(handoff.c.status).where(handoff.c.id == handoff_id))).scalar_one()
            await conn.execute(update(handoff).where(handoff.c.id == handoff_id).values(follow_up=answer))
            await self._event(conn, handoff_id, at_ms, "visitor", status, status, None, {"follow_up": answer})

    async def _event(self, conn: AsyncConnection, handoff_id: str, at_ms: int, actor_role: str, before: str | None,
                     after: str, reason: str | None, detail: dict[str, Any]) -> None:
        await conn.execute(insert(handoff_event).values(handoff_id=handoff_id, at_ms=at_ms, actor_role=actor_role,
                                                        from_status=before, to_status=after, reason=reason,
                                                        detail=detail))

    # -- scheduled jobs -----------------------------------------------------------------------
    async def silent_since(self, before_ms: int) -> list[Handoff]:
        """Requests the organisation has not answered since `before_ms`."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(handoff).where(handoff.c.status == "requested",
                                                             handoff.c.created_ms < before_ms))).mappings().all()
        return [_handoff(r) for r in rows]

    async def idle_since(self, before_ms: int) -> list[Handoff]:
        """Open handoffs with no event since `before_ms` and no visit planned after it (`proposed_ms`)."""
        last_event = (select(func.max(handoff_event.c.at_ms)).where(handoff_event.c.handoff_id == handoff.c.id)
                      .scalar_subquery())
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(handoff).where(
                handoff.c.status.not_in(tuple(referral.TERMINAL)),
                func.coalesce(last_event, handoff.c.created_ms) < before_ms,
                or_(handoff.c.proposed_ms.is_(None), handoff.c.proposed_ms < before_ms)))).mappings().all()
        return [_handoff(r) for r in rows]

    async def purge_contacts(self, now_ms: int, retention_days: int) -> int:
        """Contact data of handoffs closed more than `retention_days` ago is deleted; the rows stay, pseudonymous."""
        cutoff = now_ms - retention_days * DAY_MS
        async with self.engine.begin() as conn:
            closed = select(handoff.c.id).where(handoff.c.closed_ms.is_not(None), handoff.c.closed_ms < cutoff)
            result = await conn.execute(delete(handoff_contact).where(handoff_contact.c.handoff_id.in_(closed)))
        return result.rowcount or 0

    # -- figures ------------------------------------------------------------------------------
    async def funnel_rows(self, month: str | None) -> tuple[list[Handoff], dict[str, int], dict[str, int], set[str]]:
        """Handoffs (of a month), info counts per service, booth entries per organization, ever-accepted ids."""
        async with self.engine.connect() as conn:
            rows = [_handoff(r) for r in (await conn.execute(select(handoff))).mappings().all()]
            infos: dict[str, int] = {}
            q = select(handoff_count)
            if month:
                q = q.where(handoff_count.c.month == month)
            for r in await conn.execute(q):
                infos[r.service_id] = infos.get(r.service_id, 0) + r.count
            visits: dict[str, int] = {}
            for org, hour_ms, entries in await conn.execute(
                    select(booth.c.organization_id, booth_visit.c.hour_ms, booth_visit.c.entries)
                    .join(booth_visit, booth_visit.c.booth == booth.c.slug)):
                if not month or month_of(hour_ms) == month:
                    visits[org] = visits.get(org, 0) + entries
            accepted = {r.handoff_id for r in await conn.execute(
                select(handoff_event.c.handoff_id).where(handoff_event.c.to_status.in_(
                    ("accepted", "in-progress", "completed"))))}
        if month:
            rows = [h for h in rows if month_of(h.created_ms) == month]
        return rows, infos, visits, accepted

