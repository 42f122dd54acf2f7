"""A membership application, checked before anything is stored (pure: no I/O).

The form of `POST /api/applications`: an organisation asks to join the platform. Its public part
(name, kind, municipalities, what it does) becomes the organisation's listing once the
secretariat approves; its contact person (a name, an e-mail or a phone) is personal data kept
only for the review and never shown in the directory (docs/secretariat.md).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from booths.municipalities import load_municipalities
from booths.vocabulary import MEMBER_CATEGORIES
from rooms.refusal import Refused

TIERS = ("正会員", "協力会員", "賛助会員")  # the platform's membership tiers, as its rules name them
STATUSES = ("pending", "changes_requested", "declined", "approved")  # HSDS-style status of the application
MAX_NAME, MAX_TEXT, MAX_CONTACT, MAX_MUNICIPALITIES = 200, 2000, 120, 60
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}")
_PHONE = re.compile(r"0\d{9,10}")


@dataclass(frozen=True, slots=True)
class Application:
    """What the form said, normalised; `contact_*` is the personal part."""

    name: str
    kind: str
    corporate_number: str | None
    municipalities: tuple[str, ...]
    tier: str
    description: str
    wants_booth: bool
    contact_name: str
    contact_email: str | None
    contact_phone: str | None

    def public_texts(self) -> list[str]:
        """The texts that will be shown once approved: screened like a host's listing."""
        return [t for t in (self.name, self.description) if t]


def corporate_number_ok(number: str) -> bool:
    """法人番号: 13 digits whose first is the check digit of the other 12 (国税庁's rule:
    9 − (Σ P_n × Q_n mod 9), P_n the n-th digit from the right, Q_n 1 for odd n and 2 for even)."""
    if not re.fullmatch(r"\d{13}", number):
        return False
    base = number[1:]
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(number[0]) == 9 - total % 9


def _text(form: dict[str, Any], key: str, limit: int, required: bool = True) -> str | None | Refused:
    value = form.get(key)
    if value is None or value == "":
        return Refused("bad_application", "application_field", {"field": key}) if required else None
    if not isinstance(value, str):
        return Refused("bad_application", "application_field", {"field": key})
    value = unicodedata.normalize("NFKC", value).strip()
    if (required and not value) or len(value) > limit:
        return Refused("bad_application", "application_field", {"field": key})
    return value or None


def check_application(form: dict[str, Any]) -> Application | Refused:
    """The form as an `Application`, or the first field that cannot be used (`extra.field` names it)."""
    texts: dict[str, str | None] = {}
    for key, limit, required in (("name", MAX_NAME, True), ("description", MAX_TEXT, True),
                                 ("contact_name", MAX_CONTACT, True), ("contact_email", MAX_CONTACT, False),
                                 ("contact_phone", MAX_CONTACT, False), ("corporate_number", 20, False)):
        value = _text(form, key, limit, required)
        if isinstance(value, Refused):
            return value
        texts[key] = value
    kind = form.get("kind")
    if kind not in MEMBER_CATEGORIES:
        return Refused("bad_application", "application_field", {"field": "kind"})
    tier = form.get("tier")
    if tier not in TIERS:
        return Refused("bad_application", "application_field", {"field": "tier"})
    number = texts["corporate_number"]
    if number is not None:
        number = number.replace("-", "").replace(" ", "")
        if not corporate_number_ok(number):
            return Refused("bad_corporate_number", "bad_corporate_number", {"field": "corporate_number"})
    codes = form.get("municipalities")
    known = load_municipalities()
    if (not isinstance(codes, list) or not codes or len(codes) > MAX_MUNICIPALITIES
            or any(not isinstance(c, str) or c not in known or not known[c].city for c in codes)):
        return Refused("bad_municipality", "bad_municipality", {"field": "municipalities"})
    email, phone = texts["contact_email"], texts["contact_phone"]
    if email is None and phone is None:
        return Refused("bad_application", "contact_required", {"field": "contact_email"})
    if email is not None and not _EMAIL.fullmatch(email):
        return Refused("bad_application", "application_field", {"field": "contact_email"})
    if phone is not None:
        phone = re.sub(r"[-() ]", "", phone)
        if not _PHONE.fullmatch(phone):
            return Refused("bad_application", "application_field", {"field": "contact_phone"})
    wants_booth = form.get("wants_booth", False)
    if not isinstance(wants_booth, bool):
        return Refused("bad_application", "application_field", {"field": "wants_booth"})
    return Application(texts["name"] or "", kind, number, tuple(dict.fromkeys(codes)), tier,
                       texts["description"] or "", wants_booth, texts["contact_name"] or "", email, phone)


def organization_document(org_id: str, app: Application) -> dict[str, Any]:
    """The public HSDS organisation an approved application becomes: no contact person in it."""
    doc: dict[str, Any] = {"id": org_id, "name": app.name, "description": app.description,
                           "x_member_category": app.kind, "x_municipality_code": app.municipalities[0],
                           "x_membership_tier": app.tier, "x_municipalities_served": list(app.municipalities)}
    if app.corporate_number:
        doc["x_corporate_number"] = app.corporate_number
    return doc
