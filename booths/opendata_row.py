"""One municipal CSV record and its field checks: each bad field is dropped with a Rejection.

Also the 全国地方公共団体コード check digit, which callers use on their own.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from booths.hours_text import parse_clock
from booths.opendata_fields import repair_url, split_phones
from booths.opendata_records import LAT_RANGE, LON_RANGE, Rejection

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
