"""The personal-data filter: nothing that finds a young visitor leaves the chat.

Blocks, before anything is broadcast: phone numbers in any written form,
e-mail addresses, LINE IDs and requests to swap contacts, social-media handles
and links, street addresses (丁目・番地・号) and a school with grade or class.
It leaves alone what festival chat is full of: times (10:00〜12:00), dates,
prices, room numbers, counts. An organisation's public phone number and
address are fine in booth content written by its host; in visitor chat they
are not (a visitor cannot be told apart from someone pretending).
"""
from __future__ import annotations

import re

from .normalize import fold, squash
from .pipeline import Subject, Verdict

REASON = "blocked_personal_data"

# Digits as people spell them to dodge filters ("ぜろきゅうぜろ"), folded to hiragana.
_DIGIT_WORDS = [("ぜろ", "0"), ("れい", "0"), ("まる", "0"), ("いち", "1"), ("さん", "3"), ("よん", "4"),
                ("なな", "7"), ("しち", "7"), ("はち", "8"), ("きゅう", "9"), ("ろく", "6"), ("ご", "5"),
                ("に", "2"), ("く", "9"), ("し", "4")]
_DIGIT_WORD_RUN = re.compile("(?:(?:" + "|".join(w for w, _ in _DIGIT_WORDS) + ")[\\s・、,\\-]*){8,}")

# Digit runs that may be split by separators or "の" (090の1234の5678).
_DIGIT_RUN = re.compile(r"\+?\d(?:[\s\-‐－―ー.・,_/()（）の]{0,3}\d){8,}")
_MOBILE = re.compile(r"^(?:\+?81|0)[789]0\d{8}$")
_PHONE = re.compile(r"^(?:\+?81|0)(?:[789]0\d{8}|120\d{6}|800\d{7}|570\d{6}|\d{9})$")

_EMAIL = re.compile(r"[a-z0-9._%+-]{2,}\s*(?:@|\(at\)|\[at\]|あっと|\sat\s)\s*[a-z0-9-]+(?:\s*(?:\.|\(dot\)|\[dot\]|どっと|\sdot\s)\s*[a-z0-9-]+)+")
_URL = re.compile(
    r"(?:https?:|www\.|[a-z0-9-]+\.(?:com|net|org|jp|me|io|gg|ee|ly|be|tv|app|link|info|xyz|co)\b"
    r"|t\.me|line\.me|lin\.ee|discord\.gg)"
)
_HANDLE = re.compile(r"(?<![a-z0-9._%+-])@[a-z0-9_.]{3,30}")
_ID_GIVEN = re.compile(r"(?<![a-z])(?:id|あいでぃ[ー]?)\s*(?:[:：=＝]|は)\s*[a-z][a-z0-9._-]{3,20}")
_DM = re.compile(r"(?<![a-z])dm\s*(?:して|し|ください|まって|待って|送|おく|ちょ|くれ|ちょうだい)")
_SPELLED = re.compile(r"(?<![a-z])(?:[a-z][\s.\-_・*]){2,}[a-z](?![a-z])")

_SERVICES = ("line", "らいん", "かかお", "kakao", "いんすた", "insta", "twitter", "ついったー", "ついった",
             "tiktok", "てぃっくとっく", "discord", "でぃすこ", "skype", "snap", "すなちゃ", "wechat", "dm",
             "でぃーえむ", "ぷろふ", "ふぉろー", "follow", "tel", "めあど", "めーる", "mail",
             "id", "あいでぃ", "連絡先", "れんらくさき", "垢", "あか", "裏垢")
_ASKS = ("教え", "おしえ", "交換", "こうかん", "追加", "ついか", "送っ", "おくっ", "ちょうだい", "ください", "くれ",
         "しよ", "しない", "やって", "やってる", "してる", "ある", "知りたい", "しりたい", "add", "send", "dm",
         "で話", "でつなが", "晒", "さらし", "きて", "来て")
