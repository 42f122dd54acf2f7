"""Contact data and asking for it: e-mail, links, handles and IDs (after @ or a service name),
and requests to swap contacts (番号おしえて, LINE交換しよ, DMして, "what's your snap").
Phone numbers are read by `moderation.phones`."""
from __future__ import annotations

import re

from ..normalize import squash
from .patterns import _Anchored, _squashed


_TLD = r"(?:com|net|org|jp|ne|co|me|io|gg|ee|ly|be|tv|app|link|info|xyz|biz|us|uk|ac|ed|go|or)"
_DOT = r"\s*(?:\.|。|\(dot\)|\[dot\]|<dot>|\{dot\}|\(?どっと\)?|(?<=\s)dot(?=\s))\s*"
_EMAIL = re.compile(  # aoi@example.com, aoi(at)yahoo.co.jp, aoi あっと gmail どっと com
    r"(?<![a-z0-9._%+\-])([a-z0-9][a-z0-9._%+\-]{0,63})\s*(?:@|\(at\)|\[at\]|<at>|\{at\}|[☆★]|\(?あっと(?:まーく)?\)?)\s*"
    r"[a-z0-9\-]{2,}(?:" + _DOT + r"[a-z0-9\-]+)*" + _DOT + _TLD + r"(?![a-z])"
)
_EMAIL_WORDS = re.compile(  # aoi at gmail dot com (an English "at" needs a real top-level domain)
    r"(?<![a-z0-9._%+\-])([a-z0-9][a-z0-9._%+\-]{0,63})\s+at\s+[a-z0-9\-]{2,}(?:" + _DOT + r"[a-z0-9\-]+)*"
    + _DOT + r"(?:com|jp|net|org)(?![a-z])"
)
_EMAIL_PROVIDER = re.compile(
    r"(?<![a-z0-9._%+\-])([a-z0-9][a-z0-9._%+\-]{0,63})\s*@\s*"
    r"(?:gmail|yahoo|icloud|docomo|ezweb|softbank|outlook|hotmail|au|i\.softbank|me\.com)")
_URL = re.compile(
    r"(?:https?\s*:\s*/\s*/|www\.)\S*"
    r"|[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|net|org|jp|me|io|gg|ee|ly|be|tv|app|link|info|xyz|co|page|site)"
    r"(?![a-z0-9])(?:/\S*)?"
    r"|(?:t\.me|line\.me|lin\.ee|discord\.gg)\S*"
)
_STAFF_MENTIONS = frozenset(("moderator", "moderators", "mod", "mods", "staff", "admin", "admins", "everyone",
                             "here", "all", "channel", "team", "host", "hosts", "support"))
_AT_HANDLE = re.compile(r"(?<![a-z0-9._%+\-])@\s?([a-z0-9_][a-z0-9_.]{2,29})")

# Services as `fold` writes them (katakana → hiragana, look-alikes → Latin).
_SERVICES = (
    "instagram", "insta", "inst", "ig", "いんすたぐらむ", "いんすた",
    "line", "らいん", "緑のあぷり", "緑のやつ", "緑のあれ", "緑のあいこん", "みどりのあぷり", "みどりのやつ",
    "twitter", "ついったー", "ついったあ", "ついった", "tiktok", "tik tok", "てぃっくとっく", "てぃくとく",
    "てぃっくとく", "discord", "でぃすこーど", "でぃすこ", "snapchat", "snap", "すなっぷちゃっと", "すなちゃっと",
    "すなちゃ", "すなっぷ", "kakaotalk", "kakao", "かかおとーく", "かかお", "wechat", "skype", "facebook",
    "ふぇいすぶっく", "fb", "threads", "すれっず", "telegram", "てれぐらむ", "whatsapp", "kik", "bereal",
    "id", "あいでぃー", "あいでぃ", "垢名", "垢", "あかうんと名", "あかうんと", "account", "裏垢", "うらあか", "鍵垢", "かぎあか",
    "ゆーざー名", "ゆーざーねーむ", "username", "user name",
)


