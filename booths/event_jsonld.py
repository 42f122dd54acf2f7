"""One occurrence as schema.org `Event` JSON-LD, for search engines and other tools reading its page.

Online festival sessions are `OnlineEventAttendanceMode` with a `VirtualLocation` (the page);
directory events at a place are `OfflineEventAttendanceMode` with a `Place` that carries only
what `booths.event_view` lets out (no street address or point for hidden places). An
all-day occurrence gives dates (`2026-12-19`), a timed one ISO date-times with +09:00.
"""
from __future__ import annotations

import json
from typing import Any

from .event_view import Event


def event_jsonld(e: Event, page_url: str) -> dict[str, Any]:
    start = e.start.date().isoformat() if e.all_day else e.start.isoformat()
    end = e.start.date().isoformat() if e.all_day else e.end.isoformat()
    doc: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "@id": page_url, "url": page_url,
        "name": e.name, "startDate": start, "endDate": end, "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": "ja",
    }
    if e.description:
        doc["description"] = e.description
    if e.online:
        doc["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        doc["location"] = {"@type": "VirtualLocation", "url": e.url or page_url}
    else:
        doc["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        place: dict[str, Any] = {"@type": "Place", "name": e.place or e.city or e.name}
        if e.address or e.city:
            place["address"] = {"@type": "PostalAddress", "addressCountry": "JP",
                                **({"streetAddress": e.address} if e.address else {}),
                                **({"addressLocality": e.city} if e.city else {})}
        if e.latitude is not None and e.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": e.latitude, "longitude": e.longitude}
        doc["location"] = place
    if e.organizer:
        doc["organizer"] = {"@type": "Organization", "name": e.organizer}
    if e.capacity is not None:
        doc["maximumAttendeeCapacity"] = e.capacity
    return doc


def script_text(doc: dict[str, Any]) -> str:
    """JSON safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` can end the element."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
