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

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from booths.hours_notes import read_notes
from booths.hours_text import TZ, parse_clock, parse_days, parse_hours
from booths.opendata_fields import address_line_2, content_key, repair_url, split_phones, yes_no
from booths.opendata_layouts import _ALIASES, LAYOUTS, OpenDataError, _header_key, detect_layout

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
    x_content_key: str | None = None  # stable id source when the file has no ID/NO


@dataclass
class ImportResult:
    """Everything read from one file, plus every rejected row and field."""

    places: list[ImportedPlace]
    rejections: list[Rejection]
    layout: str
    encoding: str
    rows: int


# --------------------------------------------------------------------------- decoding
_MOJIBAKE_CP932 = re.compile("[縺繧繝]")  # UTF-8 kana read as cp932: E3 81/82/83 -> 縺/繧/繝
_MOJIBAKE_LATIN = re.compile("[ÃÂãâåæçèé][\u0080-\u00bf]|ã\u0081|ã\u0082|ã\u0083")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise OpenDataError(f"file starts with a UTF-8 BOM but is not UTF-8 (byte {exc.start})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise OpenDataError("file starts with a UTF-16 BOM but is not UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        raise OpenDataError(
            f"file is neither UTF-8 nor Shift_JIS (cp932): undecodable byte at offset {exc.start}"
        ) from None


def _check_text(text: str) -> None:
    """Refuse binary garbage and double-encoded text rather than importing nonsense."""
    if "\x00" in text:
        raise OpenDataError("file contains NUL bytes: binary data or UTF-16 without BOM, not a CSV")
    if "\ufffd" in text:
        raise OpenDataError("file contains U+FFFD replacement characters: it was already mis-decoded once")
    hits = len(_MOJIBAKE_CP932.findall(text))
    if hits >= 3 and hits * 50 > len(text):
        raise OpenDataError("file looks like mojibake (UTF-8 read as Shift_JIS and saved again): 縺/繧/繝 everywhere")
    if len(_MOJIBAKE_LATIN.findall(text)) >= 3:
        raise OpenDataError("file looks like mojibake (UTF-8 read as Latin-1 and saved again)")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    if text and controls > max(3, len(text) // 200):
        raise OpenDataError(f"file has {controls} control characters: binary garbage, not a CSV")


def _decode_checked(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise OpenDataError("file is empty")
    text, encoding = _decode(data)
    _check_text(text)
    return text, encoding


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (start line, cells) for every CSV record, blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if not cells:
            continue
        yield start, cells


def read_csv_bytes(data: bytes) -> list[dict[str, str]]:
    """Decode a municipal CSV (UTF-8 +/- BOM, else cp932) into dicts keyed by header.

    Header names are NFKC-normalised so full-width brackets match. Raises
    OpenDataError with a readable reason for undecodable or garbled files.
    """
    text, _ = _decode_checked(data)
    it = _records(text)
    try:
        _, header = next(it)
    except StopIteration:
        raise OpenDataError("file has no header row") from None
    keys = [_header_key(h) for h in header]
    out = []
    for _, cells in it:
        cells = cells + [""] * (len(keys) - len(cells))
        out.append(dict(zip(keys, cells)))
    return out


# --------------------------------------------------------------------------- field helpers
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def _clean(value: str | None) -> str | None:
    """Strip control characters and NFKC-normalise whitespace only; None when empty."""
    if value is None:
        return None
    s = value.replace("\r\n", "\n").replace("\r", "\n")
    s = _CONTROL_RE.sub("", s)
    s = "".join(unicodedata.normalize("NFKC", c) if c.isspace() and c != "\n" else c for c in s)
    s = s.strip()
    return s or None


def municipality_check_digit(five: str) -> int:
    """Check digit of a 全国地方公共団体コード from its first five digits (JIS X 0402)."""
    d = [int(c) for c in five]
    return (11 - sum(w * x for w, x in zip((6, 5, 4, 3, 2), d)) % 11) % 10


def check_municipality_code(value: str) -> str | None:
    """Return the 6-digit code for a 5- or 6-digit input, or None if it cannot be one.

    5 digits are either the code without its check digit or a 6-digit code whose
    leading zero a spreadsheet ate (北海道 01...); the zero-padded reading is used
    when its check digit verifies, otherwise the check digit is appended.
    """
    s = unicodedata.normalize("NFKC", value).strip()
    if not s.isdigit() or len(s) not in (5, 6):
        return None
    if len(s) == 5:
        padded = "0" + s
        if municipality_check_digit(padded[:5]) == int(padded[5]) and 1 <= int(padded[:2]) <= 47:
            s = padded
        else:
            s = s + str(municipality_check_digit(s))
    if not 1 <= int(s[:2]) <= 47:
        return None
    if municipality_check_digit(s[:5]) != int(s[5]):
        return None
    return s


_MOBILE_RE = re.compile(r"0[789]0\d{8}")


def _phone_digits(value: str) -> str:
    s = unicodedata.normalize("NFKC", value)
    digits = re.sub(r"\D", "", s)
    if s.lstrip().startswith("+81") and digits.startswith("81"):
        digits = "0" + digits[2:]
    return digits


_SPREADSHEET_NUMBER_RE = re.compile(r"\d(?:\.\d+)?[eE][+-]?\d+")


class _Row:
    """One CSV record with its line number and a sink for rejections."""

    def __init__(self, line: int, values: dict[str, str], sink: list[Rejection]) -> None:
        self.line = line
        self.values = values
        self.sink = sink

    def get(self, *names: str) -> str | None:
        for n in names:
            v = _clean(self.values.get(n))
            if v:
                return v
        return None

    def reject(self, fld: str | None, code: str, message: str) -> None:
        self.sink.append(Rejection(self.line, fld, code, message))

    # typed getters: each drops its field with a Rejection on bad input
    def url(self, *names: str) -> str | None:
        for n in names:
            v = self.get(n)
            if not v:
                continue
            if re.fullmatch(r"https?://[^\s]+", v):
                return v
            repaired = repair_url(v)
            if repaired is not None:
                self.reject(n, "repaired_url", f"{v[:80]!r} has no scheme; kept as {repaired[:90]!r}")
                return repaired
            self.reject(n, "bad_url", f"not an http(s) URL: {v[:80]!r}")
        return None

    def phones(self, name: str) -> list[str]:
        """Every usable number in the cell: two numbers in one cell are split, not refused."""
        v = self.get(name)
        if not v:
            return []
        parts = split_phones(v)
        if len(parts) < 2:
            one = self.phone(name)
            return [one] if one else []
        self.reject(name, "split_phone", f"{len(parts)} numbers in one cell: {v[:60]!r}; kept each")
        return [p for p in (self._one_phone(name, part) for part in parts) if p]

    def phone(self, name: str) -> str | None:
        v = self.get(name)
        if not v:
            return None
        return self._one_phone(name, v)

    def _one_phone(self, name: str, v: str) -> str | None:
        digits = _phone_digits(v)
        if _SPREADSHEET_NUMBER_RE.fullmatch(v.strip()):
            self.reject(name, "mangled_number", f"{v!r} is a spreadsheet-mangled number")
            return None
        if _MOBILE_RE.fullmatch(digits):
            # A mobile number given as an event contact is almost always a private
            # person's; it must not be published by a youth service.
            self.reject(name, "private_phone", "mobile number (070/080/090) dropped: likely a private person's")
            return None
        if not re.fullmatch(r"0\d{9,10}", digits):
            self.reject(name, "bad_phone", f"not a Japanese phone number: {v[:40]!r}")
            return None
        return v

    def corporate_number(self, name: str) -> str | None:
        v = self.get(name)
        if not v:
            return None
        s = unicodedata.normalize("NFKC", v).strip()
        if _SPREADSHEET_NUMBER_RE.fullmatch(s):
            self.reject(name, "mangled_number", f"{v!r} is a spreadsheet-mangled number (exponent form); ignored")
            return None
        if not re.fullmatch(r"\d{13}", s):
            self.reject(name, "bad_code", f"法人番号 must be 13 digits: {v[:40]!r}")
            return None
        return s

    def municipality_code(self, name: str) -> str | None:
        v = self.get(name)
        if not v:
            return None
        code = check_municipality_code(v)
        if code is None:
            if _SPREADSHEET_NUMBER_RE.fullmatch(unicodedata.normalize("NFKC", v).strip()):
                self.reject(name, "mangled_number", f"{v!r} is a spreadsheet-mangled number")
            else:
                self.reject(name, "bad_code", f"not a valid 全国地方公共団体コード (check digit): {v!r}")
        return code

    def coordinates(self) -> tuple[float | None, float | None]:
        lat_s, lon_s = self.get("緯度"), self.get("経度")
        if not lat_s and not lon_s:
            return None, None
        vals: list[float | None] = []
        for fld, raw in (("緯度", lat_s), ("経度", lon_s)):
            if raw is None:
                self.reject(fld, "bad_coordinates", "only one of 緯度/経度 given; both dropped")
                vals.append(None)
                continue
            try:
                x = float(unicodedata.normalize("NFKC", raw).replace(",", ""))
            except ValueError:
                x = math.nan
            if not math.isfinite(x):
                self.reject(fld, "bad_coordinates", f"not a number: {raw[:40]!r}; coordinates dropped")
                vals.append(None)
            else:
                vals.append(x)
        lat, lon = vals
        if lat is None or lon is None:
            return None, None
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            swapped = LAT_RANGE[0] <= lon <= LAT_RANGE[1] and LON_RANGE[0] <= lat <= LON_RANGE[1]
            fld = "緯度" if not LAT_RANGE[0] <= lat <= LAT_RANGE[1] else "経度"
            self.reject(
                fld,
                "outside_japan",
                f"({lat}, {lon}) is outside Japan"
                + ("; 緯度 and 経度 look swapped" if swapped else "")
                + "; coordinates dropped",
            )
            return None, None
        return lat, lon

    def postal_code(self, name: str) -> str | None:
        v = self.get(name)
        if not v:
            return None
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", v))
        if len(digits) != 7:
            self.reject(name, "bad_postal_code", f"郵便番号 must have 7 digits: {v!r}")
            return None
        return f"{digits[:3]}-{digits[3:]}"

    def date(self, name: str) -> date | None:
        v = self.get(name)
        if not v:
            return None
        s = unicodedata.normalize("NFKC", v).strip()
        m = re.fullmatch(r"(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:\s*\(.\))?(?:\s+0?0:00(?::00)?)?", s)
        if not m:
            m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
        self.reject(name, "bad_date", f"not a date (YYYY/MM/DD): {v[:40]!r}")
        return None

    def clock(self, name: str) -> tuple[int, int] | None:
        v = self.get(name)
        if not v:
            return None
        t = parse_clock(v)
        if t is None:
            self.reject(name, "bad_time", f"not a time of day (HH:MM): {v[:40]!r}")
        return t


def _capacity(text: str | None) -> int | None:
    if not text:
        return None
    m = re.match(r"(?:定員|先着|最大|約)?\s*(\d[\d,]*)", unicodedata.normalize("NFKC", text))
    return int(m.group(1).replace(",", "")) if m else None


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
        hours_understood=timed and not notes.uncertain,
        hours_kept=notes.kept,
        hours_uncertain=notes.uncertain,
        accessibility=row.get("バリアフリー情報"),
        accessibility_flags=accessibility_flags,
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
        accessibility_flags=_yes_no_columns(row, _EVENT_COLUMNS),
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
    places: list[ImportedPlace] = []
    n = 0
    for row in rows:
        n += 1
        if not any(v.strip() for v in row.values.values()):
            row.reject(None, "empty_row", "every cell is empty; row skipped")
            continue
        place = build(row, layout, override)
        if place is not None:
            places.append(place)
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