def _kana_service(name: str) -> str:
    return "(?<!おん)らいん" if name == "らいん" else re.escape(name)  # オンライン is not LINE


def _variants(name: str) -> list[str]:
    """A Latin service name as it may be written with I, l and 1 swapped (TR39: they are one
    skeleton): "line" → "llne", "l1ne", "iine"…; short generic words (id, mail, tel) are left alone."""
    if not name.isascii() or len(name) < 4 or name in ("mail", "email"):
        return [name]
    out = [""]
    for ch in name:
        out = [o + c for o in out for c in (("i", "l", "1") if ch in "il" else (ch,))]
    return out


_SERVICE_RE = "(?:" + "|".join(
    (rf"(?<![a-z]){re.escape(v)}(?:(?![a-z])|(?=id))" if s.isascii() else _kana_service(s))
    for s in sorted(_SERVICES, key=len, reverse=True) for v in _variants(s)) + ")"
# English words that are also services: a handle after them needs a clear sign (a colon, an arrow,
# は, a digit or _ in the handle), so "the line is long" stays a sentence.
_WORDLIKE_SERVICES = frozenset(("line", "snap", "inst", "account", "id", "kik", "username", "user name"))
_HANDLE_AFTER_SERVICE = re.compile(
    _SERVICE_RE + r"(?P<conn>\s*(?:の?\s*(?:id|あいでぃー?|あかうんと|account|垢名?|あか|ゆーざー名|name|名前)\s*)?"
    r"(?:[:=→>⇒➡\-]+|は|って|\s+is(?=\s)|だよ|です|で|の)?\s*(?:@\s?)?)"
    r"(?!(?:is|was|and|the)(?![a-z0-9_]))(?P<handle>[a-z0-9_][a-z0-9_.\-#]{1,29})(?![a-z0-9_])"
)
_STRONG_CONNECTOR = re.compile(r"[:=→>⇒➡]|は|って|id|あいでぃ|@")
_NOT_HANDLES = frozenset("""
story stories post posts live reel reels feed dance up is was are and or the for of to in on at with from by
sticker stickers stamp stamps app apps account photo photos pic pics filter filters famous video videos trend
trends trending challenge challenges page group groups call calls chat chats message messages friend friends
pay music game games card cards me you my your it this that too also but so name number when today tonight
yesterday tomorrow now lol haha ok okay yes no not never please plz pls works working down broken
notification notifications update updated dm dms link links handle user users gram stamp official news
chan kun san sama is it's its im i'm out back first last end only one all any some more less very just really
server servers nitro bot bots voice channel channels streak streaks song songs sound sounds creator creators star
stars ad ads shop effect effects highlight highlights emoji emojis theme themes mode dark web pc
""".split())
_SPELLED = re.compile(r"(?<![a-z])(?:[a-z][\s.\-_・*]){2,}[a-z](?![a-z])")


_THINGS = tuple(s for s in _SERVICES if s not in ("inst", "id", "account", "username", "user name")) + (
    "id", "連絡先", "れんらくさき", "めあど", "めーるあどれす", "めーる", "mail", "email", "あどれす", "番号",
    "ばんごう", "でんわばんごう", "けーばん", "けいばん", "tel", "sns", "あかうんと", "垢",
    "x", "ぷろふ", "ぷりくら",
)
_THING_RE = "(?:" + "|".join(
    (rf"(?<![a-z]){re.escape(squash(v))}(?:(?![a-z])|(?=id))" if s.isascii() else _kana_service(squash(s)))
    for s in sorted(set(_THINGS), key=len, reverse=True) for v in _variants(s)) + ")"
