"""The HTML shell of the public pages (an event, a case, the case list, a page not found).

Japanese first, English under it (`both`); one stylesheet; no script runs on these pages. A
JSON-LD block is a `<script type="application/ld+json">` data block: a browser never executes a
block of a non-JavaScript type, and CSP `script-src` governs only what executes, so the policy
of `server/http/headers.py` (`script-src 'self'`, no inline script) stays as it is. Every text
is HTML-escaped by the caller or here.
"""
from __future__ import annotations

from html import escape

from server.texts import say


def both(key: str, values: dict[str, str] | None = None) -> str:
    """A text of the catalogue in Japanese, then in English in a span of its own."""
    ja, en = say(key, "ja", values), say(key, "en", values)
    return f'{escape(ja)} <span class="en" lang="en">{escape(en)}</span>'


def row(label_key: str, value_html: str) -> str:
    """One line of a page's facts: a label from the catalogue and its value (already HTML)."""
    return f"<dt>{both(label_key)}</dt><dd>{value_html}</dd>"


def public_page(title: str, main_html: str, main_class: str = "event", canonical: str | None = None,
                jsonld: str | None = None) -> str:
    """A whole page: `title` is plain text, `main_html` the inside of `<main>`, `jsonld` from
    `booths.event_jsonld.script_text` (already safe inside the element)."""
    head = [f"<title>{escape(title)}</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{escape(canonical)}">')
    head.append('<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/event.css">')
    if jsonld:
        head.append(f'<script type="application/ld+json">{jsonld}</script>')
    head_html = "\n".join(head)
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{head_html}
</head>
<body>
<main class="{escape(main_class)}">
{main_html}
</main>
</body>
</html>
"""


def render_missing(key: str = "event_missing") -> str:
    """The 404 page of a public page (an event, a case): `key` says what was not found."""
    return public_page("つながる", f'<p>{both(key)}</p>\n<p class="back"><a href="/">{both("event_back")}</a></p>')


__all__ = ["both", "public_page", "render_missing", "row"]
