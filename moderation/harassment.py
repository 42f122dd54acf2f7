"""Harassment and exclusion: insults, death wishes, exclusion and threats aimed at someone.

Blocked with reason "blocked_harassment" and rule `harassment:{kind}`
(insult, death_wish, exclusion, threat); the server escalates per person
(warn → hold → mute). This module only decides.

Read as words (`moderation.words`), so that context decides, not a string:

- aimed at someone: an insult word counts when it stands alone or nearly so
  (ブス, きっしょ, カスが調子乗んな), or with a second or third person (お前, あいつ),
  or an imperative (黙れ, 消えろ, 話しかけんな);
- not an insult: the same word about oneself (私ってほんとバカ, 自分の字汚すぎ),
  inside a compound (デブ猫, ゴミ拾い, クズ野菜, カスタード), as a degree (うざいくらい暑い),
  and *mentioned* rather than used: quoted or followed by って/とか/という
  (「死ね」とか書く人いたら通報してね, 死ねって言うのはだめだよ). Meta-talk about
  the rules is allowed on purpose: the sentence names the word to condemn it,
  and punishing it would teach visitors not to talk about bullying. A direct
  death wish in quotes aimed at someone (お前に「死ね」って言ってんの) still has
  the second person and the imperative, and is blocked.
- plain hyperbole and game talk are no threat (ラスボスに殺された, 殺虫剤で虫殺した).

Thresholds were chosen against the development corpus only (tests/corpus/*.dev.tsv).
"""
from __future__ import annotations

import re

from .pipeline import Subject, Verdict
from .normalize import fold, squash
from .words import Analysis, RuleSet, flat, focus, latin, normal_words, readings, rule

REASON = "blocked_harassment"
KINDS = ("death_wish", "threat", "exclusion", "insult")

# Insult words (lemmas or surfaces); strong ones count wherever they are used of someone, weak ones
# (バカ, アホ) only when aimed at someone or standing alone.
_STRONG = ("ぶす|ブス|でぶ|デブ|かす|カス|滓|くず|クズ|屑|ごみ|ゴミ|塵|がいじ|ガイジ|ざこ|ザコ|雑魚|陰キャ|いんきゃ|キモオタ|"
           "きもおた|低能|ブサイク|不細工|ぶさいく|クソガキ|糞ガキ|くそがき|ゴミクズ|役立たず|池沼|ハゲ|禿|"
           "チビ|害悪|負け犬|寄生虫|クソ野郎|糞野郎|くそやろう|キチガイ|きちがい|気違い|メンヘラ|"
           "カス野郎|クズ野郎|ゴミ野郎|死に損ない|ブスども|ノロマ|のろま|無能|ks")
_ADJ = "きもい|キモい|気持ち悪い|きしょい|キショい|うざい|ウザい|うざ|ウザ|うっとうしい|鬱陶しい|臭い|くさい|汚い|うぜえ|きっしょい"
_WEAK = "馬鹿|バカ|ばか|あほ|アホ|阿呆|まぬけ|間抜け|ボケ|ぼけ"
_SECOND = re.compile(r" (?:御前|お前|おまえ|オマエ|てめえ|テメエ|てめぇ|手前|あんた|アンタ|貴様|きさま|お前ら|おめえ|おめー|"
                     r"あいつ|彼奴|こいつ|此奴|そいつ|其奴|あいつら|こいつら|お前等|君|きみ|そなた|オメー|あの子|あの人)(?:#\S*)? ")
_SELF = re.compile(r" (?:私|俺|僕|自分|あたし|わたし|わたくし|うち|おれ|ぼく|オレ|ボク|ワタシ|アタシ|我|儂|わい)(?:#\S*)? ")
_MENTION = re.compile(r"^ (?:って|とか|と|っていう|という|なんて|など|等|て)(?:#\S*)? ")
_COMPOUND_OK = re.compile(r"^(?:野郎|人間|女|男|ども|共|オタ|やろう|顔|面|くん|君|ちゃん|乙|おつ|過ぎ|すぎ)$")
_WORDSETS: dict[str, frozenset[str]] = {}


