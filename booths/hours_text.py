"""Free-text opening hours from Japanese municipal open data, as HSDS schedule rows.

Municipal CSVs (公共施設一覧's 利用可能日時特記事項) carry hours as prose such as
``【開館時間】9:00～17:00 【休館日】火曜日(火曜日が祝日の場合は翌日)、年末年始``.
This module turns the common, unambiguous shapes into plain dicts shaped like
Open Referral HSDS 3.x ``schedule`` rows and refuses everything else.

The parser is deliberately all-or-nothing: if any part of the text is not
understood, it returns ``understood=False`` and no rows, because a half-read
schedule ("open 9-17", silently missing "closed on the 3rd Sunday") misleads a
young person more than "see the description" does. Unknown hours are never
reported as closed; the caller keeps the original text as the description.

Pure functions, no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["HoursParse", "parse_hours", "parse_days", "parse_clock", "TZ", "ALL_DAYS"]

TZ = "+09:00"  # Japan has a single zone and no DST; HSDS times carry an offset.
ALL_DAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_CHARS = {"月": "MO", "火": "TU", "水": "WE", "木": "TH", "金": "FR", "土": "SA", "日": "SU"}
_HOLIDAY_WORDS = (
    # Longest first: they are replaced by a single marker before day parsing.
    "国民の祝日に関する法律に規定する休日",
    "国民の祝日に関する法律に規定する祝日",
    "祝日法による休日",
    "国民の祝日",
    "祝祭日",
    "祝休日",
    "振替休日",
    "祝日",
    "祭日",
    "休日",
    "祝",
)
_DASH = r"(?:~|〜|-|‐|−|–|—|―|ー|から)"
_RANGE_RE = re.compile(
    r"(\d{1,2}):(\d{2})(?::\d{2})?\s*" + _DASH + r"\s*(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*まで)?"
)
_H24 = "\u2460H24\u2460"  # placeholder token for 24時間, never found in real text
_OPEN_LABEL_RE = re.compile(r"【[^】]*(?:時間|開館|開所|営業|利用)[^】]*】|(?:開館|開所|営業|利用)時間\s*:")
_CLOSED_LABEL_RE = re.compile(r"【[^】]*(?:休館|休業|定休|休所|閉館|休日|休み)[^】]*】|(?:休館日|休業日|定休日|休所日)\s*:")
_CLOSED_SUFFIX_RE = re.compile(r"(\S+?)は?(?:休み|休館日?|休業日?|定休日?)(?=$|[\s、,。])")
_NOTE_RE = re.compile(r"\(([^()]*)\)")


@dataclass
class HoursParse:
    """Result of reading one hours text.

    ``schedules`` is empty whenever ``understood`` is False: unknown is not closed.
    ``x_holidays`` is "closed" when the text closes on public holidays, "open"
    when it gives hours for holidays, else None (not stated).
    """

    schedules: list[dict]
    understood: bool
    text: str
    x_holidays: str | None = None
    reason: str | None = field(default=None, compare=False)


def _fail(text: str, reason: str) -> HoursParse:
    return HoursParse(schedules=[], understood=False, text=text, reason=reason)


def _hhmm(h: int, m: int) -> str:
    if h == 24 and m == 0:
        return "23:59:59" + TZ  # RFC 3339 times stop at 23:59:59
    return f"{h:02d}:{m:02d}:00{TZ}"


def _normalise(text: str) -> str:
    """NFKC (full-width digits, ：, ～), then Japanese clock words to H:MM."""
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("〜", "~").replace("～", "~")
    s = re.sub(r"24\s*時間(?:営業|開館|利用可能?|対応)?", _H24, s)
    s = s.replace("正午", "12:00")

    def clock(m: re.Match[str]) -> str:
        ampm, h, mi, half = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        minute = 30 if half else int(mi or 0)
        if ampm == "午後" and h < 12:
            h += 12
        elif ampm == "午前" and h == 12:
            h = 0
        return f"{h}:{minute:02d}"

    s = re.sub(r"(午前|午後)?\s*(\d{1,2})\s*時(?!間)\s*(?:(\d{1,2})\s*分|(半))?", clock, s)
    s = re.sub(r"(午前|午後)\s*(\d{1,2}):(\d{2})", _clock_colon, s)
    return s


def _clock_colon(m: re.Match[str]) -> str:
    h, mi = int(m.group(2)), int(m.group(3))
    if m.group(1) == "午後" and h < 12:
        h += 12
    return f"{h}:{mi:02d}"


def parse_clock(value: str) -> tuple[int, int] | None:
    """One time of day ("9:00", "０９：３０", "午後1時半") -> (hour, minute), or None."""
    s = _normalise(value).strip()
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", s)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    return h, mi


def parse_days(spec: str) -> tuple[set[str], bool] | None:
    """A day list ("月～金", "土・日・祝日", "平日", "毎週火曜日") -> (days, holidays).

    Returns None when the text is anything but days, so callers can refuse it.
    """
    s = unicodedata.normalize("NFKC", spec).strip()
    s = re.sub(r"^(?:毎週|毎)", "", s)
    if not s:
        return None
    for word in _HOLIDAY_WORDS:
        s = s.replace(word, "祝")
    s = s.replace("平日", "月~金").replace("毎日", "月~日").replace("全日", "月~日").replace("週末", "土日")
    s = s.replace("曜日", "").replace("曜", "").replace("〜", "~").replace("～", "~").replace("-", "~")
    s = re.sub(r"[・、,/\s]|及び|および|と", "", s)
    if not s or not re.fullmatch(r"[月火水木金土日祝~]+", s) or s.startswith("~") or s.endswith("~"):
        return None
    days: set[str] = set()
    holidays = False
    i = 0
    while i < len(s):
        c = s[i]
        if c == "祝":
            holidays = True
            i += 1
            continue
        if c == "~":
            return None
        if i + 2 < len(s) and s[i + 1] == "~":
            end = s[i + 2]
            if end == "祝":
                return None
            a, b = ALL_DAYS.index(_DAY_CHARS[c]), ALL_DAYS.index(_DAY_CHARS[end])
            if b < a:
                return None
            days.update(ALL_DAYS[a : b + 1])
            i += 3
            continue
        days.add(_DAY_CHARS[c])
        i += 1
    return days, holidays


def _byday(days: set[str]) -> str:
    return ",".join(d for d in ALL_DAYS if d in days)


def _closed_items(part: str, text: str) -> tuple[set[str], bool, list[dict]] | str:
    """Read the 休館日 section. Returns (weekly days, holidays, extra rows) or a reason."""
    part = re.sub(r"\s*(~|から)\s*", r"\1", part)

    def note(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner == "年末年始":
            return " "
        if ("祝" in inner or "休日" in inner) and re.search(r"翌|前|開館", inner):
            return " "  # substitution rule ("if a holiday, the next day"): kept in the text only
        raise ValueError(inner)

    try:
        part = _NOTE_RE.sub(note, part)
    except ValueError as exc:
        return f"unknown note ({exc})"
    days: set[str] = set()
    holidays = False
    rows: list[dict] = []
    for raw in re.split(r"[、,;。\s]+|及び|および|並びに", part):
        item = re.sub(r"は?(?:休み|休館日?|休業日?|定休日?)$", "", raw.strip())
        if not item or item in ("なし", "無し", "無休", "年中無休"):
            continue
        if item == "年末年始":
            rows.append({"x_closed": True, "description": "年末年始", "x_annual": "12-29/01-03"})
            continue
        m = re.fullmatch(
            r"(\d{1,2})[月/](\d{1,2})日?(?:~|から)(?:翌年|翌月)?(\d{1,2})[月/](\d{1,2})日?(?:まで)?", item
        )
        if m:
            a, b, c, d = (int(g) for g in m.groups())
            if not (1 <= a <= 12 and 1 <= c <= 12 and 1 <= b <= 31 and 1 <= d <= 31):
                return f"bad date {item}"
            rows.append({"x_closed": True, "description": item, "x_annual": f"{a:02d}-{b:02d}/{c:02d}-{d:02d}"})
            continue
        m = re.fullmatch(r"(\d{1,2})[月/](\d{1,2})日?", item)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if not (1 <= a <= 12 and 1 <= b <= 31):
                return f"bad date {item}"
            rows.append({"x_closed": True, "description": item, "x_annual": f"{a:02d}-{b:02d}/{a:02d}-{b:02d}"})
            continue
        m = re.fullmatch(r"(?:毎月|月の)?第(\d)([月火水木金土日])(?:曜日?)?", item)
        if m and 1 <= int(m.group(1)) <= 5:
            byday = f"{m.group(1)}{_DAY_CHARS[m.group(2)]}"  # RRULE style: 3SU = third Sunday
            rows.append({"x_closed": True, "freq": "MONTHLY", "byday": byday, "description": text})
            continue
        parsed = parse_days(item)
        if parsed is None:
            return f"unknown closing day {item!r}"
        days |= parsed[0]
        holidays = holidays or parsed[1]
    return days, holidays, rows


def _split_sections(s: str) -> tuple[str, list[str]]:
    """Split normalised text into the opening part and the closing parts."""
    pieces = _CLOSED_LABEL_RE.split(s)
    open_part = pieces[0]
    closed = pieces[1:]
    # a closing section may be followed by another opening label; give it back
    fixed: list[str] = []
    for c in closed:
        sub = _OPEN_LABEL_RE.split(c)
        fixed.append(sub[0])
        open_part += " " + " ".join(sub[1:])
    open_part = _OPEN_LABEL_RE.sub(" ", open_part)
    # "土日祝休み" / "月曜定休" written inline with the hours
    inline: list[str] = []

    def grab(m: re.Match[str]) -> str:
        inline.append(m.group(1))
        return " "

    open_part = _CLOSED_SUFFIX_RE.sub(grab, open_part)
    open_part = re.sub(r"年中無休|無休", " ", open_part)
    return open_part, fixed + inline


def parse_hours(text: str | None) -> HoursParse:
    """Parse free-text hours into HSDS-shaped schedule rows, or refuse (understood=False)."""
    original = text or ""
    if not original.strip():
        return _fail(original, "empty")
    s = _normalise(original)
    open_part, closed_parts = _split_sections(s)

    closed_days: set[str] = set()
    closed_holidays = False
    closed_rows: list[dict] = []
    for part in closed_parts:
        got = _closed_items(part, original)
        if isinstance(got, str):
            return _fail(original, got)
        closed_days |= got[0]
        closed_holidays = closed_holidays or got[1]
        closed_rows.extend(got[2])

    # opening part: ranges, each with an optional day prefix or a (days) suffix
    segments: list[dict] = []  # {"start": (h,m), "end": (h,m), "days": set|None, "hol": bool}
    pos = 0
    glue_before: list[str] = []
    ranges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    tokens = list(re.finditer(_RANGE_RE.pattern + "|" + re.escape(_H24), open_part))
    for m in tokens:
        glue_before.append(open_part[pos : m.start()])
        if m.group(0) == _H24:
            ranges.append(((0, 0), (24, 0)))
        else:
            h1, m1, h2, m2 = (int(g) for g in m.group(1, 2, 3, 4))
            ranges.append(((h1, m1), (h2, m2)))
        pos = m.end()
    tail = open_part[pos:]
    if not ranges:
        return _fail(original, "no opening hours")

    def days_of(spec: str) -> tuple[set[str] | None, bool] | str:
        spec = spec.strip(" 、,;/:")
        if not spec:
            return None, False
        got = parse_days(spec)
        if got is None:
            return f"unknown day text {spec!r}"
        return got

    for i, (glue, (start, end)) in enumerate(zip(glue_before, ranges)):
        glue = glue.strip(" 、,;/")
        if glue.startswith("(") and i > 0:
            close = glue.find(")")
            if close < 0:
                return _fail(original, "unbalanced bracket")
            suffix = days_of(glue[1:close])
            if isinstance(suffix, str):
                return _fail(original, suffix)
            segments[i - 1]["days"], segments[i - 1]["hol"] = suffix[0], suffix[1]
            glue = glue[close + 1 :]
        prefix = days_of(glue)
        if isinstance(prefix, str):
            return _fail(original, prefix)
        segments.append({"start": start, "end": end, "days": prefix[0], "hol": prefix[1]})
    tail = tail.strip(" 、,;/。")
    if tail:
        if not (tail.startswith("(") and tail.endswith(")")):
            return _fail(original, f"unknown text {tail!r}")
        suffix = days_of(tail[1:-1])
        if isinstance(suffix, str):
            return _fail(original, suffix)
        segments[-1]["days"], segments[-1]["hol"] = suffix[0], suffix[1]

    # times: valid, forward, and 0:00-0:00 is "not stated"
    for seg in segments:
        (h1, m1), (h2, m2) = seg["start"], seg["end"]
        if (h1, m1, h2, m2) == (0, 0, 0, 0):
            return _fail(original, "0:00-0:00 means not stated")
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
            return _fail(original, "impossible time")
        if (h2, m2) <= (h1, m1):
            return _fail(original, "closing time not after opening time")

    explicit: set[str] = set()
    for seg in segments:
        if seg["days"]:
            explicit |= seg["days"]
    default_days = set(ALL_DAYS) - closed_days - explicit
    for seg in segments:
        seg["days"] = (set(seg["days"]) if seg["days"] is not None else set(default_days)) - closed_days
    # two ranges on the same day must not overlap (9-12 and 13-17 is a lunch break; 9-17 and 14-17 is unclear)
    for a in range(len(segments)):
        for b in range(a + 1, len(segments)):
            sa, sb = segments[a], segments[b]
            if sa["days"] & sb["days"] and sa["start"] < sb["end"] and sb["start"] < sa["end"]:
                return _fail(original, "overlapping hours")

    holidays_open = any(seg["hol"] for seg in segments)
    x_holidays = "closed" if closed_holidays else ("open" if holidays_open else None)
    if closed_holidays and holidays_open:
        return _fail(original, "holidays both open and closed")

    rows: list[dict] = []
    for seg in segments:
        if not seg["days"]:
            continue
        row = {
            "freq": "WEEKLY",
            "byday": _byday(seg["days"]),
            "opens_at": _hhmm(*seg["start"]),
            "closes_at": _hhmm(*seg["end"]),
            "description": original,
        }
        if closed_holidays:
            row["x_holidays"] = "closed"
        elif seg["hol"]:
            row["x_holidays"] = "open"
        rows.append(row)
    if not rows:
        return _fail(original, "no open day left")
    if closed_days:
        rows.append({"x_closed": True, "freq": "WEEKLY", "byday": _byday(closed_days), "description": original})
    rows.extend(closed_rows)
    return HoursParse(schedules=rows, understood=True, text=original, x_holidays=x_holidays)
