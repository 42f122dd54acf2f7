"""The hours notes of a municipal facility list (利用可能時間特記事項), read sentence by sentence.

The structured columns give the general hours (利用可能曜日 火水木金土日, 9:30–19:00);
the note changes them: 「土日祝は17:00まで」, 「毎月末日休館」, 「12/29～1/3休館」,
「第2・第4土曜日のみ開館」, 「開設期間は7月20日から8月31日」, 「月曜が祝日の場合は翌日休館」.
Each sentence is read on its own: what is understood is applied to the schedule;
what is not is kept word for word and turns into an `x_uncertain` row, so the
service says "hours uncertain" instead of answering open/closed on a guess
(scoped to one month when the sentence names exactly one, e.g. 「9月中の7日間程度休館」).

Pure functions: base rows in, HSDS-shaped rows out (see booths.schedule).
"""
from __future__ import annotations

import calendar
import copy
import re
from dataclasses import dataclass, field, replace

from booths.hours_text import ALL_DAYS, TZ, parse_days, parse_hours
from booths.hours_words import (CLOCK, CLOSED, CLOSED_LABEL, DAY, INFO, OPEN_WORDS, SUBSTITUTE, closing_items, complement,
                                next_day_mode, sentences, yearly_window)

__all__ = ["NotesParse", "read_notes"]


@dataclass
class _Seg:
    """One opening pattern: these weekdays, these hours, within an optional yearly window."""

    days: set[str]
    opens: tuple[int, int]
    closes: tuple[int, int]
    holidays: str = "open"  # open | closed | only
    annual: str | None = None
    monthly: str | None = None  # "2SA,4SA": only these weekdays of the month


@dataclass
class NotesParse:
    """What a note did to the schedule, and what of it could not be read (kept word for word)."""

    schedules: list[dict]
    understood: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def uncertain(self) -> bool:
        return bool(self.kept) or any(row.get("x_uncertain") for row in self.schedules)


def _hhmm(t: tuple[int, int]) -> str:
    return "23:59:59" + TZ if t == (24, 0) else f"{t[0]:02d}:{t[1]:02d}:00{TZ}"


def _clock(s: str) -> tuple[int, int]:
    h, m = s.split(":")
    return int(h), int(m)


def _segs(rows: list[dict]) -> list[_Seg]:
    out = []
    for r in rows:
        if r.get("x_closed") or not r.get("opens_at"):
            continue
        out.append(_Seg(set((r.get("byday") or ",".join(ALL_DAYS)).split(",")), _clock(r["opens_at"][:5]),
                        (24, 0) if r["closes_at"].startswith("23:59") else _clock(r["closes_at"][:5]),
                        r.get("x_holidays") or "open"))
    return out


