"""Good-practice cases' query parameters and answers as msgspec types (the bodies are booths.cases' dataclasses)."""
from __future__ import annotations

from typing import Literal

from msgspec import UNSET, Struct, UnsetType

from booths.case_hall import HallStand
from booths.cases import STATUSES, THEMES, CaseInput, CaseRecord
from server.http.models_directory import MAX_QUERY_TEXT, Municipality, Page, PerPage, _q

__all__ = ["CaseInput", "CaseRecord", "CasesQuery", "CaseIdPath", "CaseEditQuery", "CaseVersions", "CaseExport",
           "CaseHall"]
Theme = Literal[tuple(THEMES)]  # type: ignore[valid-type]


class CasesQuery(Struct, kw_only=True):
    q: _q(str, "Free text; every word must occur (title, problem, action, outcome, organisations).",  # type: ignore[valid-type]
          max_length=MAX_QUERY_TEXT) | UnsetType = UNSET
    theme: _q(Theme, "A directory term id or a case theme (`case.*`).") | UnsetType = UNSET  # type: ignore[valid-type]
    municipality: Municipality | UnsetType = UNSET  # type: ignore[valid-type]
    organization: _q(str, "Only cases naming this member organisation.") | UnsetType = UNSET  # type: ignore[valid-type]
    status: _q(Literal[STATUSES],  # type: ignore[valid-type]
               "Default `published`; others need a staff token (hosts see their own).") | UnsetType = UNSET
    page: Page = 1  # type: ignore[valid-type]
    per_page: PerPage = 20  # type: ignore[valid-type]


class CasesPageQuery(Struct, kw_only=True):
    q: _q(str, "Free text, as for /api/cases.", max_length=MAX_QUERY_TEXT) | UnsetType = UNSET  # type: ignore[valid-type]
    theme: _q(Theme, "A directory term id or a case theme.") | UnsetType = UNSET  # type: ignore[valid-type]
    municipality: Municipality | UnsetType = UNSET  # type: ignore[valid-type]
    page: Page = 1  # type: ignore[valid-type]


CASE_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$"  # "c_" + 16 URL-safe characters (server/store/cases.py), or a demo id


class CaseIdPath(Struct):
    id: _q(str, "A case id.", pattern=CASE_ID, examples=["demo-case-01"])  # type: ignore[valid-type]


class CaseEditQuery(Struct, kw_only=True):
    version: _q(int, "The version the editor started from: refused (409) if another was saved since.",  # type: ignore[valid-type]
                ge=1, le=1_000_000) | UnsetType = UNSET


class CaseVersion(Struct):
    version: int
    status: str
    actor_role: str
    at_ms: int
    note: str  # the secretariat's note with a status change ("" otherwise)


class CaseVersions(Struct):
    id: str
    versions: list[CaseVersion]


class CaseExport(Struct):
    cases: list[CaseRecord]


class CaseHall(Struct):
    """The 好事例ホール: its room id and title, and one stand per featured published case."""

    room: str
    title: str
    stands: list[HallStand]
