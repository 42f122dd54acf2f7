"""Occurrences as an RFC 5545 iCalendar feed: one VEVENT per occurrence.

Why one VEVENT each and never an RRULE: an occurrence list has holidays, closures and
one-day special hours already applied, which an RRULE can say only with EXDATE/RDATE
lists that calendar apps handle unevenly; a bounded window (at most 92 days) keeps the
feed small. Times are UTC (`...Z`), so no VTIMEZONE is needed and every app agrees on
them; all-day occurrences are `VALUE=DATE`. UIDs are the occurrence ids (stable), and
DTSTAMP is the time the feed was made. Lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character.

Written here rather than with a library: the output is a few properties, and the core
packages stay free of third-party code; the tests read it back with `icalendar`.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from .event_view import Event

PRODID = "-//Tsunagaru//events//JA"
UID_DOMAIN = "tsunagaru.events"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space (3.1)."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _vevent(e: Event, stamp: str, base_url: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{e.id}@{UID_DOMAIN}", f"DTSTAMP:{stamp}"]
    if e.all_day:
        lines += [f"DTSTART;VALUE=DATE:{e.start:%Y%m%d}", f"DTEND;VALUE=DATE:{e.end:%Y%m%d}"]
    else:
        lines += [f"DTSTART:{_utc(e.start)}", f"DTEND:{_utc(e.end)}"]
    lines.append(f"SUMMARY:{escape(e.name)}")
    description = "\n".join(p for p in (e.description, e.note, e.fee) if p)
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    where = ", ".join(p for p in (e.place, e.address) if p)
    if where:
        lines.append(f"LOCATION:{escape(where)}")
    if e.latitude is not None and e.longitude is not None:
        lines.append(f"GEO:{e.latitude:.6f};{e.longitude:.6f}")
    if e.organizer:
        lines.append(f"X-TSUNAGARU-ORGANIZER:{escape(e.organizer)}")
    lines.append(f"URL:{base_url}/events/{e.id}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], now: dt.datetime, base_url: str, name: str = "つながる イベント") -> str:
    """The whole feed as text with CRLF line ends (encode as UTF-8)."""
    stamp = _utc(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Asia/Tokyo"]
    for e in events:
        lines += _vevent(e, stamp, base_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
