"""Each event's public page (`GET /events/{id}`): Japanese first, English under it, and its
schema.org `Event` JSON-LD.

No script runs on the page. The JSON-LD is a `<script type="application/ld+json">` data
block: a browser never executes a block of a non-JavaScript type, and CSP `script-src`
governs only what executes, so the policy of `server/http/headers.py` (`script-src 'self'`,
no inline script) stays as it is and no nonce is needed. The JSON is escaped so that no
text in it can close the element (`booths.event_jsonld.script_text`). Every other text is
HTML-escaped.
"""
from __future__ import annotations

from html import escape

from booths.event_jsonld import event_jsonld, script_text
from booths.event_view import Event
from server.texts import say

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _both(key: str, values: dict[str, str] | None = None) -> str:
    ja, en = say(key, "ja", values), say(key, "en", values)
    return f'{escape(ja)} <span class="en" lang="en">{escape(en)}</span>'


def when_text(e: Event) -> tuple[str, str]:
    """The date and time in Japanese and in English, as a person writes them."""
    d = e.start
    ja = f"{d.year}年{d.month}月{d.day}日({WEEKDAYS_JA[d.weekday()]})"
    en = f"{WEEKDAYS_EN[d.weekday()]} {d:%Y-%m-%d}"
    if e.all_day:
        return ja, en
    end = "24:00" if e.end.date() > d.date() and e.end.hour == 0 and e.end.minute == 0 else f"{e.end:%H:%M}"
    return f"{ja} {d:%H:%M}〜{end}", f"{en} {d:%H:%M}–{end} (JST)"


def _row(label_key: str, value_html: str) -> str:
    return f"<dt>{_both(label_key)}</dt><dd>{value_html}</dd>"


def render_page(e: Event, page_url: str) -> str:
    ja, en = when_text(e)
    when = f'{escape(ja)}<br><span class="en" lang="en">{escape(en)}</span>'
    if e.all_day:
        when += f"<br><small>{_both('event_all_day')}</small>"
    rows = [_row("event_when", when)]
    if e.booth:
        where = f'{_both("event_festival")}<br><a href="/#booth:{escape(e.booth)}">{escape(e.place or "")}</a>'
    else:
        parts = [escape(p) for p in (e.place, e.address or e.city) if p]
        where = "<br>".join(parts) + (f"<br>{_both('event_online')}" if e.online else "")
    if where:
        rows.append(_row("event_where", where))
    if e.organizer:
        rows.append(_row("event_organizer", escape(e.organizer)))
    if e.fee:
        rows.append(_row("event_fee", escape(e.fee)))
    if e.capacity is not None:
        rows.append(_row("event_capacity", _both("event_capacity_n", {"n": str(e.capacity)})))
    if e.note:
        rows.append(_row("event_note", escape(e.note)))
    if e.phone:
        rows.append(_row("event_phone", f'<a href="tel:{escape(e.phone)}">{escape(e.phone)}</a>'))
    more = f'<p><a href="{escape(e.url)}" rel="noopener">{_both("event_more")}</a></p>' if e.url else ""
    description = "".join(f"<p>{escape(line)}</p>" for line in e.description.splitlines() if line.strip())
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(e.name)} | つながる</title>
<link rel="canonical" href="{escape(page_url)}">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/event.css">
<script type="application/ld+json">{script_text(event_jsonld(e, page_url))}</script>
</head>
<body>
<main class="event">
<h1>{escape(e.name)}</h1>
<dl>{"".join(rows)}</dl>
{description}
{more}
<p class="back"><a href="/">{_both("event_back")}</a></p>
</main>
</body>
</html>
"""


def render_missing(key: str = "event_missing") -> str:
    """The 404 page of a public page (an event, a case): `key` says what was not found."""
    return f"""<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>つながる</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/event.css"></head>
<body><main class="event"><p>{_both(key)}</p>
<p class="back"><a href="/">{_both("event_back")}</a></p></main></body>
</html>
"""
