"""Whether a member still keeps its listing: last confirmed, and due for confirmation (pure; issue 15).

Members keep their own listings ("claim and maintain"): a host of the organisation confirms each
service by editing it or by saying 「内容を確認しました」. A listing not confirmed for N calendar months
(`LISTING_CONFIRM_MONTHS`) — or never confirmed by a member, as open-data rows are until one claims
them — is flagged to the member (host console) and to the secretariat (directory health panel).
Only public listings are flagged: a hidden, paused or ended one misleads no visitor (its date still shows).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from rooms.jst import JST

DEFAULT_MONTHS = 6


def due_before_ms(now_ms: int, months: int) -> int:
    """The moment N calendar months before now (JST clock face; the 31st becomes the month's last day):
    a listing last confirmed before it is due."""
    now = dt.datetime.fromtimestamp(now_ms / 1000, JST)
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return int(now.replace(year=year, month=month + 1, day=day).timestamp() * 1000)


def is_due(confirmed_ms: int | None, due_before: int) -> bool:
    """Never confirmed by a member, or last confirmed before `due_before`."""
    return confirmed_ms is None or confirmed_ms < due_before


@dataclass(frozen=True, slots=True)
class Listing:
    """One service as the confirmation sees it."""

    id: str
    organization_id: str
    name: str
    status: str
    confirmed_ms: int | None


def needs_confirming(item: Listing, due_before: int) -> bool:
    """A public listing (status `active`) that is due."""
    return item.status == "active" and is_due(item.confirmed_ms, due_before)


@dataclass(frozen=True, slots=True)
class OrganisationHealth:
    """An organisation's listings as the secretariat sees them: how many, how many due, the oldest."""

    organization_id: str
    name: str
    listings: int
    due: int
    never: int  # never confirmed by a member (open-data rows until claimed)
    oldest_confirmed_ms: int | None


def by_organisation(listings: Iterable[Listing], names: dict[str, str], due_before: int) -> list[OrganisationHealth]:
    """Organisations with at least one listing due, the most due first (then by name)."""
    groups: dict[str, list[Listing]] = {}
    for item in listings:
        groups.setdefault(item.organization_id, []).append(item)
    out = []
    for org_id, items in groups.items():
        due = [x for x in items if needs_confirming(x, due_before)]
        if not due:
            continue
        confirmed = [x.confirmed_ms for x in items if x.confirmed_ms is not None]
        out.append(OrganisationHealth(org_id, names.get(org_id, org_id), len(items), len(due),
                                      sum(1 for x in items if x.confirmed_ms is None),
                                      min(confirmed) if confirmed else None))
    return sorted(out, key=lambda o: (-o.due, o.name, o.organization_id))
