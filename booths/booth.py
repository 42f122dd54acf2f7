"""A booth: one organisation's stand at the festival, and room `booth:<slug>`.

What a host may put in it is checked here, without I/O: text stays text
(escaped by every client), links must be https, and schedules are HSDS rows
that `booths.schedule` understands. Outside its open hours a booth says when
it opens next.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import schedule
from .hsds import Problem
ITEM_TYPES = ("text", "image", "video", "link")
MAX_ITEMS = 20
MAX_TITLE = 80
MAX_DESCRIPTION = 2_000
MAX_ANNOUNCEMENT = 200


@dataclass(slots=True)
class Booth:
    slug: str
    organization_id: str
    title: str
    description: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)  # {"id", "type", "title", "url"?, "text"?}
    service_ids: list[str] = field(default_factory=list)
    live_sessions: list[dict[str, Any]] = field(default_factory=list)  # HSDS schedule rows
    open_hours: list[dict[str, Any]] = field(default_factory=list)  # HSDS schedule rows; none: always open
    title_en: str = ""  # the title in English, if the host wrote one (clients show one language at a time)

    @property
    def room(self) -> str:
        return f"booth:{self.slug}"

    def public(self) -> dict[str, Any]:
        return {"slug": self.slug, "room": self.room, "organization_id": self.organization_id, "title": self.title,
                "title_en": self.title_en, "description": self.description, "items": self.items, "service_ids": self.service_ids,
                "live_sessions": self.live_sessions, "open_hours": self.open_hours}


def _text(d: dict[str, Any], key: str, limit: int, problems: list[Problem], required: bool = False) -> str | None:
    value = d.get(key)
    if value is None or value == "":
        if required:
            problems.append(Problem(key, "missing", f"{key} is required"))
        return None if required else ""
    if not isinstance(value, str) or len(value) > limit:
        problems.append(Problem(key, "bad_text", f"{key} must be text of at most {limit} characters"))
        return None
    return value


def _url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("https://") and len(value) <= 500 and " " not in value


def _schedules(rows: Any, key: str, problems: list[Problem]) -> list[dict[str, Any]]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        problems.append(Problem(key, "not_list", f"{key} must be a list of schedule rows"))
        return []
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(schedule.to_hsds(schedule.from_hsds(row if isinstance(row, dict) else {"freq": row})))
        except ValueError as exc:
            problems.append(Problem(f"{key}[{i}]", "bad_schedule", str(exc)))
    return out


def edit(current: Booth, changes: Any) -> Booth | list[Problem]:
    """A host's edit applied to a booth, or every problem with it (then nothing changes)."""
    if not isinstance(changes, dict):
        return [Problem("$", "not_object", "send a JSON object")]
    problems: list[Problem] = []
    unknown = set(changes) - {"title", "title_en", "description", "items", "service_ids", "live_sessions",
                              "open_hours"}
    for key in sorted(unknown):
        problems.append(Problem(key, "unknown_field", f"{key} cannot be edited"))
    title = _text(changes, "title", MAX_TITLE, problems, required=True) if "title" in changes else current.title
    title_en = _text(changes, "title_en", MAX_TITLE, problems) if "title_en" in changes else current.title_en
    description = (_text(changes, "description", MAX_DESCRIPTION, problems)
                   if "description" in changes else current.description)
    items = current.items
    if "items" in changes:
        items = []
        raw = changes["items"]
        if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
            problems.append(Problem("items", "bad_items", f"items must be a list of at most {MAX_ITEMS}"))
        else:
            for i, item in enumerate(raw):
                if not isinstance(item, dict) or item.get("type") not in ITEM_TYPES:
                    problems.append(Problem(f"items[{i}].type", "bad_item", f"type must be one of {ITEM_TYPES}"))
                    continue
                item_title = _text(item, "title", MAX_TITLE, problems) or ""
                clean: dict[str, Any] = {"id": f"i{i + 1}", "type": item["type"], "title": item_title}
                if item["type"] == "text":
                    clean["text"] = _text(item, "text", MAX_DESCRIPTION, problems) or ""
                elif not _url(item.get("url")):
                    problems.append(Problem(f"items[{i}].url", "bad_url", "url must be an https:// address"))
                    continue
                else:
                    clean["url"] = item["url"]
                items.append(clean)
    service_ids = current.service_ids
    if "service_ids" in changes:
        raw = changes["service_ids"]
        if not isinstance(raw, list) or not all(isinstance(s, str) and 0 < len(s) <= 64 for s in raw):
            problems.append(Problem("service_ids", "bad_ids", "service_ids must be a list of service ids"))
        else:
            service_ids = list(dict.fromkeys(raw))
    live = _schedules(changes["live_sessions"], "live_sessions", problems) if "live_sessions" in changes \
        else current.live_sessions
    hours = _schedules(changes["open_hours"], "open_hours", problems) if "open_hours" in changes \
        else current.open_hours
    if problems:
        return problems
    return Booth(current.slug, current.organization_id, title or current.title, description or "", items,
                 service_ids, live, hours, (title_en or "").strip())


@dataclass(slots=True, frozen=True)
class Openness:
    open: bool
    next_open: dt.datetime | None  # when closed: when it opens next (None: not within two months, or unknown)


def openness(booth: Booth, at: dt.datetime) -> Openness:
    """Open now? A booth without open hours is always open (the festival's own hours apply)."""
    if not booth.open_hours:
        return Openness(True, None)
    rows = [schedule.from_hsds(r) for r in booth.open_hours]
    if schedule.is_open_at(rows, at) is True:
        return Openness(True, None)
    nxt = schedule.next_opening(rows, at)
    return Openness(False, nxt[0] if nxt else None)
