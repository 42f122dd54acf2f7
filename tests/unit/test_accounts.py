"""Staff accounts on SQLite and PostgreSQL: passwords, tokens, expiry, revocation."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import threading

import pytest
from sqlalchemy import select

from server.store import accounts as accounts_module
from server.store.accounts import Account, AccountError, Accounts, hash_password, needs_rehash, verify_password
from server.store.schema import account, auth_token
from server.tokens import Identity

PASSWORD = "correct horse battery"
START_MS = 1_700_000_000_000


class FakeClock:
    def __init__(self, ms: int = START_MS) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database, clock) -> Accounts:
    return Accounts(database, token_ttl_s=3600, now_ms=clock)


async def _user(store: Accounts, name: str = "mod1", role: str = "moderator", org: str | None = None) -> Account:
    made = await store.create_user(name, PASSWORD, role, org)
    assert isinstance(made, Account), made
    return made


async def test_create_login_verify(store, clock):
    made = await _user(store, "Mod.One")
    assert made.username == "mod.one" and made.role == "moderator" and made.organization_id is None
    assert made.id.startswith("u_") and len(made.id) == 14 and not made.disabled
    result = await store.login("MOD.ONE", PASSWORD)
    assert isinstance(result, tuple), result
    token, who, expires = result
    assert who == made and expires == START_MS + 3600_000 and len(token) >= 43
    assert await store.verify(token) == Identity(made.id, "moderator")
    assert await store.account_for(token) == made
    again = await store.login("mod.one", PASSWORD)
    assert isinstance(again, tuple) and again[0] != token  # every login is its own session


async def test_host_carries_its_organization(store):
    host = await _user(store, "host1", "host", "org_kodomo")
    token, _, _ = await store.login("host1", PASSWORD)
    assert await store.verify(token) == Identity(host.id, "host", "org_kodomo")  # the booths it may host
    assert (await store.account_for(token)).organization_id == "org_kodomo"


async def test_wrong_password_and_unknown_user_look_the_same(store):
    await _user(store)
    wrong = await store.login("mod1", PASSWORD + "x")
    unknown = await store.login("nobody", PASSWORD)
    malformed = await store.login("no", PASSWORD)  # breaks the username rule: still the same answer
    assert wrong == unknown == malformed == AccountError("bad_credentials", wrong.message)


async def test_unknown_user_still_pays_for_the_kdf(store, monkeypatch):
    calls: list[str] = []
    real = accounts_module.verify_password
    monkeypatch.setattr(accounts_module, "verify_password", lambda pw, stored: calls.append(stored) or real(pw, stored))
    assert isinstance(await store.login("nobody", PASSWORD), AccountError)
    assert len(calls) == 1 and calls[0].startswith("scrypt$16384$8$1$")


async def test_token_expires(store, clock):
    await _user(store)
    token, _, expires = await store.login("mod1", PASSWORD)
    clock.ms = expires - 1
    assert await store.verify(token) is not None
    clock.ms = expires
    assert await store.verify(token) is None
    assert await store.account_for(token) is None


async def test_revoke_one_and_all(store):
    made = await _user(store)
    t1, _, _ = await store.login("mod1", PASSWORD)
    t2, _, _ = await store.login("mod1", PASSWORD)
    t3, _, _ = await store.login("mod1", PASSWORD)
    assert await store.revoke(t1) is True
    assert await store.revoke(t1) is False  # already revoked
    assert await store.revoke("never-issued") is False
    assert await store.verify(t1) is None and await store.verify(t2) is not None
    assert await store.revoke_all(made.id) == 2
    assert await store.verify(t2) is None and await store.verify(t3) is None


async def test_disabled_account(store):
    made = await _user(store)
    token, _, _ = await store.login("mod1", PASSWORD)
    assert await store.disable(made.id) is True
    assert await store.verify(token) is None
    assert (await store.login("mod1", PASSWORD)).code == "disabled"
    assert (await store.login("mod1", "a wrong password")).code == "bad_credentials"  # no hint without the password
    assert await store.disable("u_000000000000") is False


async def test_disable_ends_sessions_for_good(store, database):
    """Re-enabling an account (by hand, in the database) must not bring old tokens back."""
    made = await _user(store)
    token, _, _ = await store.login("mod1", PASSWORD)
    await store.disable(made.id)
    async with database.begin() as conn:
        await conn.execute(account.update().where(account.c.id == made.id).values(disabled=False))
    assert await store.verify(token) is None


async def test_forged_tokens(store):
    await _user(store)
    token, _, _ = await store.login("mod1", PASSWORD)
    for forged in ("", "x", token[:-1], token + "A", token.upper(), "a" * 10_000, "\x00" + token):
        assert await store.verify(forged) is None, forged
    assert await store.verify(None) is None  # type: ignore[arg-type]


async def test_tokens_are_stored_only_as_digests(store, database):
    await _user(store)
    token, _, _ = await store.login("mod1", PASSWORD)
    async with database.connect() as conn:
        rows = (await conn.execute(select(auth_token.c.token_hash))).scalars().all()
    assert len(rows) == 1 and rows[0] != token and len(rows[0]) == 64


@pytest.mark.parametrize("role, org, code", [
    ("host", None, "organization_required"),
    ("host", "", "organization_required"),
    ("moderator", "org_1", "bad_role"),
    ("visitor", None, "bad_role"),
    ("root", None, "bad_role"),
])
async def test_role_and_organization_rules(store, role, org, code):
    made = await store.create_user("someone", PASSWORD, role, org)
    assert isinstance(made, AccountError) and made.code == code


@pytest.mark.parametrize("name", ["ab", "x" * 33, "has space", "ümlaut", "名前です", "a/b", "", "semi;colon"])
async def test_bad_usernames(store, name):
    made = await store.create_user(name, PASSWORD, "admin")
    assert isinstance(made, AccountError) and made.code == "bad_username"


@pytest.mark.parametrize("password", ["short", "x" * 11, "y" * 201])
async def test_password_length(store, password):
    made = await store.create_user("admin1", password, "admin")
    assert isinstance(made, AccountError) and made.code == "weak_password"
    assert "12" in made.message or "200" in made.message


async def test_password_length_bounds_are_inclusive(store):
    assert isinstance(await store.create_user("admin1", "z" * 12, "admin"), Account)
    assert isinstance(await store.create_user("admin2", "z" * 200, "admin"), Account)


async def test_duplicate_username_also_by_case_and_width(store):
    await _user(store, "host1", "host", "org_1")
    for twin in ("host1", "HOST1", "Ｈｏｓｔ１", "ｈｏｓｔ1"):
        made = await store.create_user(twin, PASSWORD, "host", "org_2")
        assert isinstance(made, AccountError) and made.code == "username_taken", twin
    token, who, _ = await store.login("Ｈｏｓｔ１", PASSWORD)  # the full-width spelling logs in too
    assert who.username == "host1"


async def test_concurrent_creates_of_one_name_make_one_account(store):
    results = await asyncio.gather(*(store.create_user(n, PASSWORD, "admin") for n in ("twin", "TWIN", "ｔｗｉｎ")))
    assert sum(isinstance(r, Account) for r in results) == 1
    assert all(r.code == "username_taken" for r in results if isinstance(r, AccountError))


async def test_stored_hash_is_scrypt_and_salted(store, database):
    a = await _user(store, "mod1")
    b = await _user(store, "mod2")
    async with database.connect() as conn:
        hashes = dict((await conn.execute(select(account.c.id, account.c.password_hash))).all())
    assert hashes[a.id] != PASSWORD and PASSWORD not in hashes[a.id]
    assert hashes[a.id].startswith("scrypt$16384$8$1$")
    assert hashes[a.id] != hashes[b.id]  # same password, different salts


def test_hash_format_and_verification():
    stored = hash_password(PASSWORD)
    kind, n, r, p, salt, digest = stored.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    assert verify_password(PASSWORD, stored) and not verify_password(PASSWORD + "!", stored)
    assert not needs_rehash(stored)
    for broken in ("", "plain", "scrypt$16384$8$1$!!$!!", "scrypt$3$8$1$AAAA$AAAA", "bcrypt$x", f"scrypt$2$8$1${salt}"):
        assert not verify_password(PASSWORD, broken) and needs_rehash(broken)


def test_password_is_normalised_so_both_keyboards_work():
    stored = hash_password("ｐａｓｓｗｏｒｄ１２３４５")
    assert verify_password("password12345", stored)


async def test_cheaper_old_hashes_still_verify_and_are_upgraded(store, database):
    made = await _user(store)
    salt = os.urandom(16)
    old = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2 ** 10, r=8, p=1, dklen=32)
    weak = f"scrypt${2 ** 10}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(old).decode()}"
    async with database.begin() as conn:
        await conn.execute(account.update().where(account.c.id == made.id).values(password_hash=weak))
    assert isinstance(await store.login("mod1", PASSWORD), tuple)
    async with database.connect() as conn:
        now = (await conn.execute(select(account.c.password_hash))).scalar_one()
    assert now.startswith("scrypt$16384$8$1$") and verify_password(PASSWORD, now)


async def test_kdf_runs_off_the_event_loop_thread(store, monkeypatch):
    """Hashing takes tens of ms and 16 MiB: it must run in a worker thread, never on the loop's."""
    loop_thread = threading.get_ident()
    threads: list[tuple[str, int]] = []
    for name in ("hash_password", "verify_password"):
        real = getattr(accounts_module, name)

        def spy(*args, _real=real, _name=name):  # type: ignore[no-untyped-def]
            threads.append((_name, threading.get_ident()))
            return _real(*args)
        monkeypatch.setattr(accounts_module, name, spy)
    await _user(store)
    await store.login("mod1", PASSWORD)
    await store.login("nobody", PASSWORD)
    assert {n for n, _ in threads} == {"hash_password", "verify_password"}
    assert all(ident != loop_thread for _, ident in threads), threads


async def test_purge_expired(store, clock, database):
    made = await _user(store)
    old, _, expires = await store.login("mod1", PASSWORD)
    revoked, _, _ = await store.login("mod1", PASSWORD)
    await store.revoke(revoked)
    clock.ms = expires + 10
    live, _, _ = await store.login("mod1", PASSWORD)
    day = 24 * 3600 * 1000
    assert await store.purge_expired(expires + 10) == 0  # dead, but not for a day yet
    assert await store.purge_expired(expires + day + 1) == 2
    assert await store.verify(live) is not None
    async with database.connect() as conn:
        left = (await conn.execute(select(auth_token.c.account_id))).scalars().all()
    assert left == [made.id]
