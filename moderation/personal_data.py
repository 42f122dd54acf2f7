"""The personal-data filter: nothing that finds a young visitor leaves the chat.

What it stops, before anything is broadcast (the kind is the rule name, `personal_data:<kind>`):

- `phone`: Japanese numbers in any written form — mobiles and IP phones (050/060/070/080/090),
  free dial (0120/0800), landlines, +81; with any dash, dot, space, の or invisible character
  between the digits, in any digit script, keycaps, O/o for zero; spelled in kana, kanji, English
  or romaji (ぜろきゅーぜろ…, zero nine zero…, rei kyu rei…); with one more digit next to it;
- `email` (also "at"/"dot" and あっと/どっと forms), `link`, `handle` (an @name, or a handle after a
  service name with or without a colon or arrow: いんすた→abc_12, insta abc, ラインはabc),
  `contact_id` (ID: …);
- `contact_request` (番号おしえて, LINE交換しよ, DMして, 緑のアプリで話そ, "what's your snap"),
  `place_request` (どこ住み, 最寄り駅どこ, 何中？), `address`, `school` (a school with a grade or
  class), `meetup` (a proposal to meet in person: a station, an exit, a park or "near your home"
  with a meet verb or a time: 駅前で会おう, 北口に17時).

Service names are matched after `normalize.fold`, so Cyrillic or Greek look-alikes (ІNSTA, LІNE),
full-width and spaced-out letters are the same word; 緑のアプリ is LINE.

What it leaves alone: times, dates, prices, room numbers and counts; talk *about* the rules
(電話番号は教えちゃダメだよね, 個人情報は書かないでね) — a request or a place question in a
sentence that says it is not allowed is not a request; `@moderator`/`@スタッフ`; a film title
with 丁目 in brackets (「三丁目の夕日」); a station in general talk (渋谷駅のイルミきれいだった).
An organisation's landline (and 050 IP number), address, e-mail and web page are fine in booth
content written by its host (`host_rules`); a mobile number never is.

Cost: cheap literal gates (tries) decide which precise patterns run at all, so an ordinary chat
line costs a few µs; see tests/unit/test_personal_data.py for the corpus scores.

Across messages: the hook also screens the sender's previous lines (`Subject.recent`) joined
with the new one, so "090-1234" then "5678" is a phone. Only the later half can be stopped (the
earlier half was already shown and cannot be recalled): it is held for a moderator.

`mask(text)` hides the data itself for the audit trail (090-****-****, ***@example.com).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from rooms.roles import ACCOUNT_ROLES

from .normalize import fold, fold_with_map, squash
from .phones import KANA_DIGITS, LATIN_DIGITS, WORD_GATE_KANA, WORD_RUN, digitise, phones
from .pipeline import Subject, Verdict

REASON = "blocked_personal_data"
HOLD_REASON = "held_personal_data"

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


# ---------------------------------------------------------------------------------------------
# E-mail, links, handles
# ---------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------
# Asking for contact, place or school; proposing to meet
# ---------------------------------------------------------------------------------------------
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


def _squashed(pattern: str) -> str:
    """A pattern for `squash`ed text: squash drops ー, so the pattern must not have it either."""
    return pattern.replace("ー?", "").replace("ー", "")


def _literals(words: "Iterator[str] | tuple[str, ...] | list[str] | set[str]") -> re.Pattern[str]:
    """A pattern matching any of `words`, written as a trie ("らいん|らいぶ" → "らい(?:ん|ぶ)") so `re`
    skips quickly to the places where a word can start and tries few alternatives there."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word may end here
            body = "(?:" + body + ")?" if len(alts) == 1 else body + "?"
        return body

    return re.compile("(?:" + build(tree) + ")")


