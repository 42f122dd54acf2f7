"""Staff accounts (admin, moderator, host) and the login tokens they connect with.

Visitors stay anonymous and never get a row here. Passwords are kept only as
scrypt hashes and tokens only as sha256 digests, so a copy of the database
lets nobody log in. Every `verify` asks the database: nothing is cached, so a
revoked token or a disabled account stops working at once on every node.

Guessing is slowed at the login itself (`LoginLimits`): after a few wrong
passwords for one account, or many from one address, every further failure
doubles the wait (1 s, 2 s, 4 s … at most `LOGIN_BACKOFF_MAX_S`), answered
before any hash is computed; and at most `LOGIN_HASH_CONCURRENCY` hashes
(16 MiB each) are computed at once — a login that cannot get a slot within
`LOGIN_HASH_WAIT_S` is told the server is busy. Both are per node.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from rooms.roles import ACCOUNT_ROLES

from server import clock
from server.limits import Backoff
from server.store.schema import account, auth_token
from server.tokens import Identity

PASSWORD_MIN, PASSWORD_MAX = 12, 200
TOKEN_MAX = 256  # token_urlsafe(32) is 43 characters; anything much longer is not ours
PURGE_GRACE_MS = 24 * 3600 * 1000  # keep dead tokens a day, for "why was I logged out" questions

# scrypt cost: n=2**14, r=8 needs 16 MiB per hash. Stored with every hash so it can be raised later.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN, SALT_BYTES = 2 ** 14, 8, 1, 32, 16
_SCRYPT_MAX_N, _SCRYPT_MAX_R, _SCRYPT_MAX_P = 2 ** 20, 32, 16  # refuse absurd stored parameters (DoS)
_USERNAME = re.compile(r"[a-z0-9._-]{3,32}")


@dataclass(frozen=True)
class AccountError:
    """A refusal the caller shows or maps to a status; errors are values, not exceptions."""
    code: str  # bad_username weak_password username_taken bad_role organization_required bad_credentials disabled
    #            login_backoff busy
    message: str
    retry_after_s: float | None = None  # login_backoff, busy: when to try again


@dataclass(frozen=True)
class LoginLimits:
    """See the module docstring; the defaults are the config's."""
    free_failures: int = 5
    address_free_failures: int = 20
    backoff_max_s: float = 300.0
    hash_concurrency: int = 2
    hash_wait_s: float = 2.0

    @classmethod
    def from_config(cls, c: Any) -> "LoginLimits":
        return cls(c.login_free_failures, c.login_address_free_failures, c.login_backoff_max_s,
                   c.login_hash_concurrency, c.login_hash_wait_s)


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    role: str
    organization_id: str | None
    disabled: bool


def normalize_username(username: str) -> str | None:
    """NFKC + casefold, so "Ｈｏｓｔ１" and "host1" are one name; None if the result breaks the rule."""
    if not isinstance(username, str):
        return None
    name = unicodedata.normalize("NFKC", username).casefold()
    return name if _USERNAME.fullmatch(name) else None


def _normalize_password(password: str) -> str:
    # NFKC so the same password typed with a full-width IME or a half-width keyboard matches.
    return unicodedata.normalize("NFKC", password)


def password_problem(password: object) -> AccountError | None:
    if not isinstance(password, str):
        return AccountError("weak_password", "password must be text")
    n = len(_normalize_password(password))
    if n < PASSWORD_MIN:
        return AccountError("weak_password", f"password must be at least {PASSWORD_MIN} characters")
    if n > PASSWORD_MAX:
        return AccountError("weak_password", f"password must be at most {PASSWORD_MAX} characters")
    return None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(_normalize_password(password).encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=128 * r * (n + p + 2) + (1 << 20))


def hash_password(password: str) -> str:
    """Blocking (about 50 ms and 16 MiB): call it through `asyncio.to_thread`."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if not (1 < n <= _SCRYPT_MAX_N and n & (n - 1) == 0 and 0 < r <= _SCRYPT_MAX_R and 0 < p <= _SCRYPT_MAX_P
            and salt and 16 <= len(digest) <= 64):
        return None
    return n, r, p, salt, digest


def verify_password(password: str, stored: str) -> bool:
    """Blocking; constant-time comparison. A malformed stored hash never matches."""
    parsed = _parse(stored)
    if parsed is None or not isinstance(password, str):
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(digest)), digest)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P) or len(parsed[4]) != SCRYPT_DKLEN


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(row: Any) -> Account:
    return Account(row["id"], row["username"], row["role"], row["organization_id"], bool(row["disabled"]))


_dummy_hash: str | None = None


async def _dummy() -> str:
    """A real hash to check unknown usernames against, so they cost the same time as known ones."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = await asyncio.to_thread(hash_password, secrets.token_urlsafe(16))
    return _dummy_hash