_FILLER = r"(?:は|を|も|とか|って|の|さ|ね|ちゃん|くん|qr|こーど|ぷろふ|id|あいでぃー?|あかうんと|あか|垢|鯖|さば|さーばー|server|ぐる|ぐるーぷ|あど|とーく)"
_ASK = (r"(?:教え|おしえ|交換|こうかん|(?:聞|き)いて(?:も)?(?:いい|良い)|知りたい|しりたい|送って|おくって|送る|おくる"
        r"|ちょうだい|ちょーだい|ください|くれ|下さい|やって(?:る|た|ます)|して(?:る|ます|ない)|ある(?:か|の|\?|？|$)"
        r"|持って|もって|相互|そうご|追加|ついか|登録|ふぉろー|follow|入らない|入ろ|はいらない|はいろ|招待"
        r"|貼る(?:ね|よ|から)|はる(?:ね|よ)|載せる(?:ね|よ)|のせる(?:ね|よ)"
        r"|で(?:話そ|話さ|話し(?:た|ま|よ)|はなそ|はなさ|はなし(?:た|ま|よ)|通話|つうわ|つなが|繋が|やりとり|連絡|れんらく)|しよ|しない|しませ|できる|add|send|晒|さらし)")


_CONTACT_ASK = re.compile(_THING_RE + _squashed(_FILLER) + r"{0,3}" + _squashed(_ASK))
_CONTACT_STANDALONE = _Anchored(
    ["友達", "ともだち", "友だち", "sms", "しょ", "教えて", "おしえて", "交換し", "こうかんし", "つながろ", "繋がろ", "dm", "でぃえむ",
     "ふぉろ", "follow", "相互", "らいん", "line"], _squashed(
    r"(?:友達|ともだち|友だち)追加(?:して|しよ|する\?|お願|おねが|よろ|させ|しと|していい)"
    r"|(?<![a-z])(?:sms|しょーとめーる|しょーとめっせーじ|しょとめ)(?:して|送|おく|ちょうだい|で|くれ)"
    r"|(?:教えて|おしえて|交換しよ|こうかんしよ|つながろ|繋がろ|交換しない)(?:よ|ね|ー)?(?:(?<!おん)らいん|line|いんすた|insta|めあど|番号|でぃすこ|discord|かかお|垢)"
    r"|(?<![a-z])(?:dm|でぃーえむ)(?:して|し|ください|まって|待って|送|おく|ちょうだい|ちょーだい|ちょ|くれ|で|me|ね|よろ|きて|いい|ok|おk)"
    r"|(?:ふぉろー|follow)(?:させ|して|しあ|しよ|返し|かえし|ばっく|me|お願|おねが|よろ)"
    r"|相互(?:ふぉろー|しよ|なろ|なら|しませ)|(?:(?<!おん)らいん|(?<![a-z])line)(?:で|に)(?:話そ|話さ|話し(?:た|ま|よ)|はなそ|はなさ|つなが|繋が)"
))
_CONTACT_EN = _Anchored(
    ["what", "can i", "could i", "give me", "send me", "drop", "share", "gimme", "tell me", "add", "follow", "dm",
     "message", "text", "call", "hmu", "hit me up", "find", "snap"],
    r"(?:what'?s|whats|what is|can i (?:get|have)|could i (?:get|have)|give me|send me|drop|share|gimme|tell me)"
    r"\s+(?:your|ur|yr|you'?re)\s+(?:phone\s*)?(?:number|digits|phone|snap|snapchat|insta|instagram|ig|line|discord|"
    r"email|e-mail|address|location|socials|tiktok|handle|account|kik|whatsapp|twitter|contact)"
    r"|(?:add|follow|dm|message|text|call|hmu|hit me up|find)\s+(?:me\s+)?(?:on|at|in)\s+"
    r"(?:insta|instagram|ig|snap|snapchat|line|discord|tiktok|twitter|whatsapp|kik|telegram)"
    r"|(?<![a-z])(?:dm|text|snap|add)\s+me(?![a-z])"
)


def _handle_ok(m: re.Match[str]) -> bool:
    handle = m.group("handle").rstrip(".-")
    service = m.group()[:m.start("conn") - m.start()].strip()
    strong_handle = any(c.isdigit() or c in "_.#" for c in handle)
    strong_conn = bool(_STRONG_CONNECTOR.search(m.group("conn")))
    if len(handle) < 3 or (handle in _NOT_HANDLES and not strong_handle):
        return False
    if service in _WORDLIKE_SERVICES or service.isascii() and m.group("conn").strip() in ("で", "の", "です", "だよ"):
        return strong_handle or strong_conn
    return True
