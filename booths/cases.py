"""Good-practice cases (好事例, issue 16): what a case record holds and the rules it must follow.

A case tells another municipality what a member did: the problem, what was done, what
changed (with figures where there are some), over which period, and how easily it could
be copied. It is written by a member organisation's host, edited and published by the
secretariat (admins). Pure: the HTTP layer decodes a body into `CaseInput` (msgspec reads
these dataclasses) and asks `problems()`; the store keeps every version.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from booths.vocabulary import TERMS_BY_ID, Term

DRAFT, SUBMITTED, PUBLISHED = "draft", "submitted", "published"
STATUSES = (DRAFT, SUBMITTED, PUBLISHED)
HOST_STATUSES = (DRAFT, SUBMITTED)  # a member writes and submits; only the secretariat publishes

# Licences a text or an image may carry (SPDX ids). Text defaults to CC BY 4.0 so cases can be reused.
LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "permission-only")
DEFAULT_LICENCE = "CC-BY-4.0"

# How easily another municipality could copy it: 1 needs special conditions, 2 with some work, 3 easily.
TRANSFERABILITY = {1: ("条件がそろえば可能", "Possible under special conditions"),
                   2: ("工夫すれば可能", "Possible with some adaptation"),
                   3: ("すぐにまねできる", "Easy to copy")}

CASE_THEMES: tuple[Term, ...] = tuple(Term(f"case.{code}", "case", code, ja, en) for code, ja, en in (
    ("ibasho", "居場所づくり", "Creating places to belong"),
    ("outreach", "アウトリーチ", "Outreach"),
    ("public_private", "官民連携", "Public–private partnership"),
    ("online", "オンライン・デジタル", "Online and digital"),
    ("peer", "ピアサポート", "Peer support"),
    ("food", "食の支援", "Food support"),
    ("learning", "学習支援", "Learning support"),
    ("employment", "就労支援", "Employment support"),
    ("volunteer", "ボランティア育成", "Growing volunteers"),
))
THEMES: dict[str, Term] = {**TERMS_BY_ID, **{t.id: t for t in CASE_THEMES}}

MAX_TITLE, MAX_TEXT, MAX_SHORT = 120, 4000, 200
MAX_LIST = 20
_MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-() ]{6,20}$")
_IMAGE_URL = re.compile(r"^(https://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?)(?:/[^\s\"'<>;,]*)?$")


def image_origin(url: str) -> str | None:
    """`https://host[:port]` of an image URL we accept, else None. The page names this origin in its
    Content-Security-Policy, so it must be a plain host: nothing that could end or add a directive."""
    m = _IMAGE_URL.match(url)
    return m.group(1) if m and len(url) <= 500 else None


@dataclass(kw_only=True)
class Figure:
    """A number that changed: `before` (if known) and `after`, in `unit` (人, 回, %)."""

    label: str
    after: float
    unit: str = ""
    before: float | None = None


@dataclass(kw_only=True)
class Period:
    """Months as YYYY-MM; no `end` while it is still going on."""

    start: str
    end: str | None = None


@dataclass(kw_only=True)
class Contact:
    """Who another member can ask (shown to signed-in staff only, never in public pages or exports)."""

    name: str
    organization: str = ""
    email: str = ""
    phone: str = ""


@dataclass(kw_only=True)
class Image:
    """An image by URL (no uploads): its licence, credit and a description for screen readers."""

    url: str
    alt: str
    licence: str
    credit: str = ""


@dataclass(kw_only=True)
class CaseInput:
    """What a member or the secretariat writes. Ids: member organisations; codes: 6-digit municipalities."""

    title: str
    organizations: list[str]
    municipalities: list[str]
    themes: list[str]
    problem: str
    action: str
    outcome: str
    period: Period
    transferability: int
    figures: list[Figure] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    text_licence: str = DEFAULT_LICENCE
    status: str = DRAFT
    featured: bool = False  # set by the secretariat: the case stands in the festival's 好事例ホール once published


@dataclass(kw_only=True)
class CaseRecord(CaseInput):
    """A case as stored and served: its id, version and when it last changed (contacts emptied for the public)."""

    id: str
    version: int
    updated_ms: int
    organization_names: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing to fix: which field and a sentence (English, for the API's `detail`)."""

    field: str
    message: str


def _text(out: list[Problem], name: str, value: str, limit: int, required: bool = True) -> None:
    if required and not value.strip():
        out.append(Problem(name, "is required"))
    elif len(value) > limit:
        out.append(Problem(name, f"is limited to {limit} characters"))


def _list(out: list[Problem], name: str, values: list, required: bool) -> None:
    if required and not values:
        out.append(Problem(name, "needs at least one entry"))
    elif len(values) > MAX_LIST:
        out.append(Problem(name, f"is limited to {MAX_LIST} entries"))


def period_problems(period: Period) -> list[Problem]:
    """What is wrong with a period of months (empty: nothing). Cases and needs/offers share it."""
    out = []
    if not _MONTH.match(period.start):
        out.append(Problem("period.start", "must be a month as YYYY-MM"))
    if period.end is not None and (not _MONTH.match(period.end) or period.end < period.start):
        out.append(Problem("period.end", "must be a month as YYYY-MM, not before the start"))
    return out


