"""Membership applications and one-time sign-in codes (issue 15), in the database.

An application is stored apart from the directory's tables (`member_application`), so the
directory's search, map, events and /hsds endpoints cannot show it whatever their filters: an
organisation becomes public only when the secretariat approves and its public part is imported.
The contact person is personal data: it is read only by admins and erased
`CONTACT_RETENTION_DAYS` after the decision (approved, declined) or after the last change of an
application left waiting (docs/secretariat.md).

A sign-in code is shown once (to the admin who made the account) and kept as a sha256 digest; it
works once, within `CODE_TTL_DAYS`, and making a new one for the account voids the old.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import and_, delete, insert, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from booths.members import Application
from server import clock
from server.store.schema import member_application, sign_in_code

CONTACT_RETENTION_DAYS = 90
CODE_TTL_DAYS = 14
DAY_MS = 24 * 3600 * 1000
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied from a phone
OPEN = ("pending", "changes_requested")


@dataclass(frozen=True)
class StoredApplication:
    id: str
    status: str
    organization_id: str
    doc: dict[str, Any]
    contact: dict[str, Any] | None
    note: str | None
    created_ms: int
    decided_ms: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "organization_id": self.organization_id, **self.doc,
                "contact": self.contact, "note": self.note, "created_ms": self.created_ms,
                "decided_ms": self.decided_ms}


def new_code() -> str:
    """12 characters from a 32-letter alphabet (60 bits), shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _code_hash(code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"tsunagaru-sign-in|{plain}".encode()).hexdigest()


def _key_hash(key: str) -> str:
    return hashlib.sha256(f"tsunagaru-application|{key}".encode()).hexdigest()


def _parts(app: Application) -> dict[str, Any]:
    """The stored columns of a form: its public part (`doc`) and its contact person."""
    doc = {"name": app.name, "kind": app.kind, "corporate_number": app.corporate_number,
           "municipalities": list(app.municipalities), "tier": app.tier, "description": app.description,
           "wants_booth": app.wants_booth}
    return {"doc": doc, "contact": {"name": app.contact_name, "email": app.contact_email, "phone": app.contact_phone}}


def _stored(row: Any) -> StoredApplication:
    return StoredApplication(row["id"], row["status"], row["organization_id"], dict(row["doc"]), row["contact"],
                             row["note"], row["created_ms"], row["decided_ms"])


class MemberStore:
    """Applications and sign-in codes. `now_ms` is injectable so tests move time instead of sleeping."""

    def __init__(self, engine: AsyncEngine, now_ms: Callable[[], int] = clock.now_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms

    async def apply(self, app: Application) -> tuple[StoredApplication, str]:
        """A new pending application and its applicant's secret key (shown once); its organisation id is
        fixed now (`m-…`), public only once approved."""
        suffix, key = secrets.token_hex(5), secrets.token_urlsafe(16)
        row = {"id": f"a_{suffix}", "status": "pending", "organization_id": f"m-{suffix}", **_parts(app),
               "note": None, "created_ms": self.now_ms(), "decided_ms": None}
        async with self.engine.begin() as conn:
            await conn.execute(insert(member_application).values(**row, key_hash=_key_hash(key)))
        return _stored(row), key

    async def with_key(self, application_id: str, key: str) -> StoredApplication | None:
        """The application, if `key` is its applicant's (one answer for a wrong key and an unknown id)."""
        if not isinstance(key, str) or not 8 <= len(key) <= 64:
            return None
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(member_application).where(
                member_application.c.id == application_id,
                member_application.c.key_hash == _key_hash(key)))).mappings().first()
        return None if row is None else _stored(row)

    async def resubmit(self, application_id: str, app: Application) -> StoredApplication | None:
        """The corrected form of an application asked for changes: pending again; None if not asked."""
        c = member_application.c
        async with self.engine.begin() as conn:
            result = await conn.execute(update(member_application).where(
                c.id == application_id, c.status == "changes_requested")
                .values(**_parts(app), status="pending", decided_ms=None))
        return await self.get(application_id) if result.rowcount else None

    async def get(self, application_id: str) -> StoredApplication | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(member_application).where(
                member_application.c.id == application_id))).mappings().first()
        return None if row is None else _stored(row)

    async def queue(self, status: str | None = None, limit: int = 200) -> list[StoredApplication]:
        """Applications, the open ones first, oldest first within a status (the order they are reviewed in)."""
        stmt = select(member_application).order_by(member_application.c.created_ms).limit(limit)
        if status is not None:
            stmt = stmt.where(member_application.c.status == status)
        async with self.engine.connect() as conn:
            rows = [_stored(r) for r in (await conn.execute(stmt)).mappings()]
        return sorted(rows, key=lambda a: (a.status not in OPEN, a.created_ms))

    async def decide(self, application_id: str, status: str, note: str | None) -> StoredApplication | None:
        """Move an open application to `status`; None if it is not open any more (decided elsewhere)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(update(member_application).where(
                member_application.c.id == application_id, member_application.c.status.in_(OPEN))
                .values(status=status, note=note, decided_ms=self.now_ms()))
        return await self.get(application_id) if result.rowcount else None

    async def purge_contacts(self, now_ms: int | None = None) -> int:
        """Erase the contact person of applications decided (or left) more than the retention period ago."""
        cutoff = (self.now_ms() if now_ms is None else now_ms) - CONTACT_RETENTION_DAYS * DAY_MS
        c = member_application.c
        async with self.engine.begin() as conn:
            result = await conn.execute(update(member_application).where(
                c.contact.is_not(None),
                or_(and_(c.decided_ms.is_not(None), c.decided_ms < cutoff),
                    and_(c.decided_ms.is_(None), c.created_ms < cutoff))).values(contact=null()))  # SQL NULL
        return result.rowcount

    # -- one-time sign-in codes ---------------------------------------------------------------
    async def issue_code(self, account_id: str) -> tuple[str, int]:
        """A fresh code for the account (its earlier ones stop working) and when it expires."""
        code, now = new_code(), self.now_ms()
        expires = now + CODE_TTL_DAYS * DAY_MS
        async with self.engine.begin() as conn:
            await conn.execute(delete(sign_in_code).where(sign_in_code.c.account_id == account_id))
            await conn.execute(insert(sign_in_code).values(code_hash=_code_hash(code), account_id=account_id,
                                                           created_ms=now, expires_ms=expires, used_ms=None))
        return code, expires

    async def spend_code(self, code: str) -> str | None:
        """The account a live, unused code names, the code spent at once (a second use finds nothing)."""
        if not isinstance(code, str) or not 4 <= len(code) <= 40:
            return None
        digest, now = _code_hash(code), self.now_ms()
        async with self.engine.begin() as conn:
            result = await conn.execute(update(sign_in_code).where(
                sign_in_code.c.code_hash == digest, sign_in_code.c.used_ms.is_(None),
                sign_in_code.c.expires_ms > now).values(used_ms=now))
            if not result.rowcount:
                return None
            return (await conn.execute(select(sign_in_code.c.account_id).where(
                sign_in_code.c.code_hash == digest))).scalar()
