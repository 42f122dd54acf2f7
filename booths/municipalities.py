"""Every Japanese municipality with its 6-digit code and reference point (CC0).

Source: `booths/data/localgovjp-utf8.csv`, copied from `shared/fixtures/municipalities/`
(code4fukui/localgovjp, CC0; see booths/data/README.md). The reference point is the municipality office: the centre for "near a
municipality" and the map point of a place shown only by municipality.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CSV = Path(__file__).with_name("data") / "localgovjp-utf8.csv"  # a copy of shared/fixtures (CC0)


@dataclass(frozen=True, slots=True)
class Municipality:
    lgcode: str
    pref: str
    city: str  # empty for a prefecture row
    kana: str
    lat: float
    lon: float

    @property
    def name(self) -> str:
        return f"{self.pref}{self.city}"


@functools.lru_cache(maxsize=4)
def load_municipalities(path: Path | None = None) -> dict[str, Municipality]:
    """Code → municipality, read once."""
    with open(path or DEFAULT_CSV, encoding="utf-8-sig", newline="") as f:
        return {row["lgcode"]: Municipality(row["lgcode"], row["pref"], row["city"], row["citykana"],
                                            float(row["lat"]), float(row["lng"]))
                for row in csv.DictReader(f) if row.get("lgcode") and row.get("lat")}