def _starts(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Every index where `pattern` matches, overlapping ones too (からいんすた: らいん and いんすた)."""
    m = pattern.search(text)
    while m is not None:
        yield m.start()
        m = pattern.search(text, m.start() + 1)


class _Anchored:
    """A pattern tried only where one of its first words starts.

    `re` skips ahead quickly only when every alternative of a pattern begins with a plain character;
    patterns whose alternatives begin with a group or a look-behind are tried at every position
    (several µs on a long line). Here a plain literal search finds the candidate positions and
    `match` checks only those. Every match of `pattern` must begin with one of `starts`.
    """

    __slots__ = ("first", "pattern")

    def __init__(self, starts: list[str], pattern: str) -> None:
        self.first = _literals(starts)
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        for at in _starts(self.first, text):
            m = self.pattern.match(text, at)
            if m is not None:
                return m
        return None


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
_PLACE_ASK = _Anchored(
    ["どこ", "住んで", "すんで", "なに", "何", "なん", "最寄", "もより", "家", "いえ", "うち", "お家", "おうち", "住所", "学校",
     "がっこう", "高校", "中学", "小学校", "こうこう", "ちゅうがく", "本名", "ほんみょう", "地元", "じもと", "近く", "ちかく"],
    r"どこ(?:に)?(?:住み(?!たい)|すみ(?!たい)|住ん|すん|在住)"
    r"|(?:住んで|すんで)(?:る|いる)?(?:の|とこ|ところ)(?:は|って)?(?:どこ|何処|どのへん|どの辺|どのあたり)"
    r"|(?:どこ|なに|何)(?:の)?(?:駅|えき)(?:が|は)最寄|何丁目|なんちょうめ|何年何組|なんねんなんくみ"
    r"|(?:何|なに|なん|どこの)(?:県|市|区|町)(?:住|すみ|在住|民|に住|の人|$|なの|なん)"
    r"|最寄り?(?:の)?(?:駅)?(?:は|って)?(?:どこ|何|なに)|もより(?:の)?(?:えき)?(?:は|って)?(?:どこ|なに)"
    r"|(?<!実)(?:家|いえ|うち|お家|おうち)(?:は|って)?(?:どこ|何処|どのへん|どのあたり)"
    r"|住所(?:を|は|って|とか)?(?:教え|おしえ|知りたい|しりたい|送|おく|きいて|聞いて|どこ|ちょうだい)"
    r"|(?:何|なに|どこ|なん)(?:中|高|小)(?:学校|学|校)?(?:$|だ|な|出|行|通|って|生|の?人|よ|\?)"
    r"|どこ(?:らへん|ら辺|のへん|の辺|あたり|辺)(?:に)?(?:住|すん|すみ)"
    r"|(?:近く|最寄|ちかく|もより)の(?:駅|えき)(?:は|って)?(?:どこ|なに|何)"
    r"|(?:学校|がっこう|高校|中学|小学校|こうこう|ちゅうがく)(?:は|って)?(?:どこ|何処|なに|何)"
    r"|本名(?:は|って)?(?:なに|何|なん|教え|おしえ)|ほんみょう(?:は|って)?(?:なに|なん|おしえ)"
    r"|地元(?:は|って)?(?:どこ|何処)|じもと(?:は|って)?どこ|何線(?:使|乗|沿|住)|なにせん(?:つか|の)"
    r"|(?:学校|高校|中学|小学校)(?:の名前|名)(?:は|って)?(?:どこ|何|なに|なん|教え|おしえ)|どこの(?:学校|高校|中学|小学校|中|高)"
)
_PLACE_ASK_EN = _Anchored(
    ["what", "which", "where", "your", "ur"],
    r"(?:what|which) (?:station|city|town|neighbou?rhood|area)(?: do| are)? (?:you|u)"
    r"|where (?:do|d) (?:you|u) live|where(?:'?s| is) (?:your|ur) (?:house|home|school)"
    r"|(?:which|what) school (?:do|d) (?:you|u)|(?:your|ur) (?:real name|address|home address|location)"
    r"|(?:what|which)(?:'?s| is) (?:your|ur) (?:nearest|closest) station"
)
_MEET_STRONG = (r"会って(?:話|はな|遊|みたい|くれ|ほしい)"
                r"|会(?:お(?:う|っか|ー|ぜ)?|え(?:る|ない|ません)(?=\s*(?:\?|か|の\?|よね|ね|よ|じゃん))|わない|いたい|いません|いましょ)"
                r"|あ(?:おう|おー|いたい|えない|わない)"
                r"|待ち合わせ|待ちあわせ|まちあわせ|meet(?<![a-z]meet)(?:\s*up)?|hang\s*out|get together")
_MEET_WEAK = (r"会いに|あいに|遊びに(?:行|い|来|き)|一緒に(?:行|い)|行こ(?:う|ー|よ)|いこ(?:う|ー|よ)|行くよ|いくよ"
              r"|待って(?:る|て)|まって(?:る|て)|迎えに|むかえに|遊ぼ|遊ば(?:ない|ん)|あそぼ|あそば(?:ない|ん)"
              r"|来て|きてよ|きてね|来れる|これる|来ない|こない\?|おいで|行くから|いくから|行くね|いくね|行っていい"
              r"|pick (?:you|u) up|come over|come to")
_PLACE = (r"house|home|駅|えき|改札|かいさつ|北口|南口|東口|西口|中央口|きたぐち|みなみぐち|ひがしぐち|にしぐち|公園|こうえん|こんびに"
          r"|かふぇ|まっく|すたば|前で|前に|家(?!族|事|庭|電|具|賃|来)|いえ(?!い)|うち(?:の近く|まで|に来)|近く|ちかく|近かった|ちかかった|近い|近所"
          r"|きんじょ|最寄|もより|りある|現実|直接|実際|2人で|二人で|ふたりで|二人きり|ふたりきり|station|irl|in person"
          r"|real life|your place|my place|park|mall")
_CLOCK = re.compile(r"\d{1,2}\s*(?:時|じ(?![ゃゅょ])|:\d\d|pm|am)")
_TIME = (r"何時|なんじ|夏休み|冬休み|春休み|連休|今週|来週|来月|平日|夕方|あさって|明後日|明日|あした|今日|きょう|今度|こんど|週末|土曜|日曜|土日|放課後"
         r"|今から|いまから|終わったら|おわったら|帰り|かえり|tonight|tomorrow|weekend|after school")
_VIRTUAL = (r"stage|booth|lobby|room|いべんと|event|ふぇす|まつり|祭|ここ|げーむ|game|おんらいん|online|ねっと|配信|はいしん"
            r"|ろびー|ぶーす|るーむ|部屋|へや|すてーじ|ちゃっと|chat|会場|ばーちゃる")  # a meeting here is not a meetup
_MEET_STRONG_RE = re.compile(_MEET_STRONG)
_MEET_WEAK_RE = re.compile(_MEET_WEAK)
_PLACE_RE = re.compile(_PLACE)
_TIME_RE = re.compile(_TIME)
_VIRTUAL_RE = re.compile(_VIRTUAL)
_EXIT_THEN_TIME = _Anchored(
    ["駅", "改札", "口", "前", "公園", "こんびに", "かふぇ", "まっく", "すたば"],
    r"(?:駅|改札|口|(?<!すてーじ)(?<!ぶーす)(?<!会場)(?<!ろびー)(?<!舞台)前|公園|こんびに|かふぇ|まっく|すたば)"
    r"(?:[^\s。、!?]{0,6}?(?:に|で|集合|しゅうごう|待ち合わせ|まちあわせ))?"
    r"\s*\d{1,2}\s*(?:時(?!間)|:\d\d)")
_TIME_THEN_EXIT = re.compile(
    r"\d{1,2}\s*(?:時(?!間)|:\d\d)(?:半)?(?:に|ごろ|頃|、)?[^\s。!?]{0,10}?"
    r"(?:駅|改札|口|(?<!すてーじ)(?<!ぶーす)(?<!会場)(?<!ろびー)(?<!舞台)前|公園)"
    r"(?:(?:で|に|まで)(?=$|\s|ね|な|よ|集合|待|会|来|き|\?|!|、|。)|ね|集合|待ち合わせ|$|!|\?)")  # not 7時に駅に着いた
_MEET_STANDALONE = _Anchored(
    ["おふ", "off", "直接会", "ちょくせつあ", "うち", "家", "泊", "迎えに", "むかえにい", "会う"],
    r"(?:おふ会|おふかい|offかい|off会)(?:しよ|しない|やろ|する|開こ|ひらこ|で会|しま)|直接会|ちょくせつあ"
    r"|おふで(?:会|あお|あえ)|(?:うち|家)(?:に|まで)?(?:来ない|こない|おいで|来て|きて|遊びに)|泊まりに(?:来|き|おいで)"
    r"|泊まりに(?:行|い)っていい|泊めて|迎えに(?:行|い)(?:く|こ|っ)|むかえにい(?:く|こ|っ)"
    r"|会う(?:日|約束|場所|時間)(?:決め|しよ|どう|いつ|は)")

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

# ---------------------------------------------------------------------------------------------
# Address and school
# ---------------------------------------------------------------------------------------------
_ADDRESS = re.compile(  # one alternative starting with a digit: 2丁目, 7番地, 3番5号, (桜)3-12-5
    r"(?P<n>\d{1,4})\s*(?:丁目|番地|番\s*\d{1,4}\s*号"
    r"|(?P<block>(?:-|の)\s*\d{1,4}\s*(?:-|の)\s*\d{1,4})(?![\d年月日時分円%]))"
)
_POSTAL = re.compile(r"(?:〒|郵便番号|ゆうびんばんごう)\s*(?:[:：]|は|→)?\s*\d{3}\s*-?\s*\d{4}")
_PLACE_NAME_CHAR = re.compile(r"[一-龥ぁ-ゖ々]")
_LIVES_IN = re.compile(r"[一-龥々]{1,6}(?:市|区|町|村)(?:の[一-龥ぁ-ゖ々]{1,6})?(?:に|で)?(?:住んで|すんで|住み|在住)")
_KNOWN_TITLES = ("3丁目の夕日",)
_QUOTES = {"「": "」", "『": "』", "“": "”", "\"": "\"", "【": "】", "《": "》"}
_NAME_CHARS = frozenset(
    [chr(c) for c in range(0x4E00, 0x9FA6)] + list("々abcdefghijklmnopqrstuvwxyz0123456789")
    + [chr(c) for c in range(0x3041, 0x3097) if chr(c) not in "はがをにもとでへやのねよかなわ"])
_SCHOOL = re.compile(  # the school's kind and the grade; the name before it is read backwards (cheaper)
    r"(?P<type>小学校|中学校|高等学校|高校|中学|小学|高専|学園|学院|女子高|女子校|男子校|中等部|高等部|中|小|高)"
    r"(?:の|で|に通う|に通ってる)?\s*[1-6]\s*年(?!間|ぶり|前|後|目|以上|連続|度|生まれ|分|半)(?:生|\s*[0-9a-z]\s*組)?"
)
_SCHOOL_AFTER_GRADE = re.compile(  # 中3、桜中 / 2年生で北高
    r"(?:(?:中|高|小)[1-6]|[1-6]年生?)(?:です|だよ|で|の|、|,|\s){1,3}(?P<name>[一-龥々]{1,8})"
    r"(?P<type>小学校|中学校|高等学校|高校|中学|小学|中|小|高)(?![一-龥])")
_APARTMENT_GATE = re.compile(r"まんしょん|あぱーと|はいつ|こーぽ|れじでんす|荘")
_APARTMENT = re.compile(r"[一-龥ぁ-ゖa-z]{1,10}(?:まんしょん|あぱーと|はいつ|こーぽ|れじでんす|荘)(?:の)?\s*(?P<room>\d{2,4})(?:号室|号)?")
_NOT_SCHOOLS = ("途中", "最中", "夢中", "集中", "背中", "真ん中", "世界中", "日本中", "最高", "年中", "在学中", "連中",
                "午前中", "授業中", "休み中", "今年中", "一日中", "1日中", "中高", "小中")


def _inside_title(folded: str, start: int, end: int) -> bool:
    if any(title in folded[max(0, start - 2):end + 8] for title in _KNOWN_TITLES):
        return True
    for opening, closing in _QUOTES.items():
        before = folded.rfind(opening, 0, start)
        if before != -1 and folded.find(closing, end) != -1 and closing not in folded[before + 1:start]:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# The scan. Cheap gates first: plain literal alternations and character tests run in C at a
# fraction of a microsecond, so an ordinary line never reaches the precise (slower) patterns.
# ---------------------------------------------------------------------------------------------
_TEN_DIGITS = re.compile(r"(?:\d[^\d]{0,6}){9}\d")
_HAS_DIGIT = re.compile(r"\d")
_HAS_LATIN_WORD = re.compile(r"[a-z]{2}")
_KANA_DIGIT_GATE = re.compile("(?:" + "|".join(sorted(KANA_DIGITS, key=len, reverse=True)) + r")(?:[\s,、。・\-.の]*(?:"
                              + "|".join(sorted(KANA_DIGITS, key=len, reverse=True)) + r"|\d)){2,}")
_LATIN_WORDS = "|".join(sorted(LATIN_DIGITS, key=len, reverse=True))
_LATIN_DIGIT_GATE = re.compile(rf"(?:{_LATIN_WORDS})[\s,.\-]*(?:{_LATIN_WORDS}|\d)[^a-z]*(?:{_LATIN_WORDS}|\d)")
def _il(text: str) -> str:
    """TR39 skeleton for service names: I, l and 1 are one letter (str.replace: C speed on any text)."""
    return text.replace("l", "i").replace("1", "i")


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


_COME_HOME = _Anchored(["うち", "家"], r"(?:うち|家)(?:に|まで)?\s*(?:来る|くる)\s*\?")


def _is_meetup(folded: str, squashed: str) -> bool:
    if ("時" in folded or ":" in folded) and (_EXIT_THEN_TIME.search(folded) or _TIME_THEN_EXIT.search(folded)):
        return True
    if _MEET_STANDALONE.search(squashed) or _COME_HOME.search(folded):
        return True
    strong = _MEET_STRONG_RE.search(folded)
    weak = strong or _MEET_WEAK_RE.search(folded)
    if not weak:
        return False
    place = _PLACE_RE.search(folded)
    if place:
        return True
    timed = _TIME_RE.search(folded) or (_HAS_DIGIT.search(folded) and _CLOCK.search(folded))
    return bool(strong) and bool(timed) and not _VIRTUAL_RE.search(folded)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def find(text: str, host_rules: bool = False) -> str | None:
    """The kind of personal data in `text` (a rule name), or None."""
    for match in _scan(fold(text), host_rules):
        return match.kind
    return None


def find_all(text: str, host_rules: bool = False) -> list[str]:
    """Every kind found in `text`, in order, without repeats (for reports and tests)."""
    return list(dict.fromkeys(m.kind for m in _scan(fold(text), host_rules)))


def mask(text: str) -> str:
    """`text` with the personal data itself hidden, for the audit trail.

    Phone numbers keep their first three digits (090-****-****), e-mail addresses their domain,
    a handle after @ or a service name is starred, an address loses its numbers and a school its
    name. Requests and meet-up proposals carry no data and stay as written.
    """
    folded, where = fold_with_map(text)
    hidden: set[int] = set()
    for match in _scan(folded):
        hidden.update(where[k] for k in match.hide if k < len(where))
    if not hidden:
        return text
    return "".join("*" if i in hidden and not text[i].isspace() else ch for i, ch in enumerate(text))


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


def personal_data_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        host_rules = subject.kind == "booth" and subject.role in ACCOUNT_ROLES
        rule = find(subject.text, host_rules=host_rules)
        if rule is not None:
            return Verdict("block", reason=REASON, rule=f"personal_data:{rule}")
        if subject.recent and subject.kind == "say":
            rule = split_rule(subject.recent, subject.text)
            if rule is not None:
                # Only the later half can be stopped: the earlier one was shown already.
                return Verdict("hold", reason=HOLD_REASON, rule=f"personal_data:{rule}:split")
        return None

    return hook
