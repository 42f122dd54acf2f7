"""Campaign codes (issue 15), without I/O: which codes count, and how their counts are shown.

An entry URL such as `/?c=sns-2026-12` names the advertisement that brought a visitor. Only codes
the secretariat registered count; anything else (unknown, malformed, too long) counts as nothing
and is never repeated back. What is counted is aggregate only — arrivals, booth visits and
handoffs per code and month — and shown with the funnel's rule: a count under 5 is "<5".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from booths.funnel import cell
from rooms.refusal import Refused

COUNTS = ("arrivals", "booth_visits", "handoffs")
MAX_LABEL = 80
_CODE = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,30})[a-z0-9]")  # 3–32 characters: sns-2026-12, poster-a


@dataclass(frozen=True, slots=True)
class Campaign:
    code: str
    label: str
    created_ms: int


def code_of(value: Any) -> str | None:
    """`value` if it can be a campaign code (a short lower-case slug), else None."""
    return value if isinstance(value, str) and _CODE.fullmatch(value) else None


def check_campaign(code: Any, label: Any) -> Refused | None:
    if code_of(code) is None:
        return Refused("bad_campaign", "campaign_field", {"field": "code"})
    if not isinstance(label, str) or not 0 < len(label.strip()) <= MAX_LABEL:
        return Refused("bad_campaign", "campaign_field", {"field": "label"})
    return None


def shown(campaigns: list[Campaign], counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """One row per registered code, newest first, with its counts (all months) hidden under 5."""
    rows = []
    for c in sorted(campaigns, key=lambda c: (-c.created_ms, c.code)):
        got = counts.get(c.code, {})
        rows.append({"code": c.code, "label": c.label, **{k: cell(got.get(k, 0)) for k in COUNTS}})
    return rows
