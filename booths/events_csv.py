"""Occurrences as the 自治体標準オープンデータセット イベント一覧 CSV (the newer layout of `booths.opendata`).

So a municipality can publish what its members entered: one row per occurrence (a weekly
activity over the window is as many rows, each with its own date, as the standard set's rows
are single events), every column of the layout in its order, UTF-8 with a BOM (what the
standard's guide and spreadsheet programs expect), CRLF. `ID` is the occurrence id, stable,
so a republished list replaces rows instead of adding them when read back by our importer.
Addresses and points follow `booths.event_view` (exact places only).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Iterable

from .event_view import Event
from .municipalities import Municipality
from .opendata import LAYOUTS

COLUMNS = LAYOUTS["event-new"]


def _row(e: Event, places: dict[str, Municipality]) -> dict[str, str]:
    code = e.municipality_code or ""
    muni = places.get(code)
    ends_at_midnight = not e.all_day and e.end.date() > e.start.date() and e.end.time() == dt.time(0, 0)
    last_day = e.start.date() if e.all_day or ends_at_midnight else e.end.date()
    end_time = "" if e.all_day else "24:00" if ends_at_midnight else f"{e.end:%H:%M}"
    row = {
        "全国地方公共団体コード": code,
        "ID": e.id,
        "地方公共団体名": muni.name if muni else "",
        "イベント名": e.name,
        "言語コード": "ja",
        "開始日": e.start.date().isoformat(),
        "終了日": last_day.isoformat(),
        "開始時間": "" if e.all_day else f"{e.start:%H:%M}",
        "終了時間": end_time,
        "開始日時特記事項": e.note or "",
        "説明": e.description,
        "料金(基本)": e.fee or "",
        "連絡先電話番号": e.phone or "",
        "主催者": e.organizer or "",
        "場所名称": e.place or "",
        "所在地_連結表記": e.address or "",
        "緯度": f"{e.latitude:.6f}" if e.latitude is not None and e.address else "",
        "経度": f"{e.longitude:.6f}" if e.longitude is not None and e.address else "",
        "Web開催": "有" if e.online else "",
        "定員": str(e.capacity) if e.capacity is not None else "",
        "URL": e.url or "",
    }
    return {c: row.get(c, "") for c in COLUMNS}


def to_csv(events: Iterable[Event], places: dict[str, Municipality]) -> bytes:
    """The CSV file's bytes: header and one row per occurrence."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for e in events:
        writer.writerow(_row(e, places))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
