"""Published cases as open data: schema.org JSON-LD for a case's page and a CSV of all of them.

Exports are public, so they never carry contacts. Licence ids are SPDX; the JSON-LD names the
licence by its URL, as schema.org asks.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from booths.cases import LICENCES, THEMES, CaseRecord
from booths.municipalities import load_municipalities

LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
                "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"}
assert set(LICENCE_URLS) <= set(LICENCES)

CSV_COLUMNS = ("id", "version", "title", "organizations", "organization_names", "municipalities",
               "municipality_names", "themes", "problem", "action", "outcome", "figures", "period_start",
               "period_end", "transferability", "text_licence", "updated_ms")


def municipality_names(case: CaseRecord) -> list[str]:
    places = load_municipalities()
    return [places[c].name if c in places else c for c in case.municipalities]


def theme_names(case: CaseRecord) -> list[str]:
    return [THEMES[t].name if t in THEMES else t for t in case.themes]


def figure_text(case: CaseRecord) -> list[str]:
    """"参加者数: 12 → 40 人" — a figure as a person reads it."""
    def num(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else str(v)
    return [f"{f.label}: {num(f.before) + ' → ' if f.before is not None else ''}{num(f.after)}{' ' + f.unit if f.unit else ''}"
            for f in case.figures]


def case_jsonld(case: CaseRecord, page_url: str) -> dict[str, Any]:
    """A schema.org `Article` about the case (schema.org has no case-study type)."""
    period = f"{case.period.start}/{case.period.end or '..'}"
    doc: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Article", "@id": page_url, "url": page_url,
        "headline": case.title, "inLanguage": "ja", "articleBody": "\n\n".join((case.problem, case.action, case.outcome)),
        "author": [{"@type": "Organization", "name": n or o} for o, n in zip(case.organizations, case.organization_names)],
        "spatialCoverage": [{"@type": "AdministrativeArea", "name": n, "identifier": c}
                            for c, n in zip(case.municipalities, municipality_names(case))],
        "keywords": theme_names(case), "temporalCoverage": period, "version": case.version,
    }
    if case.text_licence in LICENCE_URLS:
        doc["license"] = LICENCE_URLS[case.text_licence]
    if case.images:
        doc["image"] = [{"@type": "ImageObject", "contentUrl": im.url, "caption": im.alt,
                         **({"license": LICENCE_URLS[im.licence]} if im.licence in LICENCE_URLS else {}),
                         **({"creditText": im.credit} if im.credit else {})} for im in case.images]
    return doc


def cases_csv(cases: list[CaseRecord]) -> str:
    """One row per case, lists joined with "|", UTF-8 text (the caller adds the BOM for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in cases:
        writer.writerow([c.id, c.version, c.title, "|".join(c.organizations), "|".join(c.organization_names),
                         "|".join(c.municipalities), "|".join(municipality_names(c)), "|".join(c.themes),
                         c.problem, c.action, c.outcome, "|".join(figure_text(c)), c.period.start,
                         c.period.end or "", c.transferability,
                         c.text_licence, c.updated_ms])
    return out.getvalue()
