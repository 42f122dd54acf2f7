"""Sexual solicitation of a minor and grooming: held for a person, with a priority alert.

Visitors are 12–18. A stranger asking them for photos or their body, offering
money or gifts to meet (パパ活, サポ, 援交), proposing a hotel or a night away,
sexual questions (処女？), or binding them to secrecy (二人だけの秘密, 親には内緒)
is held with reason "held_safety" and rule `sexual:{kind}`
(photo, body, offer, meet, talk, secrecy); the server raises a priority alert.
Holding, not blocking: a moderator sees who asked, and the young person is
never shown the line.

Read as words (`moderation.words`): a photo *request* (写真送って, 送ってくれない？)
is held, an *offer* or a past act (写真送るね, 脱いだ上着) is not; ホテルのバイキング
is not an invitation. Asking for a photo of oneself is held even when it may be
innocent: a false hold costs a moderator a glance.
"""
from __future__ import annotations

import re

from .pipeline import Subject, Verdict
from .normalize import fold, squash
from .words import RuleSet, flat, focus, latin, readings, rule

REASON = "held_safety"
KINDS = ("photo", "body", "offer", "meet", "talk", "secrecy")

_REQUEST = "{て|てよ|くれる|呉れる|ください|下さい|ちょうだい|頂戴|欲しい|ほしい|貰う|もらえる|よ}"
_RULES: dict[str, tuple[rule, ...]] = {
    "body": tuple(rule(p) for p in (
        "{下着|裸|はだか|胸|おっぱい|お尻|尻|パンツ|ぱんつ|ブラ|乳首|股|ヌード|体|からだ|身体|谷間|太もも|脚} ~3 {見せる|送る|撮る|見る#意志推量形} " + _REQUEST,
        "{下着|裸|はだか|胸|おっぱい|お尻|パンツ|ぱんつ|ブラ|乳首|股|ヌード|谷間|水着|スカート} ~3 {写真|画像|写メ|動画|自撮り|姿|中}",
        "{脱ぐ#命令形}", "{脱ぐ} {て|で} ~2 {よ|みる|ほしい|欲しい|くれる|ください|下さい}?",
        "{何} {カップ}", "{何色|なにいろ} ~2 {下着|パンツ|ブラ|ぱんつ}", "{スリーサイズ|バスト|カップ数}",
    )),
    "photo": tuple(rule(p) for p in (
        "{写真|画像|自撮り|写メ|顔写真|顔|全身|動画|プリ|pic} ~3 {送る|見せる|交換|貼る|上げる|くれる} " + _REQUEST,
        "{写真|画像|自撮り|写メ|顔写真|全身|動画} ~3 {送る|見せる|くれる|交換} {ない}",
        "{写真|画像|自撮り|写メ|顔写真|全身} ~2 {ちょうだい|頂戴|欲しい|ほしい|くれ}",
        "{ビデオ通話|テレビ電話|ビデオ} ~4 {見せる|しよう|する#意志推量形}",
        "{写真|自撮り|写メ|顔写真|画像} ~2 {交換} {する#意志推量形|しよう|する#未然形}",
    )),
    "offer": tuple(rule(p) for p in (
        "{パパ活|ぱぱ活|P活|p活|パパ|援交|援助交際|サポ|円光|援助} ~3 {する|しない|探す|募集|興味|希望|あげる|いる|ある}",
        "{パパ活|援交|援助交際|円光}",
        "{お金|金|円|万|お小遣い|小遣い|現金|ギフト券|アマギフ|プレゼント} ~4 {あげる|上げる|出す|払う|渡す|やる|おごる}",
        "{おごる|奢る|買う|払う} ~4 {会う|遊ぶ|来る}",
        "{お小遣い|小遣い|お金} ~2 {欲しい|ほしい} {ない}",
        "{ホテル代|ホテル|交通費|電車代} ~3 {出す|払う|おごる|奢る|持つ}",
        "{会う|遊ぶ|来る|泊まる|会える} ~3 {たら|ば|た#仮定形} ~4 {あげる|上げる|払う|渡す|おごる|奢る|買う|出す}",
    )),
    "meet": tuple(rule(p) for p in (
        "{ホテル|ラブホ|ラブホテル} ~3 {行く#意志推量形|来る#意志推量形|泊まる#意志推量形|入る#意志推量形}", "{ホテル|ラブホ|ラブホテル} ~3 {行く|来る|泊まる|入る} {ない|たい|ませる}",
        "{二人きり|ふたりきり|2人きり|二人っきり} ~4 {会う|遊ぶ|話す|なる|行く|過ごす}",
        "{二人|ふたり|2人} {きり|っきり|切り|だけ} ~4 {会う|遊ぶ|話す|なる|行く|過ごす}",
        "{泊まる|泊まり} ~3 {来る|おいで|来る#命令形|くる}",
        "{jk|jc|js|JK|JC|女子高生|女子中学生|中学生|小学生} ~4 {会う|会える|会いたい|仲良く|好き|募集|いる|探す|遊ぶ}",
        "{何歳|いくつ|年齢} ~6 {会う|会える|遊ぶ}",
        "{会う} ~2 {くれる} {たら|ば}",
    )),
    "secrecy": tuple(rule(p) for p in (
        "{二人|ふたり|2人|僕たち|私たち|俺たち|僕ら|俺ら|二人だけ} ~4 {秘密|内緒|ないしょ}",
        "{親|ママ|パパ|お母さん|お父さん|家族|先生|誰} ~4 {内緒|秘密|ないしょ}",
        "{内緒|秘密|ないしょ} ~4 {親|家族|先生}",
        "{親|ママ|パパ|お母さん|お父さん|家族|先生} ~3 {言う} {ない} ~3 {良い|いい|で}",
    )),
    "talk": tuple(rule(p) for p in (
        "{エッチ|えっち|セックス|せっくす|エロい|えろい|処女|童貞|オナニー|おなにー|自慰|ちんこ|まんこ|性欲|セフレ|やらせる}",
        "{裏垢|裏アカ|うらあか}",
    )),
}
_ORDER = ("body", "offer", "meet", "secrecy", "talk", "photo")
_THANKS = re.compile(r" (?:有り難う|ありがとう|サンキュー|感謝)(?:#\S*)? ")
_ASKING = rule("{上げる|あげる|くれる|出す} {て} {欲しい|ほしい|くれる|下さい|ください}")
_RULESET = RuleSet(r for kind in _ORDER for r in _RULES[kind])
_KIND_OF = {id(r): kind for kind, rs in _RULES.items() for r in rs}
_SURFACE = re.compile("|".join(squash(fold(w)) for w in (
    "ぱぱかつ", "ぱぱ活", "p活", "ぴーかつ", "えんこう", "援交", "援助交際", "円光", "裏垢", "裏あか", "うらあか",
    "えっちしよ", "えっちしない", "せっくす", "せふれ", "おなにー", "処女", "童貞", "すりーさいず", "かっぷ数", "裸見せ", "はだかみせ",
    "下着見せ", "下着の写真", "下着姿", "顔見せて", "ぱんつ見せ", "おっぱい", "乳首", "ほてる行", "ほてるいこ", "ほてるいか", "らぶほ",
)))
# The analyser only runs on a message with one of these (scanned on `light`).
_STEMS = re.compile(fold(
    "写|画像|自撮|動画|顔|全身|プリ|見せ|みせ|送って|送れ|おくって|脱|ぬい[でだ]|ぬげ|下着|裸|はだか|胸|むね|おっぱい|尻|しり見|"
    "パンツ|ブラ|乳首|股|ヌード|体見|体の|体を|体触|体さわ|からだ|身体|谷間|太もも|水着|スカート|カップ|サイズ|バスト|"
    "パパ|p活|援|サポ|円光|小遣|お金|万円|\\d万|ギフト|アマギフ|プレゼント|おご|奢|買って|払|渡す|あげる|上げる|ホテル|ラブホ|"
    "きり|っきり|だけの|泊|jk|jc|js|女子|中学生|小学生|何歳|いくつ|年齢|会って|会お|会わ|会える|会いたい|会ったら|"
    "秘密|内緒|ないしょ|言わな|エッチ|えっち|セックス|エロ|えろ|処女|童貞|オナニー|自慰|ちんこ|まんこ|性欲|セフレ|裏|ビデオ|テレビ電話"
).replace("ー", "ー"))

