"""Each published case's public page (`GET /cases/{id}`), Japanese first, with schema.org JSON-LD,
and the public exports (`/api/cases.json`, `/api/cases.csv`).

Like the event page (server/http/event_page.py): no script runs, the JSON-LD is a data block
escaped by `script_text`, every other text is HTML-escaped, the styles are event.css. The page
and the exports show published cases only and never the contacts.
"""
from __future__ import annotations

from html import escape

from aiohttp import web

from booths.cases import PUBLISHED, TRANSFERABILITY, CaseRecord
from booths.cases_export import LICENCE_URLS, case_jsonld, cases_csv, figure_text, municipality_names, theme_names
from booths.event_jsonld import script_text
from server.http.bodies import json_response
from server.http.cases import shown
from server.http.event_page import _both, render_missing
from server.http.events import base_url
from server.store.cases import CaseStore


def _row(key: str, value_html: str) -> str:
    return f"<dt>{_both(key)}</dt><dd>{value_html}</dd>"


def _story(key: str, text: str) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<h2>{_both(key)}</h2>{paragraphs}"


def render_case(case: CaseRecord, page_url: str) -> str:
    period = escape(case.period.start) + "〜" + (escape(case.period.end) if case.period.end else _both("case_ongoing"))
    ja, en = TRANSFERABILITY[case.transferability]
    licence = escape(case.text_licence)
    if case.text_licence in LICENCE_URLS:
        licence = f'<a href="{escape(LICENCE_URLS[case.text_licence])}" rel="license">{licence}</a>'
    rows = [_row("case_who", "<br>".join(escape(n or o) for o, n in zip(case.organizations, case.organization_names))),
            _row("case_where", escape("、".join(municipality_names(case)))),
            _row("case_period", period),
            _row("case_themes", escape("・".join(theme_names(case)))),
            _row("case_transfer", f'{"★" * case.transferability}{"☆" * (3 - case.transferability)} {escape(ja)} '
                                  f'<span class="en" lang="en">{escape(en)}</span>')]
    figures = ""
    if case.figures:
        figures = f"<h2>{_both('case_figures')}</h2><ul>" + "".join(f"<li>{escape(t)}</li>" for t in figure_text(case)) + "</ul>"
    images = "".join(f'<figure><img src="{escape(im.url)}" alt="{escape(im.alt)}" loading="lazy" width="640">'
                     f'<figcaption>{escape(im.credit)} ({escape(im.licence)})</figcaption></figure>' for im in case.images)
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(case.title)} | 好事例 | つながる</title>
<link rel="canonical" href="{escape(page_url)}">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/event.css">
<script type="application/ld+json">{script_text(case_jsonld(case, page_url))}</script>
</head>
<body>
<main class="event case">
<h1>{escape(case.title)}</h1>
<dl>{"".join(rows)}</dl>
{_story("case_problem", case.problem)}
{_story("case_action", case.action)}
{_story("case_outcome", case.outcome)}
{figures}
{images}
<p><small>{_both("case_licence")}: {licence}</small></p>
<p class="back"><a href="/api/cases">{_both("case_list")}</a></p>
</main>
</body>
</html>
"""


def _store(request: web.Request) -> CaseStore:
    return request.app["cases"]


async def case_page(request: web.Request) -> web.Response:
    case = await _store(request).get(request.match_info["id"])
    if case is None or case.status != PUBLISHED:  # drafts are edited over the API, never shown here
        return web.Response(text=render_missing("case_missing"), status=404, content_type="text/html", charset="utf-8")
    html = render_case(case, f"{base_url(request)}/cases/{case.id}")
    return web.Response(text=html, content_type="text/html", charset="utf-8", headers={"Cache-Control": "no-cache"})


async def export_json(request: web.Request) -> web.Response:
    cases = await _store(request).heads([PUBLISHED])
    return json_response({"cases": [shown(c, None) for c in cases]})


async def export_csv(request: web.Request) -> web.Response:
    cases = await _store(request).heads([PUBLISHED])
    return web.Response(body=("\ufeff" + cases_csv(cases)).encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": 'attachment; filename="cases.csv"'})
