"""The public finder's parameters and answers as msgspec types (OpenAPI prose included)."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from booths.consult import SCOPES
from server.http.models_directory import Code, DateTime, _q, _terms


class ConsultQuery(Struct, kw_only=True):
    life_stage: _q(_terms("life_stage"), "One life stage: windows naming it, or naming none whose ages overlap "  # type: ignore[valid-type]
                   "it (no ages stated: anyone).") | UnsetType = UNSET
    concern: _q(_terms("concern"), "Worries: windows naming one of them, or naming no worry "  # type: ignore[valid-type]
                "(they take any).") | UnsetType = UNSET
    municipality: _q(Code, "The visitor's municipality (never an address): its own and its prefecture's "  # type: ignore[valid-type]
                     "windows, and physical windows within `within_km` of its reference point.",
                     examples=["112011"]) | UnsetType = UNSET
    open_at: _q(DateTime, "The moment 'open now' means (ISO 8601, no offset means JST); default: now.",  # type: ignore[valid-type]
                examples=["2026-12-05T14:00:00+09:00"]) | UnsetType = UNSET
    within_km: _q(Annotated[float, Meta(gt=0, le=500)], "Radius for physical windows, in kilometres.") = 15  # type: ignore[valid-type]


class ConsultWindow(Struct):
    """One consultation window; `open_now` null: its hours do not say"""

    service_id: str
    name: str
    organization: str
    scope: Literal[SCOPES]  # type: ignore[valid-type]
    open_now: bool | None
    virtual: bool
    phones: list[str]
    url: str | None
    hours: str | None
    municipality: Annotated[str | None, Meta(description="Where it is, as a municipality name (never a street)")]
    distance_km: Annotated[float | None, Meta(description="From the visitor's municipality's reference point "
                                                          "(nearby windows only)")]
    place: Annotated[str | None, Meta(description="The place's name, only for places the map shows (exact, "
                                                  "approximate)")]
    address: Annotated[str | None, Meta(description="Street address, exact places only")]


class ConsultWindows(Struct):
    """Open now first, then local, nearby (nearest first), national; then by name"""

    at: DateTime
    municipality: str | None
    windows: list[ConsultWindow]


class Municipalities(Struct):
    """`municipalities` rows are [code, prefecture, city, latitude, longitude] (the municipality office)"""

    prefectures: list[str]
    municipalities: list[list[str | float]]


class Tiles(Struct):
    url: Annotated[str, Meta(description="A {z}/{x}/{y} URL template (MAP_TILES_URL)")]
    attribution: str
    max_zoom: int


class MapSettings(Struct):
    """`tiles` null: no tile source is configured; the map draws a plain projection"""

    tiles: Tiles | None
