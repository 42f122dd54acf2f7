"""Import Japanese municipal open data (公共施設一覧, イベント一覧) into HSDS-shaped records.

Municipalities publish these lists as CSV in two generations of column layout:
the older 推奨データセット (2017-, e.g. 都道府県コード又は市区町村コード, NO,
住所) and the newer 自治体標準オープンデータセット (全国地方公共団体コード, ID,
所在地_連結表記, ...), and events also in a third one, the event layout published
through the national base-registry catalogue (名称, 開始時刻/終了時刻, the
address over 住所都道府県/住所市区町村/...). Files arrive in UTF-8 (with or without BOM) or Shift_JIS
(cp932), typed by hand or exported from spreadsheets, so every field is checked
and a bad field is dropped with a :class:`Rejection` instead of failing the
file. Only a row without a name is dropped whole.

The output is plain dataclasses shaped after Open Referral HSDS 3.x
(organization / service / location / address / schedule), with ``x_`` fields for
what HSDS lacks. Pure parsing: no DB, no network, no asyncio. Text is stored
as given (no HTML stripping: escaping is the display's job); only control
characters are removed and odd whitespace (U+3000, NBSP...) NFKC-normalised.
"""
from __future__ import annotations

from datetime import date
from typing import Iterator

from booths.hours_notes import read_notes
from booths.hours_text import TZ, parse_days, parse_hours
from booths.opendata_csv import _decode_checked, _records, read_csv_bytes
from booths.opendata_fields import ACCESSIBILITY_COLUMNS, address_line_2, content_key, is_plain_answer, yes_no
from booths.opendata_layouts import _ALIASES, LAYOUTS, OpenDataError, _header_key, detect_layout
from booths.opendata_records import LAT_RANGE, LON_RANGE, ImportedPlace, ImportResult, Rejection
from booths.opendata_row import _capacity, _Row, check_municipality_code, municipality_check_digit

__all__ = [
    "OpenDataError",
    "Rejection",
    "ImportedPlace",
    "ImportResult",
    "read_csv_bytes",
    "detect_layout",
    "parse_facilities",
    "parse_events",
    "check_municipality_code",
    "municipality_check_digit",
    "LAYOUTS",
]


def _join(*parts: str | None, sep: str = " ") -> str | None:
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    return sep.join(seen) or None


def _address(row: _Row, layout: str) -> dict | None:
    if layout.endswith("-old"):
        line1 = row.get("住所")
        state = row.get("都道府県名")
        city = row.get("市区町村名")
        postal = None
    else:
        line1 = row.get("所在地_連結表記") or _join(
            row.get("所在地_都道府県"), row.get("所在地_市区町村"), row.get("所在地_町字"),
            row.get("所在地_番地以下"), sep="",
        )
        state = row.get("所在地_都道府県")
        city = row.get("所在地_市区町村")
        postal = row.postal_code("郵便番号")
    line2 = address_line_2(line1, row.get("建物名等(方書)"))  # not appended twice
    if not line1:
        return None
    return {
        "address_1": line1,
        "address_2": line2,
        "city": city,
        "state_province": state,
        "postal_code": postal,
        "country": "JP",
    }


# --------------------------------------------------------------------------- driver
def _iter_rows(data: bytes, want: str) -> tuple[str, str, list[Rejection], Iterator[_Row]]:
    text, encoding = _decode_checked(data)
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise OpenDataError("file has no header row") from None
    layout = detect_layout(header)
    if not layout.startswith(want):
        raise OpenDataError(f"this is a {layout} file, not a {want} list")
    keys = [_ALIASES.get(k, k) for k in (_header_key(h) for h in header)]
    sink: list[Rejection] = []

    def gen() -> Iterator[_Row]:
        for line, cells in records:
            if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys):]):
                sink.append(Rejection(line, None, "extra_cells",
                                      f"{len(cells)} cells for {len(keys)} columns; extra cells ignored"))
            values = {}
            for k, c in zip(keys, cells):
                if k and k not in values:
                    values[k] = c
            yield _Row(line, values, sink)

    return layout, encoding, sink, gen()


def _resolve_municipality(municipality: str | None) -> str | None:
    if municipality is None:
        return None
    code = check_municipality_code(municipality)
    if code is None:
        raise ValueError(f"municipality must be a valid 全国地方公共団体コード: {municipality!r}")
    return code


def _common(row: _Row, layout: str, override: str | None) -> dict:
    """Fields shared by facilities and events."""
    code_col = "都道府県コード又は市区町村コード" if layout.endswith("-old") else "全国地方公共団体コード"
    code = row.municipality_code(code_col)
    if override:
        if code and code != override:
            row.reject(code_col, "code_mismatch", f"row says {code}, import is for {override}; using {override}")
        code = override
    lat, lon = row.coordinates()
    muni_name = row.get("市区町村名", "地方公共団体名", "都道府県名")
    return {
        "source_row": row.line,
        "x_municipality_code": code,
        "x_source_id": row.get("NO", "ID"),
        "latitude": lat,
        "longitude": lon,
        "address": _address(row, layout),
        "x_corporate_number": row.corporate_number("法人番号"),
        "_municipality_name": muni_name,
    }


