"""The map as RFC 7946 GeoJSON, honouring each place's coordinate precision.

exact: the point; approximate: the point rounded to ~500 m (done at import);
municipality: the municipality's reference point; hidden: not on the map.
Coordinates are `[longitude, latitude]` as RFC 7946 says.
"""
from __future__ import annotations

from typing import Any

from .municipalities import Municipality


def feature_collection(services: list[dict[str, Any]], places: dict[str, Municipality]) -> dict[str, Any]:
    """One Point feature per (service, location) that may be shown."""
    features = []
    for svc in services:
        for link in svc.get("service_at_locations") or []:
            loc = link.get("location") or {}
            point = _point(loc, places)
            if point is None:
                continue
            features.append({
                "type": "Feature",
                "id": f"{svc['id']}@{loc.get('id')}",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {
                    "service_id": svc["id"], "service": svc.get("name"),
                    "organization": (svc.get("organization") or {}).get("name"),
                    "location": loc.get("name"), "x_kind": svc.get("x_kind"),
                    "x_coordinate_precision": loc.get("x_coordinate_precision"),
                },
            })
    return {"type": "FeatureCollection", "features": features}


def _point(loc: dict[str, Any], places: dict[str, Municipality]) -> tuple[float, float] | None:
    precision = loc.get("x_coordinate_precision")
    if loc.get("location_type") == "virtual" or precision == "hidden":
        return None
    if precision == "municipality":
        m = places.get(loc.get("x_municipality_code") or "")
        return (m.lat, m.lon) if m else None
    if loc.get("latitude") is None or loc.get("longitude") is None:
        return None
    return float(loc["latitude"]), float(loc["longitude"])
