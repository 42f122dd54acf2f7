"""Crisis detection: a cry for help is held, answered with support, never punished.

Messages about self-harm, suicide, abuse or violence at home (Japanese and
English, plain and slang) are held with reason "support": the sender gets
places to talk to at once and every online moderator a priority alert; the
room does not see the message. Recall matters more than precision here: a
false hold costs a moderator a glance, a miss can cost much more. Plain
hyperbole that is overwhelmingly harmless ("死ぬほど笑った", "ゲームで死んだ")
is not in the lexicon; ambiguous phrasing stays held.
"""
from __future__ import annotations

import re

from .normalize import fold, squash
from .pipeline import Subject, Verdict

REASON = "support"

# Folded (hiragana, lower case, ASCII digits) and squashed at import, like the text.
SELF_HARM = (
    "死にたい", "しにたい", "氏にたい", "市にたい", "たひにたい", "4にたい", "死のうかな", "しのうかな", "死んだほうが",
    "しんだほうが", "死んでしまいたい", "消えたい", "きえたい", "消えてしまいたい", "いなくなりたい",
    "生きてる意味", "いきてるいみ", "生きる意味がない", "生きていたくない", "いきていたくない", "生きるのがつらい",
    "生きるのがしんどい", "生まれてこなければ", "うまれてこなければ", "自殺", "じさつ", "自死", "首吊", "首をつ",
    "くびつり", "飛び降り", "とびおり", "飛び込も", "楽になりたい", "らくになりたい", "遺書", "いしょかいた",
    "りすか", "リストカット", "りすとかっと", "自傷", "じしょう", "腕を切", "うでをき", "手首を切", "切ってしまう",
    "おーばーどーず", "薬を大量", "くすりをたいりょう", "しにたさ", "希死念慮",
    "kill myself", "killmyself", "kms", "suicide", "suicidal", "want to die", "wanna die", "wanttodie",
    "end my life", "end it all", "unalive", "self harm", "selfharm", "cutting myself", "cut myself", "overdose",
    "don't want to live", "dont want to live", "no reason to live", "better off dead",
)
ABUSE = (
    "親に殴られ", "おやになぐられ", "父に殴られ", "母に殴られ", "殴られる", "なぐられる", "叩かれる", "たたかれる",
    "蹴られる", "けられる", "虐待", "ぎゃくたい", "家に帰りたくない", "いえにかえりたくない", "家にいたくない",
    "家に居場所がない", "親が怖い", "おやがこわい", "父が怖い", "母が怖い", "暴力をふる", "暴力を振る", "dvされ",
    "体を触られ", "からだをさわられ", "無理やり触", "ごはんをもらえない", "ご飯をもらえない",
    "hits me", "hit me", "beats me", "beat me", "abuse", "abused", "not safe at home", "scared to go home",
    "touches me",
)
# Whole-word only (short English forms that occur inside other words).
_WORDS = re.compile(r"(?<![a-z])(?:od|kms|kys me)(?![a-z])")
_SELF = tuple(squash(fold(w)) for w in SELF_HARM)
_ABUSE = tuple(squash(fold(w)) for w in ABUSE)


def category(text: str) -> str | None:
    """"self_harm", "abuse" or None."""
    folded = fold(text)
    squashed = squash(folded)
    if any(w in squashed for w in _SELF) or _WORDS.search(folded):
        return "self_harm"
    if any(w in squashed for w in _ABUSE):
        return "abuse"
    return None


def crisis_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind != "say":
            return None
        found = category(subject.text)
        if found is None:
            return None
        return Verdict("hold", reason=REASON, rule=f"crisis:{found}")

    return hook