def _facility(row: _Row, layout: str, override: str | None) -> ImportedPlace | None:
    name = row.get("名称")
    if not name:
        row.reject(None, "missing_name", "名称 is empty; row dropped")
        return None
    c = _common(row, layout, override)
    muni = c.pop("_municipality_name")
    hours_text = row.get("利用可能日時特記事項")
    # the structured columns give the general hours; the note changes them sentence by sentence
    days, start, end = row.get("利用可能曜日"), row.clock("開始時間"), row.clock("終了時間")
    base: list[dict] = []
    if start and end and (start, end) != ((0, 0), (0, 0)):  # 0:00-0:00 is "not stated"
        day_part = ""
        if days:
            if parse_days(days) is None:
                row.reject("利用可能曜日", "bad_days", f"not a list of weekdays: {days[:40]!r}")
            else:
                day_part = days + " "
        if end <= start:
            row.reject("終了時間", "end_before_start",
                       f"{end[0]}:{end[1]:02d} is not after {start[0]}:{start[1]:02d}; times dropped")
        else:
            hours = parse_hours(f"{day_part}{start[0]}:{start[1]:02d}~{end[0]}:{end[1]:02d}")
            base = hours.schedules if hours.understood else []
    notes = read_notes(hours_text, base)
    for s in notes.schedules:
        s.setdefault("description", hours_text or "")
        if hours_text and not s.get("x_uncertain"):
            s["description"] = hours_text
    timed = any(s.get("opens_at") and not s.get("x_closed") for s in notes.schedules)
    # a time cell we cannot read (「4/1～10/31 6:00 11/1～3/31 8:30」, 「日没まで」) is kept word for word
    unread = [f"{col}: {row.get(col)}" for col, t in (("開始時間", start), ("終了時間", end)) if row.get(col) and not t]
    accessibility_flags = _yes_no_columns(row, _FACILITY_COLUMNS)
    phones = row.phones("電話番号")
    return ImportedPlace(
        x_kind="facility",
        name=name,
        organization_name=row.get("団体名") or muni,
        alternate_name=row.get("名称_通称"),
        x_name_kana=row.get("名称_カナ"),
        x_name_en=row.get("名称_英字"),
        description=_join(row.get("説明"), row.get("備考"), sep="\n"),
        url=row.url("URL"),
        email=row.get("連絡先メールアドレス"),
        phone=phones[0] if phones else None,
        other_phones=phones[1:],
        x_phone_extension=row.get("内線番号"),
        schedules=notes.schedules,
        hours_text=hours_text,
        hours_understood=timed and not notes.uncertain and not unread,
        hours_kept=notes.kept + unread,
        hours_uncertain=notes.uncertain or bool(unread),
        accessibility=row.get("バリアフリー情報"),
        accessibility_flags=accessibility_flags,
        accessibility_words=_answer_words(row, accessibility_flags),
        **c,
    )


# Columns with a meaning of their own: a 有/無 value there is not an accessibility flag.
_FACILITY_COLUMNS = frozenset(LAYOUTS["facility-old"] + LAYOUTS["facility-new"]) - {"バリアフリー情報"}
# The event list's own 有/無 columns (授乳室, おむつ替えコーナー, ベビーカー貸出, ...) are flags; the rest is not.
_EVENT_COLUMNS = frozenset(LAYOUTS["event-old"] + LAYOUTS["event-new"] + LAYOUTS["event-registry"]) - {
    "授乳室", "おむつ替えコーナー", "ベビーカー貸出", "ベビーカー利用", "飲食可否"}


def _yes_no_columns(row: _Row, known: frozenset[str]) -> dict[str, bool]:
    """Every 有/無 answer outside the columns that mean something else: 車椅子可, 授乳室, …"""
    flags = {}
    for column, value in row.values.items():
        if column in known or not value.strip():
            continue
        flag = yes_no(value)
        if flag is not None:
            flags[column] = flag
    return flags


def _answer_words(row: _Row, flags: dict[str, bool]) -> dict[str, str]:
    """The cell as published where it says more than 有/無 (「スロープ有、エレベータ無」)."""
    return {column: row.values[column].strip() for column in flags if not is_plain_answer(row.values[column])}


def _not_flag_columns(row: _Row, known: frozenset[str], seen: set[str]) -> None:
    """Add the unknown columns where this row has a filled cell that is not 有/無."""
    for column, value in row.values.items():
        if column in seen or column in known or column in ACCESSIBILITY_COLUMNS:
            continue
        if value.strip() and yes_no(value) is None:
            seen.add(column)


