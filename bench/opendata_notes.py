"""How much of the hours notes of real facility lists is read into schedules, and what is kept word for word.

    python bench/opendata_notes.py [FILE ...] [--show-kept N]

Each FILE is a 公共施設一覧 in any layout the importer reads (.csv), or one of 高松市's published
`data/<list>/data.xlsx` (github.com/takamatsu-city/opendata; English column keys such as
`availableDateNote`, re-headed here to the standard names exactly as in
tests/fixtures/opendata/takamatsu_facilities.csv). Without FILE: the facility fixtures in the repo.
For every row with a notes cell: "read fully" when every sentence was understood, else "uncertain"
(the unread sentences are kept word for word and the hours answer unknown). Counts only; no timing.
"""
from __future__ import annotations

import argparse
import collections
import csv
import io
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from booths.opendata import OpenDataError, parse_facilities  # noqa: E402

FIXTURES = [ROOT / "tests/fixtures/opendata/takamatsu_facilities.csv",
            ROOT / "tests/fixtures/opendata/yaizu_public_facility.csv"]
TAKAMATSU_KEYS = {"latitude": "緯度", "longitude": "経度", "name": "名称", "address": "所在地_連結表記",
                  "telephoneNumber": "電話番号", "referenceObject": "URL", "note": "備考", "availableDate": "利用可能曜日",
                  "startTime": "開始時間", "endTime": "終了時間", "availableDateNote": "利用可能時間特記事項"}
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx as rows of text (the standard library only)."""
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_NS}si"):
            shared.append("".join(t.text or "" for t in si.iter(f"{_NS}t")))
    sheet = sorted(n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[0]
    rows = []
    for row in ElementTree.fromstring(book.read(sheet)).iter(f"{_NS}row"):
        cells: dict[int, str] = {}
        for c in row.findall(f"{_NS}c"):
            col = 0
            for ch in re.match(r"[A-Z]+", c.get("r", "A")).group(0):
                col = col * 26 + ord(ch) - 64
            v, inline = c.find(f"{_NS}v"), c.find(f"{_NS}is")
            if c.get("t") == "s" and v is not None:
                cells[col - 1] = shared[int(v.text or 0)]
            elif inline is not None:
                cells[col - 1] = "".join(t.text or "" for t in inline.iter(f"{_NS}t"))
            else:
                cells[col - 1] = v.text if v is not None and v.text else ""
        if cells:
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows


def as_standard_csv(path: Path) -> bytes | None:
    """The file as the importer's CSV; 高松市's English keys renamed. None: not a list with hours notes."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    rows = xlsx_rows(path.read_bytes())
    if not rows or "availableDateNote" not in rows[0]:
        return None
    head = rows[0]
    keep = [i for i, h in enumerate(head) if h in TAKAMATSU_KEYS]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["全国地方公共団体コード", "ID", "地方公共団体名"] + [TAKAMATSU_KEYS[head[i]] for i in keep])
    for r in rows[1:]:
        r = r + [""] * (len(head) - len(r))
        w.writerow(["372013", "", "香川県高松市"] + [r[i] for i in keep])
    return out.getvalue().encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show-kept", type=int, default=15, metavar="N", help="the N most frequent unread sentences")
    args = ap.parse_args()
    notes = fully = 0
    kept: collections.Counter[str] = collections.Counter()
    for path in args.files or FIXTURES:
        data = as_standard_csv(path)
        if data is None:
            continue
        try:
            places = parse_facilities(data).places
        except OpenDataError as exc:
            print(f"{path}: skipped ({exc})", file=sys.stderr)
            continue
        for p in places:
            if p.hours_text:
                notes += 1
                fully += not p.hours_uncertain
                kept.update(p.hours_kept)
    if not notes:
        print("no notes")
        return
    print(f"notes={notes} read_fully={fully} ({fully / notes:.0%}) uncertain={notes - fully} "
          f"({(notes - fully) / notes:.0%})")
    for text, n in kept.most_common(args.show_kept):
        print(f"{n:5d}  {text[:120]}")


if __name__ == "__main__":
    main()
