"""Priority alerts: a held cry for help stays in front of moderators until one answers it.

An alert is raised for every message held because it sounded like a crisis, a
disclosure of abuse, or sexual solicitation. It is open until a moderator
acknowledges it, whoever was online when it was raised; a moderator who signs
in later sees every open one first. An alert names the member (public id and
nick), never a session id or any other secret. Its text is the young
person's own words: kept while the alert is open and for a short time after
(`SENSITIVE_RETENTION_H`), then erased.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .pipeline import Verdict

CRISIS, ABUSE, SAFETY = "crisis", "abuse", "safety"


def category_of(verdict: Verdict) -> str | None:
    """Which alert a hold raises, or None for an ordinary hold."""
    rule = verdict.rule or ""
    if verdict.reason == "support":
        return ABUSE if rule == "crisis:abuse" else CRISIS
    if rule.startswith("sexual:"):
        return SAFETY
    return None


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

    def view(self) -> dict[str, Any]:
        """What a moderator's console receives (live as `alert`, or in `mod.alerts`)."""
        return {"alert": self.id, "category": self.category, "code": "crisis" if self.category != SAFETY else "safety",
                "room": self.room, "from": self.sender, "id": self.message_id, "text": self.text,
                "rule": self.rule, "ts": self.ts}
