"""Who a bearer token (`hello.token`, `Authorization: Bearer`) names.

Staff log in with their accounts (`server/store/accounts.py`) and get expiring,
revocable tokens. Operators may also set service tokens for automation,
`STATIC_TOKENS="moderator:long-secret"`: they belong to no organisation, so
they cannot host a booth. Any other token is refused (4001 on `/ws`, 401 over
HTTP). Visitors send no token.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from rooms.roles import ROLES, VISITOR


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: str
    role: str
    organization: str | None = None  # a host's organisation


def token_digest(token: str) -> str:
    """How a token is named on the bus (a logout is pushed to every node) without sending the token."""
    return hashlib.sha256(f"tsunagaru-token|{token}".encode()).hexdigest()[:32]


class StaticTokens:
    def __init__(self, spec: str) -> None:
        self._by_token: dict[str, str] = {}
        for item in filter(None, (s.strip() for s in spec.split(","))):
            role, _, token = item.partition(":")
            if role not in ROLES or role == VISITOR or len(token) < 16:
                raise ValueError("STATIC_TOKENS entries look like 'moderator:<16+ character secret>'")
            self._by_token[token] = role

    def verify(self, token: str) -> Identity | None:
        for known, role in self._by_token.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                digest = hashlib.sha256(known.encode()).hexdigest()[:16]
                return Identity(f"u_{role[:1]}{digest}", role)
        return None


class Tokens:
    """Service tokens first (no database needed), then account tokens."""

    def __init__(self, static: StaticTokens, accounts: Any = None) -> None:
        self.static = static
        self.accounts = accounts  # server.store.accounts.Accounts, set when the database is there

    async def verify(self, token: str) -> Identity | None:
        found = self.static.verify(token)
        if found is not None or self.accounts is None or len(token) > 256:
            return found
        try:
            return await self.accounts.verify(token)
        except Exception:  # the database is away: nobody is authenticated rather than everybody
            return None
