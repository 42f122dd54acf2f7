"""Text normalisation for matching, done once per text. The text people see is never changed.

Filters must see through the tricks people use to slip past them, so `fold`
gives one comparable form:

- NFKC: full-width letters and digits, circled and mathematical digits (①→1, 𝟎→0), ㈱ and the like;
- katakana → hiragana, lower case, kanji digits (〇一二三…, 壱弐参伍) → ASCII digits;
- every digit script → ASCII (٠١٢, ०१२, ๐๑๒… any Unicode `Nd` character, by its decimal value);
- Latin look-alikes from other scripts → Latin (TR39 confusable skeleton for the letters that
  matter: Cyrillic `І`/`а`, Greek `Ι`/`Τ`…, see `confusables.py`), accented Latin → base letter;
- every format (`Cf`: zero-width space, soft hyphen, bidi controls, tag characters), combining
  (`Mn`, `Me`: variation selectors, the keycap U+20E3, so 1️⃣ → 1) and control character dropped;
- every dash and wave look-alike (—, ―, −, 〜, ～, ﹣…) → "-", and ー between digits → "-";
- inside a run of digits only, the letters o/l/i → 0/1/1 (`O9O-1234-5678`, `o8o`), never in words.

Digit words (ぜろきゅーぜろ, zero nine zero, rei kyu rei) are read by the phone detector, not here:
they would turn ordinary words into digits for every other filter.

`fold` keeps word boundaries; `squash` also drops the separators, for patterns that must survive
"0 9 0-1" or "L.I.N.E". `fold_with_map` gives the same folded text with, for each of its
characters, the index of the original character it came from, so a match can be located (and
masked) in what the person wrote.

Cost: `fold` is one `str.translate` in C (the table learns each character the first time it is
seen: NFKC of that character, then the steps above) plus two cheap context passes, and it is
memoised, because every filter folds the same message. NFKC per character equals NFKC of the
whole text except where NFKC composes; the only composition that matters here (half-width kana
with ﾞ/ﾟ) makes `fold` normalise the whole text first.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .confusables import LATIN_LOOKALIKES

MAX_MATCH_CHARS = 2_000  # texts are at most 500 characters; anything longer is cut before matching

_KANJI_DIGITS = dict(zip("〇零一壱二弐三参四五伍六七八九", "001122334556789"))
_DASHES = frozenset("‐‑‒–—―⁃−─━➖〜〰゠﹘﹣－~～˗⸺⸻⹀⁻₋")
_DROP = frozenset((0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E))  # Hangul fillers, grapheme joiner, MVS
_BLANKS = frozenset((0x2800,))  # braille blank: looks like a space
_TABLE_LIMIT = 100_000  # characters remembered by the table; rarer ones are worked out each time


def _fold_char(code: int) -> str:
    """What one character of the text becomes in folded text: NFKC of the character alone, then
    `_fold_normal` of each character of that. (NFKC of a whole text differs only where it composes
    two characters into one; the marks it would compose are dropped here anyway, except the kana
    voicing marks, which `_fold` handles.)"""
    ch = _BEFORE_NFKC.get(code, chr(code))
    if code < 0x80:
        return _fold_normal(code)
    return "".join(_fold_normal(ord(c)) for c in unicodedata.normalize("NFKC", ch))


def _fold_normal(code: int) -> str:
    """What one NFKC-normalised character becomes in folded text."""
    ch = chr(code)
    if code < 0x80:
        if ch in "\t\n\r" or code >= 0x20:
            return "-" if ch == "~" else ch.lower()
        return ""  # other ASCII control characters
    if ch in LATIN_LOOKALIKES:
        return LATIN_LOOKALIKES[ch]
    if 0x30A1 <= code <= 0x30F6:
        return chr(code - 0x60)  # katakana → hiragana
    if ch in _KANJI_DIGITS:
        return _KANJI_DIGITS[ch]
    if code in _DROP:
        return ""
    if code in _BLANKS:
        return " "
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me", "Cc", "Cs", "Co"):
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Pd" or ch in _DASHES:
        return "-"
    if category[0] == "L":
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha():
            return base.lower()  # í → i, Ñ → n
    return ch.lower()


class _Table(dict):
    """`str.translate` table that works out a character the first time it meets it."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(code)
        if len(self) < _TABLE_LIMIT:
            self[code] = folded
        return folded


