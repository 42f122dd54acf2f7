"""The organisation's side of a handoff, without I/O: what an action asks of the lifecycle, who may act, what expires.

`booths.referral` says which status may follow which; this module says what
a host's button means (accept, propose, decline, …), what redeeming a code
needs, whose handoffs a host sees and hears of, and when silence ends one.
"""
from __future__ import annotations

from dataclasses import dataclass

from rooms.refusal import Refused
from rooms.roles import ADMIN, HOST

DAY_MS = 86_400_000
TARGETS = {"accept": "accepted", "propose": "accepted", "decline": "rejected", "hold": "on-hold",
           "resume": "in-progress", "complete": "completed", "fail": "failed", "cancel": "cancelled"}
PROPOSE_KEEPS = frozenset({"accepted", "in-progress", "on-hold"})  # a new time for an open handoff: same status
REDEEMABLE = frozenset({"requested", "accepted"})  # in-progress from these only when the code is shown
RESPONDERS = frozenset({HOST, ADMIN})  # the first answer from these is the organisation's response time
NOT_YOURS = Refused("not_found", "handoff_not_yours")
UNKNOWN_ACTION = Refused("bad_request", "unknown_action")


@dataclass(frozen=True, slots=True)
class Step:
    """What an action does: a new `target` status (only from `expect`, if set), or a new time (`propose`)."""
    target: str
    propose: bool = False
    expect: str | None = None


def in_organisation(organization_id: str | None, handoff_org: str) -> bool:
    """A host acts on its own organisation's handoffs; None (an admin acting for any) sees all."""
    return organization_id is None or handoff_org == organization_id


def hears_of(role: str, organization: str | None, handoff_org: str | None) -> bool:
    """Who is told at once of a handoff's news: the organisation's hosts."""
    return role == HOST and organization == handoff_org


def step_for(action: str, status: str, proposed_ms: int | None) -> Step | Refused:
    """accept, propose (a time; accepts too), decline, hold, resume, complete, fail, cancel."""
    target = TARGETS.get(action)
    if target is None:
        return UNKNOWN_ACTION
    if action == "propose" and proposed_ms is None:
        return Refused("bad_request", "propose_needs_time")
    if action == "propose" and status in PROPOSE_KEEPS:
        return Step(target, propose=True)
    # in-progress from requested/accepted happens only when the code is shown (redeem)
    return Step(target, expect="on-hold" if action == "resume" else None)


def redeem_refusal(status: str) -> Refused | None:
    """The visitor arrived and showed the code: requested or accepted → in-progress."""
    if status in REDEEMABLE:
        return None
    return Refused("bad_transition", "not_redeemable", values={"status": status})


def silent_since_ms(now_ms: int, days: int) -> int:
    """Rows with nothing newer than this are expired (unanswered requests) or closed (idle open handoffs)."""
    return now_ms - days * DAY_MS
