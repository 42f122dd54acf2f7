"""The plain Japanese a member reads with a suggested partner: what, how much, when, where, and why."""
from __future__ import annotations

from booths.cases import THEMES, Period
from booths.municipalities import Municipality

from .matching_listing import KINDS, NEED, SKILLS, Listing, unit


def month_text(month: str) -> str:
    """"2025-04" → "2025年4月"."""
    year, _, mm = month.partition("-")
    return f"{year}年{int(mm)}月" if mm.isdigit() else month


def period_text(period: Period) -> str:
    """"2025年4月〜2025年9月", or "2025年4月から" while it has no end."""
    if period.end is None:
        return f"{month_text(period.start)}から"
    return f"{month_text(period.start)}〜{month_text(period.end)}"


def kind_text(kind: str, skill: str | None) -> str:
    """"専門スキル(デザイン)", "ボランティア"."""
    name = KINDS[kind][0] if kind in KINDS else kind
    return f"{name}({SKILLS[skill][0]})" if skill in SKILLS else name


def quantity_text(kind: str, quantity: int | None) -> str:
    """"5人", "300,000円"; empty when no quantity was given."""
    return "" if quantity is None else f"{quantity:,}{unit(kind)}"


def place_names(codes: list[str], places: dict[str, Municipality]) -> str:
    return "、".join(places[c].city or places[c].name if c in places else c for c in codes)


def theme_names(ids: list[str]) -> str:
    return "、".join(THEMES[t].name if t in THEMES else t for t in ids)


REASONS = {  # reason code → sentence; {values} filled by the matcher
    "theme": "共通のテーマ: {themes}",
    "sdgs": "同じSDGsの目標: {goals}",
    "same_place": "同じ市町村: {places}",
    "ward": "市と区で重なります: {places}",
    "anywhere": "地域を問わない申し出です",
    "enough": "必要な量を満たせます(必要 {need}、提供 {offer})",
    "partial": "必要な量の一部をまかなえます(必要 {need}、提供 {offer})",
    "whole_period": "必要な期間({period})をすべてカバーします",
    "some_period": "期間の一部が重なります({period})",
}


def reason_text(code: str, values: dict[str, str]) -> str:
    return REASONS[code].format_map(values)


def explanation(other: Listing, reasons: list[str]) -> str:
    """One paragraph: who offers (or needs) what, then every reason, each a short sentence."""
    what = kind_text(other.kind, other.skill)
    amount = quantity_text(other.kind, other.quantity)
    side = "の支援を求めています" if other.side == NEED else "を提供できます"
    head = f"{other.organization_name or other.organization}が{what}{'(' + amount + ')' if amount else ''}{side}" \
           f"(「{other.title}」、{period_text(other.period)})。"
    return head + "".join(f"{r}。" for r in reasons)
