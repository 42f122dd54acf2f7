"""The reports queue: many reports of one thing are one entry, and the likeliest real ones come first.

A flood of junk reports must not push a real one out of sight. Reports of the
same message (or of the same member in the same room, without a message) are
merged into one entry that counts its reporters; entries whose reporters were
themselves in the conversation (they spoke in the kept evidence) come first,
then those with more reporters, then the newest. The queue is paged. The
per-reporter and per-address limits live with the other limits (`server`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PAGE = 50


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    room: str | None
    message: str | None
    target: str | None
    reason: str | None
    note: str
    evidence: list[dict[str, Any]]
    by: str
    ts: int
    participant: bool = False


def took_part(evidence: list[dict[str, Any]], reporter: str) -> bool:
    """Whether the reporter spoke in the messages kept around the reported one."""
    return any(e.get("from", {}).get("id") == reporter for e in evidence)


@dataclass
class _Entry:
    rows: list[ReportRow] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        newest = max(self.rows, key=lambda r: r.ts)
        return {"report": min(r.id for r in self.rows), "ids": sorted(r.id for r in self.rows),
                "room": newest.room, "id": newest.message, "user": newest.target, "reason": newest.reason,
                "reasons": sorted({r.reason for r in self.rows if r.reason}), "note": newest.note,
                "evidence": newest.evidence, "by": newest.by, "ts": newest.ts,
                "reporters": len({r.by for r in self.rows}), "participant": any(r.participant for r in self.rows)}


def queue(rows: list[ReportRow], resolved: set[int]) -> list[dict[str, Any]]:
    """Open reports merged by what they report, best first."""
    entries: dict[tuple[Any, ...], _Entry] = {}
    for row in rows:
        if row.id in resolved:
            continue
        key = (row.room, "m", row.message) if row.message else (row.room, "u", row.target)
        entries.setdefault(key, _Entry()).rows.append(row)
    views = [e.view() for e in entries.values()]
    views.sort(key=lambda v: (not v["participant"], -v["reporters"], -v["ts"]))
    return views


def page(items: list[dict[str, Any]], offset: int, size: int = PAGE) -> tuple[list[dict[str, Any]], int | None]:
    chunk = items[offset:offset + size]
    return chunk, (offset + size if offset + size < len(items) else None)


def group_of(items: list[dict[str, Any]], report: int) -> list[int]:
    """Every report id merged with `report` (resolving one entry resolves them all)."""
    for item in items:
        if report in item["ids"]:
            return item["ids"]
    return [report]
