"""Introductions between a need and an offer, brokered by the platform: who may do what, and when contacts show.

The lifecycle is the handoff's (`booths/referral.py`, FHIR Task statuses) and is checked by its
`transition`; an introduction uses this part of it:

    requested → accepted | rejected(reason) | cancelled(reason)
    accepted  → completed | failed(reason) | cancelled(reason)

One member asks (the asking is its consent to share its contact); the other side accepts
(giving its contact) or declines with a reason. Contacts are shown only once both have said
yes (accepted and after), to the two organisations' hosts, and are deleted when the
introduction is declined or cancelled. Either side reports how it ended (completed, or
failed with a reason); the asker may withdraw (cancelled). The secretariat sees every
introduction without the contacts, may nudge the side that has to act next (an event, no
change of status) and may close one (cancelled, with a reason). Every step is one
append-only event.
"""
from __future__ import annotations

from dataclasses import dataclass

from booths import referral
from rooms.refusal import Refused

ASKER, ANSWERER, EITHER, SECRETARIAT = "asker", "answerer", "either", "secretariat"
# action → (the status it leads to (None: no change), who may take it)
ACTIONS: dict[str, tuple[str | None, str]] = {
    "accept": ("accepted", ANSWERER),
    "decline": ("rejected", ANSWERER),
    "withdraw": ("cancelled", ASKER),
    "complete": ("completed", EITHER),
    "fail": ("failed", EITHER),
    "close": ("cancelled", SECRETARIAT),
    "nudge": (None, SECRETARIAT),
}
STATUSES = ("requested", "accepted", "rejected", "cancelled", "completed", "failed")
LIVE = frozenset({"requested", "accepted"})  # one live introduction per need and offer
CONTACTS_SHOWN = frozenset({"accepted", "completed", "failed"})
CONTACTS_DELETED = frozenset({"rejected", "cancelled"})
MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class Parties:
    """The two organisations of an introduction: who asked and who answers."""

    asker: str
    answerer: str


def role_of(parties: Parties, organization: str | None, is_admin: bool) -> str | None:
    """The part a caller plays: asker, answerer, secretariat (an admin of neither side), or None."""
    if organization == parties.asker:
        return ASKER
    if organization == parties.answerer:
        return ANSWERER
    return SECRETARIAT if is_admin else None


def may(action: str, part: str | None, is_admin: bool) -> bool:
    """Whether `part` may take `action`; an admin may also act for either side (members without a host)."""
    if action not in ACTIONS or part is None:
        return False
    who = ACTIONS[action][1]
    if who == SECRETARIAT:
        return is_admin
    if is_admin:
        return True
    return who == part or (who == EITHER and part in (ASKER, ANSWERER))


def step(current: str, action: str, reason: str | None) -> Refused | str | None:
    """The status `action` leads to from `current` (None: a nudge, which changes nothing), or why not."""
    if action not in ACTIONS:
        return Refused("bad_action", "intro_action")
    target = ACTIONS[action][0]
    if target is None:
        return None if current in LIVE else referral.not_now(current, current)
    refused = referral.transition(current, target, reason)
    if refused is not None:
        return refused
    if reason is not None and len(reason) > MAX_REASON:
        return Refused("bad_reason", "intro_reason")
    return target


def next_to_act(status: str) -> str | None:
    """Whose move it is, for the nudge: the answerer while requested, either side once accepted."""
    return {"requested": ANSWERER, "accepted": EITHER}.get(status)
