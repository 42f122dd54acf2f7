"""Held messages and priority alerts: kept until a moderator decides, seen from any node.

Every held message is kept (in the database, by `server`) until a moderator
releases it, drops it, or — for a priority alert — acknowledges it, whichever
node the moderator is on and whether or not they were online when it was
held. Three kinds are priority alerts: a cry for help (`crisis`), a
disclosure of abuse (`abuse`) and sexual solicitation (`safety`); they are put
in front of every moderator and a moderator who signs in later sees every
open one first. A hold names the member (public id and nick), never a session
id or any other secret. Its text is the sender's own words: kept while it is
open and for a short time after (`SENSITIVE_RETENTION_H`), then erased.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from .pipeline import Verdict

CRISIS, ABUSE, SAFETY, HELD = "crisis", "abuse", "safety", "held"


def alert_id(now_ms: int, n: int) -> str:
    """An id that sorts in the order holds were made (time, then this node's count), with a random tail:
    lists are oldest first, and two holds in the same millisecond keep the order they were made in."""
    return f"a_{now_ms:012x}{n % 0x10000:04x}{secrets.token_hex(3)}"  # 24 characters: the column's width


def category_of(verdict: Verdict) -> str:
    """Which kind of hold a verdict makes: a priority alert, or an ordinary hold (`held`)."""
    rule = verdict.rule or ""
    if verdict.reason == "support":
        return ABUSE if rule == "crisis:abuse" else CRISIS
    if rule.startswith("sexual:"):
        return SAFETY
    return HELD


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    category: str
    room: str
    sender: dict[str, str]  # {id, nick, role}: public
    message_id: str
    text: str | None  # None once erased
    rule: str
    ts: int
    reason: str = "held"

    @property
    def priority(self) -> bool:
        return self.category != HELD

    def view(self) -> dict[str, Any]:
        """A priority alert as a moderator's console receives it (live as `alert`, or in `mod.alerts`)."""
        return {"alert": self.id, "category": self.category, "code": "crisis" if self.category != SAFETY else "safety",
                "room": self.room, "from": self.sender, "id": self.message_id, "text": self.text,
                "rule": self.rule, "ts": self.ts}

    def held_view(self) -> dict[str, Any]:
        """The held message as a room's watchers see it (`held` events, `mod.watch`)."""
        return {"room": self.room, "id": self.message_id, "from": self.sender, "text": self.text,
                "reason": self.reason, "rule": self.rule, "ts": self.ts}
