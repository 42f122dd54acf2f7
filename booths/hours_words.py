"""The words of Japanese opening-hours notes: closing predicates, holiday phrases, dates and yearly windows.

Shared vocabulary of booths.hours_notes (which applies a note to a schedule); kept apart so each
module stays small. Texts here are already NFKC-normalised with clock words as H:MM
(booths.hours_text._normalise), and 「から」 as ``~``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from booths.hours_text import ALL_DAYS, _normalise, parse_days

__all__ = ["DAY", "CLOSED", "CLOSED_LABEL", "SUBSTITUTE", "OPEN_WORDS", "CLOCK", "INFO", "yearly_window", "complement",
           "closing_items", "next_day_mode", "sentences"]

DAY = {"月": "MO", "火": "TU", "水": "WE", "木": "TH", "金": "FR", "土": "SA", "日": "SU"}
CLOSED = (r"(?:は|を|も|が)?(?:終日)?(?:全館)?(?:休館日?|休み|お休み|休業日?|休所日?|休園日?|閉園日?|休場日?|休室日?|閉館|閉所|定休日?"
           r"|利用不可|利用できません|ご利用いただけません|休)(?:です|とします|となります|になります)?$")
CLOSED_LABEL = re.compile(r"^(?:【(?:休館|休業|定休|休所|休園|閉園|休場|閉館|休)日?】|(?:休館|休業|定休|休所|休園|閉園|休場)日?(?:は|:))")
LONG_HOLIDAY = re.compile(r"国民の祝日に関する法律に規定する(?:休日|祝日)|祝日法による休日|国民の祝日|祝休日|休祝日|祝祭日")
SUBSTITUTE = re.compile(r"(?:[月火水木金土日]曜?日?(?:が|は))?(?:祝日|休日|祭日)(?:(?:又は|または|・|や)(?:振替休日|祝日|休日))?(?:等)?"
                        r"(?:に当たる|にあたる|と重なる|と重なった|の)?(?:場合|とき|時)(?:は|には)?、?"
                        r"(?:開館し|開館して|開館で|開館、|利用可、?)?、?(?:その)?"
                         r"(?P<next>翌日|翌平日|翌[月火水木金土日]曜?日?)(?:が|を|は)?(?:休館日?|休み|休業日?|休園日?|定休日?)?")
OPEN_WORDS = r"(?:利用可能?|利用できます|開館|開所|営業|開場|開園|開設)?(?:です|します|しています)?"
CLOCK = r"(\d{1,2}):(\d{2})"
INFO = re.compile(r"^(?:最終)?(?:入館|入場|入園|受付|貸出|貸し出し|入室)|詳しく|詳細|問い?合わ?せ|ホームページ|HP|ウェブ|参照|確認")


def md(month: str, day: str) -> str | None:
    m, d = int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(2024, m)[1]):
        return None
    return f"{m:02d}-{d:02d}"


def yearly_window(text: str) -> str | None:
    """'12/29~1/3', '7月20日~8月31日', '7~8月', '7月~9月' → 'MM-DD/MM-DD'."""
    m = re.fullmatch(r"(\d{1,2})[/月](\d{1,2})日?~(?:翌年)?(\d{1,2})[/月](\d{1,2})日?(?:まで)?", text)
    if m:
        a, b = md(m.group(1), m.group(2)), md(m.group(3), m.group(4))
        return f"{a}/{b}" if a and b else None
    m = re.fullmatch(r"(\d{1,2})月?~(\d{1,2})月(?:末)?(?:まで)?", text)
    if m and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 12:
        last = calendar.monthrange(2023, int(m.group(2)))[1]
        return f"{int(m.group(1)):02d}-01/{int(m.group(2)):02d}-{last:02d}"
    m = re.fullmatch(r"(\d{1,2})[/月](\d{1,2})日?", text)
    if m and (a := md(m.group(1), m.group(2))):
        return f"{a}/{a}"
    if text == "年末年始":
        return "12-29/01-03"
    return None


def complement(window: str) -> str:
    """The rest of the year: '07-20/08-31' → '09-01/07-19'."""
    start, end = window.split("/")
    y = 2023  # not a leap year; 02-29 windows are not published
    s = dt.date(y, *map(int, start.split("-")))
    e = dt.date(y, *map(int, end.split("-")))
    after, before = e + dt.timedelta(days=1), s - dt.timedelta(days=1)
    return f"{after:%m-%d}/{before:%m-%d}"


def next_day_mode(next_word: str, subject: str) -> str | None:
    """翌日 → after, 翌平日 → next_weekday, 翌火曜日 → after when it is the day after the closing day."""
    if next_word == "翌日":
        return "after"
    if next_word == "翌平日":
        return "next_weekday"
    parsed = parse_days(subject)
    days = sorted(parsed[0]) if parsed else []
    if len(days) == 1 and ALL_DAYS[(ALL_DAYS.index(days[0]) + 1) % 7] == DAY[next_word[1]]:
        return "after"
    return None


def closing_items(subject: str) -> list[tuple[str, object]] | None:
    """A list of closing days → (kind, value) items, or None if any part is not understood."""
    out: list[tuple[str, object]] = []
    rest = subject.strip()
    pattern = re.compile(
        r"(?P<nth>(?:毎月)?第\d(?:(?:[・、,]|及び|と)第?\d)*(?P<nthday>[月火水木金土日])曜?日?)"
        r"|(?P<last>(?:毎月)?最終(?P<lastday>[月火水木金土日])曜?日?)"
        r"|(?P<monthend>(?:毎月)?(?:末日|月末|最終日))"
        r"|(?P<range>\d{1,2}[/月]\d{1,2}日?~(?:翌年)?\d{1,2}[/月]\d{1,2}日?(?:まで)?)"
        r"|(?P<date>\d{1,2}[/月]\d{1,2}日)(?!~)|(?P<sdate>\d{1,2}/\d{1,2})(?!~)"
        r"|(?P<monthday>毎月\d{1,2}日)"
        r"|(?P<yearend>年末年始(?:\([^()]*\))?)"
        r"|(?P<sep>[、,・\s]+|及び|および|並びに|ならびに|と)"
        r"|(?P<days>(?:毎週)?(?:[月火水木金土日祝平休]|振替|国民の|祭)(?:[月火水木金土日祝平休曜・、,及び]|振替|国民の|祭)*)")
    while rest:
        m = pattern.match(rest)
        if not m:
            return None
        rest = rest[m.end():]
        if m.group("nth"):
            nums = re.findall(r"\d", m.group("nth"))
            if not all(1 <= int(n) <= 5 for n in nums):
                return None
            out.append(("monthly", {"byday": ",".join(f"{n}{DAY[m.group('nthday')]}" for n in nums)}))
        elif m.group("last"):
            out.append(("monthly", {"byday": f"-1{DAY[m.group('lastday')]}"}))
        elif m.group("monthend"):
            out.append(("monthly", {"bymonthday": "-1"}))
        elif m.group("monthday"):
            day = int(re.search(r"\d+", m.group("monthday")).group(0))
            if not 1 <= day <= 31:
                return None
            out.append(("monthly", {"bymonthday": str(day)}))
        elif m.group("range") or m.group("date") or m.group("sdate") or m.group("yearend"):
            text = m.group(0)
            inner = re.search(r"\((.*)\)", text)
            window = yearly_window(re.sub(r"翌年の?|まで$", "", inner.group(1)) if inner else text)
            if window is None:
                return None
            out.append(("annual", window))
        elif m.group("days"):
            parsed = parse_days(m.group("days"))
            if parsed is None:
                return None
            out.append(("days", parsed))
    return out if out else None


def sentences(note: str) -> list[tuple[str, str]]:
    """(original, normalised) sentences: split at 。, line breaks, ※, 【labels】 and 「、ただし」.

    A note written as a list (「・火曜日が祝日の場合は営業・12月29日～1月3日は終日利用不可・…」) is split
    at each ・ too, except inside a list of days (「月・水・金」「第1・第3」).
    """
    out = []
    bullets = r"|(?<![月火水木金土日祝\d])・" if note.lstrip(" 　").startswith("・") else ""
    for raw in re.split(r"[。\n]|※|(?<=[)）])\s+|;|(?=【)" + bullets, note):
        original = raw.strip(" 　、,・")
        if not original:
            continue
        norm = _normalise(original).replace("から", "~").replace("より", "~")
        norm = LONG_HOLIDAY.sub("祝日", norm)
        norm = re.sub(r"\s*~\s*", "~", norm).strip(" 、,・:")
        norm = re.sub(r"^(?:ただし|但し|なお|尚)、?", "", norm)
        norm = re.sub(r"^\(([^()]*)\)$", r"\1", norm)  # a whole sentence in brackets
        out.append((original, norm))
    return out
