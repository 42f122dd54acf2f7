"""The festival's 好事例ホール (good-practice hall, issue 16): featured cases standing as booths.

The hall is not hand-listed: it is generated from the published cases the secretariat marked
`featured`, most recently changed first. Each stand says what the case is about in a few lines
and where its organisation's booth is (the first organisation of the case that has one), so a
visitor or a member can step from the case to the people who did it. Pure: the HTTP layer
gives the cases and the booth rooms. Contacts never appear here (the hall is public).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from booths.cases import PUBLISHED, CaseRecord, Figure

CASE_HALL = "hall:3"  # a hall like the others (overflow, capacity, age policy), its stands are cases
CASE_HALL_TITLE = "好事例ホール / Good-practice hall"
MAX_STANDS = 16  # two rows along the walls of a 32-tile hall; more would be too narrow to read
MAX_SUMMARY = 140


@dataclass(kw_only=True)
class HallStand:
    """One featured case as a stand: what it is about and the booth room to step to (None: no booth)."""

    case_id: str
    title: str
    organization_ids: list[str]
    organization_names: list[str]
    summary: str
    figures: list[Figure] = field(default_factory=list)
    booth_room: str | None = None
    page: str = ""


def _summary(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= MAX_SUMMARY else first[:MAX_SUMMARY - 1] + "…"


def hall_stands(cases: Iterable[CaseRecord], booth_rooms: dict[str, str]) -> list[HallStand]:
    """The stands of the hall: featured published cases in the order given (newest first), at most MAX_STANDS.

    `booth_rooms` maps an organisation id to its booth room; a case's door leads to the booth of the
    first of its organisations that has one.
    """
    out = []
    for case in cases:
        if case.status != PUBLISHED or not case.featured:
            continue
        room = next((booth_rooms[o] for o in case.organizations if o in booth_rooms), None)
        out.append(HallStand(case_id=case.id, title=case.title, organization_ids=list(case.organizations),
                             organization_names=list(case.organization_names), summary=_summary(case.outcome),
                             figures=list(case.figures[:3]), booth_room=room, page=f"/cases/{case.id}"))
        if len(out) == MAX_STANDS:
            break
    return out
