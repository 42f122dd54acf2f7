"""Who a `hello.token` names. A stop-gap until accounts (issue 4) land.

Operators can set `STATIC_TOKENS="moderator:long-secret,host:other-secret"`;
any other token is refused with 4001. Visitors send no token.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from rooms.protocol import ROLES


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: str
    role: str


class StaticTokens:
    def __init__(self, spec: str) -> None:
        self._by_token: dict[str, str] = {}
        for item in filter(None, (s.strip() for s in spec.split(","))):
            role, _, token = item.partition(":")
            if role not in ROLES or role == "visitor" or len(token) < 16:
                raise ValueError("STATIC_TOKENS entries look like 'moderator:<16+ character secret>'")
            self._by_token[token] = role

    def verify(self, token: str) -> Identity | None:
        for known, role in self._by_token.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                digest = hashlib.sha256(known.encode()).hexdigest()[:16]
                return Identity(f"u_{role[:1]}{digest}", role)
        return None
