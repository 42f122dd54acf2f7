"""Crisis detection: a cry for help is held, answered with support, never punished.

Messages about suicide and self-harm (kinds: ideation, plan, means, act,
farewell, self_harm) and disclosures of abuse or neglect at home (kind: abuse)
are held with reason "support": the sender gets places to talk to at once
(child-abuse lines first for `crisis:abuse`) and every online moderator a
priority alert; the room does not see the message. Recall matters more than
precision here: a false hold costs a moderator a glance, a miss can cost much
more.

How a text is read (`moderation.words`): surface stems on the folded text catch
the unmistakable and the written-around forms (〇にたい, しにたぃ, shinitai,
want 2 die); rules over lemmas catch the rest in any tense or conjugation
(切った/切っちゃった → 切る, 飲んだ → 飲む, 殴られた → 殴る + passive). The
analyser only runs when a cheap stem scan says a rule could match.

Plain hyperbole that is overwhelmingly harmless (死ぬほど笑った, ゲームで死んだ,
テスト死んだ, 腹筋死んだ) matches no rule; ambiguous phrasing about oneself is
held (今までありがとう, 消えるね, もう終わりにしたい).

`Subject.recent` (the sender's previous lines in the room, within a short
window) is screened joined with the current text: a sentence split over two
sends (薬 ⟫ たくさん飲んだ) holds the later half with the same rule. The earlier
half was already shown and cannot be recalled.
"""
from __future__ import annotations

import re

from .normalize import fold, squash
from .pipeline import Subject, Verdict
from .words import Analysis, RuleSet, flat, focus, latin, readings, rule, union, warm

REASON = "support"
KINDS = ("ideation", "plan", "means", "act", "farewell", "self_harm", "abuse")

# ── surface stems (on `flat`: hiragana, no separators, 死 written-around forms already read as 死) ──
_SURFACE: dict[str, tuple[str, ...]] = {
    "ideation": (
        "死にたい", "しにたい", "死にたく", "しにたく", "死にてえ", "しにてえ", "死にてぇ", "しにてぇ", "死にたす", "しにたす",
        "消えたい", "きえたい", "消えてしまいたい", "消えちゃいたい", "いなくなりたい", "居なくなりたい",
        "生きていたくない", "いきていたくない", "生きてたくない", "生きたくない", "生きるのやめ",
        "生きるのがつら", "生きるのつら", "生きるのがしんど", "生きるのしんど", "生きてるのがつら", "生きてるのつら",
        "生きてるのがしんど", "生きてるのしんど", "生きるのに疲れ", "生きるの疲れ", "生きてるの疲れ", "生きるのが疲れ",
        "生きてる意味", "いきてるいみ", "生きる意味がな", "生きる意味な", "生きる価値", "生きてる価値", "いきてるかち",
        "生まれてこなければ", "生まれてこなきゃ", "うまれてこなければ", "うまれてこなきゃ", "生まれなければ",
        "自殺", "じさつ", "自死", "希死念慮", "しにたさ", "死にたさ", "楽になりたい", "らくになりたい",
        "死んだほうが", "しんだほうが", "死んだ方が", "死んじゃいたい", "しんじゃいたい", "死んでしまいたい",
        "死ぬしかない", "しぬしかない", "死のうかな", "しのうかな", "死のうと思", "しのうとおも", "死ねたらいい",
        "しねたらいい", "死ねたら楽", "いなくなればいい", "いないほうが", "いない方が", "死ぬ方法", "死に方",
        "楽に死ね", "らくにしね", "死ぬこと考え", "死ぬことばかり", "死ぬことばっか",
        "shinitai", "shinitee", "shinitaii", "kietai", "jisatsu", "shinou kana", "shinoukana",
    ),
    "plan": (
        "遺書", "いしょかいた", "首吊", "首つり", "くびつり", "首をつ", "首つる", "首をくく", "首くく", "飛び降り", "とびおり",
        "飛びおり", "飛び込も", "とびこも", "練炭", "れんたん",
    ),
    "act": ("おーばーどーず", "オーバードーズ", "薬を大量", "くすりをたいりょう", "大量に飲ん", "たいりょうにのん"),
    "self_harm": (
        "りすか", "あむか", "れぐか", "りすとかっと", "自傷", "じしょう", "腕を切", "うでをき", "手首を切", "てくびをき",
        "手首切", "腕切", "自分を傷つけ", "自分を傷付け", "切ってしまう", "risuka",
    ),
    "abuse": (
        "虐待", "ぎゃくたい", "ねぐれくと", "家に帰りたくない", "いえにかえりたくない", "家にいたくない", "家に居たくない",
        "家に居場所がない", "家に居場所ない", "家に帰るのが怖", "家に帰るの怖", "家に帰るのこわ", "家に帰るのがこわ",
        "家に帰るのが怖", "親が怖い", "おやがこわい", "父が怖い", "母が怖い", "暴力をふる",
        "暴力を振る", "暴力振る", "暴力ふる", "dvされ", "産まなきゃよかった", "産まなければよかった", "生まなきゃよかった",
        "生まなければよかった", "うまなきゃよかった", "うまなければよかった", "児童相談所", "児相",
    ),
}
# ── rules over lemmas (`words.rule`) ──
_YELLED_AT = "{怒鳴る|どなる} ~2 {れる|られる}"  # at home (毎日怒鳴られる), unless someone outside did it
_FAMILY = ("親|父|母|父親|母親|お父さん|お母さん|おとうさん|おかあさん|パパ|ママ|ぱぱ|まま|兄|姉|お兄ちゃん|お姉ちゃん|兄貴|"
           "姉貴|お兄さん|お姉さん|継父|継母|義父|義母|義理|彼氏|おじさん|叔父|伯父|祖父|祖母|親父|お袋|おかん|おとん|"
           "父ちゃん|母ちゃん|父さん|母さん|両親|弟|妹|ちちおや|ははおや|おや|オヤ")
