"""Each published case's public page (`GET /cases/{id}`), Japanese first, with schema.org JSON-LD,
and the public exports (`/api/cases.json`, `/api/cases.csv`).

Like the event page (server/http/event_page.py): no script runs, the JSON-LD is a data block
escaped by `script_text`, every other text is HTML-escaped, the styles are event.css. The page
and the exports show published cases only and never the contacts.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from aiohttp import web

from booths.case_hall import CASE_HALL
from booths.municipalities import load_municipalities

from booths.cases import CASE_THEMES, PUBLISHED, THEMES, TRANSFERABILITY, CaseRecord, image_origin, matches
from booths.vocabulary import Term
from booths.cases_export import LICENCE_URLS, case_jsonld, cases_csv, figure_text, municipality_names, theme_names
from booths.event_jsonld import script_text
from server.http.bodies import csv_download, error_response, json_response, request_lang
from server.http.cases import QueryError, search_params, shown
from server.http.directory import int_param
from server.http.public_page import both, public_page, render_missing, row
from server.http.headers import base_url
from server.http.headers import content_security_policy
from server.store.cases import CaseStore


def _story(key: str, text: str) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<h2>{both(key)}</h2>{paragraphs}"


def render_case(case: CaseRecord, page_url: str) -> str:
    period = escape(case.period.start) + "〜" + (escape(case.period.end) if case.period.end else both("case_ongoing"))
    ja, en = TRANSFERABILITY[case.transferability]
    licence = escape(case.text_licence)
    if case.text_licence in LICENCE_URLS:
        licence = f'<a href="{escape(LICENCE_URLS[case.text_licence])}" rel="license">{licence}</a>'
    rows = [row("case_who", "<br>".join(escape(n or o) for o, n in zip(case.organizations, case.organization_names))),
            row("case_where", escape("、".join(municipality_names(case)))),
            row("case_period", period),
            row("case_themes", escape("・".join(theme_names(case)))),
            row("case_transfer", f'{"★" * case.transferability}{"☆" * (3 - case.transferability)} {escape(ja)} '
                                  f'<span class="en" lang="en">{escape(en)}</span>')]
    figures = ""
    if case.figures:
        figures = f"<h2>{both('case_figures')}</h2><ul>" + "".join(f"<li>{escape(t)}</li>" for t in figure_text(case)) + "</ul>"
    images = "".join(f'<figure><img src="{escape(im.url)}" alt="{escape(im.alt)}" loading="lazy" width="640">'
                     f'<figcaption>{escape(im.credit)} ({escape(im.licence)})</figcaption></figure>' for im in case.images)
    # A featured case stands in the festival's hall: the visitor client enters that room after the entry form.
    festival = (f'<p class="festival"><a href="/?{escape(urlencode({"room": CASE_HALL}))}">{both("case_at_festival")}'
                f'</a></p>\n' if case.featured else "")
    main = f"""<h1>{escape(case.title)}</h1>
