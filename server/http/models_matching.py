"""NPO–company matching's parameters, bodies and answers as msgspec types (a listing is booths' dataclass)."""
from __future__ import annotations

from typing import Any, Literal

from msgspec import UNSET, Struct, UnsetType

from booths.cases import Contact
from booths.introductions import ACTIONS, STATUSES as INTRO_STATUSES
from booths.matching_listing import KINDS, MAX_TEXT, SIDES, STATUSES, Listing, ListingInput
from server.http.models_directory import _q

__all__ = ["Listing", "ListingInput", "ListingsQuery", "ListingIdPath", "Listings", "Suggestions", "Ask",
           "Answer", "IntroductionPath", "IntroductionsQuery", "IntroductionView", "Introductions", "ReportQuery",
           "Unmet", "IntroductionReport"]
LISTING_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$"  # "l_" + 16 URL-safe characters, or a demo id
INTRO_ID = r"^i_[A-Za-z0-9_-]{1,22}$"
Format = _q(Literal["json", "csv"], "csv for a download (UTF-8 with BOM)")


class ListingsQuery(Struct, kw_only=True):
    side: _q(Literal[SIDES], "need or offer") | UnsetType = UNSET  # type: ignore[valid-type]
    kind: _q(Literal[tuple(KINDS)], "What is needed or offered") | UnsetType = UNSET  # type: ignore[valid-type]
    organization: _q(str, "One member organisation's", max_length=64) | UnsetType = UNSET  # type: ignore[valid-type]
    status: _q(Literal[STATUSES], "Default open; closed ones of other organisations are not listed") | UnsetType = UNSET  # type: ignore[valid-type]


class ListingIdPath(Struct):
    id: _q(str, "A need's or offer's id.", pattern=LISTING_ID, examples=["demo-need-01"])  # type: ignore[valid-type]


class Listings(Struct):
    listings: list[Listing]


class Reason(Struct):
    code: str
    text: str


class Suggestion(Struct):
    listing: Listing
    score: float
    reasons: list[Reason]
    explanation: str


class Suggestions(Struct):
    """The other side's listings that fit, best first: at most two per organisation."""

    listing: Listing
    suggestions: list[Suggestion]


class Ask(Struct, kw_only=True, forbid_unknown_fields=True):
    """Ask for an introduction: the asker's contact is shown to the other side only once it accepts."""

    need_id: _q(str, "The need", pattern=LISTING_ID)  # type: ignore[valid-type]
    offer_id: _q(str, "The offer", pattern=LISTING_ID)  # type: ignore[valid-type]
    message: _q(str, "A note to the other side (screened)", max_length=MAX_TEXT) = ""  # type: ignore[valid-type]
    contact: Contact
    asker: _q(str, "Admins: the organisation asked for (the need's or the offer's)",  # type: ignore[valid-type]
              max_length=64) | UnsetType = UNSET


class Answer(Struct, kw_only=True, forbid_unknown_fields=True):
    """`reason` for decline, withdraw, fail and close; `contact` for accept; a nudge may carry a note as reason."""

    reason: _q(str, "Why (shown to both sides)", max_length=200) | None = None  # type: ignore[valid-type]
    contact: Contact | None = None


class IntroductionPath(Struct):
    id: _q(str, "An introduction's id.", pattern=INTRO_ID)  # type: ignore[valid-type]
    action: _q(Literal[tuple(ACTIONS)], "What to do")  # type: ignore[valid-type]


class IntroductionsQuery(Struct, kw_only=True):
    status: _q(Literal[INTRO_STATUSES], "Only this status") | UnsetType = UNSET  # type: ignore[valid-type]


class ReportQuery(Struct, kw_only=True):
    status: _q(Literal[INTRO_STATUSES], "Only this status") | UnsetType = UNSET  # type: ignore[valid-type]
    format: Format | UnsetType = UNSET  # type: ignore[valid-type]


class UnmetQuery(Struct, kw_only=True):
    format: Format | UnsetType = UNSET  # type: ignore[valid-type]


class IntroductionView(Struct, kw_only=True):
    """`contacts` (organisation id → its contact person) only for the two sides' hosts, once both accepted."""

    id: str
    status: str
    reason: str | None
    message: str
    need: Listing | None
    offer: Listing | None
    asker: str
    answerer: str
    asker_name: str
    answerer_name: str
    part: str | None
    actions: list[str]
    waiting_on: str | None
    contacts: dict[str, Contact] | None
    events: list[dict[str, Any]]
    created_ms: int
    updated_ms: int
    nudged_ms: int | None


class Introductions(Struct):
    introductions: list[IntroductionView]


class Unmet(Struct):
    """Open needs no open offer fits (the secretariat's gaps)."""

    needs: list[Listing]


class IntroductionReport(Struct):
    counts: dict[str, int]
    introductions: list[IntroductionView]