_ASK_KEYS_RE = re.compile("|".join(re.escape(squash(fold(a))) for a in _ASKS))
_PLACE_ASKS = ("どこ住み", "どこすみ", "どこに住", "住所", "じゅうしょ", "最寄り", "もより", "何中", "なにちゅう",
               "どこ中", "どこちゅう", "何高", "どこ高", "学校どこ", "がっこうどこ", "本名", "ほんみょう",
               "電話番号", "でんわばんごう", "番号教", "ばんごうおし")

# Services as patterns: ASCII ones as whole words on the folded text ("id" must not
# match "video", nor "tel" "hotel"); Japanese ones on the squashed text.
_SERVICE_PATTERNS = [
    (re.compile(rf"(?<![a-z]){re.escape(s)}(?![a-z])"), len(s), False) if s.isascii()
    else (re.compile(re.escape(squash(fold(s)))), len(s), True)
    for s in _SERVICES
]
_PLACE_ASKS_RE = re.compile("|".join(re.escape(squash(fold(a))) for a in _PLACE_ASKS))

_ADDRESS = re.compile(r"\d+丁目|\d+番地|\d+番\d+号|[一-龥ぁ-んァ-ヶ]{1,8}\d{1,2}-\d{1,4}-\d{1,4}(?!\d)")
_SCHOOL = re.compile(
    r"[一-龥ァ-ヶa-z]{1,10}(?:小学校|中学校|高等学校|高校|中学|小学|高専|中|小|高)の?\d\s*年(?:\d\s*組|生)?"
)
_SCHOOL_CLASS = re.compile(r"\d\s*年\s*\d\s*組")


def _words_to_digits(text: str) -> str:
    for word, digit in _DIGIT_WORDS:
        text = text.replace(word, digit)
    return re.sub(r"[\s・、,\-]", "", text)


def find(text: str, host_rules: bool = False) -> str | None:
    """The kind of personal data in `text` (a rule name), or None."""
    folded = fold(text)
    folded = _SPELLED.sub(lambda m: re.sub(r"[^a-z]", "", m.group()), folded)  # "l.i.n.e" → "line"
    squashed = squash(folded)
    for run in _DIGIT_RUN.findall(folded):
        digits = ("+" if run.startswith("+") else "") + re.sub(r"\D", "", run)
        if _PHONE.match(digits) and (not host_rules or _MOBILE.match(digits)):
            return "phone"  # hosts may give their organisation's line, never a mobile
    for run in _DIGIT_WORD_RUN.findall(folded):
        if _PHONE.match(_words_to_digits(run)):
            return "phone"
    if host_rules:
        return None  # an organisation's address, e-mail and web page are public facts
    if _ADDRESS.search(folded):
        return "address"
    if _EMAIL.search(folded) or re.search(r"[a-z0-9._%+-]{2,}@[a-z0-9-]+\.[a-z]{2,}", squashed):
        return "email"
    if _URL.search(folded) or _URL.search(squashed):
        return "link"
    if _HANDLE.search(folded):
        return "handle"
    if _ID_GIVEN.search(folded):
        return "contact_id"
    if _DM.search(folded):
        return "contact_request"
    for pattern, size, on_squashed in _SERVICE_PATTERNS:
        haystack = squashed if on_squashed else folded
        for match in pattern.finditer(haystack):
            window = squash(haystack[match.end():match.end() + 16])
            if _ASK_KEYS_RE.search(window):
                return "contact_request"
    if _PLACE_ASKS_RE.search(squashed):
        return "place_request"
    if _SCHOOL.search(folded) or (_SCHOOL_CLASS.search(folded) and re.search(r"[一-龥]{1,8}(?:中|小|高)", folded)):
        return "school"
    return None


def personal_data_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        host_rules = subject.kind == "booth" and subject.role in ("host", "moderator", "admin")
        rule = find(subject.text, host_rules=host_rules)
        if rule is None:
            return None
        return Verdict("block", reason=REASON, rule=f"personal_data:{rule}")

    return hook
