"""The plain Japanese a young visitor reads with a suggestion: the first step, when, where, and why."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rooms.jst import JST

from .matcher_profile import Profile, _Candidate
from .municipalities import Municipality

_WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")
_CONTACT_JA = {"walk_in": "直接", "chat": "チャット", "phone": "電話", "email": "メール", "form": "申込フォーム",
               "line": "LINE"}


def _next_step(doc: dict[str, Any], virtual: bool) -> tuple[str, str]:
    """The easiest honest first step, and how to say it."""
    ways = [w for w in doc.get("x_first_contact") or [] if isinstance(w, str)]
    wayset = set(ways)
    labels = "・".join(_CONTACT_JA[w] for w in ways if w in _CONTACT_JA and w != "walk_in")
    if wayset == {"phone"}:
        return "call", "電話をかければ、そのまま話を聞いてもらえます"
    if doc.get("x_booking_required"):
        return "book", f"先に予約が必要です({labels})" if labels else "先に予約が必要です"
    if "walk_in" in wayset and not virtual:
        return "walk_in", "予約なしでそのまま行けます"
    if "chat" in wayset:
        return "chat_first", "まずはチャットで気軽に話せます"
    if "line" in wayset:
        return "chat_first", "まずはLINEで気軽に聞けます"
    if virtual and not wayset & {"phone", "email", "form"}:
        return "chat_first", "まずはオンラインでのぞいてみられます"
    if "phone" in wayset:
        return "call", "まず電話で聞いてみましょう"
    return "book", f"まず連絡してから行きます({labels})" if labels else "まず連絡してから行きます"


def _day_part(t: dt.datetime) -> str:
    h = t.hour
    if h < 5:
        return "深夜"
    if h < 10:
        return "朝"
    if h < 12:
        return "午前"
    if h < 17:
        return "午後"
    if h < 19:
        return "夕方"
    return "夜"


def _when_text(c: _Candidate, when: dt.datetime | None, now: dt.datetime, open_now: bool, crisis: bool) -> str | None:
    """"土曜の午後", "平日の夕方", "24時間", "12月12日(土)の午前" — or None when there is nothing to say."""
    if any(end - start >= dt.timedelta(hours=24) for start, end in c.occurrences):
        return "24時間"
    if crisis and open_now:
        return "いま受付中"
    if not c.hours_known:
        return "日時は要確認"
    if when is None:
        return "次の日程は未定"
    when = when.astimezone(JST)
    days_ahead = (when.date() - now.date()).days
    weekdays = {s.weekday() for s, _ in c.occurrences}
    if days_ahead == 0:
        day = "今日"
    elif days_ahead == 1:
        day = "明日"
    elif days_ahead < 7:
        day = "平日" if weekdays == {0, 1, 2, 3, 4} else f"{_WEEKDAY_JA[when.weekday()]}曜"
    else:
        day = f"{when.month}月{when.day}日({_WEEKDAY_JA[when.weekday()]})"
    return f"{day}の{_day_part(when)}"


def _place_text(c: _Candidate, profile: Profile, places: dict[str, Municipality], step: str) -> str | None:
    if c.virtual:
        return "電話" if step == "call" else "オンライン"
    m = places.get(c.place_code or "")
    if m is None:
        return None
    text = f"{m.city.replace(' ', '')}内"
    if c.distance_km is not None and c.place_code != profile.municipality and c.distance_km >= 1:
        text += f"(約{round(c.distance_km)}km)"
    return text


def _explanation(c: _Candidate, profile: Profile, places: dict[str, Municipality], when: dt.datetime | None,
                 now: dt.datetime, step: str, open_now: bool) -> str:
    doc = c.doc
    parts = [_when_text(c, when, now, open_now, profile.crisis), _place_text(c, profile, places, step)]
    if doc.get("x_anonymous_ok"):
        parts.append("匿名OK" if c.kind == "consultation" else "ひとりで参加OK")
    if doc.get("x_free"):
        parts.append("無料")
    if not doc.get("x_booking_required") and step != "call":
        parts.append("予約不要")
    if doc.get("x_accompaniment"):
        parts.append("付き添いあり")
    if c.waiting_list:
        parts.append("いまは満員(キャンセル待ち)")
    return "・".join(p for p in parts if p)