class Accounts:
    """The account store. `now_ms` is injectable so tests move time instead of sleeping."""

    def __init__(self, engine: AsyncEngine, token_ttl_s: int = 12 * 3600,
                 now_ms: Callable[[], int] = clock.now_ms, limits: LoginLimits = LoginLimits(),
                 monotonic: Callable[[], float] = clock.monotonic) -> None:
        if token_ttl_s <= 0:
            raise ValueError("token_ttl_s must be positive")
        self.engine = engine
        self.token_ttl_ms = token_ttl_s * 1000
        self.now_ms = now_ms
        self.monotonic = monotonic
        self.limits = limits
        self.account_failures = Backoff(limits.free_failures, limits.backoff_max_s)
        self.address_failures = Backoff(limits.address_free_failures, limits.backoff_max_s)
        self._hash_slots = asyncio.Semaphore(limits.hash_concurrency)

    async def create_user(self, username: str, password: str, role: str,
                          organization_id: str | None = None) -> Account | AccountError:
        name = normalize_username(username)
        if name is None:
            return AccountError("bad_username", "username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'")
        if role not in ACCOUNT_ROLES:
            return AccountError("bad_role", f"role must be one of {', '.join(ACCOUNT_ROLES)}")
        org = organization_id or None
        if role == "host" and org is None:
            return AccountError("organization_required", "a host account needs an organization_id")
        if role != "host" and org is not None:
            return AccountError("bad_role", f"{role} accounts belong to no organization; only hosts do")
        if org is not None and (not isinstance(org, str) or len(org) > 64):
            return AccountError("organization_required", "organization_id must be text of at most 64 characters")
        problem = password_problem(password)
        if problem is not None:
            return problem
        async with self.engine.connect() as conn:  # cheap early answer before paying for the KDF
            if (await conn.execute(select(account.c.id).where(account.c.username == name))).first():
                return AccountError("username_taken", "that username is taken")
        password_hash = await asyncio.to_thread(hash_password, password)
        new = Account(f"u_{secrets.token_hex(6)}", name, role, org, False)
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(account).values(
                    id=new.id, username=name, role=role, organization_id=org, password_hash=password_hash,
                    created_ms=self.now_ms(), disabled=False))
        except IntegrityError:  # lost a race with another create of the same name
            return AccountError("username_taken", "that username is taken")
        return new

    async def by_username(self, username: str) -> Account | None:
        """The account of that (normalised) name, if any."""
        name = normalize_username(username)
        if name is None:
            return None
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(account).where(account.c.username == name))).mappings().first()
        return None if row is None else _account(row)

    async def usernames(self, account_ids: set[str]) -> dict[str, str]:
        """Account id → username, for showing staff by name (the audit trail); unknown ids are left out."""
        ids = [i for i in account_ids if isinstance(i, str) and i.startswith("u_")][:500]
        if not ids:
            return {}
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(account.c.id, account.c.username).where(account.c.id.in_(ids)))
            return {r.id: r.username for r in rows}

    async def set_password(self, account_id: str, password: str, *, enable: bool = False) -> AccountError | None:
        """A new password; every session of the account ends (whoever knew the old one is out).
        `enable` also lifts a disable (the demo accounts, disabled by a start without --demo)."""
        problem = password_problem(password)
        if problem is not None:
            return problem
        password_hash = await asyncio.to_thread(hash_password, password)
        values: dict[str, Any] = {"password_hash": password_hash}
        if enable:
            values["disabled"] = False
        async with self.engine.begin() as conn:
            await conn.execute(update(account).where(account.c.id == account_id).values(**values))
            await conn.execute(update(auth_token).where(auth_token.c.account_id == account_id,
                                                        auth_token.c.revoked_ms.is_(None))
                               .values(revoked_ms=self.now_ms()))
        return None

    async def login(self, username: str, password: str, address: str | None = None
                    ) -> tuple[str, Account, int] | AccountError:
        """A fresh token, its account and its expiry; one error for unknown user and wrong password.

        `address` is the caller's (hashed) address for the per-address backoff; None: not counted.
        """
        bad = AccountError("bad_credentials", "wrong username or password")
        name = normalize_username(username)
        who = "u:" + hashlib.sha256((name or str(username)[:64]).encode("utf-8", "replace")).hexdigest()[:24]
        where = f"a:{address}" if address else None
        now = self.monotonic()
        wait = max(self.account_failures.wait(who, now),
                   self.address_failures.wait(where, now) if where else 0.0)
        if wait > 0:  # refused before any hash is computed
            return AccountError("login_backoff", "too many failed logins; wait before trying again", wait)
        # counted as failures now, so attempts sent at the same moment count against each other
        self.account_failures.failed(who, now)
        if where:
            self.address_failures.failed(where, now)
        outcome = await self._login(name, password, bad)
        if isinstance(outcome, AccountError) and outcome.code == "busy":
            self.account_failures.undo(who)  # nothing was tried
            if where:
                self.address_failures.undo(where)
        elif not isinstance(outcome, AccountError) or outcome.code == "disabled":  # the password was right
            self.account_failures.succeeded(who)
            if where:
                self.address_failures.undo(where)
        return outcome

    async def _verify_bounded(self, password: str, stored: str) -> bool | None:
        """`verify_password` in a thread, at most `hash_concurrency` at once; None if no slot came in time."""
        try:
            await asyncio.wait_for(self._hash_slots.acquire(), self.limits.hash_wait_s)
        except asyncio.TimeoutError:
            return None
        try:
            return await asyncio.to_thread(verify_password, password, stored)
        finally:
            self._hash_slots.release()

    async def _login(self, name: str | None, password: str, bad: AccountError
                     ) -> tuple[str, Account, int] | AccountError:
        row = None
        if name is not None:
            async with self.engine.connect() as conn:
                row = (await conn.execute(select(account).where(account.c.username == name))).mappings().first()
        # Always pay for the KDF, so timing does not tell which usernames exist.
        stored = row["password_hash"] if row is not None else await _dummy()
        ok: bool | None = False
        if isinstance(password, str) and len(password) <= 4 * PASSWORD_MAX:
            ok = await self._verify_bounded(password, stored)
            if ok is None:
                return AccountError("busy", "too many logins at once; try again in a moment", 1.0)
        if row is None or not ok:
            return bad
        found = _account(row)
        if found.disabled:  # only said once the password proved who is asking
            return AccountError("disabled", "this account is disabled")
        # The cost was raised since this hash was made: upgrade it now that we know the password.
        new_hash = await asyncio.to_thread(hash_password, password) if needs_rehash(stored) else None
        token = secrets.token_urlsafe(32)
        now = self.now_ms()
        expires = now + self.token_ttl_ms
        async with self.engine.begin() as conn:
            await conn.execute(insert(auth_token).values(
                token_hash=_token_hash(token), account_id=found.id, created_ms=now, expires_ms=expires,
                revoked_ms=None))
            if new_hash is not None:
                await conn.execute(update(account).where(account.c.id == found.id).values(password_hash=new_hash))
        return token, found, expires

    async def account_for(self, token: str) -> Account | None:
        """The live account a token names; None if forged, expired, revoked or the account is disabled."""
        if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
            return None
        stmt = (select(account).join(auth_token, auth_token.c.account_id == account.c.id)
                .where(auth_token.c.token_hash == _token_hash(token), auth_token.c.revoked_ms.is_(None),
                       auth_token.c.expires_ms > self.now_ms(), account.c.disabled.is_(False)))
        async with self.engine.connect() as conn:
            row = (await conn.execute(stmt)).mappings().first()
        return None if row is None else _account(row)

    async def verify(self, token: str) -> Identity | None:
        """Same contract as `StaticTokens.verify`, so the handshake can use either."""
        found = await self.account_for(token)
        return None if found is None else Identity(found.id, found.role, found.organization_id)

    async def revoke(self, token: str) -> bool:
        """Log one session out; False if the token was unknown or already revoked."""
        if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
            return False
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(auth_token).where(auth_token.c.token_hash == _token_hash(token),
                                         auth_token.c.revoked_ms.is_(None)).values(revoked_ms=self.now_ms()))
        return result.rowcount > 0

    async def revoke_all(self, account_id: str) -> int:
        """Log every session of an account out (password change, lost laptop)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(auth_token).where(auth_token.c.account_id == account_id,
                                         auth_token.c.revoked_ms.is_(None)).values(revoked_ms=self.now_ms()))
        return result.rowcount

    async def disable(self, account_id: str) -> bool:
        """Lock an account out and end its sessions, so re-enabling it later does not revive old tokens."""
        now = self.now_ms()
        async with self.engine.begin() as conn:
            result = await conn.execute(update(account).where(account.c.id == account_id).values(disabled=True))
            await conn.execute(update(auth_token).where(auth_token.c.account_id == account_id,
                                                        auth_token.c.revoked_ms.is_(None)).values(revoked_ms=now))
        return result.rowcount > 0

    async def enable(self, account_id: str) -> bool:
        """Let a disabled account sign in again (its old sessions stay ended: `disable` revoked them)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(update(account).where(account.c.id == account_id).values(disabled=False))
        return result.rowcount > 0

    async def every_account(self, limit: int = 1000) -> list[Account]:
        """Every staff account, by role then name (the secretariat's accounts panel)."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(account).order_by(account.c.role, account.c.username)
                                       .limit(limit))).mappings()
            return [_account(r) for r in rows]

    async def by_id(self, account_id: str) -> Account | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(account).where(account.c.id == account_id))).mappings().first()
        return None if row is None else _account(row)

    async def purge_expired(self, now_ms: int) -> int:
        """Delete tokens that expired or were revoked more than a day before `now_ms`."""
        cutoff = now_ms - PURGE_GRACE_MS
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(auth_token).where(
                or_(auth_token.c.expires_ms < cutoff, auth_token.c.revoked_ms < cutoff)))
        return result.rowcount