class _Reader:
    def __init__(self, note: str, base: list[dict]) -> None:
        self.note = note
        self.segs = _segs(base)
        self.closed: list[dict] = []
        self.special: list[dict] = []
        # closing weekday (or "*": every one) → "after" (翌日) | "next_weekday" (翌平日): open when a holiday,
        # closed on the next day instead
        self.substitute: dict[str, str] = {}
        self.holiday_hours: tuple[tuple[int, int] | None, tuple[int, int] | None] | None = None

    # -- sentence kinds; each returns True when it understood the sentence --------------------
    def closure(self, s: str) -> bool:
        label = CLOSED_LABEL.match(s)
        except_form = re.fullmatch(r"(?:(?:利用可能曜日|開館日|利用日)は)?(.+?)(?:を)?除く", s)  # 「祝日、12/29~1/3を除く」
        m = re.search(CLOSED, s)
        if label:
            subject = s[label.end():]
        elif except_form:
            subject = except_form.group(1)
        elif m and m.start() > 0:
            subject = s[: m.start()]
        elif s in ("年末年始", "年末年始休館"):
            subject = "年末年始"
        else:
            return False
        mode = None
        sub = re.search(r"\(([^()]*(?:祝|休日)[^()]*)\)", subject)  # 月曜日(祝日の場合は翌日)
        if sub:
            found = SUBSTITUTE.fullmatch(sub.group(1).strip("、 "))
            if not found:
                return False
            mode = next_day_mode(found.group("next"), subject[: sub.start()])
            if mode is None:
                return False
            subject = subject[: sub.start()] + subject[sub.end():]
        items = closing_items(subject)
        if items is None:
            return False
        for kind, value in items:
            if kind == "days":
                days, hol = value
                if days:
                    self.closed.append({"x_closed": True, "freq": "WEEKLY", "byday": ",".join(d for d in ALL_DAYS if d in days)})
                    for seg in self.segs:  # the open rows no longer name a closing weekday
                        if seg.holidays != "only" and not seg.monthly:
                            seg.days -= days
                    self.segs = [seg for seg in self.segs if seg.days]
                    if mode:
                        self.substitute.update(dict.fromkeys(days, mode))
                if hol:
                    for seg in self.segs:
                        if seg.holidays == "open":
                            seg.holidays = "closed"
            elif kind == "monthly":
                if mode:
                    return False  # 第3水曜日(祝日の場合は翌日): not a weekly day to move
                self.closed.append({"x_closed": True, "freq": "MONTHLY", **value})
            else:
                self.closed.append({"x_closed": True, "x_annual": value})
        return True

    def override(self, s: str) -> bool:
        """「土日祝は17:00まで」「日曜日、祝日は17:00まで利用可」「12/28 9:30~17:00」「7~8月は全曜日利用可能」."""
        m = re.fullmatch(rf"(?P<subj>.+?)(?:は|も|のみ)?\s*(?:{CLOCK}\s*~\s*{CLOCK}|{CLOCK}まで|{CLOCK}から)(?:まで)?"
                         rf"{OPEN_WORDS}", s)
        if m:
            g = m.groups()
            opens = (int(g[1]), int(g[2])) if g[1] else ((int(g[7]), int(g[8])) if g[7] else None)
            closes = (int(g[3]), int(g[4])) if g[3] else ((int(g[5]), int(g[6])) if g[5] else None)
            return self._apply_hours(m.group("subj").strip(" 、,"), opens, closes)
        m = re.fullmatch(rf"(?P<subj>.+?)(?:は|も)?{CLOCK}に?(?P<what>閉館|閉所|閉園|開館|開所|開園)", s)
        if m:
            t = (int(m.group(2)), int(m.group(3)))
            closing = m.group("what").startswith("閉")
            return self._apply_hours(m.group("subj").strip(" 、,"), None if closing else t, t if closing else None)
        m = re.fullmatch(r"(?:利用可能|利用|開館|開所|営業|開園)時間(?:は|:)(?P<hours>.+)", s)
        if m:
            return self._replace_hours(m.group("hours"))
        m = re.fullmatch(rf"(?P<win>.+?)(?:は|の間は)?(?:全曜日|毎日|全日|無休|休まず){OPEN_WORDS}", s)
        if m and (window := yearly_window(m.group("win"))) and self.segs:
            times = {(seg.opens, seg.closes) for seg in self.segs}
            if len(times) != 1:
                return False
            opens, closes = times.pop()
            self.segs.append(_Seg(set(ALL_DAYS), opens, closes, annual=window))
            return True
        return False

    def _apply_hours(self, subject: str, opens: tuple[int, int] | None, closes: tuple[int, int] | None) -> bool:
        window = yearly_window(subject)
        if window and window.split("/")[0] == window.split("/")[1]:  # one date a year: special hours
            if opens is None or closes is None:
                base = {(seg.opens, seg.closes) for seg in self.segs}
                if len(base) != 1:
                    return False
                b_open, b_close = base.pop()
                opens, closes = opens or b_open, closes or b_close
            if closes <= opens:
                return False
            self.special.append({"x_annual": window, "opens_at": _hhmm(opens), "closes_at": _hhmm(closes)})
            return True
        if window and self.segs:  # 「6~8月は19:00まで」: other hours within a window each year
            if any(seg.annual for seg in self.segs):
                return False
            rest = complement(window)
            inside = [replace(seg, days=set(seg.days), opens=opens or seg.opens, closes=closes or seg.closes,
                              annual=window) for seg in self.segs]
            if any(seg.closes <= seg.opens for seg in inside):
                return False
            for seg in self.segs:
                seg.annual = rest
            self.segs += inside
            return True
        parsed = parse_days(subject)
        if parsed is None or not self.segs:
            return False
        days, hol = parsed
        new: list[_Seg] = []
        for seg in self.segs:
            if seg.holidays == "only" or seg.annual:
                new.append(seg)
                continue
            hit = seg.days & days
            if hit:
                changed = replace(seg, days=set(hit), opens=opens or seg.opens, closes=closes or seg.closes)
                if changed.closes <= changed.opens:
                    return False
                new.append(changed)
                seg.days -= hit
            if seg.days:
                new.append(seg)
        self.segs = new
        if hol:
            self.holiday_hours = (opens, closes)
        return True

    def _replace_hours(self, text: str) -> bool:
        """「利用可能時間は10:00~12:00、13:00~16:00」: these hours on every open day (a lunch break)."""
        got = parse_hours(text)
        if not got.understood or any(r.get("x_closed") for r in got.schedules) or not self.segs:
            return False
        ranges = {(_clock(r["opens_at"][:5]), _clock(r["closes_at"][:5])) for r in got.schedules
                  if len(r["byday"].split(",")) == 7}
        if len(ranges) != len(got.schedules):
            return False  # the hours name days of their own: not a plain replacement
        self.segs = [replace(seg, days=set(seg.days), opens=a, closes=b) for seg in self.segs for a, b in sorted(ranges)]
        return True

    def substitution(self, s: str) -> bool:
        """「月曜日が祝日の場合は翌日休館」「月曜日が祝日の場合は利用可、ただし火曜日が利用不可」."""
        m = re.fullmatch(r"(?:(?P<day>[月火水木金土日])曜?日?|休館日)(?:が|は)?(?:祝日|休日|祝祭日|祝休日)(?:等)?(?:の|に)?(?:場合|とき|時)"
                         r"(?:は|には)?、?(?P<rest>.*)", s)
        if not m:
            return False
        rest = m.group("rest")
        day = DAY[m.group("day")] if m.group("day") else None
        nxt = re.search(r"(翌日|翌平日|([月火水木金土日])曜?日?)(?:が|は|を)?" + CLOSED.rstrip("$"), rest)
        if not nxt:
            return False
        if nxt.group(2):
            if day is None or ALL_DAYS[(ALL_DAYS.index(day) + 1) % 7] != DAY[nxt.group(2)]:
                return False
        mode = "next_weekday" if nxt.group(1) == "翌平日" else "after"
        self.substitute[day or "*"] = mode
        return True

    def season(self, s: str) -> bool:
        """「開設期間は7月20日から8月31日」「7月1日~8月31日のみ開館」: open only within a window each year."""
        m = re.fullmatch(r"(?:(?:開設|開館|営業|利用|開場|開園|開放)(?:期間|期日)(?:は|:)?)?(?P<win>[\d/月日~翌年]+?)(?:まで)?(?:の期間)?"
                         r"(?:のみ)?" + OPEN_WORDS, s)
        if not m or not re.search(r"期間|のみ", s):
            return False
        window = yearly_window(m.group("win"))
        if window is None or not self.segs or window.split("/")[0] == window.split("/")[1]:
            return False
        for seg in self.segs:
            seg.annual = seg.annual or window
        self.closed.append({"x_closed": True, "x_annual": complement(window)})
        return True

    def nth_only(self, s: str) -> bool:
        """「第2・第4土曜日のみ開館」「土曜日は第2・第4のみ」: that weekday only on those weeks of the month."""
        m = re.fullmatch(r"(?:毎月)?第(?P<n>\d(?:(?:[・、,]|及び|と)第?\d)*)(?P<day>[月火水木金土日])曜?日?(?:は|も)?(?:のみ|だけ)?" + OPEN_WORDS, s)
        m = m or re.fullmatch(r"(?P<day>[月火水木金土日])曜?日?は(?:毎月)?第(?P<n>\d(?:(?:[・、,]|及び|と)第?\d)*)(?:週)?(?:のみ|だけ)" + OPEN_WORDS, s)
        if not m or not self.segs:
            return False
        nums = re.findall(r"\d", m.group("n"))
        day = DAY[m.group("day")]
        carriers = [seg for seg in self.segs if day in seg.days and seg.holidays != "only"]
        if not carriers:
            times = {(seg.opens, seg.closes) for seg in self.segs}
            if len(times) != 1:
                return False
            carriers = [_Seg({day}, *times.pop())]
        for seg in carriers:
            seg.days.discard(day)
            self.segs.append(replace(seg, days={day}, monthly=",".join(f"{n}{day}" for n in nums)))
        self.segs = [seg for seg in self.segs if seg.days]
        return True

    def harmless(self, s: str) -> bool:
        """Sentences that change nothing: 「祝日も開館」「年中無休」, last-entry and see-the-website notes."""
        if re.fullmatch(r"(?:祝日|休日|祝祭日|土日祝日?)(?:も|は)?" + OPEN_WORDS + r"(?:します)?", s) and re.search(r"開|利用可|営業", s):
            return not any(seg.holidays == "closed" for seg in self.segs)
        if re.fullmatch(r"(?:年中)?無休|(?:特に)?(?:なし|無し|無)|-|ー", s):
            return True
        if re.fullmatch(r"(?:団体での見学.*の場合は)?(?:事前)?(?:申込|申し込み|予約)(?:が)?(?:必要|制)(?:です)?|要予約", s):
            return True
        return bool(INFO.search(s)) and not re.search(r"休|閉|不可|のみ|除く", s)

    def whole(self, s: str) -> bool:
        """A sentence, else its clauses (「…、ただし…」, 「A、B」) — understood only if every clause is."""
        if self.sentence(s):
            return True
        for splitter in (r"、(?:ただし|但し)、?", r"、"):
            parts = [p for p in re.split(splitter, s) if p]
            if len(parts) < 2:
                continue
            saved = copy.deepcopy((self.segs, self.closed, self.special, self.substitute, self.holiday_hours))
            if all(self.sentence(p) for p in parts):
                return True
            self.segs, self.closed, self.special, self.substitute, self.holiday_hours = saved  # nothing half-applied
        return False

    def sentence(self, s: str) -> bool:
        return any(f(s) for f in (self.substitution, self.season, self.nth_only, self.override, self.closure,
                                  self.harmless))

    # -- result ---------------------------------------------------------------------------------
    def rows(self, kept: list[str]) -> list[dict]:
        rows: list[dict] = []
        if "*" in self.substitute:  # 「休館日が祝日の場合は翌日休館」: every closing weekday
            mode = self.substitute.pop("*")
            weekly = {d for r in self.closed if r.get("freq") == "WEEKLY" for d in r["byday"].split(",")}
            open_days = set().union(*(seg.days for seg in self.segs)) if self.segs else set()
            for day in weekly | (set(ALL_DAYS) - open_days if open_days else set()):
                self.substitute.setdefault(day, mode)
        if self.holiday_hours is not None and self.segs:
            h_open, h_close = self.holiday_hours
            regular = [seg for seg in self.segs if seg.holidays != "only" and not seg.monthly and not seg.annual]
            if regular:
                days = set().union(*(seg.days for seg in regular)) | set(self.substitute)
                first = regular[0]
                holiday = _Seg(days, h_open or first.opens, h_close or first.closes, holidays="only")
                for seg in self.segs:
                    if seg.holidays == "open":
                        seg.holidays = "closed"
                self.segs.append(holiday)
        elif self.substitute and self.segs:
            times = {(seg.opens, seg.closes) for seg in self.segs}
            for day in sorted(self.substitute, key=ALL_DAYS.index):
                if len(times) == 1:
                    self.segs.append(_Seg({day}, *next(iter(times)), holidays="only"))
                else:  # open on that holiday, but with which day's hours? not a guess: unknown that day
                    rows.append({"x_uncertain": True, "freq": "WEEKLY", "byday": day, "x_holidays": "only",
                                 "description": self.note})
        for seg in self.segs:
            if not seg.days:
                continue
            row = {"freq": "MONTHLY" if seg.monthly else "WEEKLY",
                   "byday": seg.monthly or ",".join(d for d in ALL_DAYS if d in seg.days),
                   "opens_at": _hhmm(seg.opens), "closes_at": _hhmm(seg.closes), "description": self.note}
            if seg.holidays != "open":
                row["x_holidays"] = seg.holidays
            if seg.annual:
                row["x_annual"] = seg.annual
            rows.append(row)
        for day in sorted(self.substitute, key=ALL_DAYS.index):
            if self.substitute[day] == "after":  # closed the day after a holiday on the closing day (振替休館)
                rows.append({"x_closed": True, "freq": "WEEKLY", "byday": ALL_DAYS[(ALL_DAYS.index(day) + 1) % 7],
                             "x_holidays": "after", "description": self.note})
            else:  # closed on the first weekday after it
                rows.append({"x_closed": True, "freq": "WEEKLY", "byday": day, "x_holidays": "next_weekday",
                             "description": self.note})
        for row in self.closed:
            if row.get("freq") == "WEEKLY" and set(row["byday"].split(",")) <= set(self.substitute):
                row = {**row, "x_holidays": "closed"}  # the closing weekday opens when it is a holiday
            rows.append({**row, "description": self.note})
        rows.extend({**row, "description": self.note} for row in self.special)
        for text in kept:
            month = re.findall(r"(\d{1,2})月", text)
            row: dict = {"x_uncertain": True, "description": text}
            months = re.fullmatch(r"(\d{1,2})月?[~～〜](\d{1,2})月(?!\d).*", text)  # 「6月～9月の土日及び祝日は…」
            first, last = months.groups() if months else (month[0], month[0]) if len(month) == 1 else ("0", "0")
            if 1 <= int(first) <= 12 and 1 <= int(last) <= 12 and not re.search(r"\d{1,2}/\d", text):
                end = calendar.monthrange(2023, int(last))[1]
                row["x_annual"] = f"{int(first):02d}-01/{int(last):02d}-{end:02d}"  # unknown in those months only
            rows.append(row)
        return rows


