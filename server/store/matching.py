"""Needs, offers and introductions (NPO–company matching, issue 16) in the database.

A listing is one row whose document is the member's `ListingInput`. An introduction moves only
through `booths.introductions.step`, with a conditional UPDATE (only from the status it was
read in, so two answers at once cannot both win) and one append-only `introduction_event` in
the same transaction, as handoffs do. Each side's contact person is its own row: written when
the side says yes, deleted in the same transaction as a decline or a cancel.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable

import msgspec
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths import introductions as rules
from booths.matching_listing import Listing, ListingInput
from rooms.refusal import Refused
from rooms.session import new_id
from server import clock
from server.store import migrate
from server.store.cases import CaseStore
from server.store.schema import introduction, introduction_contact, introduction_event, match_listing

_UNKNOWN = Refused("not_found", "intro_unknown")


@dataclass(frozen=True, slots=True)
class Introduction:
    id: str
    need_id: str
    offer_id: str
    asker: str
    answerer: str
    status: str
    reason: str | None
    message: str
    created_ms: int
    updated_ms: int
    nudged_ms: int | None

    @property
    def parties(self) -> rules.Parties:
        return rules.Parties(self.asker, self.answerer)


def _intro(row: Any) -> Introduction:
    return Introduction(row["id"], row["need_id"], row["offer_id"], row["asker"], row["answerer"], row["status"],
                        row["reason"], row["message"], row["created_ms"], row["updated_ms"], row["nudged_ms"])


def _doc(listing: ListingInput) -> dict[str, Any]:
    fields = {f: v for f, v in asdict(listing).items() if f in ListingInput.__dataclass_fields__}
    return msgspec.to_builtins(fields)  # type: ignore[no-any-return]


class MatchingStore:
    """`now_ms` is injectable so tests move time instead of sleeping."""

    def __init__(self, engine: AsyncEngine, now_ms: Callable[[], int] = clock.now_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms
        self.organization_names = CaseStore(engine).organization_names  # id → name, one query for many

    # -- needs and offers ---------------------------------------------------------------------
    async def save(self, listing: ListingInput, listing_id: str | None = None) -> Listing:
        """A new listing (`listing_id` None) or the new text of one; its organisation never changes."""
        now = self.now_ms()
        async with self.engine.begin() as conn:
            listing_id = await self._save_in(conn, listing, listing_id, now)
        found = await self.get(listing_id)
        assert found is not None
        return found

    async def _save_in(self, conn: AsyncConnection, listing: ListingInput, listing_id: str | None, now: int) -> str:
        values = {"organization_id": listing.organization, "side": listing.side, "kind": listing.kind,
                  "status": listing.status, "doc": _doc(listing), "updated_ms": now}
        exists = listing_id is not None and (await conn.execute(
            select(match_listing.c.id).where(match_listing.c.id == listing_id))).first() is not None
        if exists:
            await conn.execute(update(match_listing).where(match_listing.c.id == listing_id).values(**values))
        else:
            listing_id = listing_id or new_id("l_")
            await conn.execute(insert(match_listing).values(id=listing_id, created_ms=now, **values))
        assert listing_id is not None
        return listing_id

    async def get(self, listing_id: str) -> Listing | None:
        found = await self.listings(ids=[listing_id])
        return found[0] if found else None

    async def listings(self, side: str | None = None, status: str | None = None, organization: str | None = None,
                       ids: Iterable[str] | None = None) -> list[Listing]:
        """Listings that match every filter given, most recently changed first."""
        c = match_listing.c
        stmt = select(match_listing).order_by(c.updated_ms.desc(), c.id)
        for column, value in ((c.side, side), (c.status, status), (c.organization_id, organization)):
            if value is not None:
                stmt = stmt.where(column == value)
        if ids is not None:
            stmt = stmt.where(c.id.in_(list(ids)))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        names = await self.organization_names(r["organization_id"] for r in rows)
        return [Listing(**msgspec.convert(r["doc"], ListingInput).__dict__, id=r["id"], updated_ms=r["updated_ms"],
                        organization_name=names.get(r["organization_id"], "")) for r in rows]

    async def load_fixed(self, listings: list[tuple[str, ListingInput]]) -> int:
        """Store listings under fixed ids unless that is already their text (the demo loads this way), under
        the schema lock so that nodes starting together take turns. Answers how many were written."""
        written, now = 0, self.now_ms()
        async with self.engine.begin() as conn:
            await conn.run_sync(migrate.lock)
            for listing_id, listing in listings:
                doc = (await conn.execute(select(match_listing.c.doc).where(match_listing.c.id == listing_id))).scalar()
                if doc is not None and doc == _doc(listing):
                    continue
                await self._save_in(conn, listing, listing_id, now)
                written += 1
        return written

    # -- introductions ------------------------------------------------------------------------
    async def ask(self, need: Listing, offer: Listing, asker: str, message: str, contact: dict[str, Any],
                  actor_role: str) -> Introduction | Refused:
        """A new introduction between `need` and `offer`, asked by `asker` (one of their organisations)."""
        answerer = offer.organization if asker == need.organization else need.organization
        now, intro_id = self.now_ms(), new_id("i_")
        async with self.engine.begin() as conn:
            live = (await conn.execute(select(introduction.c.id).where(
                introduction.c.need_id == need.id, introduction.c.offer_id == offer.id,
                introduction.c.status.in_(rules.LIVE)))).first()
            if live is not None:
                return Refused("conflict", "intro_exists")
            await conn.execute(insert(introduction).values(
                id=intro_id, need_id=need.id, offer_id=offer.id, asker=asker, answerer=answerer, status="requested",
                reason=None, message=message, created_ms=now, updated_ms=now, nudged_ms=None))
            await conn.execute(insert(introduction_contact).values(introduction_id=intro_id, organization_id=asker,
                                                                   contact=contact))
            await self._event(conn, intro_id, now, actor_role, rules.ASKER, None, "requested", None, {})
        found = await self.get_introduction(intro_id)
        assert found is not None
        return found

    async def act(self, intro_id: str, action: str, part: str, actor_role: str, reason: str | None,
                  contact: dict[str, Any] | None = None) -> Introduction | Refused:
        """One step of the lifecycle, checked, with its event; a nudge changes nothing but `nudged_ms`."""
        now = self.now_ms()
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(introduction).where(introduction.c.id == intro_id))).mappings().first()
            if row is None:
                return _UNKNOWN
            current = row["status"]
            target = rules.step(current, action, reason)
            if isinstance(target, Refused):
                return target
            values: dict[str, Any] = {"updated_ms": now}
            if target is None:
                values["nudged_ms"] = now
            else:
                values.update(status=target, reason=reason.strip() if reason and reason.strip() else None)
            done = await conn.execute(update(introduction).where(introduction.c.id == intro_id,
                                                                 introduction.c.status == current).values(**values))
            if done.rowcount != 1:
                return Refused("conflict", "intro_changed")
            if target == "accepted" and contact is not None:
                await conn.execute(insert(introduction_contact).values(
                    introduction_id=intro_id, organization_id=row["answerer"], contact=contact))
            if target in rules.CONTACTS_DELETED:
                await conn.execute(delete(introduction_contact).where(
                    introduction_contact.c.introduction_id == intro_id))
            await self._event(conn, intro_id, now, actor_role, part, current, target or current, values.get("reason"),
                              {"action": action})
        return await self.get_introduction(intro_id) or _UNKNOWN

    async def _event(self, conn: AsyncConnection, intro_id: str, at_ms: int, actor_role: str, part: str,
                     before: str | None, after: str, reason: str | None, detail: dict[str, Any]) -> None:
        await conn.execute(insert(introduction_event).values(
            introduction_id=intro_id, at_ms=at_ms, actor_role=actor_role[:16], actor_part=part, from_status=before,
            to_status=after, reason=reason, detail=detail))

    async def get_introduction(self, intro_id: str) -> Introduction | None:
        found = await self.introductions(ids=[intro_id])
        return found[0] if found else None

    async def introductions(self, organization: str | None = None, status: str | None = None,
                            ids: Iterable[str] | None = None) -> list[Introduction]:
        """Introductions where `organization` is a side (None: all), most recently changed first."""
        c = introduction.c
        stmt = select(introduction).order_by(c.updated_ms.desc(), c.id)
        if organization is not None:
            stmt = stmt.where((c.asker == organization) | (c.answerer == organization))
        if status is not None:
            stmt = stmt.where(c.status == status)
        if ids is not None:
            stmt = stmt.where(c.id.in_(list(ids)))
        async with self.engine.connect() as conn:
            return [_intro(r) for r in (await conn.execute(stmt)).mappings()]

    async def purge_contacts(self, now_ms: int, retention_days: int) -> int:
        """Delete the contact persons of introductions that ended (completed, failed) `retention_days` ago:
        by then the two members have each other's address; the platform need not keep it. Events stay."""
        cutoff = now_ms - retention_days * 24 * 3600 * 1000
        ended = select(introduction.c.id).where(introduction.c.status.in_(("completed", "failed")),
                                                introduction.c.updated_ms < cutoff)
        async with self.engine.begin() as conn:
            done = await conn.execute(delete(introduction_contact).where(
                introduction_contact.c.introduction_id.in_(ended)))
        return done.rowcount

    async def contacts(self, intro_id: str) -> dict[str, dict[str, Any]]:
        """Organisation id → its contact person, as written (the caller decides who may see them)."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(introduction_contact).where(
                introduction_contact.c.introduction_id == intro_id))
            return {r.organization_id: dict(r.contact) for r in rows}

    async def events(self, intro_id: str) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(introduction_event).where(
                introduction_event.c.introduction_id == intro_id).order_by(introduction_event.c.id))).mappings()
            return [{"at_ms": r["at_ms"], "actor_role": r["actor_role"], "part": r["actor_part"],
                     "from": r["from_status"], "to": r["to_status"], "reason": r["reason"],
                     "action": (r["detail"] or {}).get("action", "ask")} for r in rows]
