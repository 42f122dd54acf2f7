"""Proposals to meet in person: a meet word with a real place or a time (駅前で会おう, 北口に17時,
うち来ない？); a meeting in the festival itself (ステージで会おう) is not a meetup."""
from __future__ import annotations

import re

from .patterns import _Anchored, _HAS_DIGIT


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
