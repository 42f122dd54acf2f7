"""Nicknames that pretend to be staff are refused: a young visitor trusts a 「運営スタッフ」.

Staff are shown with a badge the client draws from the member's role, never
from the nickname, so no visitor or host needs a nickname that claims a staff
role. Matched after the same folding as every filter (full width, katakana,
TR39 look-alikes: Cyrillic "Аdmin" is "admin").
"""
from __future__ import annotations

import re

from .normalize import fold, squash
from .pipeline import Subject, Verdict

REASON = "nick_reserved"

# Japanese words anywhere in the nick; Latin ones as whole words ("mod" must not refuse "modern").
_RESERVED_JA = ("運営", "うんえい", "すたっふ", "管理人", "管理者", "かんりにん", "かんりしゃ", "もでれーた",
                "公式", "こうしき", "事務局", "じむきょく", "主催者", "しゅさいしゃ", "つながる運営")
_RESERVED_EN = ("staff", "moderator", "mod", "admin", "administrator", "official", "operator", "system",
                "support", "tsunagaru")
_JA = tuple(squash(fold(w)) for w in _RESERVED_JA)
_EN = re.compile(r"(?<![a-z])(?:" + "|".join(_RESERVED_EN) + r")s?(?![a-z])")


def claims_staff(nick: str) -> bool:
    folded = fold(nick)
    squashed = squash(folded)
    return any(w in squashed for w in _JA) or bool(_EN.search(folded)) or bool(_EN.search(squashed))


def nickname_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind != "nick" or subject.role in ("moderator", "admin"):
            return None
        return Verdict("block", reason=REASON, rule="nick:reserved") if claims_staff(subject.text) else None

    return hook
