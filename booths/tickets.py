"""The visitor's side of a handoff, without I/O: whether a service can be asked, what the row keeps, when to ask back.

`server/realtime/handoffs.py` reads the service and the handoff from the
stores and the time from the clock; everything it decides with them is here,
so a rule about tickets is written (and tested) once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from rooms.age_bands import form_band
from rooms.jst import JST
from rooms.refusal import Refused

from .handoff_input import StartRequest
from .referral import live_referral_refusal

FOLLOW_UP_ANSWERS = ("went", "not_yet", "not_going")
OPEN_FOR_FOLLOW_UP = frozenset({"accepted", "in-progress"})  # a visit was planned and nothing closed it
SERVICE_UNKNOWN = Refused("not_found", "service_unknown")
TICKET_UNKNOWN = Refused("not_found", "ticket_unknown")
NOTHING_SHARED = Refused("nothing_shared", "nothing_shared")
OFFERS = {"guardian_consent_required": "self_connect", "no_referrals": "self_connect", "full": "alternatives"}


def holder_of(device_id: str | None) -> str | None:
    """What a handoff row keeps of the device that asked: a hash, never the device id itself."""
    return hashlib.sha256(f"holder|{device_id}".encode()).hexdigest()[:24] if device_id else None


def start_refusal(doc: dict[str, Any] | None, req: StartRequest) -> Refused | None:
    """None if this service can be asked this way; else why not (before anything is counted or stored)."""
    if doc is None or doc.get("status") != "active":
        return SERVICE_UNKNOWN
    if req.mode != "live_referral":
        return None
    refused = live_referral_refusal(req.age, req.age_band, req.guardian_consent)
    if refused is not None:
        return refused
    if doc.get("x_accepts_referrals") is False:
        return Refused("no_referrals", "no_referrals")
    return None


def already_holding(ticket: dict[str, Any]) -> Refused:
    """One live ticket per device and service: the answer names the one the device already holds."""
    return Refused("already_holding", "already_holding", {"ticket": ticket})


def offer_for(refused: Refused) -> dict[str, str]:
    """What the visitor is offered instead of a refused start (`{"offer": ...}` over HTTP)."""
    offer = OFFERS.get(refused.code)
    return {"offer": offer} if offer else {}


def shared_of(req: StartRequest) -> dict[str, Any] | None:
    """What the organisation may see: only in a live referral, only the items the visitor ticked."""
    if req.mode != "live_referral":
        return None
    return {k: v for k, v in (("nickname", req.nickname), ("contact", req.contact)) if v}


def band_of(req: StartRequest) -> str | None:
    """The band the row keeps: the one stated, else the form band of the age (never the age itself)."""
    return req.age_band or form_band(req.age)


def seats_of(doc: dict[str, Any]) -> int | None:
    """Seats of a capacity-limited event (its `capacities[].maximum`); None: no limit to keep."""
    if doc.get("x_kind") != "event":
        return None
    for cap in doc.get("capacities") or []:
        if isinstance(cap, dict) and isinstance(cap.get("maximum"), int) and cap["maximum"] > 0:
            return cap["maximum"]
    return None


def event_start_ms(doc: dict[str, Any]) -> int | None:
    """An event's date, from a one-off schedule row (valid_from == valid_to); the visit date for the follow-up."""
    for row in doc.get("schedules") or []:
        if row.get("valid_from") and row.get("valid_from") == row.get("valid_to") and row.get("opens_at"):
            start = dt.datetime.fromisoformat(f"{row['valid_from']}T{row['opens_at']}")
            return int(start.timestamp() * 1000)
    return None


def shows_alternatives(status: str, reason: str | None) -> bool:
    """The place said no (or the request expired): the visitor is shown other places. Not if they cancelled."""
    return status in ("rejected", "cancelled") and reason != "visitor"


def alternatives_terms(doc: dict[str, Any] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(concerns, interests) of a service: what "a place like this one" is matched on."""
    terms = [a["taxonomy_term_id"] for a in (doc or {}).get("attributes") or []]
    return (tuple(t for t in terms if t.startswith("concern.")), tuple(t for t in terms if t.startswith("interest.")))


def next_day_ms(ms: int) -> int:
    """The start of the day after `ms`, in Japan: when the gentle follow-up is due."""
    day = dt.datetime.fromtimestamp(ms / 1000, JST).date() + dt.timedelta(days=1)
    return int(dt.datetime.combine(day, dt.time(0, 0), JST).timestamp() * 1000)


def follow_up_due(status: str, follow_up: str | None, visit_ms: int | None, now_ms: int) -> bool:
    """Ask "did you go?" once, from the day after the planned visit, while the handoff is open."""
    return bool(follow_up is None and visit_ms is not None and status in OPEN_FOR_FOLLOW_UP
                and now_ms >= next_day_ms(visit_ms))


def follow_up_refusal(answer: str) -> Refused | None:
    if answer in FOLLOW_UP_ANSWERS:
        return None
    return Refused("bad_request", "follow_up_answer", values={"answers": ", ".join(FOLLOW_UP_ANSWERS)})