def contact_problems(c: Contact, name: str) -> list[Problem]:
    """What is wrong with a contact person (cases, introductions): a name, and a well-formed e-mail or phone."""
    out: list[Problem] = []
    _text(out, f"{name}.name", c.name, MAX_SHORT)
    _text(out, f"{name}.organization", c.organization, MAX_SHORT, required=False)
    if c.email and not _EMAIL.match(c.email):
        out.append(Problem(f"{name}.email", "is not an e-mail address"))
    if c.phone and not _PHONE.match(c.phone):
        out.append(Problem(f"{name}.phone", "is not a phone number"))
    return out


def problems(case: CaseInput, known_organizations: set[str], municipality_codes: Iterable[str] | set[str]
             ) -> list[Problem]:
    """Every problem of `case` (empty: it can be stored). Organisations must be members; codes must exist."""
    out: list[Problem] = []
    _text(out, "title", case.title, MAX_TITLE)
    for name in ("problem", "action", "outcome"):
        _text(out, name, getattr(case, name), MAX_TEXT)
    _list(out, "organizations", case.organizations, True)
    if len(set(case.organizations)) != len(case.organizations):
        out.append(Problem("organizations", "names an organisation twice"))
    out += [Problem("organizations", f"unknown member organisation {o[:64]!r}")
            for o in case.organizations if o not in known_organizations]
    _list(out, "municipalities", case.municipalities, True)
    codes = municipality_codes if isinstance(municipality_codes, (set, dict)) else set(municipality_codes)
    out += [Problem("municipalities", f"unknown municipality code {c[:12]!r}")
            for c in case.municipalities if c not in codes]
    _list(out, "themes", case.themes, True)
    out += [Problem("themes", f"unknown theme {t[:40]!r} (see /hsds/taxonomy_terms and docs/members.md)")
            for t in case.themes if t not in THEMES]
    out += period_problems(case.period)
    if case.transferability not in TRANSFERABILITY:
        out.append(Problem("transferability", "must be 1, 2 or 3"))
    if case.text_licence not in LICENCES:
        out.append(Problem("text_licence", f"must be one of {', '.join(LICENCES)}"))
    if case.status not in STATUSES:
        out.append(Problem("status", f"must be one of {', '.join(STATUSES)}"))
    for name, values in (("figures", case.figures), ("contacts", case.contacts), ("images", case.images)):
        _list(out, name, values, False)
    for i, f in enumerate(case.figures):
        _text(out, f"figures[{i}].label", f.label, MAX_SHORT)
        _text(out, f"figures[{i}].unit", f.unit, 20, required=False)
    for i, c in enumerate(case.contacts):
        out += contact_problems(c, f"contacts[{i}]")
    for i, im in enumerate(case.images):
        if image_origin(im.url) is None:
            out.append(Problem(f"images[{i}].url", "must be an https:// URL of at most 500 characters, "
                                                   "without spaces, quotes, <, >, ; or ,"))
        _text(out, f"images[{i}].alt", im.alt, MAX_SHORT)
        _text(out, f"images[{i}].credit", im.credit, MAX_SHORT, required=False)
        if im.licence not in LICENCES:
            out.append(Problem(f"images[{i}].licence", f"must be one of {', '.join(LICENCES)}"))
    return out


def texts(case: CaseInput) -> list[str]:
    """Every text a person wrote, for the moderation pipeline (the same screening as hosts' booth texts)."""
    out = [case.title, case.problem, case.action, case.outcome]
    out += [f.label for f in case.figures] + [f.unit for f in case.figures]
    out += [t for c in case.contacts for t in (c.name, c.organization)]
    out += [t for im in case.images for t in (im.alt, im.credit)]
    return [t for t in out if t]


def may_edit(is_admin: bool, current_status: str | None, new_status: str) -> str | None:
    """None if the change is allowed, else why not: members cannot publish nor change a published case."""
    if is_admin:
        return None
    if new_status not in HOST_STATUSES:
        return "only the secretariat publishes a case"
    if current_status == PUBLISHED:
        return "a published case is changed by the secretariat"
    return None


MAX_NOTE = 1000


def note_problem(is_admin: bool, current_status: str | None, new_status: str, note: str) -> str | None:
    """The secretariat sending a case back to draft says what to fix, as asking an applicant for changes
    does (a member taking back its own submission needs no note)."""
    if len(note) > MAX_NOTE:
        return f"note is limited to {MAX_NOTE} characters"
    if is_admin and new_status == DRAFT and current_status not in (None, DRAFT) and not note.strip():
        return "sending a case back needs a note saying what to change (POST /api/cases/{id}/status)"
    return None


def keep_featured(case: CaseInput, current: CaseInput | None, is_admin: bool) -> None:
    """Only the secretariat features a case: a member's save keeps what it was (members never see the flag)."""
    if not is_admin:
        case.featured = current.featured if current is not None else False


def search_text(case: CaseInput) -> str:
    """What `q` is matched against: title and the three stories, case-folded."""
    return " ".join((case.title, case.problem, case.action, case.outcome)).casefold()


def matches(case: CaseRecord, q: str | None, theme: str | None, municipality: str | None,
            organization: str | None = None) -> bool:
    """Every filter given must match (AND); `q` is each space-separated word, case-folded, anywhere in the text."""
    if theme and theme not in case.themes:
        return False
    if municipality and municipality not in case.municipalities:
        return False
    if organization and organization not in case.organizations:
        return False
    if q:
        hay = search_text(case) + " " + " ".join(case.organization_names).casefold()
        return all(word in hay for word in q.casefold().split())
    return True
