"""Phone numbers in any written form: the one kind of personal data people work hardest to slip through.

Digits of every script, separators of every kind, groups that look like a
Japanese number (mobile, IP phone, landline, free dial, +81), and numbers
spelled out in kana, kanji, English or romaji ("ぜろきゅーぜろ", "zero nine
zero", "rei kyuu rei"). Works on `fold`ed text; `personal_data` decides what
a match means (a block, a mask, a split held for a moderator).
"""
from __future__ import annotations

import re
from typing import Iterator

_GROUP_SEP = r"(?:[^\w:]|[_の])"  # any space, dash, dot, bracket, emoji (090🌸1234); not ":" — "09:00" is a time
_RUN = re.compile(rf"\+?\d+(?:{_GROUP_SEP}{{1,4}}\d+)*")
_GROUP = re.compile(r"\d+")
_MOBILE = re.compile(r"0[25-9]0\d{8}")  # mobile, IP phone (050), M2M (020)
_HOST_OK_MOBILE_PREFIX = ("050",)  # organisations publish 050 IP numbers; still not a personal mobile
_PHONE = re.compile(r"0[25-9]0\d{8}|0120\d{6}|0800\d{7}|0570\d{6}|0990\d{6}|0[1-9]\d{8}")
_INTL = re.compile(r"(?:81|0081|01081)(?:[1-9]\d{8}|[25-9]0\d{8})")
_MAX_DIGITS = 14

# Digit words, as `fold` leaves them (hiragana, lower case). Longer spellings first.
KANA_DIGITS = {
    "ぜろ": "0", "れい": "0", "まる": "0",
    "いち": "1",
    "にい": "2", "にー": "2", "に": "2",
    "さん": "3",
    "よん": "4", "しー": "4", "よ": "4", "し": "4",
    "ごー": "5", "ごお": "5", "ご": "5",
    "ろく": "6",
    "なな": "7", "しち": "7",
    "はち": "8",
    "きゅう": "9", "きゅー": "9", "きゅ": "9", "くー": "9", "く": "9",
}
LATIN_DIGITS = {
    "zero": "0", "oh": "0", "rei": "0", "maru": "0",
    "one": "1", "ichi": "1", "iti": "1",
    "two": "2", "nii": "2", "ni": "2",
    "three": "3", "san": "3",
    "four": "4", "yon": "4", "shi": "4", "si": "4", "yo": "4",
    "five": "5", "goo": "5", "go": "5",
    "six": "6", "roku": "6",
    "seven": "7", "nana": "7", "shichi": "7", "sichi": "7",
    "eight": "8", "hachi": "8", "hati": "8",
    "nine": "9", "kyuu": "9", "kyu": "9", "kuu": "9", "ku": "9",
}
_DIGIT_VALUE = {**KANA_DIGITS, **LATIN_DIGITS}
_WORD = ("(?:" + "|".join(w + "(?!ち)" if w == "にい" else w for w in sorted(KANA_DIGITS, key=len, reverse=True))
         + "|(?<![a-z])(?:"
         + "|".join(sorted(LATIN_DIGITS, key=len, reverse=True)) + ")(?![a-z]))")
_WORD_SEP = r"(?:[\s,、。・\-.]|の|(?<![a-z])no(?![a-z]))*"
WORD_GATE_KANA = "|".join(sorted(KANA_DIGITS, key=len, reverse=True))
WORD_RUN = re.compile(rf"{_WORD}(?:{_WORD_SEP}(?:{_WORD}|\d)){{2,}}")