_VIOLENCE = ("殴る|なぐる|ぶん殴る|叩く|たたく|蹴る|蹴飛ばす|ける|ぶつ|怒鳴る|どなる|押し付ける|押しつける|"
             "閉じ込める|追い出す|絞める|抓る|つねる|はたく|殴り付ける|しばく|ぶったたく|ぶっ叩く")
_RULES: dict[str, tuple[str, ...]] = {
    "ideation": (
        "{死ぬ} ~aux {たい}",
        "{消える|いなくなる|居なくなる|消え去る} ~aux {たい}",
        "{死ぬ#仮定形} {た} {良い}",
        "{生きる} ~ {意味|価値|理由|甲斐} ~ {ない|無い|分かる}",
        "{生きる} ~ {しんどい|辛い|つらい|疲れる|嫌|いや|苦しい|やめる|止める|面倒|めんどい|めんどくさい}",
        "{生きる} ~3 {たい} ~2 {ない}",
        "{生まれる|産まれる} ~3 {ない|ず} ~2 {良い}",
        "{必要} {と} {する} {れる|られる} ~2 {ない}", "{価値} {が|も|は|なんて}? {ない|無い}",
        "{目} ~2 {覚める} {ない} {ば|たら|と} {良い}",
        "{朝|明日} ~2 {来る} {ない} {ば|たら|と} {良い}",
        "{もう|これ以上} ~3 {生きる} ~2 {行ける|いける} {ない}",
        "{ずっと|永遠|一生} ~2 {眠る|寝る} ~aux {たい}",
        "{目覚める} {たい} {ない}",
        "{いる} {ない} ~2 {方} ~3 {幸せ|楽|良い|喜ぶ}",
        "{いなくなる|居なくなる} ~4 {気付く|気づく|困る|悲しむ} {ない}",
        "{誰} {も} ~3 {気付く|気づく|困る|悲しむ|必要} ~2 {ない}",
        "{死ぬ} ~2 {こと|事|方法|仕方|方} ~3 {考える|調べる|教える|知る|探す}",
        "{楽} {に} {死ぬ}",
        "{全部|全て|すべて|人生|何もかも} ~3 {終わる|終わらせる|終わり} ~2 {たい}",
    ),
    "plan": (
        "{首} ~3 {吊る|つる|括る|くくる}",
        "{電車|線路|ホーム|車} ~3 {飛び込む|とびこむ|吸い込む}",
        "{屋上|ビル|橋|マンション|崖|窓} ~4 {飛ぶ|飛び降りる|落ちる}",
        "{飛び降りる|飛び降り} ~3 {場所|決める|たい|よう|つもり}",
        "{今夜|今晩} ~3 {死ぬ|消える}",
        "{死ぬ} ~2 {つもり|予定|決める|決心}",
    ),
    "means": (
        "{ロープ|縄|紐|練炭|睡眠薬|睡眠導入剤|ひも|なわ} ~4 {買う|用意|準備|集める|溜める|貯める|ためる|手に入れる|揃える}",
        "{薬|くすり|錠剤|市販薬|睡眠薬|眠剤} ~4 {溜める|貯める|ためる|集める|溜め込む|ストック}",
        "{練炭|睡眠薬} ~3 {どこ|買える|売る}",
    ),
    "act": (
        "{薬|くすり|錠|錠剤|市販薬|睡眠薬|風邪薬|眠剤|頭痛薬|鎮痛剤} ~4 {いっぱい|全部|大量|たくさん|沢山|一気|まとめる|全て|一瓶|箱} ~3 {飲む}",
        "{いっぱい|全部|大量|たくさん|沢山|一気|まとめる|全て} ~3 {薬|くすり|錠|錠剤|市販薬|睡眠薬} ~3 {飲む}",
        r"(?:\d+|[十百]+) {錠|粒|瓶|箱} ~3 {飲む}",
        "{od|オーバードーズ|オーバードース}",
        "{薬|くすり} ~2 {飲む} {過ぎる}",
    ),
    "farewell": (
        "{今まで|今迄|いままで} ~3 {有り難う|ありがとう|お世話}",
        "{最後} {に} ~3 {有り難う|ありがとう|さよなら|さようなら|ばいばい|バイバイ|話せる}",
        "{さよなら|さようなら} {みんな|皆|皆さん}",
        "{みんな|皆|皆さん} ~3 {さよなら|さようなら|ばいばい|バイバイ}",
        "{もう|今日|今夜|今晩|明日|人生|全部|全て} ~3 {終わり} {に} {する#終止形|する#連用形}",
        "{終わり} {に} {する#連用形} {たい}",
        "{遺言}",
        "{手紙|遺書|メッセージ} ~4 {書く|残す} ~6 {さよなら|さようなら|ばいばい|バイバイ}",
        "{今日|今夜|今晩|明日} {で} {最後} {に} {する}",
    ),
    "self_harm": (
        "{手首|腕|太もも|太腿|肌|リスカ|アムカ} ~4 {切る|傷付ける|傷つける|きる}",
        "{切る} {ない} {と} ~2 {落ち着く|眠れる|眠る|寝れる|寝る|無理}",
        "{切る} ~3 {止める|やめる} {られる|れる} {ない}",
        "{血} ~3 {止まる} {ない}",
        "{自分} ~4 {殴る|傷付ける|傷つける|痛め付ける|痛めつける|罰する}",
        "{頭} ~3 {打ち付ける|打ちつける}", "{壁} ~3 {頭} ~3 {ぶつける|打つ}",
        "{自傷|リスカ|アムカ|リストカット|レグカ}",
        "{カッター|剃刀|カミソリ|ナイフ|包丁|刃物} ~4 {手首|腕|肌|自分|首}",
        "{切る} ~4 {腕|手首|太もも|太腿}",
        "{腕|手首|太もも|太腿} ~3 {傷|跡} ~2 {増える|隠す|消える}",
    ),
    "abuse": (
        "{%s} ~5 {%s}" % (_FAMILY, _VIOLENCE),
        "{%s} ~2 {れる|られる}" % _VIOLENCE.replace("怒鳴る|どなる|", ""),
        _YELLED_AT,
        "{打つ#未然形} {れる}",
        "{%s} ~5 {暴力|手} ~2 {ふるう|振るう|出す|出る}" % _FAMILY,
        "{%s} ~5 {手} {を}? {上げる|あげる}" % _FAMILY,
        "{包丁|ナイフ|刃物|はさみ} ~3 {向ける|突き付ける|突きつける} {れる|られる}",
        "{体|からだ|身体|胸|お尻|尻|下着|股|太もも|私} ~3 {触る|さわる}",
        "{触る|さわる} {れる|られる}",
        "{%s} ~8 {触る|さわる} {て} {来る|くる}" % _FAMILY,
        "{髪} ~3 {引っ張る|掴む|つかむ}",
        "{産む|生む|うむ} ~2 {ない|ず} ~2 {良い}",
        "{ご飯|御飯|ごはん|食べ物|食べる物|飯|食事|食料} {が|も|は}? {ない|無い}", "{食べる} {もの|物} {が|も|は}? {ない|無い}",
        "{ご飯|御飯|ごはん|食べ物|飯|食事|弁当} ~3 {もらえる|貰える|貰う|くれる} {ない}",
        "{何|なに} {も} {食べる} ~2 {ない}",
        "{給食} {しか}",
        "{%s} ~4 {帰る} ~3 {ない}" % _FAMILY,
        "{家|うち|自宅} ~4 {帰る|いる|居る} ~3 {怖い|こわい|嫌|いや}", "{家|うち|自宅} ~4 {帰る|いる|居る} ~2 {たい} {ない}",
        "{帰る} {たら|と} ~4 {%s}" % _VIOLENCE,
        "{風呂|お風呂} ~3 {させる|せる} ~2 {もらえる|くれる|貰う} {ない}",
        "{閉じ込める|追い出す|締め出す}",
        "{痣|あざ|アザ} ~4 {隠す}",
    ),
}
# Families of words that must be present before a lemma rule can match (scanned on `light`, cheap): the
# analyser only runs on a message that has one of them.
_STEMS = re.compile(fold(
    "ロープ|ろーぷ|オーバード|腕|手首|太もも|肌|死|しにた|しにて|しにそ|しぬ|しね|しん[だで]|しんじゃ|消え|きえ|いなくな|居なくな|生き|いきて|いきる|"
    "生まれ|産ま|生ま|うまな|うまれ|必要とされ|価値な|価値が|価値も|目が覚|朝が来|いない|気づかな|気付かな|楽に|らくに|"
    "終わりに|おわりに|終わらせ|おわらせ|首|飛|とび|とん[だで]|吸い込|縄|紐|ひも|練炭|薬|くすり|錠|剤|今まで|いままで|"
    "最後に|さよなら|来なけれ|来なきゃ|来なかったら|こなけれ|眠って|眠り|ねむって|目覚め|手を上|手をあ|手あげ|さようなら|ばいばい|遺|切|きった|きっちゃ|きって|刺|傷|血|殴|なぐ|叩|たたか|たたい|蹴|けられ|"
    "けって|ぶたれ|ぶった|打た|向け|怒鳴|どな|触|さわ|押し付|押しつ|閉じ込|追い出|締め出|絞め|引っ張|つね|暴力|手を出|手が出|"
    "言われ|いわれ|ご飯|ごはん|御飯|食べ物|食べるもの|食べる物|食べて(?:な|ない)|何も食べ|飯が|飯も|食事|給食|"
    "帰りたくな|帰るの|帰ったら|帰ると|帰って|帰れな|家にいる|家に居|うちにいる|家帰|かえりたくな|かえるの|風呂|痣|あざ|自分を|自分の体|自分殴|"
    "頭を打|頭打|壁に|剃刀|かみそり|かったー|ないふ|りすか|あむか|自傷|しばか|はたか|(?<![a-z])od(?![a-z])"
))
_ENGLISH: dict[str, str] = {
    "ideation": (r" (?:i|i'm|im|i am|just|really|sometimes|so|want|wanna)? ?(?:want(?:ed)? to|wanna|going to|gonna|gotta) "
                 r"(?:die(?! (?:of|from|laughing|lol|lmao|inside|in the game|in game) )|kill myself|disappear|be dead|not exist|"
                 r"sleep forever|end it|end my life|stop living) |"
                 r" kill(?:ing)? myself | kms | suicid| end my life | end it all | unalive |"
                 r" (?:don't|dont|do not|no longer) want to (?:live|be alive|be here|exist|wake up) |"
                 r" (?:don't|dont) want to be alive | not want to be alive | better off (?:dead|without me) |"
                 r" no reason to live | nobody would (?:miss|care|notice) | no one would (?:miss|care|notice) |"
                 r" (?:hate|tired of) (?:my life|living|being alive) | wish i was dead | wish i were dead |"
                 r" wish i (?:wasn't|was never|had never been) born | can't go on | cant go on | done with (?:life|living|everything) |"
                 r" want to disappear | wanna disappear | should just die "),
    "plan": r" end it tonight | going to end it | gonna end it | (?:wrote|writing) (?:a|my) (?:suicide )?note |"
            r" (?:bought|got) (?:a )?rope | jump (?:off|from) | (?:wrote|writing|left) (?:a|my) goodbye (?:note|letter) ",
    "act": r" overdos| took (?:a bunch of|all (?:the|my)|too many|so many|lots of|a lot of|\w+) (?:pills|tablets|meds) |"
           r" od'd | i od | swallowed (?:pills|all) ",
    "farewell": r" goodbye (?:everyone|forever|all|world) | this is goodbye | thank you for everything and goodbye ",
    "self_harm": r" (?:cut|cutting|hurt|hurting|burn|burning|harm|harming) (?:myself|my arm|my wrist|my legs?) |"
                 r" self ?harm| relapsed ",
    "abuse": r" (?:dad|mom|mum|father|mother|stepdad|step dad|stepmom|parents?|brother|sister|uncle|boyfriend|"
             r"mom's boyfriend|mum's boyfriend|grandpa|he|she|they) (?:\w+ ){0,3}(?:hits|hit|beats|beat|kicks|kicked|"
             r"slaps|slapped|punches|punched|touches|touched|hurts|hurt|chokes|choked|burns|burned|locks|locked|"
             r"yells at|yell at|yelled at|screams at|scream at|screamed at|starves|kick|slap|punch|touch) (?:me|us) |"
             r" (?:scared|afraid|terrified) (?:to go|of going) (?:back )?home | (?:not|don't|dont) feel safe at home |"
             r" not safe at home | no food (?:at|in the) (?:home|house) | nothing to eat at home |"
             r" (?:lock|locked|kick|kicked|throw|threw) me out | abused | abusing me | abuse at home "
             r"| wish(?:es|ed)? (?:they|she|he) never had me | never wanted me ",
}
_ENGLISH_RE = {kind: re.compile(pattern) for kind, pattern in _ENGLISH.items()}
_ENGLISH_ANY = re.compile("|".join(f"(?:{p})" for p in _ENGLISH.values()))
_SURFACE_RE = {kind: re.compile(union(squash(fold(w)) for w in ws)) for kind, ws in _SURFACE.items()}
_SURFACE_ANY = re.compile(union(squash(fold(w)) for ws in _SURFACE.values() for w in ws))
_RULES_RE = {kind: tuple(rule(p) for p in ps) for kind, ps in _RULES.items()}
_RULESET = RuleSet(r for kind in ("abuse", "act", "means", "plan", "self_harm", "farewell", "ideation") for r in _RULES_RE[kind])
_KIND_OF = {id(r): kind for kind, rs in _RULES_RE.items() for r in rs}
# Hyperbole and game talk: 死 as "I'm done for" (テスト死んだ, 腹筋死んだ, 死ぬほど笑った) is never a lemma rule's
# subject; these exclusions only remove matches of the generic 死ぬ/殴る rules when the context is plainly a game.
_GAME = re.compile(r" (?:ゲーム|ボス|ラスボス|敵|モンスター|ゾンビ|キャラ|試合|ネット|sns|SNS|ツイッター|X|漫画|アニメ|映画|ドラマ|"
                   r"主人公|小説|夢)(?:#\S*)? ")
