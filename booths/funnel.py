"""The secretariat's funnel, without I/O: booth visits → handoffs → accepted → visited.

Grouped per organization, service or municipality (the visitor's), for one
month or all time, with the median days until the organisation first
answered and the closed-loop rate (handoffs whose outcome is known: completed,
failed, rejected or cancelled). Every count under 5 is shown as "<5" so that
no cell points at a person; rates computed from such cells are withheld too.
"""
from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from typing import Any, Iterable

GROUPS = ("organization", "service", "municipality")
SMALL = 5
DAY_MS = 86_400_000
_VISITED = ("in-progress", "completed")
_CLOSED = ("completed", "failed", "rejected", "cancelled")
COLUMNS = ("group", "booth_visits", "info_only", "handoffs", "accepted", "visited", "median_days_to_response",
           "closed_loop_rate")


@dataclass(slots=True, frozen=True)
class HandoffFacts:
    """What the funnel needs of one handoff (no person in it)."""

    id: str
    service_id: str
    organization_id: str
    municipality_code: str | None
    status: str
    created_ms: int
    responded_ms: int | None


def cell(n: int) -> int | str:
    """A count as shown to anyone: under 5 (but not 0) it is "<5", so that no cell points at a person."""
    return "<5" if 0 < n < SMALL else n


def funnel(handoffs: Iterable[HandoffFacts], accepted_ids: set[str], group: str, info_counts: dict[str, int],
           booth_visits: dict[str, int], service_org: dict[str, str]) -> list[dict[str, Any]]:
    """One row per group value, sorted; counts under 5 suppressed."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")

    def key_of(h: HandoffFacts) -> str:
        return {"organization": h.organization_id, "service": h.service_id,
                "municipality": h.municipality_code or "unknown"}[group]

    buckets: dict[str, list[HandoffFacts]] = {}
    for h in handoffs:
        buckets.setdefault(key_of(h), []).append(h)
    infos: dict[str, int] = {}
    for service_id, n in info_counts.items():
        k = {"organization": service_org.get(service_id, "unknown"), "service": service_id,
             "municipality": "unknown"}[group]  # info-only handoffs keep no place: by design
        infos[k] = infos.get(k, 0) + n
    keys = sorted(set(buckets) | set(infos) | (set(booth_visits) if group == "organization" else set()))
    return [summary(k, buckets.get(k, []), accepted_ids, infos.get(k, 0),
                    booth_visits.get(k, 0) if group == "organization" else None) for k in keys]


def summary(key: str, hs: list[HandoffFacts], accepted_ids: set[str], info_only: int,
            booth_visits: int | None) -> dict[str, Any]:
    """One funnel row for a group of handoffs (or for all of them: the indicators' totals), cells hidden."""
    accepted = sum(1 for h in hs if h.id in accepted_ids)
    visited = sum(1 for h in hs if h.status in _VISITED)
    closed = sum(1 for h in hs if h.status in _CLOSED)
    waits = [(h.responded_ms - h.created_ms) / DAY_MS for h in hs if h.responded_ms is not None]
    enough = len(hs) >= SMALL
    return {
        "group": key,
        "booth_visits": None if booth_visits is None else cell(booth_visits),
        "info_only": cell(info_only),
        "handoffs": cell(len(hs)),
        "accepted": cell(accepted),
        "visited": cell(visited),
        "median_days_to_response": round(statistics.median(waits), 1) if enough and len(waits) >= SMALL else None,
        "closed_loop_rate": round(closed / len(hs), 2) if enough else None,
    }


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in COLUMNS})
    return out.getvalue()