_TABLE = _Table()
# Look-alikes that NFKC would turn into something else (lunate sigma ϲ → σ): read before NFKC.
_BEFORE_NFKC = {ord("ϲ"): "c", ord("Ϲ"): "c", ord("ϴ"): "o", ord("ϑ"): "o"}
_VOICING_MARKS = re.compile("[\u3099\u309a\uff9e\uff9f]")
_LONG_BETWEEN_DIGITS = re.compile(r"\d[ \t]{0,2}ー+[ \t]{0,2}(?=\d)")
_LETTER_NEXT_TO_DIGIT = re.compile(r"[oli]\d|\d[oli]")
_DIGITISH_TOKEN = re.compile(r"(?<![a-z0-9])[0-9oli]*(?:[oli]\d|\d[oli])[0-9oli]*(?![a-z0-9])")
_LETTERS_AS_DIGITS = str.maketrans("oli", "011")
_CACHE_MAX_LEN = 600


def _after(text: str) -> str:
    """The passes that need context; each keeps the length (so a map stays valid)."""
    if "ー" in text:
        text = _LONG_BETWEEN_DIGITS.sub(lambda m: m.group().replace("ー", "-"), text)
    if _LETTER_NEXT_TO_DIGIT.search(text):
        text = _DIGITISH_TOKEN.sub(lambda m: m.group().translate(_LETTERS_AS_DIGITS), text)
    return text


def _fold(text: str) -> str:
    text = text[:MAX_MATCH_CHARS]
    if _VOICING_MARKS.search(text):  # ｶﾞ → ガ: the one composition that matters, so NFKC the whole text first
        text = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC))
    # One translate does NFKC (per character), look-alikes, kana, digits and dashes: NFKC of a whole
    # text costs ~0.15 µs a character whenever anything in it is not already normal.
    return _after(text.translate(_TABLE))[:MAX_MATCH_CHARS]


@lru_cache(maxsize=1024)
def _fold_cached(text: str) -> str:
    return _fold(text)


def fold(text: str) -> str:
    """The comparable form of `text` (see the module docstring); at most MAX_MATCH_CHARS long."""
    if len(text) <= _CACHE_MAX_LEN:
        return _fold_cached(text)  # crisis, personal data and NG words all fold the same message
    return _fold(text)


_VOICING_CHARS = "\u3099\u309a\uff9e\uff9f"


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from.

    Slower than `fold` (a Python loop); for locating what matched, e.g. to mask it.
    """
    pieces: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text[:MAX_MATCH_CHARS]):
        if ch in _VOICING_CHARS and pieces and pieces[-1]:
            composed = unicodedata.normalize("NFC", pieces[-1][-1] + unicodedata.normalize("NFKC", ch))
            if len(composed) == 1:  # ｶﾞ → が, as NFKC of the whole text gives
                pieces[-1] = pieces[-1][:-1] + composed
                continue
        folded = ch.translate(_TABLE)
        if folded:
            pieces.append(folded)
            where.extend([i] * len(folded))
    out = _after("".join(pieces))[:MAX_MATCH_CHARS]
    return out, where[:len(out)]


_SEPARATORS = re.compile(
    r"[\s\-‐‑‒–—―ー_.,，、。・･:：;；/／|｜~〜～*＊+＋'\"`^()（）\[\]［］{}「」『』<>＜＞!！?？#＃=＝→←⇒➡…‥]+")


def squash(folded: str) -> str:
    """`fold`ed text without separators and spaces: "0 9 0-1" → "0901", "l.i.n.e" → "line"."""
    if len(folded) <= _CACHE_MAX_LEN:
        return _squash_cached(folded)  # memoised like `fold`: every filter squashes the same message
    return _SEPARATORS.sub("", folded)


@lru_cache(maxsize=1024)
def _squash_cached(folded: str) -> str:
    return _SEPARATORS.sub("", folded)
