"""What a municipal open-data import gives back: places (HSDS-shaped), rejections, the result."""
from __future__ import annotations

from dataclasses import dataclass, field

# Japan incl. Okinotorishima (20.4N), Minamitorishima (153.98E), Yonaguni (122.9E), Etorofu (45.5N).
LAT_RANGE = (20.0, 46.0)
LON_RANGE = (122.0, 154.0)


@dataclass(frozen=True)
class Rejection:
    """One problem found while importing.

    ``row`` is the 1-based physical CSV line the record starts on (header = 1),
    so a municipality can find it in a text editor. ``field`` is the source
    column name whose value was dropped, or None for a problem with the row as
    a whole (missing_name and empty_row drop the row; extra_cells does not).
    """

    row: int
    field: str | None
    code: str
    message: str


@dataclass
class ImportedPlace:
    """One facility or event, shaped after HSDS 3.x organization/service/location."""

    source_row: int
    x_kind: str  # "facility" | "event"
    name: str
    organization_name: str | None = None
    alternate_name: str | None = None
    x_name_kana: str | None = None
    description: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    other_phones: list[str] = field(default_factory=list)  # a cell with two numbers: the second and after
    x_phone_extension: str | None = None
    x_name_en: str | None = None  # 名称_英字 / イベント名_英語
    x_contact_name: str | None = None  # 連絡先名称
    address: dict | None = None  # {address_1, address_2, city, state_province, postal_code, country}
    latitude: float | None = None
    longitude: float | None = None
    x_location_name: str | None = None  # events: 場所名称
    x_municipality_code: str | None = None
    x_source_id: str | None = None  # NO / ID as published
    x_corporate_number: str | None = None
    schedules: list[dict] = field(default_factory=list)
    hours_text: str | None = None  # free-text hours as given; the description when not understood
    hours_understood: bool = False
    hours_kept: list[str] = field(default_factory=list)  # sentences of the note not understood, word for word
    hours_uncertain: bool = False  # a note changes the hours in a way we could not read
    capacity: str | None = None
    capacity_count: int | None = None
    fee: str | None = None
    accessibility: str | None = None
    accessibility_flags: dict[str, bool] = field(default_factory=dict)  # 車椅子可: True, 授乳室: False, ...
    accessibility_words: dict[str, str] = field(default_factory=dict)  # cells saying more: 「スロープ有、エレベータ無」
    x_content_key: str | None = None  # stable id source when the file has no ID/NO


@dataclass
class ImportResult:
    """Everything read from one file, plus every rejected row and field."""

    places: list[ImportedPlace]
    rejections: list[Rejection]
    layout: str
    encoding: str
    rows: int
