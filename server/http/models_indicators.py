"""The indicators' routes (issue 15) as msgspec types: measures, targets and their progress, campaign codes.

A count under 5 is the string "<5" and a rate or median over fewer than 5 handoffs is null, as in
the funnel (`booths/funnel.py`); `booths/indicators.py` and `booths/campaigns.py` hold the rules.
"""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct

from booths.campaigns import MAX_LABEL
from booths.indicators import MAX_NOTE, MAX_TARGET, MEASURES

MeasureKey = Literal[tuple(MEASURES)]  # type: ignore[valid-type]
Value = Annotated[int | float | str | None, Meta(description='A number, "<5" (hidden), or null (withheld)')]
Count = Annotated[int | str, Meta(description='A count, or "<5"')]


class MeasurePath(Struct, kw_only=True):
    measure: MeasureKey


class TargetInput(Struct, kw_only=True):
    """Rates (closed_loop_rate) are between 0 and 1; the median days to answer is met at or under the value"""

    value: Annotated[float, Meta(ge=0, le=MAX_TARGET)]
    deadline: Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="A day in Japan, YYYY-MM-DD")]
    note: Annotated[str, Meta(max_length=MAX_NOTE)] | None = None


class Progress(Struct, kw_only=True):
    measure: MeasureKey
    target: float
    deadline: str
    note: str | None
    current: Value
    share: Annotated[float | None, Meta(description="Of the way to the target (1.0: reached); null when hidden")]
    met: bool | None
    days_left: Annotated[int, Meta(description="Negative after the deadline")]
    overdue: bool


class CampaignInput(Struct, kw_only=True):
    code: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", examples=["sns-2026-12"])]
    label: Annotated[str, Meta(min_length=1, max_length=MAX_LABEL, description="What the code advertised")]


class CampaignRow(Struct, kw_only=True):
    code: str
    label: str
    arrivals: Count
    booth_visits: Count
    handoffs: Count


class Indicators(Struct, kw_only=True):
    """Every measure now (all time), the targets with their progress, and every campaign code's counts"""

    as_of: Annotated[str, Meta(description="Today in Japan, YYYY-MM-DD")]
    measures: dict[str, Value]
    targets: list[Progress]
    campaigns: list[CampaignRow]