_ORDINARY_GOODBYE = re.compile(r" (?:又|また|今度|卒業|引退|先輩|部活|お疲れ|お疲れ様|転校|閉店|最終回|連載|配信|番組|"
                               r"おめでとう|御目出度う|お目出度う)(?:#\S*)? ")
_OUTSIDE = re.compile(r" (?:先生|先輩|顧問|コーチ|監督|店長|上司|バイト|塾|部活|審判|駅員|知らない)(?:#\S*)? ")
_PLAY = re.compile(r" (?:振り|ふり|真似|まね|ごっこ|遊び|冗談|ふざける|じゃれる|喧嘩ごっこ)(?:#\S*)? ")
_DEGREE = ("くらい", "ぐらい", "ほど")
_DEGREE_AFTER = ("くらい ", "ぐらい ", "ほど ", "位 ")  # 家に帰りたくないくらい楽しい: a degree, not a wish
_ORDER = ("abuse", "act", "means", "plan", "self_harm", "farewell", "ideation")
_FIRST_PERSON = re.compile(r" (?:私|俺|僕|自分|あたし|わたし|うち|おれ|ぼく|わい|オレ|ボク|ワタシ|アタシ) ")
_SELF_DEATH_WISH = rule("{死ぬ#仮定形} {ば} {良い}")
_TOLD = rule("{%s} ~6 {言う} {れる|られる}" % _FAMILY)
_HARSH = re.compile(r" (?:要る#未然形 ない|いる#未然形 ない|死ぬ#\S*|消える#命令形|出る#連用形 て 行く|出て行く|邪魔|産む|生む|"
                    r"失せる|ゴミ|ごみ|クズ|屑|役立たず|生まれる)")


