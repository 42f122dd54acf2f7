"""The demo festival's staff accounts: a host of one demo organisation, a moderator and an admin
(the secretariat, at /admin).

A demo must never be reachable with a known password, on a laptop or on a
server someone started with `--demo` by mistake: each start with `--demo`
gives both accounts a fresh random password (every older session ends), and
the runner prints it once on standard output, never in the logs. A start
without `--demo` disables them. An account of the same name that is not the
demo's (another role or organisation) is left alone and not printed.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from server.store.accounts import Account, AccountError, Accounts
from server.store.directory import DirectoryStore

log = logging.getLogger("tsunagaru.demo")

DEMO_HOST = "demo-host"
DEMO_MODERATOR = "demo-moderator"
DEMO_ADMIN = "demo-admin"
DEMO_HOST_BOOTH = "kawagoe-music"  # 川越ユースミュージック(架空), a demo member (booths/demo_directory.py)


@dataclass(frozen=True)
class DemoLogin:
    """What the ready banner prints: sign in at `path` with these."""
    username: str
    password: str
    role: str
    path: str  # /host, /mod or /admin
    booth: str | None = None


async def ensure_demo_accounts(accounts: Accounts, directory: DirectoryStore) -> list[DemoLogin]:
    """Create or reset the demo accounts; the ones that could be set up, each with its new password."""
    org = await directory.organization_id_for(DEMO_HOST_BOOTH)
    wanted: list[tuple[str, str, str | None, str, str | None]] = [(DEMO_MODERATOR, "moderator", None, "/mod", None),
                                                                  (DEMO_ADMIN, "admin", None, "/admin", None)]
    if org is not None:
        wanted.insert(0, (DEMO_HOST, "host", org, "/host", DEMO_HOST_BOOTH))
    logins = []
    for username, role, organization, path, booth in wanted:
        password = secrets.token_urlsafe(12)  # 16 characters, 96 bits
        if await _ensure(accounts, username, password, role, organization):
            logins.append(DemoLogin(username, password, role, path, booth))
    return logins


async def _ensure(accounts: Accounts, username: str, password: str, role: str, organization: str | None) -> bool:
    made = await accounts.create_user(username, password, role, organization)
    if isinstance(made, Account):
        return True
    if made.code != "username_taken":
        log.warning("demo account not created", extra={"username": username, "code": made.code})
        return False
    found = await accounts.by_username(username)
    if found is None or found.role != role or found.organization_id != organization:
        log.warning("an account with a demo name is not a demo account; left alone", extra={"username": username})
        return False
    problem: AccountError | None = await accounts.set_password(found.id, password, enable=True)
    return problem is None


async def disable_demo_accounts(accounts: Accounts) -> int:
    """A start without --demo: the demo accounts (if a demo ran on this database) sign nobody in."""
    count = 0
    for username, role in ((DEMO_HOST, "host"), (DEMO_MODERATOR, "moderator"), (DEMO_ADMIN, "admin")):
        found = await accounts.by_username(username)
        if found is not None and found.role == role and not found.disabled:
            count += await accounts.disable(found.id)
    if count:
        log.info("demo accounts disabled (started without --demo)", extra={"accounts": count})
    return count
