"""Where a visitor can be found: an address (丁目, 番地, 3-12-5, a postcode, a flat's room), a
school with a grade or class, and questions about where someone lives or studies (どこ住み, 何中？)."""
from __future__ import annotations

import re

from .patterns import _Anchored


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
