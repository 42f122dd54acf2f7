"""The map's tile source, as an operator configures it (MAP_TILES_URL, MAP_TILES_ATTRIBUTION).

None by default: the public map (/map) then draws its points over the
municipalities' reference points on a plain projection, and the browser asks
no other site for anything. With a source, the Content-Security-Policy lets
images come from that one origin (`{s}` subdomains become `*.`), nothing else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_PLACEHOLDERS = ("{z}", "{x}", "{y}")
_HOST = re.compile(r"(\{s\}\.)?[A-Za-z0-9.\-]+")


@dataclass(frozen=True, slots=True)
class TileSource:
    url: str  # a Leaflet URL template: https://host/path/{z}/{x}/{y}.png
    attribution: str  # shown on the map; tile providers require it
    max_zoom: int
    origin: str  # what img-src allows

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "attribution": self.attribution, "max_zoom": self.max_zoom}


def tile_source(url: str, attribution: str, max_zoom: int) -> TileSource | None:
    """The configured source, None when none is; ValueError naming the setting when it cannot be used."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("MAP_TILES_URL must be an http(s) URL such as https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png")
    host = parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc
    if "@" in parts.netloc or not _HOST.fullmatch(host):
        raise ValueError("MAP_TILES_URL: the host may only hold letters, digits, dots, dashes and a leading {s}.")
    if any(p not in url for p in _PLACEHOLDERS):
        raise ValueError("MAP_TILES_URL must contain {z}, {x} and {y}")
    if not attribution.strip():
        raise ValueError("MAP_TILES_ATTRIBUTION is required with MAP_TILES_URL (tile providers require their credit)")
    if not 1 <= max_zoom <= 22:
        raise ValueError("MAP_TILES_MAX_ZOOM must be between 1 and 22")
    origin = f"{parts.scheme}://{parts.netloc.replace('{s}.', '*.')}"
    return TileSource(url, attribution.strip(), max_zoom, origin)