def _wordset(name: str) -> frozenset[str]:
    """The insult word sets with the analyser's normalised forms (チビ → ちび), built on first use."""
    if not _WORDSETS:
        _WORDSETS.update(strong=normal_words(_STRONG), adj=normal_words(_ADJ), weak=normal_words(_WEAK))
    return _WORDSETS[name]

_RULES: dict[str, tuple[rule, ...]] = {
    "death_wish": tuple(rule(p) for p in (
        "{死ぬ#命令形}",
        "{死ぬ} ~2 {とく|おく|どく|置く}",  # 死んどけ
        "{死ぬ} {て|で} {くれる|下さい|ください|呉れる}",
        "{死ぬ#仮定形} {ば|ばっ} {良い|いい}",
        "{くたばる#命令形}",
    )),
    "threat": tuple(rule(p) for p in (
        "{殺す|ぶっ殺す|ぶち殺す|ころす|ボコる|ぼこる|しばく|晒す|さらす|刺す|埋める|ぶん殴る|殴る|潰す} ~2 {ぞ|から}",
        "{殺す|ぶっ殺す|ぶち殺す|ボコる|ぼこる|しばく|晒す|さらす|ぶん殴る|殴る|潰す|刺す|いじめる|虐める} {て} {やる|やろう}",
        "{覚える} ~2 {とく#命令形|てる#命令形|おく#命令形|置く#命令形|いる#命令形|ろ}",
        "{特定} {する} ~3 {やる|晒す|さらす}",
        "{ボコボコ|ぼこぼこ|ボコ|ぼこ|フルボッコ} {に|だ} {する} {て} {やる}",
        "{たら|ば|た#仮定形} ~3 {殺す#終止形|ぶっ殺す#終止形|ボコる#終止形|しばく#終止形|殴る#終止形|刺す#終止形}",
    )),
}
# (rule, what else it needs): "ctx" a place or a target (学校, ここ, もう, お前), "you" a person addressed.
_EXCLUSION = tuple((rule(p), need) for p, need in (
    ("{来る} {な}", "ctx"),
    ("{来る#未然形} {ない} {で}", "ctx"),
    ("{来る#命令形} {な}", "ctx"),
    ("{入る} {て} {来る} {な}", "ctx"),
    ("{話しかける|話し掛ける|近寄る|近づく|関わる|喋る|しゃべる|絡む} {ず}? {な}", None),
    ("{消える#命令形|失せる#命令形|出て行く#命令形}", None),
    ("{出る} {て} {行く#命令形}", None),
    ("{黙る#命令形}", None),
    ("{抜ける#命令形}", None),
    ("{無視|ハブ|はぶ|省く} ~2 {する#意志推量形|しよう|よう|しよ}", None),
    ("{ハブる|はぶる}", None),
    ("{ハブ|はぶ} {ろう|る|れる}", None),
    ("{居場所} ~3 {ない}", "you"),
    ("{誰} {も} ~3 {好き|相手|必要} ~3 {ない}", "you"),
    ("{みんな|皆|全員} ~4 {嫌う|嫌い}", "you"),
    ("{要る#未然形|いる#未然形} {ない}", "you"),
    ("{抜ける} {て}", "you"),
))
# Exclusion verbs above need a target or a place: the sentence must also have one of these.
_EXCLUSION_CONTEXT = re.compile(r" (?:学校|ここ|此処|グループ|部活|クラス|教室|二度と|もう|明日|お前|御前|おまえ|てめえ|あんた|"
                                r"あいつ|こいつ|君|貴様|お前ら|二度|度|部屋|話|チーム)(?:#\S*)? ")