def _event_schedule(row: _Row) -> list[dict]:
    start_d, end_d = row.date("開始日"), row.date("終了日")
    start_t, end_t = row.clock("開始時間"), row.clock("終了時間")
    note = row.get("開始日時特記事項")
    if start_d and end_d and end_d < start_d:
        row.reject("終了日", "end_before_start", f"終了日 {end_d} is before 開始日 {start_d}; 終了日 dropped")
        end_d = None
    if start_t == (0, 0) and end_t == (0, 0):
        start_t = end_t = None  # 0:00-0:00 is how spreadsheets say "not stated"
    if start_t and end_t and end_t <= start_t:
        row.reject(
            "終了時間", "end_before_start",
            f"終了時間 {end_t[0]}:{end_t[1]:02d} is not after 開始時間 {start_t[0]}:{start_t[1]:02d}; times dropped",
        )
        start_t = end_t = None
    if not (start_d or start_t or note):
        return []
    s: dict = {}
    if start_d:
        s["dtstart"] = start_d.isoformat()
        s["valid_from"] = start_d.isoformat()
        s["valid_to"] = (end_d or start_d).isoformat()
    if start_t:
        s["opens_at"] = f"{start_t[0]:02d}:{start_t[1]:02d}:00{TZ}"
    if end_t and start_t:
        s["closes_at"] = f"{end_t[0]:02d}:{end_t[1]:02d}:00{TZ}" if end_t != (24, 0) else "23:59:59" + TZ
    if note:
        s["description"] = note
    return [s]


def _event(row: _Row, layout: str, override: str | None) -> ImportedPlace | None:
    name_column = "名称" if layout == "event-registry" else "イベント名"
    name = row.get(name_column)
    if not name:
        row.reject(None, "missing_name", f"{name_column} is empty; row dropped")
        return None
    c = _common(row, layout, override)
    muni = c.pop("_municipality_name")
    capacity = _join(row.get("定員"), row.get("定員備考"))
    phones = row.phones("連絡先電話番号")
    flags = _yes_no_columns(row, _EVENT_COLUMNS)
    return ImportedPlace(
        x_kind="event",
        name=name,
        organization_name=row.get("主催者") or muni,
        alternate_name=row.get("イベント通称"),
        x_name_kana=row.get("イベント名_カナ", "名称_カナ"),
        x_name_en=row.get("イベント名_英語", "名称_英字"),
        description=_join(row.get("説明") or row.get("概要"), row.get("備考"), sep="\n"),
        url=row.url("URL", "コンテンツURL"),
        email=row.get("連絡先メールアドレス"),
        phone=phones[0] if phones else None,
        other_phones=phones[1:],
        x_contact_name=row.get("連絡先名称"),
        x_phone_extension=row.get("連絡先内線番号"),
        x_location_name=row.get("場所名称"),
        schedules=_event_schedule(row),
        capacity=capacity,
        capacity_count=_capacity(capacity),
        fee=_join(row.get("料金(基本)"), row.get("料金(詳細)"), sep="; "),
        accessibility_flags=flags,
        accessibility_words=_answer_words(row, flags),
        **c,
    )


def _content_keys(places: list[ImportedPlace]) -> None:
    """Ids for rows published without ID/NO: from what the row says, not where it sits in the file.

    A list republished with one row inserted keeps every other row's id. Two rows saying the same
    (name, address, first date) are told apart by their order among themselves only.
    """
    seen: dict[str, int] = {}
    for p in places:
        first = p.schedules[0].get("valid_from") if p.x_kind == "event" and p.schedules else None
        address = (p.address or {}).get("address_1")
        key = content_key(p.x_kind, p.name, address, first,
                          None if address else f"{p.latitude},{p.longitude}")
        seen[key] = seen.get(key, 0) + 1
        p.x_content_key = key if seen[key] == 1 else f"{key}#{seen[key]}"


def _run(data: bytes, want: str, municipality: str | None) -> ImportResult:
    override = _resolve_municipality(municipality)
    layout, encoding, sink, rows = _iter_rows(data, want)
    build = _facility if want == "facility" else _event
    known = _FACILITY_COLUMNS if want == "facility" else _EVENT_COLUMNS
    places: list[ImportedPlace] = []
    not_flags: set[str] = set()
    n = 0
    for row in rows:
        n += 1
        if not any(v.strip() for v in row.values.values()):
            row.reject(None, "empty_row", "every cell is empty; row skipped")
            continue
        _not_flag_columns(row, known, not_flags)
        place = build(row, layout, override)
        if place is not None:
            places.append(place)
    for place in places:  # a column that is not 有/無 all through (CKAN's running `_id`: 1, 2, 3…) is no flag
        for column in not_flags & place.accessibility_flags.keys():
            del place.accessibility_flags[column]
            place.accessibility_words.pop(column, None)
    _content_keys(places)
    return ImportResult(places=places, rejections=sink, layout=layout, encoding=encoding, rows=n)


def parse_facilities(data: bytes, municipality: str | None = None) -> ImportResult:
    """Read a 公共施設一覧 CSV (older or newer layout) into facilities.

    ``municipality`` (全国地方公共団体コード) overrides or fills each row's code.
    """
    return _run(data, "facility", municipality)


def parse_events(data: bytes, municipality: str | None = None) -> ImportResult:
    """Read an イベント一覧 CSV (older or newer layout) into events."""
    return _run(data, "event", municipality)

