"""A handoff's life, without I/O: its strength, the statuses it may pass through, and its code.

Statuses follow the FHIR Task statuses used for social-care referrals:

    requested → accepted | rejected(reason) | cancelled(reason)
    accepted  → in-progress | on-hold(reason) | completed | failed(reason) | cancelled(reason)
    in-progress ↔ on-hold(reason);  in-progress → completed | failed(reason) | cancelled(reason)
    the code redeemed on arrival: requested | accepted → in-progress

rejected, completed, failed and cancelled are terminal. Nothing else is
accepted; every accepted transition becomes one append-only event.
"""
from __future__ import annotations

import secrets

from rooms.age_bands import may_be_under
from rooms.refusal import Refused

MODES = ("info", "self_connect", "live_referral")
STATUSES = ("requested", "accepted", "rejected", "cancelled", "in-progress", "on-hold", "completed", "failed")
TERMINAL = frozenset({"rejected", "completed", "failed", "cancelled"})
NEEDS_REASON = frozenset({"rejected", "cancelled", "on-hold", "failed"})
_NEXT: dict[str, frozenset[str]] = {
    "requested": frozenset({"accepted", "rejected", "cancelled", "in-progress"}),
    "accepted": frozenset({"in-progress", "on-hold", "completed", "failed", "cancelled"}),
    "in-progress": frozenset({"on-hold", "completed", "failed", "cancelled"}),
    "on-hold": frozenset({"in-progress", "cancelled", "failed"}),
}
GUARDIAN_CONSENT_BELOW = 16  # under this age a live referral needs a guardian's consent
CONSENT_ITEMS = ("nickname", "contact")  # what a visitor may agree to share, item by item
CONTACT_CHANNELS = ("email", "phone", "line", "in_app")
# Handoff codes: 12 characters from an alphabet without look-alikes (0/O, 1/I/L): 31^12 ≈ 7.9 × 10^17 codes,
# so that guessing stays hopeless within the per-address lookup budget (docs/handoff.md, "Guessing a code").
# Codes of 8 characters issued before are still found.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
LEGACY_CODE_LENGTH = 8




def not_now(current: str, target: str) -> Refused:
    """`current` may not become `target` (the lifecycle says no, or it changed meanwhile)."""
    return Refused("bad_transition", "status_step", values={"current": current, "target": target})


def transition(current: str, target: str, reason: str | None) -> Refused | None:
    """None if `current → target` is allowed with this reason; else why not."""
    if target not in STATUSES:
        return Refused("bad_status", "status_unknown", values={"status": repr(target[:20])})
    if current in TERMINAL:
        return Refused("terminal", "status_final", values={"status": current})
    if target not in _NEXT.get(current, frozenset()):
        return not_now(current, target)
    if target in NEEDS_REASON and not (reason and reason.strip()):
        return Refused("reason_required", "status_reason", values={"target": target})
    return None


def allowed_from(current: str) -> frozenset[str]:
    return _NEXT.get(current, frozenset())


def live_referral_refusal(age: int | None, age_band: str | None, guardian_consent: bool) -> Refused | None:
    """Under 16 (or an age we do not know) a live referral needs a guardian's consent; self-connect is offered instead."""
    # a band that reaches below 16 (15-17 includes 15-year-olds) counts as young unless the age is given
    young = age < GUARDIAN_CONSENT_BELOW if age is not None else may_be_under(age_band, GUARDIAN_CONSENT_BELOW)
    if young and not guardian_consent:
        return Refused("guardian_consent_required", "guardian_consent")
    return None


def new_code() -> str:
    """An unguessable handoff code, easy to read aloud and to type on arrival."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """What a host types at the door → the code, or None (lower case, spaces and the dash are fine)."""
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    if len(cleaned) not in (CODE_LENGTH, LEGACY_CODE_LENGTH) or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def display_code(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four are easier to read out."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
