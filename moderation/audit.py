"""Audit trail entries (sans-I/O): who did what, when, why, under which rule.

Visitors' words are kept only where a moderator needs them (an excerpt of at
most 200 characters for blocks, holds and reports), and only as long as the
retention setting says (`AUDIT_RETENTION_DAYS`, 180 by default).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("block", "hold", "release", "delete", "warn", "mute", "kick", "ban", "slow_mode", "lock", "report", "resolve",
           "unmute", "unban", "ack", "support", "support_line",
           # the secretariat (issue 15): applications and staff accounts
           "apply", "approve", "changes", "decline", "account_new", "disable", "enable", "first_sign_in",
           # the directory's health (issue 15): a member confirms its listing unchanged
           "listing_confirm",
           # the members' meeting space (issue 15): meetings, breakout groups, notices
           "meeting", "breakout", "regroup", "notice",
           # indicators against targets and campaign codes (issue 15)
           "target_set", "target_drop", "campaign_new",
           # good-practice cases (issue 16): every saved version
           "case_new", "case_edit", "case_status", "case_feature")


# What `target_user` names, by action: a person (a visitor's or staff member's user id) unless listed here.
# The secretariat's and members' actions name a record instead, which a console must not show as a person.
TARGET_KINDS: dict[str, str] = {
    **dict.fromkeys(("apply", "approve", "changes", "decline"), "application"),
    **dict.fromkeys(("account_new", "disable", "enable", "first_sign_in"), "account"),
    "listing_confirm": "service",
    **dict.fromkeys(("meeting", "breakout", "regroup"), "meeting"),
    "notice": "notice",
    **dict.fromkeys(("target_set", "target_drop"), "measure"),
    "campaign_new": "campaign",
    **dict.fromkeys(("case_new", "case_edit", "case_status", "case_feature"), "case"),
}
TARGET_KIND_NAMES = ("person", *sorted(set(TARGET_KINDS.values())))


def target_kind(action: str) -> str:
    """What the entry's `target_user` is: "person", or the kind of record (case, account, ...)."""
    return TARGET_KINDS.get(action, "person")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at_ms: int
    actor: str
    actor_role: str
    action: str
    target_user: str | None
    room: str | None
    message_id: str | None
    reason: str | None
    rule: str | None
    detail: dict[str, Any] = field(default_factory=dict)
