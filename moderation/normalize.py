"""Text normalisation for matching. The text people see is never changed.

Filters must see through the tricks people use to slip past them: full-width
letters, katakana for hiragana, kanji or circled digits, zero-width characters,
and separators between characters ("0 9 0-1 2 3 4", "L.I.N.E"). `fold` gives a
comparable form that keeps word boundaries; `squash` also drops the
separators, for patterns that must survive them.
"""
from __future__ import annotations

import re
import unicodedata

_KANJI_DIGITS = str.maketrans("〇零一壱二弐三参四五六七八九", "00112233456789")
_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufe00-\ufe0f\u180e\u034f\u061c\u115f\u1160\u3164]"
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー_.,，、。・:：;；/／|｜~〜～*＊+＋'\"`^()（）\[\]［］{}「」『』<>＜＞!！?？#＃=＝]+")
MAX_MATCH_CHARS = 2_000  # texts are at most 500 characters; anything longer is cut before matching


def fold(text: str) -> str:
    """NFKC, lower case, hiragana, ASCII digits, no invisible or combining characters."""
    text = text[:MAX_MATCH_CHARS]
    text = unicodedata.normalize("NFKC", text)  # full width, circled digits (①→1), ㈱ and the like
    text = _INVISIBLE.sub("", text)
    if any(unicodedata.combining(ch) for ch in text):
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return text.lower().translate(_KANJI_DIGITS).translate(_KATA_TO_HIRA)


def squash(folded: str) -> str:
    """`fold`ed text without separators and spaces: "0 9 0-1" → "0901", "l.i.n.e" → "line"."""
    return _SEPARATORS.sub("", folded)
