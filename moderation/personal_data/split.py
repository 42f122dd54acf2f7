"""Personal data split over several sends ("090-1234" then "5678"): the sender's recent lines
read with the new one, only around where they meet."""
from __future__ import annotations

import re

from ..normalize import fold
from ..phones import WORD_GATE_KANA
from .patterns import _squashed
from .contacts import _ASK, _SERVICE_RE
from .scan import find, find_all


def _glues_words(left: str, right: str) -> bool:
    """Whether writing `left` and `right` without a space makes one token of two (ASCII letters or digits)."""
    a, b = fold(left[-1:]), fold(right[:1])
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


_SPLIT_WINDOW = 24  # characters each side of where two sends meet: a split number or handle is short
# What the later half of a split must carry for the join to be new: a digit, a Latin letter, @, a digit
# word, an ask, a place question or a meet word. Ordinary lines without any are not joined (cheap).
_PIECE = re.compile(
    r"[0-9a-z@]|(?:" + WORD_GATE_KANA + r")[\s,、・\-]*(?:" + WORD_GATE_KANA + ")|" + _squashed(_ASK)[3:-1]
    + r"|どこ|住|最寄|もより|何中|何高|会お|会え|会わ|会い|あお|待ち合|まちあ|駅|改札|迎え|遊ぼ|来て"
)


_OPENS_WITH_SERVICE = re.compile(r"\s*" + _SERVICE_RE)


def split_rule(recent: tuple[str, ...], text: str) -> str | None:
    """The kind found only when `text` is read after the sender's `recent` lines, or None.

    The earlier lines are joined with the new one by a space, and also by nothing where that glues
    two words ("in" + "sta"). Only the stretch around where they meet is read (24 characters each
    side), so the cost does not grow with the length of the lines; a match there that the earlier
    lines alone already had is not new (that line was judged when it was sent); a new kind is.
    """
    folded = fold(text)
    if not _PIECE.search(folded):
        return None
    for sep in (" ", ""):
        if sep == "" and (_OPENS_WITH_SERVICE.match(folded)  # "line 0" + "line 1": a new mention, not a rest
                          or not any(_glues_words(a, b) for a, b in zip(recent + (text,), recent[1:] + (text,)))):
            continue
        before = sep.join(recent)[-_SPLIT_WINDOW:]
        joined = before + sep + text[:_SPLIT_WINDOW]
        if find(joined) is None:
            continue
        new = [kind for kind in find_all(joined) if kind not in find_all(before)]
        if new:  # a kind the earlier lines alone did not have ("番号教えるね 080" + "9999 0000": a phone)
            return new[0]
    return None
