"""Needs and offers of member organisations (NPO–company matching, issue 16): what one holds and its rules.

An NPO says what it needs (funds, volunteers, a skill, a venue, goods, publicity, data or IT
help); a company (or any member) says what it offers, in the same words. Both carry a
quantity, a period of months, the municipalities where it applies and themes from the
directory's vocabularies (plus the good-practice themes), with SDGs goal numbers as an
optional tag. Pure: the HTTP layer decodes a body into `ListingInput` and asks `problems()`;
the description is free text others read, so it passes moderation like a member's listing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from booths.cases import THEMES, Period, Problem, period_problems

NEED, OFFER = "need", "offer"
SIDES = (NEED, OFFER)
OPEN, CLOSED = "open", "closed"
STATUSES = (OPEN, CLOSED)

# What is needed or offered, and the unit its quantity counts in (one unit per kind, so that a
# need and an offer of the same kind can be compared without converting anything).
KINDS: dict[str, tuple[str, str, str]] = {  # kind → (Japanese, English, unit)
    "funds": ("資金", "Funds", "円"),
    "volunteers": ("ボランティア", "Volunteers", "人"),
    "skills": ("専門スキル", "Skills", "時間"),
    "venue": ("会場", "Venue", "回"),
    "goods": ("物品", "Goods", "点"),
    "publicity": ("広報", "Publicity", "回"),
    "data_it": ("データ・IT支援", "Data or IT help", "時間"),
}
SKILLS: dict[str, tuple[str, str]] = {  # for kind "skills": which one (pro bono)
    "design": ("デザイン", "Design"),
    "accounting": ("会計・経理", "Accounting"),
    "legal": ("法務", "Legal"),
    "translation": ("翻訳・通訳", "Translation and interpreting"),
    "photo_video": ("写真・動画", "Photo and video"),
    "marketing": ("マーケティング", "Marketing"),
    "training": ("研修・講師", "Training and teaching"),
    "counselling": ("心理・福祉の専門職", "Psychology and social work"),
}
SDGS = range(1, 18)
MAX_TITLE, MAX_TEXT, MAX_LIST, MAX_QUANTITY = 80, 1000, 20, 10**9


@dataclass(kw_only=True)
class ListingInput:
    """What a member writes: a need or an offer of its own organisation (admins may write for any)."""

    organization: str
    side: str
    kind: str
    title: str
    period: Period
    municipalities: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    skill: str | None = None
    quantity: int | None = None
    sdgs: list[int] = field(default_factory=list)
    description: str = ""
    status: str = OPEN


@dataclass(kw_only=True)
class Listing(ListingInput):
    """A need or offer as stored and served, with its organisation's name."""

    id: str
    organization_name: str = ""
    updated_ms: int = 0


def unit(kind: str) -> str:
    return KINDS[kind][2] if kind in KINDS else ""


def problems(listing: ListingInput, municipality_codes: Iterable[str] | set[str]) -> list[Problem]:
    """Every problem of `listing` (empty: it can be stored). A need names where; an offer may be anywhere."""
    out: list[Problem] = []
    if listing.side not in SIDES:
        out.append(Problem("side", "must be need or offer"))
    if listing.kind not in KINDS:
        out.append(Problem("kind", f"must be one of {', '.join(KINDS)}"))
    if listing.kind == "skills" and listing.skill not in SKILLS:
        out.append(Problem("skill", f"a skill is one of {', '.join(SKILLS)}"))
    if listing.kind != "skills" and listing.skill is not None:
        out.append(Problem("skill", "is only for kind skills"))
    if not listing.title.strip():
        out.append(Problem("title", "is required"))
    elif len(listing.title) > MAX_TITLE:
        out.append(Problem("title", f"is limited to {MAX_TITLE} characters"))
    if len(listing.description) > MAX_TEXT:
        out.append(Problem("description", f"is limited to {MAX_TEXT} characters"))
    if listing.quantity is not None and not 1 <= listing.quantity <= MAX_QUANTITY:
        out.append(Problem("quantity", f"must be between 1 and {MAX_QUANTITY}"))
    out += period_problems(listing.period)
    codes = municipality_codes if isinstance(municipality_codes, (set, dict)) else set(municipality_codes)
    if listing.side == NEED and not listing.municipalities:
        out.append(Problem("municipalities", "a need names at least one municipality"))
    for name, values in (("municipalities", listing.municipalities), ("themes", listing.themes),
                         ("sdgs", listing.sdgs)):
        if len(values) > MAX_LIST:
            out.append(Problem(name, f"is limited to {MAX_LIST} entries"))
    out += [Problem("municipalities", f"unknown municipality code {c[:12]!r}")
            for c in listing.municipalities if c not in codes]
    out += [Problem("themes", f"unknown theme {t[:40]!r} (see docs/members.md)")
            for t in listing.themes if t not in THEMES]
    if any(goal not in SDGS for goal in listing.sdgs):
        out.append(Problem("sdgs", "goals are numbered 1 to 17"))
    if listing.status not in STATUSES:
        out.append(Problem("status", "must be open or closed"))
    return out


def texts(listing: ListingInput) -> list[str]:
    """What a person wrote and other members will read: screened like a member's listing."""
    return [t for t in (listing.title, listing.description) if t]