def read_notes(note: str | None, base: list[dict]) -> NotesParse:
    """Apply a facility's hours note to its general hours (`base`: HSDS open rows, maybe empty)."""
    if not note or not note.strip():
        return NotesParse(schedules=list(base))
    if not base:
        whole = parse_hours(note)  # 【開館時間】9:00~17:00【休館日】月曜日… in one go
        # …unless it names a holiday substitution (「(祝日の場合は翌日)」), which that parser only keeps as text
        if whole.understood and not re.search(r"(?:祝|休日).*(?:翌|前|直前|開館)", note):
            return NotesParse(schedules=whole.schedules, understood=[note])
    reader = _Reader(note, base)
    understood: list[str] = []
    kept: list[str] = []
    for original, s in sentences(note):
        if not reader.segs and (got := parse_hours(original)).understood:
            reader.segs = _segs(got.schedules)  # the opening hours themselves, in a sentence of their own
            reader.closed += [r for r in got.schedules if r.get("x_closed")]
            named = {(r["opens_at"], r["closes_at"]) for r in got.schedules if r.get("x_holidays") == "open"}
            if len(named) == 1 and len(named) < len({(r["opens_at"], r["closes_at"]) for r in got.schedules
                                                     if not r.get("x_closed")}):
                hours = next(iter(named))  # 「平日9:00~17:00 土日祝10:00~19:00」: a holiday has the 土日祝 hours
                reader.holiday_hours = (_clock(hours[0][:5]), _clock(hours[1][:5]))
                if got.x_holidays == "closed":
                    reader.holiday_hours = None
            understood.append(original)
            continue
        if reader.whole(s):
            understood.append(original)
        else:
            kept.append(original)
    if not reader.segs:  # closing days but no opening hours anywhere: nothing known, nothing guessed
        return NotesParse(schedules=[], understood=[], kept=[note])
    return NotesParse(schedules=reader.rows(kept), understood=understood, kept=kept)