<dl>{"".join(rows)}</dl>
{_story("case_problem", case.problem)}
{_story("case_action", case.action)}
{_story("case_outcome", case.outcome)}
{figures}
{images}
<p><small>{both("case_licence")}: {licence}</small></p>
{festival}<p class="back"><a href="/cases">{both("case_list")}</a></p>"""
    return public_page(f"{case.title} | 好事例 | つながる", main, "event case", canonical=page_url,
                       jsonld=script_text(case_jsonld(case, page_url)))


PAGE_SIZE = 20


def _option(value: str, label: str, chosen: str | None) -> str:
    return f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'


def offered_themes(chosen: str | None) -> list[Term]:
    """The case themes, and a directory term when a link chose one (so the form shows what filters)."""
    extra = [THEMES[chosen]] if chosen in THEMES and not chosen.startswith("case.") else []
    return [*CASE_THEMES, *extra]


def render_list(found: list[CaseRecord], places: list[tuple[str, str]], q: str | None, theme: str | None,
                municipality: str | None, page: int) -> str:
    """Published cases, searchable with a plain GET form (no script), newest change first."""
    shown_now = found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    items = "".join(f'<li><a href="/cases/{escape(c.id)}">{escape(c.title)}</a><br><small>'
                    f'{escape("・".join(n for n in c.organization_names if n))} — '
                    f'{escape("、".join(municipality_names(c)))}</small></li>' for c in shown_now)
    themes = _option("", "すべて / All", theme) + "".join(_option(t.id, f"{t.name} / {t.name_en}", theme)
                                                          for t in offered_themes(theme))
    where = _option("", "すべて / All", municipality) + "".join(_option(c, n, municipality) for c, n in places)
    more = ""
    if page * PAGE_SIZE < len(found):
        args = {k: v for k, v in (("q", q), ("theme", theme), ("municipality", municipality)) if v}
        more = f'<p><a href="/cases?{escape(urlencode({**args, "page": page + 1}))}">{both("case_more")}</a></p>'
    main = f"""<h1>{both("case_list_title")}</h1>
<form method="get" action="/cases" class="case-search">
<label>{both("case_search_q")}<br><input type="search" name="q" maxlength="200" value="{escape(q or "")}"></label>
<label>{both("case_themes")}<br><select name="theme">{themes}</select></label>
<label>{both("case_where")}<br><select name="municipality">{where}</select></label>
<button type="submit">{both("case_search")}</button>
</form>
<p>{both("case_count", {"n": str(len(found))})}</p>
<ul class="cases">{items}</ul>
{more}
<p><small><a href="/api/cases.csv">CSV</a> · <a href="/api/cases.json">JSON</a></small></p>
<p class="back"><a href="/">{both("event_back")}</a></p>"""
    return public_page("好事例 | つながる", main, "event case-list")


async def list_page(request: web.Request) -> web.Response:
    try:
        q, theme, municipality, _, _ = search_params(request)
        page = int_param(request.query, "page", 1, 1_000_000, 1) or 1
    except QueryError as exc:
        return error_response(400, "bad_query", "bad_query", request_lang(request), str(exc))  # as any route's
    published = await _store(request).heads([PUBLISHED])
    codes = dict.fromkeys(c for case in published for c in case.municipalities)
    names = load_municipalities()
    places = sorted(((c, names[c].name if c in names else c) for c in codes), key=lambda p: p[0])
    found = [c for c in published if matches(c, q, theme, municipality)]
    return web.Response(text=render_list(found, places, q, theme, municipality, page), content_type="text/html",
                        charset="utf-8", headers={"Cache-Control": "no-cache"})


def _store(request: web.Request) -> CaseStore:
    return request.app["cases"]


async def case_page(request: web.Request) -> web.Response:
    case = await _store(request).get(request.match_info["id"])
    if case is None or case.status != PUBLISHED:  # drafts are edited over the API, never shown here
        return web.Response(text=render_missing("case_missing"), status=404, content_type="text/html", charset="utf-8")
    html = render_case(case, f"{base_url(request)}/cases/{case.id}")
    # The case's images come from their own sites: this page's policy names exactly those origins.
    origins = " ".join(sorted({o for o in (image_origin(im.url) for im in case.images) if o}))
    headers = {"Cache-Control": "no-cache"}
    if origins:
        headers["Content-Security-Policy"] = content_security_policy(request.headers.get("Host"), origins)
    return web.Response(text=html, content_type="text/html", charset="utf-8", headers=headers)


async def export_json(request: web.Request) -> web.Response:
    cases = await _store(request).heads([PUBLISHED])
    return json_response({"cases": [shown(c, None) for c in cases]})


async def export_csv(request: web.Request) -> web.Response:
    cases = await _store(request).heads([PUBLISHED])
    return csv_download(cases_csv(cases), "cases.csv")