# Talk *about* suicide prevention or the news is not a cry for help (自殺防止のポスター, 自殺のニュース).
_ABOUT = re.compile(r"(?:自殺|自死|虐待|自傷|じさつ|ぎゃくたい)(?:防止|予防|対策|相談窓口|のにゅーす|のぽすたー|って言葉|のどらま|の映画|の授業)")


def category(text: str) -> str | None:
    """The crisis kind of one text ("ideation", ..., "abuse") or None."""
    squashed = flat(text)
    if _SURFACE_ANY.search(squashed):
        about = _ABOUT.search(squashed) is not None
        for kind in _ORDER:
            if kind in _SURFACE_RE:
                match = _SURFACE_RE[kind].search(squashed)
                if match and not (about and _ABOUT.match(squashed, match.start())) \
                        and not squashed.startswith(_DEGREE, match.end()):
                    return kind
    english = latin(text)
    if english and _ENGLISH_ANY.search(english):
        for kind in _ORDER:
            if kind in _ENGLISH_RE and _ENGLISH_RE[kind].search(english):
                return kind
    for part in focus(text, _STEMS):
        for analysis in readings(part):
            found = _by_rules(analysis)
            if found is not None:
                return found
    return None


def _by_rules(analysis: Analysis) -> str | None:
    lemmas = analysis.lemmas
    game = None
    for i in _RULESET.candidates(analysis):
        r = _RULESET.rules[i]
        match = r.search(lemmas)
        if not match or lemmas.startswith(_DEGREE_AFTER, match.end()):
            continue  # 家に帰りたくないくらい楽しい: a degree, not a wish
        kind = _KIND_OF[id(r)]
        if kind == "farewell" and _ORDINARY_GOODBYE.search(lemmas):
            continue  # またね、さよなら / 先輩、今までありがとうございました (graduation)
        if kind == "abuse" and _PLAY.search(lemmas):
            continue  # 殴るふり, 叩き合いごっこ
        if r.pattern == _YELLED_AT and _OUTSIDE.search(lemmas):
            continue  # 先生に怒鳴られた, 部活の先輩に怒鳴られた: not a disclosure about home
        if kind in ("abuse", "ideation"):
            if game is None:
                game = _GAME.search(lemmas) is not None
            if game:
                continue
        return kind
    return _special(lemmas)


