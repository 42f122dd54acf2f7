"""Nicknames that pretend to be staff are refused: a young visitor trusts a 「運営スタッフ」.

Staff are shown with a badge the client draws from the member's role, never
from the nickname, so no visitor or host needs a nickname that claims a staff
role. Matched after the same folding as every filter (full width, katakana,
TR39 look-alikes: Cyrillic "Аdmin" is "admin").
"""
from __future__ import annotations

import re

from rooms.roles import STAFF, VISITOR

from .normalize import fold, squash
from .pipeline import Subject, Verdict

REASON = "nick_reserved"

# Japanese words anywhere in the nick; Latin ones as whole words ("mod" must not refuse "modern").
# The platform's own roles are reserved for everyone but moderators and admins; "staff" only for
# visitors (a booth host *is* its organisation's staff, and carries the host badge).
_PLATFORM_JA = ("運営", "うんえい", "管理人", "管理者", "かんりにん", "かんりしゃ", "もでれーた", "公式", "こうしき",
                "事務局", "じむきょく", "主催者", "しゅさいしゃ")
_PLATFORM_EN = ("moderator", "mod", "admin", "administrator", "official", "operator", "system", "tsunagaru")
_STAFF_JA = ("すたっふ",)
_STAFF_EN = ("staff", "support")


def _words(ja: tuple[str, ...], en: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str]]:
    return tuple(squash(fold(w)) for w in ja), re.compile(r"(?<![a-z])(?:" + "|".join(en) + r")s?(?![a-z])")


_PLATFORM = _words(_PLATFORM_JA, _PLATFORM_EN)
_STAFF = _words(_STAFF_JA, _STAFF_EN)


def claims_staff(nick: str, role: str = VISITOR) -> bool:
    folded = fold(nick)
    squashed = squash(folded)
    for ja, en in (_PLATFORM, _STAFF) if role == VISITOR else (_PLATFORM,):
        if any(w in squashed for w in ja) or en.search(folded) or en.search(squashed):
            return True
    return False


def nickname_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind != "nick" or subject.role in STAFF:
            return None
        if claims_staff(subject.text, subject.role):
            return Verdict("block", reason=REASON, rule="nick:reserved")
        return None

    return hook
