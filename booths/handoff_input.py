"""What a visitor sends to be matched or to start a handoff, checked into plain values.

The same dicts come over HTTP (forms) and over `/ws` (the in-room flow), so
they are checked once, here. A profile holds a municipality code, never an
address, and nothing that names the person.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .matcher import AGE_BANDS as _BANDS
from .matcher import FreeTime, Profile
from .referral import CONTACT_CHANNELS, MODES, Refusal
from .vocabulary import TERMS_BY_ID

AGE_BANDS = tuple(_BANDS)  # finer bands for forms, and the ones a visitor states at hello (u15, 15-17, 25+)
_CODE = re.compile(r"^[0-9]{6}$")
_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
MAX_CONTACT = 100


def _terms(d: dict[str, Any], key: str, prefix: str) -> tuple[str, ...] | Refusal:
    raw = d.get(key) or []
    if not isinstance(raw, list) or len(raw) > 20:
        return Refusal("bad_profile", f"{key} must be a list of terms")
    out = []
    for item in raw:
        term = item if isinstance(item, str) and item.startswith(prefix) else f"{prefix}{item}"
        if term not in TERMS_BY_ID:
            return Refusal("bad_profile", f"{key}: unknown term {str(item)[:30]!r}")
        out.append(term)
    return tuple(dict.fromkeys(out))


def _time(value: Any, key: str) -> dt.time | Refusal:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        return Refusal("bad_profile", f"{key} must be a time such as 13:00")


def profile_from(d: Any) -> Profile | Refusal:
    if not isinstance(d, dict):
        return Refusal("bad_profile", "send the profile as an object")
    concerns = _terms(d, "concerns", "concern.")
    interests = _terms(d, "interests", "interest.")
    for value in (concerns, interests):
        if isinstance(value, Refusal):
            return value
    age = d.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120):
        return Refusal("bad_profile", "age must be a whole number from 0 to 120")
    band = d.get("age_band")
    if band is not None and band not in AGE_BANDS:
        return Refusal("bad_profile", f"age_band must be one of {', '.join(AGE_BANDS)}")
    municipality = d.get("municipality")
    if municipality is not None and (not isinstance(municipality, str) or not _CODE.match(municipality)):
        return Refusal("bad_profile", "municipality must be a 6-digit municipality code")
    free: list[FreeTime] = []
    raw_free = d.get("free") or []
    if not isinstance(raw_free, list) or len(raw_free) > 14:
        return Refusal("bad_profile", "free must be a list of {days, start, end}")
    for slot in raw_free:
        if not isinstance(slot, dict) or not isinstance(slot.get("days"), list):
            return Refusal("bad_profile", "free must be a list of {days: [\"SA\", ...], start, end}")
        days = [_DAYS.get(str(x).upper()) for x in slot["days"]]
        if not days or None in days:
            return Refusal("bad_profile", "days are MO, TU, WE, TH, FR, SA, SU")
        start, end = _time(slot.get("start"), "start"), _time(slot.get("end"), "end")
        if isinstance(start, Refusal):
            return start
        if isinstance(end, Refusal):
            return end
        free.append(FreeTime(frozenset(d for d in days if d is not None), start, end))
    languages = d.get("languages") or ["ja"]
    if not isinstance(languages, list) or not all(isinstance(x, str) and 1 < len(x) <= 8 for x in languages):
        return Refusal("bad_profile", "languages must be a list of language codes such as ja, en")
    flags = {}
    for key in ("anonymous_first", "free_of_charge", "online_first", "wants_company", "crisis"):
        value = d.get(key, False)
        if not isinstance(value, bool):
            return Refusal("bad_profile", f"{key} must be true or false")
        flags[key] = value
    return Profile(interests=interests, concerns=concerns, age=age, age_band=band,  # type: ignore[arg-type]
                   municipality=municipality, free=tuple(free), languages=tuple(languages), **flags)


@dataclass(slots=True, frozen=True)
class StartRequest:
    service_id: str
    mode: str
    municipality: str | None
    age: int | None
    age_band: str | None
    nickname: str | None  # shared only in a live referral, only if the visitor ticked it
    contact: dict[str, str] | None  # {"channel", "value"}, likewise
    guardian_consent: bool


def start_from(d: Any) -> StartRequest | Refusal:
    if not isinstance(d, dict):
        return Refusal("bad_request", "send an object")
    service_id, mode = d.get("service_id"), d.get("mode", "self_connect")
    if not isinstance(service_id, str) or not 0 < len(service_id) <= 64:
        return Refusal("bad_request", "service_id is required")
    if mode not in MODES:
        return Refusal("bad_request", f"mode must be one of {', '.join(MODES)}")
    profile = profile_from({k: d[k] for k in ("age", "age_band", "municipality") if k in d})
    if isinstance(profile, Refusal):
        return profile
    consent = d.get("consent") or {}
    if not isinstance(consent, dict):
        return Refusal("bad_request", "consent must be an object of the items to share")
    nickname = consent.get("nickname")
    contact = consent.get("contact")
    if mode != "live_referral" and (nickname or contact):
        return Refusal("bad_request", "only a live referral shares anything")
    if nickname is not None and (not isinstance(nickname, str) or not 0 < len(nickname) <= 20):
        return Refusal("bad_request", "nickname must be 1–20 characters")
    if contact is not None:
        if (not isinstance(contact, dict) or contact.get("channel") not in CONTACT_CHANNELS
                or not isinstance(contact.get("value"), str) or not 0 < len(contact["value"]) <= MAX_CONTACT):
            return Refusal("bad_request", f"contact is {{channel: {'|'.join(CONTACT_CHANNELS)}, value}}")
        contact = {"channel": contact["channel"], "value": contact["value"]}
    if mode == "live_referral" and not (nickname or contact):
        return Refusal("bad_request", "a live referral shares at least a nickname or a contact, as the visitor chose")
    guardian = d.get("guardian_consent", False)
    if not isinstance(guardian, bool):
        return Refusal("bad_request", "guardian_consent must be true or false")
    return StartRequest(service_id, mode, profile.municipality, profile.age, profile.age_band, nickname, contact,
                        guardian)
