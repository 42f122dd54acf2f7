"""Each event's public page (`GET /events/{id}`): Japanese first, English under it, and its
schema.org `Event` JSON-LD, in the shell of `server/http/public_page.py` (no script runs). The
JSON is escaped so that no text in it can close the element (`booths.event_jsonld.script_text`).
"""
from __future__ import annotations

from html import escape

from booths.event_jsonld import event_jsonld, script_text
from booths.event_view import Event
from server.http.public_page import both, public_page, row

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def when_text(e: Event) -> tuple[str, str]:
    """The date and time in Japanese and in English, as a person writes them."""
    d = e.start
    ja = f"{d.year}年{d.month}月{d.day}日({WEEKDAYS_JA[d.weekday()]})"
    en = f"{WEEKDAYS_EN[d.weekday()]} {d:%Y-%m-%d}"
    if e.all_day:
        return ja, en
    end = "24:00" if e.end.date() > d.date() and e.end.hour == 0 and e.end.minute == 0 else f"{e.end:%H:%M}"
    return f"{ja} {d:%H:%M}〜{end}", f"{en} {d:%H:%M}–{end} (JST)"


def render_page(e: Event, page_url: str) -> str:
    ja, en = when_text(e)
    when = f'{escape(ja)}<br><span class="en" lang="en">{escape(en)}</span>'
    if e.all_day:
        when += f"<br><small>{both('event_all_day')}</small>"
    rows = [row("event_when", when)]
    if e.booth:
        where = f'{both("event_festival")}<br><a href="/#booth:{escape(e.booth)}">{escape(e.place or "")}</a>'
    else:
        parts = [escape(p) for p in (e.place, e.address or e.city) if p]
        where = "<br>".join(parts) + (f"<br>{both('event_online')}" if e.online else "")
    if where:
        rows.append(row("event_where", where))
    if e.organizer:
        rows.append(row("event_organizer", escape(e.organizer)))
    if e.fee:
        rows.append(row("event_fee", escape(e.fee)))
    if e.capacity is not None:
        rows.append(row("event_capacity", both("event_capacity_n", {"n": str(e.capacity)})))
    if e.note:
        rows.append(row("event_note", escape(e.note)))
    if e.phone:
        rows.append(row("event_phone", f'<a href="tel:{escape(e.phone)}">{escape(e.phone)}</a>'))
    more = f'<p><a href="{escape(e.url)}" rel="noopener">{both("event_more")}</a></p>' if e.url else ""
    description = "".join(f"<p>{escape(line)}</p>" for line in e.description.splitlines() if line.strip())
    main = (f'<h1>{escape(e.name)}</h1>\n<dl>{"".join(rows)}</dl>\n{description}\n{more}\n'
            f'<p class="back"><a href="/">{both("event_back")}</a></p>')
    return public_page(f"{e.name} | つながる", main, canonical=page_url, jsonld=script_text(event_jsonld(e, page_url)))
