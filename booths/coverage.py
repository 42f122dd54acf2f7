"""Coverage: which municipalities of a prefecture have a member, a service or a consultation window (pure).

The secretariat's question is where the platform is absent. Counts come from the public directory
only (pending applications are not members yet); the municipalities from the bundled table
(`booths/municipalities.py`), so a municipality with nothing is a row with zeros, not a missing row.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from booths.municipalities import load_municipalities


@dataclass(frozen=True, slots=True)
class CoverageRow:
    code: str
    name: str
    members: int
    services: int
    windows: int  # consultation windows (services of kind `consultation`)


def main_prefecture(member_codes: Iterable[Iterable[str]]) -> str | None:
    """The prefecture most member organisations serve: the platform's own, when none is asked for."""
    table = load_municipalities()
    counts = Counter(table[c].pref for codes in member_codes for c in set(codes) if c in table)
    return counts.most_common(1)[0][0] if counts else None


def coverage(prefecture: str, member_codes: Iterable[Iterable[str]],
             service_codes: Iterable[tuple[str, Iterable[str]]]) -> list[CoverageRow]:
    """One row per municipality of `prefecture`, in the table's order (its code order).

    `member_codes`: per organisation, the codes it serves; `service_codes`: per active service,
    its kind and the codes it is in or serves. Each organisation or service counts once per code.
    """
    members: Counter[str] = Counter(c for codes in member_codes for c in set(codes))
    services: Counter[str] = Counter()
    windows: Counter[str] = Counter()
    for kind, codes in service_codes:
        for c in set(codes):
            services[c] += 1
            if kind == "consultation":
                windows[c] += 1
    return [CoverageRow(m.lgcode, m.city, members[m.lgcode], services[m.lgcode], windows[m.lgcode])
            for m in load_municipalities().values() if m.pref == prefecture and m.city]


CSV_COLUMNS = ("全国地方公共団体コード", "都道府県名", "市区町村名", "会員団体数", "サービス数", "相談窓口数", "緯度", "経度")


def coverage_csv(rows: Iterable[CoverageRow]) -> str:
    """The report as CSV text, one row per municipality with its reference point (the caller adds the BOM)."""
    table = load_municipalities()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        m = table[r.code]
        writer.writerow([r.code, m.pref, r.name, r.members, r.services, r.windows, m.lat, m.lon])
    return out.getvalue()