_SURFACE = re.compile("|".join(w if "(" in w or "[" in w else squash(fold(w)) for w in (
    r"(?:(?<![ぁ-ゖ])|(?<=もう)|(?<=はよ)|(?<=まじ)|(?<=さっさと)|(?<=お前)|(?<=おまえ))しね(?![ぁ-ゖ])", r"(?<![ぁ-ゖ])しねよ", r"(?<![ぁ-ゖ])しねば", "死ね(?!る|ない|なか|ず|ま|た)", "氏ね", "4ね(?!ん)",
    "しねかす", "しねごみ", "きっしょ", "きしょ(?:い|すぎ|っ)", "きもすぎ", "きもいんだけど", "うっざ", "うぜえ",
    "ぶっころ", "ころすぞ", "殺すぞ", "ぶっ殺", "ころしてやる", "殺してやる", "さらすぞ", "晒すぞ", "晒してやる",
    "がいじ", "きちがい", "ちんかす", "くず人間", "ごみ人間", "ごみくず", "きもおた", "ぶさいく", "ていのう",
    "陰きゃ", "いんきゃ",
)))
_ENGLISH = re.compile("|".join((
    r" kys ", r" kill your ?self ", r" go die ", r" (?:just|pls|please) die ", r" die already ", r" you should die ",
    r" nobody (?:likes|loves|wants|cares about) you ", r" no ?one (?:likes|loves|wants|cares about) you ",
    r" no one wants you ", r" everyone hates you ", r" we all hate you ", r" go away ", r" get lost ",
    r" (?:you're|youre|you are|your|you|ur) (?:so |such an? |an? |really |fucking |fkn )*(?:ugly|fat|stupid|dumb|"
    r"pathetic|loser|idiot|moron|retard|retarded|worthless|disgusting|gross|trash|garbage|freak|weirdo|pig|"
    r"fat pig|bitch|slut|whore|useless|annoying|creep|cringe) ",
    r" (?:loser|retard|retarded|idiot|moron|bitch|slut|whore|fatso|fatass|dumbass|stfu) ",
    r" shut up ", r" i'll kill you ", r" i will kill you ", r" gonna kill you ", r" you're dead ",
    r" watch your back ", r" i'll find you ", r" don't come back ", r" not welcome ", r" hate you ",
)))
_RULESET = RuleSet([*_RULES["death_wish"], *_RULES["threat"], *(r for r, _ in _EXCLUSION)])
_KIND_OF = {id(r): kind for kind, rs in _RULES.items() for r in rs} | {id(r): "exclusion" for r, _ in _EXCLUSION}
_NEED = {id(r): need for r, need in _EXCLUSION}
# The analyser only runs on a message with one of these (scanned on `light`: ブース is not ブス).
_STEMS = re.compile(fold(
    "死|しね|しん[でど]|殺|ころす|ころし|ぼこ|晒|さら[すし]|刺|殴|覚えと|覚えて|来んな|来るな|来ないで|来なくて|来な|くんな|くるな|"
    "こないで|入ってく|入ってこ|入んな|入るな|話しかけ|近寄|近づく|近付く|関わ|消え|失せ|出て[けい行]|出てって|黙|だま[れっ]|"
    "抜け|無視|はぶ|居場所|誰も|嫌|いらな|要らな|いらね|特定|しば[くい]|潰|埋め|くたば|"
    + _STRONG.replace("|ks", "")
    + "|きも|きしょ|うざ|うっと|鬱陶|臭|くさい|汚|気持ち悪|ばか|馬鹿|あほ|阿呆|まぬけ|間抜|ぼけ|ぶさ|きっしょ"
))


_QUOTED = re.compile(r" (?:って|とか|と か|という|と 言う\S*|っていう|って 言う\S*|なんて|など)(?:#\S*)? (?:\S+ )?"
                     r"(?:言う|書く|いう|ダメ|駄目|だめ|良い|いい|よくない|言葉|人|禁止|使う|悪口|ひどい|酷い)")


