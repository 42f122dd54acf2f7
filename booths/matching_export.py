"""The secretariat's two matching tables as CSV: open needs nobody offers for, and introductions by status.

For the secretariat only (the route is admins'): the introductions' table never carries the
contact persons, only organisations, statuses and reasons.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from booths.municipalities import load_municipalities

from .matching_listing import Listing
from .matching_texts import kind_text, period_text, quantity_text, theme_names

UNMET_COLUMNS = ("id", "organization", "organization_name", "kind", "title", "quantity", "period",
                 "municipalities", "themes", "sdgs", "updated_ms")
INTRO_COLUMNS = ("id", "status", "need_id", "need_title", "offer_id", "offer_title", "asker", "asker_name",
                 "answerer", "answerer_name", "reason", "created_ms", "updated_ms", "nudged_ms")


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def unmet_csv(needs: list[Listing]) -> str:
    """One row per need, in plain words (kind, amount and period as a member reads them); lists joined with "|"."""
    places = load_municipalities()
    return _csv(UNMET_COLUMNS, ([n.id, n.organization, n.organization_name, kind_text(n.kind, n.skill), n.title,
                                 quantity_text(n.kind, n.quantity), period_text(n.period),
                                 "|".join(places[c].name if c in places else c for c in n.municipalities),
                                 theme_names(n.themes).replace("、", "|"), "|".join(map(str, n.sdgs)), n.updated_ms]
                                for n in needs))


def introductions_csv(rows: list[dict[str, Any]]) -> str:
    """`rows`: the introductions as the secretariat's JSON gives them (no contacts in it)."""
    return _csv(INTRO_COLUMNS, ([r["id"], r["status"], r["need"]["id"] if r["need"] else "",
                                 r["need"]["title"] if r["need"] else "", r["offer"]["id"] if r["offer"] else "",
                                 r["offer"]["title"] if r["offer"] else "", r["asker"], r["asker_name"], r["answerer"],
                                 r["answerer_name"], r["reason"] or "", r["created_ms"], r["updated_ms"],
                                 r["nudged_ms"] or ""] for r in rows))