def digitise(folded: str) -> tuple[str, list[tuple[int, int]]] | None:
    """Runs of digit words (3 or more) → digits; with each character's span in `folded`."""
    runs = list(WORD_RUN.finditer(folded))
    if not runs:
        return None
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for run in runs:
        for k in range(pos, run.start()):
            out.append(folded[k])
            spans.append((k, k + 1))
        at = run.start()
        for word in re.finditer(_WORD + r"|\d", folded[:run.end()][run.start():]):
            start, end = run.start() + word.start(), run.start() + word.end()
            if start > at:  # what was between two words: one space
                out.append(" ")
                spans.append((at, start))
            out.append(_DIGIT_VALUE.get(word.group(), word.group()))
            spans.append((start, end))
            at = end
        pos = run.end()
    for k in range(pos, len(folded)):
        out.append(folded[k])
        spans.append((k, k + 1))
    return "".join(out), spans


def _phone_at(digits: str, plus: bool, spelled: bool, host_rules: bool) -> tuple[int, int] | None:
    """Where in `digits` a phone number is (start, end), or None."""
    if host_rules:  # booth content by its host: an organisation's line is public, a mobile is not
        ok = _MOBILE.fullmatch(digits) and not digits.startswith(_HOST_OK_MOBILE_PREFIX)
        return (0, len(digits)) if ok else None
    if _PHONE.fullmatch(digits):
        return 0, len(digits)
    if _INTL.fullmatch(digits):
        if plus or digits.startswith(("0081", "01081")) or _MOBILE.fullmatch("0" + digits[2:]):
            return 0, len(digits)
    if not spelled and 12 <= len(digits) <= 13:  # one or two more digits glued to a mobile
        for k in range(len(digits) - 10):
            if _MOBILE.fullmatch(digits[k:k + 11]):
                return k, k + 11
    return None


def _grouped_like_a_phone(sizes: list[int], digits: str, plus: bool) -> bool:
    """Written in groups the way phone numbers are: a mobile 3-4-4 (or in pairs), a landline with its
    area code first and four digits last (03-1234-5678, 0466-22-1234), free dial 0120-444-222 —
    not a run of dates and times that happens to add up to ten digits."""
    if len(sizes) == 1:
        return True
    if plus or digits.startswith("81"):
        return len(sizes) <= 5
    if not digits.startswith("0") or sizes[0] > 5:
        return False
    if _MOBILE.match(digits):
        return True  # the four-group and pair limits above already apply
    return len(sizes) <= 3 and sizes[-1] in (3, 4) and (sizes[-1] == 4 or digits.startswith(("0120", "0570", "0990")))


def phones(text: str, host_rules: bool) -> Iterator[tuple[int, int, list[int]]]:
    """(start, end, digit positions) of each phone number in `text` (folded or digitised)."""
    for run in _RUN.finditer(text):
        groups = [(g.start() + run.start(), g.end() + run.start()) for g in _GROUP.finditer(run.group())]
        plus = run.group().startswith("+")
        i = 0
        while i < len(groups):
            digits = ""
            best: tuple[int, list[int]] | None = None
            for j in range(i, len(groups)):
                digits += text[groups[j][0]:groups[j][1]]
                if len(digits) > _MAX_DIGITS:
                    break
                if len(digits) < 10:
                    continue
                window = groups[i:j + 1]
                spelled = all(b - a == 1 for a, b in window)
                # Phone numbers come in at most 4 groups (090-1234-5678, +81 90 …); more only when
                # spelled out digit by digit, or a mobile in pairs — not a list of dates.
                if len(window) > 4 and not spelled and not (
                        all(b - a <= 2 for a, b in window[1:]) and _MOBILE.fullmatch(digits[:11])):
                    continue
                found = _phone_at(digits, plus and i == 0, spelled, host_rules)
                sizes = [b - a for a, b in window]
                if found is not None and (spelled or _grouped_like_a_phone(sizes, digits, plus and i == 0)):
                    # keep looking: the longest number wins (a landline is a prefix of a mobile)
                    positions = [k for a, b in window for k in range(a, b)][found[0]:found[1]]
                    best = (j, positions)
            if best is None:
                i += 1
                continue
            positions = best[1]
            yield positions[0], positions[-1] + 1, positions
            i = best[0] + 1
