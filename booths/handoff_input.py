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

from rooms.age_bands import BAND_AGES
from rooms.refusal import Refused

from .matcher import FreeTime, Profile
from .referral import CONTACT_CHANNELS, MODES
from .vocabulary import TERMS_BY_ID

AGE_BANDS = tuple(BAND_AGES)  # finer bands for forms, and the ones a visitor states at hello (u15, 15-17, 25+)
_CODE = re.compile(r"^[0-9]{6}$")
_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
MAX_CONTACT = 100


def _bad(reason: str, **values: str) -> Refused:
    """A profile that cannot be used; `values` name the field (the sentence says which)."""
    return Refused("bad_profile", reason, values=values)


def _bad_request(reason: str, **values: str) -> Refused:
    return Refused("bad_request", reason, values=values)


def _terms(d: dict[str, Any], key: str, prefix: str) -> tuple[str, ...] | Refused:
    raw = d.get(key) or []
    if not isinstance(raw, list) or len(raw) > 20:
        return _bad("profile_terms", key=key)
    out = []
    for item in raw:
        term = item if isinstance(item, str) and item.startswith(prefix) else f"{prefix}{item}"
        if term not in TERMS_BY_ID:
            return _bad("profile_term", key=key, term=repr(str(item)[:30]))
        out.append(term)
    return tuple(dict.fromkeys(out))


def _time(value: Any, key: str) -> dt.time | Refused:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        return _bad("profile_time", key=key)


def profile_from(d: Any) -> Profile | Refused:
    if not isinstance(d, dict):
        return _bad("profile_object")
    concerns = _terms(d, "concerns", "concern.")
    interests = _terms(d, "interests", "interest.")
    for value in (concerns, interests):
        if isinstance(value, Refused):
            return value
    age = d.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120):
        return _bad("profile_age")
    band = d.get("age_band")
    if band is not None and band not in AGE_BANDS:
        return _bad("profile_age_band", bands=", ".join(AGE_BANDS))
    municipality = d.get("municipality")
    if municipality is not None and (not isinstance(municipality, str) or not _CODE.match(municipality)):
        return _bad("profile_municipality")
    free: list[FreeTime] = []
    raw_free = d.get("free") or []
    if not isinstance(raw_free, list) or len(raw_free) > 14:
        return _bad("profile_free")
    for slot in raw_free:
        if not isinstance(slot, dict) or not isinstance(slot.get("days"), list):
            return _bad("profile_free")
        days = [_DAYS.get(str(x).upper()) for x in slot["days"]]
        if not days or None in days:
            return _bad("profile_days")
        start, end = _time(slot.get("start"), "start"), _time(slot.get("end"), "end")
        if isinstance(start, Refused):
            return start
        if isinstance(end, Refused):
            return end
        free.append(FreeTime(frozenset(d for d in days if d is not None), start, end))
    languages = d.get("languages") or ["ja"]
    if not isinstance(languages, list) or not all(isinstance(x, str) and 1 < len(x) <= 8 for x in languages):
        return _bad("profile_languages")
    flags = {}
    for key in ("anonymous_first", "free_of_charge", "online_first", "wants_company", "crisis"):
        value = d.get(key, False)
        if not isinstance(value, bool):
            return _bad("must_be_bool", key=key)
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


def start_from(d: Any) -> StartRequest | Refused:
    if not isinstance(d, dict):
        return _bad_request("send_object")
    service_id, mode = d.get("service_id"), d.get("mode", "self_connect")
    if not isinstance(service_id, str) or not 0 < len(service_id) <= 64:
        return _bad_request("service_id_required")
    if mode not in MODES:
        return _bad_request("mode_choice", modes=", ".join(MODES))
    profile = profile_from({k: d[k] for k in ("age", "age_band", "municipality") if k in d})
    if isinstance(profile, Refused):
        return profile
    consent = d.get("consent") or {}
    if not isinstance(consent, dict):
        return _bad_request("consent_object")
    nickname = consent.get("nickname")
    contact = consent.get("contact")
    if mode != "live_referral" and (nickname or contact):
        return _bad_request("share_live_only")
    if nickname is not None and (not isinstance(nickname, str) or not 0 < len(nickname) <= 20):
        return _bad_request("nick_length")
    if contact is not None:
        if (not isinstance(contact, dict) or contact.get("channel") not in CONTACT_CHANNELS
                or not isinstance(contact.get("value"), str) or not 0 < len(contact["value"]) <= MAX_CONTACT):
            return _bad_request("contact_shape", channels="|".join(CONTACT_CHANNELS))
        contact = {"channel": contact["channel"], "value": contact["value"]}
    if mode == "live_referral" and not (nickname or contact):
        return _bad_request("share_something")
    guardian = d.get("guardian_consent", False)
    if not isinstance(guardian, bool):
        return _bad_request("must_be_bool", key="guardian_consent")
    return StartRequest(service_id, mode, profile.municipality, profile.age, profile.age_band, nickname, contact,
                        guardian)