def _insult(lemmas: str, words: tuple[str, ...], pos: tuple[str, ...]) -> bool:
    aimed = _SECOND.search(lemmas) is not None
    about_self = _SELF.search(lemmas) is not None and not aimed
    if about_self:
        return False
    content = sum(1 for p in pos if p in ("名詞", "動詞", "形容詞", "代名詞", "形状詞", "副詞"))
    strong, adj, weak_words = _wordset("strong"), _wordset("adj"), _wordset("weak")
    for i, word in enumerate(words):
        if word not in strong and word not in adj and word not in weak_words:
            continue
        rest = " " + " ".join(words[i + 1:i + 3]) + " "
        if _MENTION.search(rest) or (i > 0 and words[i - 1] in ("「", "『", "\"")):
            continue  # mentioned, not used: 「死ね」とか, ブスって言うな
        nxt = words[i + 1] if i + 1 < len(words) else ""
        nxt_pos = pos[i + 1] if i + 1 < len(pos) else ""
        if nxt_pos == "名詞" and not _COMPOUND_OK.match(nxt):
            continue  # a compound: ゴミ 箱, クズ 野菜
        if nxt in ("くらい", "ぐらい", "ほど", "位") or "".join(words[i + 1:i + 3]).startswith(("かわ", "可愛")):
            continue  # a degree: うざいくらい暑い
        if word + nxt in ("ばかうける", "バカうける", "馬鹿受ける", "ばか受ける", "バカ受ける") or (word + nxt).startswith(("ばかうけ", "ばかんす")):
            continue  # the snack and the holiday
        if nxt in ("みたい", "様") and i + 2 < len(words) and words[i + 2] == "に":
            continue  # ばかみたいに笑った
        weak = word in weak_words
        if weak and (nxt_pos in ("動詞", "形容詞") or any(w.startswith(("笑", "w", "ｗ", "草")) for w in words[i + 1:i + 3])):
            continue  # バカ笑った, バカでかい (an intensifier); ばかじゃん笑 (banter)
        adjective = not weak and word not in strong
        if aimed:
            return True
        if weak:
            if content <= 2:
                return True
            continue
        if adjective:
            # この虫キモい: a thing, not a person. Alone or nearly (きっしょ, キモすぎ) it is aimed at the room.
            others = [p for j, p in enumerate(pos) if j != i and p in ("名詞", "代名詞")]
            if not others:
                return True
            continue
        return True
    return False


def category(text: str) -> str | None:
    """The harassment kind of one text or None."""
    squashed = flat(text)
    english = latin(text)
    if english and _ENGLISH.search(english):
        if re.search(r" (?:kys|kill your ?self|die|should die) ", english):
            return "death_wish"
        return "insult"
    surface = _SURFACE.search(squashed)
    parts = focus(text, _STEMS) or ([text] if surface else [])
    for part in parts:
        for analysis in readings(part):
            found = _by_words(part, analysis, surface)
            if found is not None:
                return found
    return None


def _by_words(text: str, analysis: Analysis, surface: re.Match[str] | None) -> str | None:
    lemmas = analysis.lemmas
    quoted = "「" in text or "『" in text or _QUOTED.search(lemmas)
    aimed = _SECOND.search(lemmas) is not None
    if quoted and not aimed:
        return None  # talk about a word (the rules, a report, a film title), not the word said to someone
    if _SELF.search(lemmas) and not aimed and _RULES["death_wish"][3].search(lemmas):
        return None  # 私なんか死ねばいいのに is a crisis line (the crisis hook holds it first)
    matched = [_RULESET.rules[i] for i in _RULESET.candidates(analysis) if _RULESET.rules[i].search(lemmas)]
    for r in matched:
        if _KIND_OF[id(r)] in ("death_wish", "threat"):
            return _KIND_OF[id(r)]
    if surface and "ね" in surface.group(0) and surface.group(0)[0] in "し死氏4" and (aimed or not _SELF.search(lemmas)):
        return "death_wish"
    for r in matched:
        need = _NEED.get(id(r), "-")
        if need != "-" and (need is None or (aimed if need == "you" else _EXCLUSION_CONTEXT.search(lemmas))):
            return "exclusion"
    if _insult(lemmas, analysis.words, analysis.pos):
        return "insult"
    if surface and (aimed or not _SELF.search(lemmas)):
        word = surface.group(0)
        return "death_wish" if ("ね" in word and word[0] in "し死氏4") else "insult"
    return None


def harassment_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind not in ("say", "nick", "booth"):  # booth: what hosts write (titles, descriptions)
            return None
        found = category(subject.text)
        if found is None and subject.recent and subject.kind == "say":
            joined = category(" ".join((*subject.recent[-2:], subject.text)))
            if joined is not None and category(" ".join(subject.recent[-2:])) is None:
                found = joined
        if found is None:
            return None
        return Verdict("block", reason=REASON, rule=f"harassment:{found}")

    return hook
