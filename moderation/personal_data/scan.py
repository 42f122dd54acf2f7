"""The scan: every kind of personal data in a folded text, data kinds first.

Cheap gates first: plain literal alternations and character tests run in C at a fraction of a
microsecond, so an ordinary line never reaches the precise (slower) patterns. A request or a
place question in a sentence that talks about the rules is not a request."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..normalize import fold, squash
from ..phones import KANA_DIGITS, LATIN_DIGITS, WORD_RUN, digitise, phones
from .patterns import _HAS_DIGIT, _il, _literals, _starts
from .contacts import (
    _AT_HANDLE, _CONTACT_ASK, _CONTACT_EN, _CONTACT_STANDALONE, _EMAIL, _EMAIL_PROVIDER, _EMAIL_WORDS,
    _HANDLE_AFTER_SERVICE, _SERVICES, _SPELLED, _STAFF_MENTIONS, _THINGS, _URL, _handle_ok,
)
from .places import (
    _ADDRESS, _APARTMENT, _APARTMENT_GATE, _LIVES_IN, _NAME_CHARS, _NOT_SCHOOLS, _PLACE_ASK, _PLACE_ASK_EN,
    _PLACE_NAME_CHAR, _POSTAL, _SCHOOL, _SCHOOL_AFTER_GRADE, _inside_title,
)
from .meetups import _is_meetup


# Kinds that carry the data itself (`mask` hides it), then requests and proposals (nothing to hide).
DATA_KINDS = ("phone", "email", "link", "handle", "contact_id", "address", "school")
ASK_KINDS = ("contact_request", "place_request", "meetup")
KINDS = DATA_KINDS + ASK_KINDS


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    start: int  # in the folded text
    end: int
    hide: tuple[int, ...] = ()  # folded indices to mask


# Talk about the rules is not a request: "番号教えちゃダメだよね", "個人情報は書かないでね".
_META = re.compile(
    r"(?:ちゃ|じゃ|たら|ては|では|のは|とか|るの|すの|くの)(?:だめ|ダメ|いけな|あかん|ng|よくない|良くない|危な|あぶな)"
    r"|だめ(?:だよ|って|なんだ|らしい|です|だから|だね)|禁止|危な|あぶな|危険|きけん|気をつけ|きをつけ"
    r"|(?:かな|さな|わな|けな|えな|らな|たな|まな)い(?:で|ように|ほう|方)|ない(?:ほう|方)が|ないように"
    r"|やめ(?:とこ|よう|ようね|てね|て|なよ|ましょ)|個人情報|るーる|ルール|規約|守ろ|まもろ|できないんだ|できないって"
    r"|(?:聞|き)かれ(?:たら|ても|た)|言われ|いわれ|通報|って言ってくる|されたら|"
    r"(?:だめ|ng|禁止)(?:って|だって|らしい)"
    r"|don'?t (?:share|give|post|tell)|do not (?:share|give|post)|never (?:share|give|post)|not allowed|shouldn'?t"
)


_TEN_DIGITS = re.compile(r"(?:\d[^\d]{0,6}){9}\d")
_HAS_LATIN_WORD = re.compile(r"[a-z]{2}")
_KANA_DIGIT_GATE = re.compile("(?:" + "|".join(sorted(KANA_DIGITS, key=len, reverse=True)) + r")(?:[\s,、。・\-.の]*(?:"
                              + "|".join(sorted(KANA_DIGITS, key=len, reverse=True)) + r"|\d)){2,}")
_LATIN_WORDS = "|".join(sorted(LATIN_DIGITS, key=len, reverse=True))
_LATIN_DIGIT_GATE = re.compile(rf"(?:{_LATIN_WORDS})[\s,.\-]*(?:{_LATIN_WORDS}|\d)[^a-z]*(?:{_LATIN_WORDS}|\d)")


_SERVICE_POSITIONS = _literals({_il(s) for s in _SERVICES})
_THING_POSITIONS = _literals({_il(squash(s)) for s in _THINGS})
_SERVICE_GATE = _literals([_il(squash(s)) for s in _SERVICES + _THINGS]
                          + [_il(squash(s)) for s in ("緑の", "みどりの", "dm", "でぃーえむ", "ふぉろ", "follow", "相互", "追加",
                                                 "sms", "しょーとめ", "しょとめ")])
_PLACE_GATE = _literals(["どこ", "何", "なに", "なん", "最寄", "もより", "住", "すん", "すみ", "本名", "ほんみょう", "学校",
                         "高校", "中学", "地元", "じもと", "station", "city", "town", "neighb", "area",
                         "where", "which", "what", "your", "ur "])
_MEET_GATE = _literals(["会", "あお", "あい", "あえ", "あわ", "待", "まって", "迎", "むかえ", "遊", "あそ", "来", "きて",
                        "これる", "こない", "おいで", "行", "いく", "meet", "hang", "come", "pick", "together", "おふ",
                        "off", "直接", "ちょくせつ", "泊", "うち", "家", "駅", "改札", "口", "前", "公園", "こんびに", "かふぇ", "まっく",
                        "すたば"])
_EMAIL_GATE = _literals(["@", " at ", "(at)", "[at]", "<at>", "{at}", "あっと", "☆", "★"])
_URL_GATE = re.compile(r"\.(?<=[a-z0-9]\.)[a-z]|http|www")


def _scan(folded: str, host_rules: bool = False) -> Iterator[Match]:
    """Every match in `folded`, data kinds first (a generator: `find` stops at the first)."""
    has_digit = _HAS_DIGIT.search(folded) is not None
    latin = _HAS_LATIN_WORD.search(folded) is not None
    if has_digit and _TEN_DIGITS.search(folded):
        for start, end, positions in phones(folded, host_rules):
            yield Match("phone", start, end, tuple(positions[3:]))
    if _KANA_DIGIT_GATE.search(folded) or (latin and _LATIN_DIGIT_GATE.search(folded) and WORD_RUN.search(folded)):
        digitised = digitise(folded)
        if digitised is not None:
            text, spans = digitised
            for start, end, positions in phones(text, host_rules):
                hide = tuple(k for p in positions[3:] for k in range(*spans[p]))
                yield Match("phone", spans[start][0], spans[end - 1][1], hide)
    if host_rules:
        return  # an organisation's address, e-mail, web page and accounts are public facts
    emails: list[tuple[int, int]] = []
    if _EMAIL_GATE.search(folded):
        for pattern in (_EMAIL, _EMAIL_WORDS, _EMAIL_PROVIDER):
            for m in pattern.finditer(folded):
                emails.append(m.span())
                yield Match("email", m.start(), m.end(), tuple(range(m.start(1), m.end(1))))
    if _URL_GATE.search(folded):
        for m in _URL.finditer(folded):
            if m.group().replace(".", "").isdigit() or any(a <= m.start() < b for a, b in emails):
                continue
            slash = m.group().find("/", m.group().find("//") + 2 if "//" in m.group() else 0)
            cut = m.start() + slash + 1 if slash != -1 else m.start()
            yield Match("link", m.start(), m.end(), tuple(range(cut, m.end())))
    if "@" in folded:
        for m in _AT_HANDLE.finditer(folded):
            if m.group(1).rstrip(".") not in _STAFF_MENTIONS and not any(a <= m.start() < b for a, b in emails):
                yield Match("handle", m.start(), m.end(), tuple(range(m.start(1), m.end(1))))
    squashed = squash(folded)
    skeleton = _il(squashed)
    service = _SERVICE_GATE.search(skeleton) is not None
    if service:
        spelled = _SPELLED.sub(lambda m: re.sub(r"[^a-z]", "", m.group()), folded) if latin else folded
        for text in (folded, spelled) if spelled != folded else (folded,):
            # the precise pattern is tried only where a service name starts (cheap literal search)
            for at in _starts(_SERVICE_POSITIONS, _il(text)):
                m = _HANDLE_AFTER_SERVICE.match(text, at)
                if m is not None and _handle_ok(m):
                    hide = tuple(range(m.start("handle"), m.end("handle"))) if text is folded else ()
                    kind = "contact_id" if re.match(r"(?:id|あいでぃ)", m.group()) else "handle"
                    yield Match(kind, m.start(), m.end(), hide)
    if has_digit:
        for m in _ADDRESS.finditer(folded):
            if "丁目" in m.group() and _inside_title(folded, m.start(), m.end()):
                continue
            before = folded[max(0, m.start() - 2):m.start()].rstrip()[-1:]
            if m.group("block") is not None and (
                    len(m.group("n")) > 2 or not (before and _PLACE_NAME_CHAR.match(before))):
                continue  # 3-12-5 is an address after a place name (桜3-12-5), not a score or a formation
            if m.start() > 0 and folded[m.start() - 1].isdigit():
                continue
            hide = tuple(k for k in range(m.start(), m.end()) if folded[k].isdigit())
            yield Match("address", m.start(), m.end(), hide)
        for m in (_POSTAL.finditer(folded) if ("〒" in folded or "便番" in folded or "ゆうびん" in folded) else ()):
            hide = tuple(k for k in range(m.start(), m.end()) if folded[k].isdigit())
            yield Match("address", m.start(), m.end(), hide)
    if "住" in folded or "すん" in folded:
        for m in _LIVES_IN.finditer(folded):
            yield Match("address", m.start(), m.end(), tuple(range(m.start(), m.end() - 2)))
    if has_digit and "年" in folded:
        for m in _SCHOOL.finditer(folded):
            name_start = m.start()
            while name_start > 0 and m.start() - name_start < 12 and folded[name_start - 1] in _NAME_CHARS:
                name_start -= 1
            school = folded[name_start:m.end("type")]
            if name_start < m.start() and not any(school.endswith(w) for w in _NOT_SCHOOLS):
                yield Match("school", name_start, m.end(), tuple(range(name_start, m.start())))
    if has_digit:
        for m in _SCHOOL_AFTER_GRADE.finditer(folded):
            if not any((m.group("name") + m.group("type")).endswith(w) for w in _NOT_SCHOOLS):
                yield Match("school", m.start(), m.end(), tuple(range(m.start("name"), m.end("name"))))
        for m in (_APARTMENT.finditer(folded) if _APARTMENT_GATE.search(folded) else ()):
            yield Match("address", m.start(), m.end(), tuple(range(m.start("room"), m.end("room"))))
    yield from _asks(folded, squashed, skeleton if service else None, latin)


def _asks(folded: str, squashed: str, skeleton: str | None, latin: bool) -> Iterator[Match]:
    """Requests for contact or place, and proposals to meet — unless the text talks about the rules.

    `skeleton` is `squashed` with I/l/1 as one letter when a service or contact word is in it, else None.
    """
    found: list[Match] = []
    asked = skeleton is not None and (
        any(_CONTACT_ASK.match(squashed, at) for at in _starts(_THING_POSITIONS, skeleton))
        or _CONTACT_STANDALONE.search(squashed))
    if asked or (latin and _CONTACT_EN.search(folded)):
        found.append(Match("contact_request", 0, 0))
    if _PLACE_GATE.search(folded) and (_PLACE_ASK.search(squashed) or (latin and _PLACE_ASK_EN.search(folded))):
        found.append(Match("place_request", 0, 0))
    if _MEET_GATE.search(folded) and _is_meetup(folded, squashed):
        found.append(Match("meetup", 0, 0))
    if found and not _META.search(folded):
        yield from found


def find(text: str, host_rules: bool = False) -> str | None:
    """The kind of personal data in `text` (a rule name), or None."""
    for match in _scan(fold(text), host_rules):
        return match.kind
    return None


def find_all(text: str, host_rules: bool = False) -> list[str]:
    """Every kind found in `text`, in order, without repeats (for reports and tests)."""
    return list(dict.fromkeys(m.kind for m in _scan(fold(text), host_rules)))
