"""Good-practice cases in the database: the current version of each, and every version ever written.

A change is never an UPDATE of history: each save inserts a `good_case_version` row (who, when,
the whole document, its status) and moves the `good_case` head to it, in one transaction. A save
that names the version it started from (`expected`) fails if someone saved in between, so two
editors cannot silently overwrite each other.
"""
from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any, Iterable

import msgspec
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from booths.cases import CaseInput, CaseRecord
from rooms.session import new_id

from server.store import migrate
from server.store.schema import good_case, good_case_version, organization


class VersionConflict(Exception):
    """The case changed since the version the editor started from."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def _doc(case: CaseInput) -> dict[str, Any]:
    fields = {f: v for f, v in asdict(case).items() if f in CaseInput.__dataclass_fields__}
    return msgspec.to_builtins(fields)  # type: ignore[no-any-return]


def _input(doc: dict[str, Any]) -> CaseInput:
    return msgspec.convert(doc, CaseInput)


class CaseStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def organization_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Member organisation id → name, for those of `ids` that exist."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(organization.c.id, organization.c.name)
                                      .where(organization.c.id.in_(wanted)))
            return {r.id: r.name for r in rows}

    async def save(self, case: CaseInput, actor: str, role: str, case_id: str | None = None,
                   expected: int | None = None, note: str | None = None) -> CaseRecord:
        """A new version of `case_id` (a new case when None). `expected`: the version the editor read;
        `note`: the secretariat's words with a status change, kept with this version."""
        now = _now_ms()
        async with self.engine.begin() as conn:
            case_id, version, doc = await self._save_in(conn, case, actor, role, case_id, expected, now, note)
        return (await self._records([(case_id, version, doc, now)]))[0]

    async def _save_in(self, conn: AsyncConnection, case: CaseInput, actor: str, role: str, case_id: str | None,
                       expected: int | None, now: int, note: str | None = None) -> tuple[str, int, dict[str, Any]]:
        doc = _doc(case)
        current = None
        if case_id is not None:
            current = (await conn.execute(select(good_case.c.version).where(good_case.c.id == case_id))).scalar()
        if current is None:
            case_id, version = case_id or new_id("c_"), 1
            try:
                await conn.execute(insert(good_case).values(id=case_id, version=1, status=case.status, doc=doc,
                                                            updated_ms=now))
            except IntegrityError:  # created by another save between our read and this write
                raise VersionConflict(case_id) from None
        else:
            if expected is not None and expected != current:
                raise VersionConflict(case_id)
            version = current + 1
            done = await conn.execute(update(good_case).where(good_case.c.id == case_id, good_case.c.version == current)
                                      .values(version=version, status=case.status, doc=doc, updated_ms=now))
            if done.rowcount != 1:  # another save moved the head between our read and this write
                raise VersionConflict(case_id)
        try:
            await conn.execute(insert(good_case_version).values(
                case_id=case_id, version=version, status=case.status, doc=doc, actor=actor[:64],
                actor_role=role[:16], at_ms=now, note=note[:1000] if note else None))
        except IntegrityError:
            raise VersionConflict(case_id) from None
        assert case_id is not None
        return case_id, version, doc

    async def get(self, case_id: str) -> CaseRecord | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(good_case).where(good_case.c.id == case_id))).first()
        if row is None:
            return None
        return (await self._records([(row.id, row.version, row.doc, row.updated_ms)]))[0]

    async def heads(self, statuses: Iterable[str]) -> list[CaseRecord]:
        """Every case now in one of `statuses`, most recently changed first."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(good_case).where(good_case.c.status.in_(list(statuses)))
                                       .order_by(good_case.c.updated_ms.desc(), good_case.c.id))).all()
        return await self._records([(r.id, r.version, r.doc, r.updated_ms) for r in rows])

    async def versions(self, case_id: str) -> list[dict[str, Any]]:
        """Every version of a case, oldest first: who (role), when, status, the secretariat's note (the documents
        stay in the table)."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(good_case_version.c.version, good_case_version.c.status,
                                             good_case_version.c.actor_role, good_case_version.c.at_ms,
                                             good_case_version.c.note)
                                      .where(good_case_version.c.case_id == case_id)
                                      .order_by(good_case_version.c.version))
            return [{"version": r.version, "status": r.status, "actor_role": r.actor_role, "at_ms": r.at_ms,
                     "note": r.note or ""} for r in rows]

    async def load_fixed(self, cases: list[tuple[str, CaseInput]], actor: str) -> int:
        """Store cases under fixed ids unless that is already their current text (the demo loads this way).

        One transaction under the schema lock, so nodes starting together take turns instead of
        colliding on the same ids. Answers how many new versions were written.
        """
        written, now = 0, _now_ms()
        async with self.engine.begin() as conn:
            await conn.run_sync(migrate.lock)
            for case_id, case in cases:
                doc = (await conn.execute(select(good_case.c.doc).where(good_case.c.id == case_id))).scalar()
                if doc is not None and _doc(_input(doc)) == _doc(case):
                    continue
                await self._save_in(conn, case, actor, "admin", case_id, None, now)
                written += 1
        return written

    async def _records(self, rows: list[tuple[str, int, dict[str, Any], int]]) -> list[CaseRecord]:
        names = await self.organization_names(o for _, _, doc, _ in rows for o in doc.get("organizations", []))
        out = []
        for case_id, version, doc, updated in rows:
            case = _input(doc)
            out.append(CaseRecord(**{f: getattr(case, f) for f in CaseInput.__dataclass_fields__}, id=case_id,
                                  version=version, updated_ms=updated,
                                  organization_names=[names.get(o, "") for o in case.organizations]))
        return out