# 消える said of oneself: at the end of the line (…から消える), or after nothing but a few words
# (じゃあ消えるね); データが消えるね / このアプリ消えるね have a subject and are not.
_GONE = re.compile(r" 消える#終止形 (?:(?:ね|わ|よ|な|から|ます|\S*[。…!！.]+\S*)(?:#\S*)? )*$|"
                   r"^ (?:(?:もう|じゃあ|じゃ|では|なら|私|俺|僕|うち|あたし|自分|ちょっと|そろそろ|静か|に|は|も|、|…)"
                   r"(?:#\S*)? )*消える#終止形 (?:ね|わ|よ|ます|から)(?:#\S*)? ")


def _special(lemmas: str) -> str | None:
    if _GONE.search(lemmas):
        return "farewell"  # …から消える / 消えるね: said of oneself at the end of a line
    if _TOLD.search(lemmas) and _HARSH.search(lemmas):
        return "abuse"  # 親に「いらない」「死ね」と言われた
    if _SELF_DEATH_WISH.search(lemmas) and _FIRST_PERSON.search(lemmas):
        return "ideation"  # 私なんか死ねばいいのに: about oneself (said to someone else it is harassment)
    return None


def screen(text: str, recent: tuple[str, ...] = ()) -> str | None:
    """`category` of the text, or of the text joined with the sender's recent lines when only the join says it."""
    found = category(text)
    if found is not None or not recent:
        return found
    earlier = recent[-2:]
    joined = category(" ".join((*earlier, text)))
    if joined is None:
        return None
    if category(" ".join(earlier)) is not None:  # already said (and held) before; this line adds nothing
        return None
    return joined


def crisis_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    warm()  # at start, so the first visitor whose words reach the analyser does not wait ~100 ms for it

    def hook(subject: Subject) -> Verdict | None:
        if subject.kind != "say":
            return None
        found = screen(subject.text, subject.recent)
        if found is None:
            return None
        return Verdict("hold", reason=REASON, rule=f"crisis:{found}")

    return hook
