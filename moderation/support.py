"""Places to talk to now: what a visitor in crisis is shown at once.

These are national lines, listed with their hours and the page that publishes
them (checked 2026-11; operators should re-check before each festival). The
directory issue adds each municipality's own consultation windows; until then
this list is what `notice {code: "support"}` carries. A line that is closed
right now is still listed, after the open ones, with its hours: knowing when
someone will answer matters too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from rooms.jst import JST


@dataclass(frozen=True, slots=True)
class SupportLine:
    name_ja: str
    name_en: str
    contact: str  # a phone number, or a URL for chat
    kind: str  # "phone" or "chat"
    opens: time | None  # None with closes None: around the clock
    closes: time | None
    hours_ja: str
    hours_en: str
    who_ja: str
    who_en: str
    source: str

    def open_at(self, when: datetime) -> bool:
        if self.opens is None or self.closes is None:
            return True
        now = when.astimezone(JST).time()
        return self.opens <= now < self.closes

    def item(self, when: datetime, lang: str) -> dict[str, object]:
        en = lang == "en"
        return {
            "name": self.name_en if en else self.name_ja,
            "contact": self.contact,
            "kind": self.kind,
            "hours": self.hours_en if en else self.hours_ja,
            "who": self.who_en if en else self.who_ja,
            "open_now": self.open_at(when),
            "source": self.source,
        }


NATIONAL_LINES: tuple[SupportLine, ...] = (
    SupportLine("よりそいホットライン", "Yorisoi Hotline", "0120-279-338", "phone", None, None,
                "24時間・毎日", "24 hours, every day", "どなたでも・無料", "Anyone, free of charge",
                "https://www.since2011.net/yorisoi/"),
    SupportLine("あなたのいばしょ チャット相談", "Anata no Ibasho chat", "https://talkme.jp/", "chat", None, None,
                "24時間・毎日", "24 hours, every day", "どなたでも・匿名・無料", "Anyone, anonymous, free",
                "https://talkme.jp/"),
    SupportLine("24時間子供SOSダイヤル", "24-hour Children's SOS Dial", "0120-0-78310", "phone", None, None,
                "24時間・毎日", "24 hours, every day", "子ども・保護者", "Children and parents",
                "https://www.mext.go.jp/a_menu/shotou/seitoshidou/06112210.htm"),
    SupportLine("児童相談所 虐待対応ダイヤル", "Child guidance centre abuse line", "189", "phone", None, None,
                "24時間・毎日", "24 hours, every day", "虐待かもと思ったら", "If you think it may be abuse",
                "https://www.cfa.go.jp/policies/jidougyakutai/"),
    SupportLine("チャイルドライン", "Childline Japan", "0120-99-7777", "phone", time(16), time(21),
                "毎日 16:00〜21:00", "Every day 16:00-21:00", "18歳までの子ども", "Children up to 18",
                "https://childline.or.jp/"),
    SupportLine("いのちの電話(ナビダイヤル)", "Inochi no Denwa (navi dial)", "0570-783-556", "phone", time(10), time(22),
                "毎日 10:00〜22:00", "Every day 10:00-22:00", "どなたでも(通話料がかかります)", "Anyone (call charges apply)",
                "https://www.inochinodenwa.org/"),
)


# For a disclosure of abuse or neglect: the child-abuse line and the children's lines come first.
ABUSE_FIRST = ("189", "0120-0-78310", "0120-99-7777")


def support_items(when: datetime, lang: str, lines: tuple[SupportLine, ...] = NATIONAL_LINES,
                  abuse: bool = False) -> list[dict[str, object]]:
    """The lines as `notice.items`, open ones first (stable order otherwise); abuse lines first for abuse."""
    def key(line: SupportLine) -> tuple[int, bool]:
        rank = ABUSE_FIRST.index(line.contact) if abuse and line.contact in ABUSE_FIRST else len(ABUSE_FIRST)
        return (rank, not line.open_at(when))

    ordered = sorted(lines, key=key)
    return [line.item(when, lang) for line in ordered]