_ENGLISH = {
    "photo": re.compile(r" send (?:me )?(?:a |some |your |ur |more )?(?:pics?|pix|photos?|pictures?|selfies?|nudes|noods|vids?) |"
                        r" pics? (?:please|pls|plz) | (?:nudes|noods) | pay you for (?:pics|photos|pictures) "),
    "body": re.compile(r" show me (?:your|ur) (?:body|boobs|tits|ass|chest|legs|underwear|bra) | what are you wearing |"
                       r" take (?:it|them|your clothes|ur clothes) off | (?:bra|boob|cup) size "),
    "offer": re.compile(r" i'll pay you | i will pay you | sugar daddy | (?:give|pay) you money | buy you (?:anything|stuff) "),
    "meet": re.compile(r" hook ?up | meet (?:up )?alone | meet me alone | come to my (?:place|house|room|hotel) |"
                       r" (?:how old are you|what grade).*(?:meet|alone|hang out) "),
    "talk": re.compile(r" (?:are you|r you|you) (?:a )?virgin | sext | sexy | horny | have sex | wanna (?:fuck|bang) "),
    "secrecy": re.compile(r" (?:our|a) (?:little )?secret | don't tell (?:your|ur) (?:parents|mom|dad|mum) "),
}


def category(text: str) -> str | None:
    """The solicitation kind of one text or None."""
    squashed = flat(text)
    english = latin(text)
    if english:
        for kind in _ORDER:
            if _ENGLISH[kind].search(english):
                return kind
    surface = _SURFACE.search(squashed)
    parts = focus(text, _STEMS) or ([text] if surface else [])
    for analysis in (a for part in parts for a in readings(part)):
        for i in _RULESET.candidates(analysis):
            r = _RULESET.rules[i]
            if r.search(analysis.lemmas):
                kind = _KIND_OF[id(r)]
                if kind == "offer" and _ASKING.search(analysis.lemmas):
                    continue  # お小遣い上げてほしい: asking (a parent) for more, not an offer
                if kind == "photo" and _THANKS.search(analysis.lemmas):
                    continue  # 写真送ってくれてありがとう: thanks for a favour done
                return kind
    return "talk" if surface else None


def sexual_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind not in ("say", "nick"):
            return None
        found = category(subject.text)
        if found is None and subject.recent and subject.kind == "say":
            earlier = " ".join(subject.recent[-2:])
            joined = category(earlier + " " + subject.text)
            if joined is not None and category(earlier) is None:
                found = joined
        if found is None:
            return None
        return Verdict("hold", reason=REASON, rule=f"sexual:{found}")

    return hook
