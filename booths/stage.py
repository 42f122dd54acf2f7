"""The festival stage's programme: sessions on the stage room, each with HSDS schedule rows.

The operator writes it as a JSON file (`STAGE_PROGRAMME`, docs/directory.md):

    {"sessions": [{"id": "opening", "title": "オープニング", "description": "…",
                   "presenter": "つながる実行委員会",
                   "schedules": [{"valid_from": "2026-12-05", "valid_to": "2026-12-05",
                                  "opens_at": "13:00", "closes_at": "13:30"}]}]}

Every entry is checked here when the node starts (a bad file stops it with the entry and the
field named), with the same schedule checks as an import. `presenter` (optional) names who is on
the stage — the presenting member organisation or host — and is shown with what is on now and
next (as the occurrence's `organizer`). A session's occurrences are festival events with the key
`stage:<id>` (a booth slug never has a colon), held in the stage room.

Sans-I/O: the caller reads the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import schedule
from .schedule import Schedule

STAGE_ROOM = "stage:1"
STAGE_KEY = "stage:"
MAX_SESSIONS = 500
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True, slots=True)
class StageSession:
    id: str
    title: str
    description: str
    rows: tuple[Schedule, ...]
    presenter: str = ""  # who presents it (an organisation or a host's name), "" if the programme does not say

    @property
    def key(self) -> str:
        return f"{STAGE_KEY}{self.id}"


def _text(entry: dict[str, Any], name: str, where: str, limit: int, required: bool) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise ValueError(f"{where}.{name}: {'required ' if required else ''}text of at most {limit} characters")
    return value.strip()


def parse_programme(doc: Any) -> list[StageSession]:
    """The programme, or ValueError naming the first bad entry and field."""
    entries = doc.get("sessions") if isinstance(doc, dict) else doc
    if not isinstance(entries, list) or len(entries) > MAX_SESSIONS:
        raise ValueError(f'expected {{"sessions": [...]}} with at most {MAX_SESSIONS} sessions')
    out: list[StageSession] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"sessions[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected an object")
        sid = entry.get("id")
        if not isinstance(sid, str) or not _ID.match(sid) or sid in seen:
            raise ValueError(f"{where}.id: a unique id of 1-40 of a-z, 0-9 and '-'")
        seen.add(sid)
        rows = entry.get("schedules")
        if not isinstance(rows, list) or not rows:
            raise ValueError(f"{where}.schedules: a list of schedule rows")
        parsed = []
        for j, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValueError(f"{where}.schedules[{j}]: expected an object")
            try:
                parsed.append(schedule.from_hsds(row))
            except ValueError as exc:
                raise ValueError(f"{where}.schedules[{j}].{exc}") from None
        out.append(StageSession(sid, _text(entry, "title", where, 80, True),
                                _text(entry, "description", where, 2_000, False), tuple(parsed),
                                _text(entry, "presenter", where, 80, False)))
    return out
