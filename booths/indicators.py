"""Indicators against targets (issue 15), without I/O: the measures, a target's progress, the export.

The measures are the funnel's totals over all time (`booths/funnel.py`, `summary`: the same cells,
so a count under 5 is "<5" and a rate or median over fewer than 5 handoffs is withheld), the
members (organisations in the public directory) and the municipalities covered (of the platform's
prefecture, with a member, a service or a consultation window: `booths/coverage.py`). Members and
municipalities count organisations, not people, and are never hidden.

A target is one value per measure with a deadline (a date in Japan) and an optional note;
progress is the current value against it on a given day. For the median days to answer, lower is
better: the target is met when the median is at or under it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Iterable

from booths.campaigns import COUNTS as CAMPAIGN_COUNTS
from booths.coverage import CoverageRow
from rooms.refusal import Refused


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    kind: str  # "count", "rate" (0..1) or "days"
    lower_is_better: bool = False


MEASURES = {m.key: m for m in (
    Measure("booth_visits", "count"), Measure("handoffs", "count"), Measure("accepted", "count"),
    Measure("visited", "count"), Measure("closed_loop_rate", "rate"),
    Measure("median_days_to_response", "days", lower_is_better=True),
    Measure("members", "count"), Measure("municipalities_covered", "count"))}
MAX_TARGET = 10_000_000
MAX_NOTE = 200
Value = int | float | str | None  # a number, "<5" (hidden), or None (withheld or not known)


@dataclass(frozen=True, slots=True)
class Target:
    measure: str
    value: float
    deadline: str  # YYYY-MM-DD, a day in Japan
    note: str | None
    updated_ms: int


def current(funnel_total: dict[str, Any], members: int, coverage_rows: Iterable[CoverageRow]) -> dict[str, Value]:
    """Every measure's value now. `funnel_total`: `funnel.summary` over every handoff (cells already hidden)."""
    covered = sum(1 for r in coverage_rows if r.members or r.services or r.windows)
    values: dict[str, Value] = {k: funnel_total.get(k) for k in MEASURES}
    values.update(members=members, municipalities_covered=covered)
    return values


def check_target(measure: str, value: Any, deadline: Any, note: Any) -> Refused | None:
    """A target the secretariat may set: a known measure, a number in its range, a real date, a short note."""
    m = MEASURES.get(measure)
    if m is None:
        return Refused("bad_target", "target_field", {"field": "measure"})
    top = 1 if m.kind == "rate" else MAX_TARGET
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
        return Refused("bad_target", "target_field", {"field": "value"})
    try:
        dt.date.fromisoformat(deadline if isinstance(deadline, str) and len(deadline) == 10 else "")
    except ValueError:
        return Refused("bad_target", "target_field", {"field": "deadline"})
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        return Refused("bad_target", "target_field", {"field": "note"})
    return None


def progress(target: Target, value: Value, today: dt.date) -> dict[str, Any]:
    """The target with where the measure stands: `share` of the way (1.0 = reached), `met`, days left.

    A value hidden ("<5") or withheld (None) has no share and is neither met nor missed."""
    m = MEASURES[target.measure]
    share: float | None = None
    met: bool | None = None
    if isinstance(value, (int, float)):
        met = value <= target.value if m.lower_is_better else value >= target.value
        if met:  # how far along, never past the goal (not met: the divisor is above 0)
            share = 1.0
        else:
            share = round(target.value / value if m.lower_is_better else value / target.value, 2)
    days_left = (dt.date.fromisoformat(target.deadline) - today).days
    goal = int(target.value) if float(target.value).is_integer() else target.value  # 200, not 200.0
    return {"measure": target.measure, "target": goal, "deadline": target.deadline, "note": target.note,
            "current": value, "share": share, "met": met, "days_left": days_left, "overdue": days_left < 0 and met is False}


EXPORT_COLUMNS = ("section", "code", "measure", "value", "target", "deadline", "share", "met", "note")


def to_csv(measures: dict[str, Value], targets: list[dict[str, Any]], campaigns: list[dict[str, Any]]) -> str:
    """One flat table: a row per measure (with its target, if any), then a row per campaign code and count."""
    by_measure = {t["measure"]: t for t in targets}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for key, value in measures.items():
        t = by_measure.get(key, {})
        writer.writerow(["indicator", "", key, _blank(value), *(_blank(t.get(k)) for k in ("target", "deadline",
                                                                                         "share", "met", "note"))])
    for c in campaigns:
        for key in CAMPAIGN_COUNTS:
            writer.writerow(["campaign", c["code"], key, _blank(c[key]), "", "", "", "", c.get("label") or ""])
    return out.getvalue()


def _blank(v: Any) -> Any:
    return "" if v is None else str(v).lower() if isinstance(v, bool) else v

