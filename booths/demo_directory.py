"""The demo festival's member directory: fictional organisations in real Saitama places.

Why this exists: the festival demo, the directory UI and the matcher need a
directory that looks like the real thing (many municipalities, realistic
opening hours, every kind of service, places that must not be shown on a
map) without inventing anything a young visitor could mistake for a real
place to go. So:

* every organisation, place, address, person-free contact and schedule below
  is fictional, and every fictional organisation's name ends with "(架空)";
  phone numbers are the obviously fake "000-0000-0000", mail is @example.jp,
  web pages are https://example.jp/..., postal codes are "000-0000";
* municipality names, codes and reference points are real, read at run time
  from the code4fukui/localgovjp CSV (CC0); places sit a few hundred metres
  to ~3 km from the municipality's reference point, never on it;
* the national consultation lines under "全国の相談窓口" are real public
  services; each carries its source in `x_source`.

Documents are HSDS 3.x organizations (nested locations and services); our
own fields start with `x_`. They pass `booths.hsds.check_organization`.
Nothing is random: ids are uuid5 of names, offsets come from a hash.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from .hsds import stable_id
from .municipalities import Municipality, load_municipalities
from .vocabulary import FIRST_CONTACT, KINDS, LIFE_STAGES, MEMBER_CATEGORIES, PRECISIONS, TERMS_BY_ID

__all__ = ["DEMO_SOURCE_NOTE", "NATIONAL_LINES_NAME", "demo_organizations"]


NATIONAL_LINES_NAME = "全国の相談窓口"
FICTIONAL_MARK = "(架空)"
FAKE_PHONE = "000-0000-0000"
FAKE_POSTAL = "000-0000"
ASSURED_DATE = "2026-10-15"

DEMO_SOURCE_NOTE = (
    "デモ用の架空データです。団体名が「(架空)」で終わる団体、その場所・住所・連絡先・日時・定員はすべて架空で、"
    "電話番号は 000-0000-0000、メールは example.jp、ウェブは https://example.jp/ を使っています。"
    "市区町村名・団体コード・基準点(役所の位置)は実在のもので、code4fukui/localgovjp "
    "(https://github.com/code4fukui/localgovjp, CC0) の localgovjp-utf8.csv から読み込んでいます。"
    "「全国の相談窓口」の各窓口は実在の公的な相談窓口で、出典を x_source に記載しています"
    "(受付時間などは変わることがあるため、利用前に出典で確認してください)。 / "
    "Demo data: every organisation whose name ends with (架空) and its places, addresses, contacts, hours and "
    "capacities are fictional. Municipality names, codes and reference points are real, from code4fukui/localgovjp "
    "(CC0). The national lines under 全国の相談窓口 are real; each cites its source in x_source."
)

JA = ({"name": "日本語", "code": "ja"},)
JA_EN = JA + ({"name": "英語", "code": "en"},)
MULTI = JA_EN + ({"name": "中国語", "code": "zh"}, {"name": "ベトナム語", "code": "vi"},
                 {"name": "タガログ語", "code": "tl"}, {"name": "ポルトガル語", "code": "pt"})

_PREFIX = {"c": "concern", "i": "interest", "a": "audience"}
NENMATSU = {"x_closed": True, "x_annual": "12-29/01-03", "description": "年末年始"}


# --------------------------------------------------------------------------- #
# Schedule rows (HSDS JSON, as booths.schedule.from_hsds reads them)
# --------------------------------------------------------------------------- #


def _t(hhmm: str) -> str:
    return f"{hhmm}:00+09:00"


def weekly(byday: str, opens: str, closes: str, description: str, *, holidays: str = "open",
           valid_from: str | None = None, valid_to: str | None = None) -> dict[str, Any]:
    """Every week on `byday` ("MO,WE")."""
    row: dict[str, Any] = {"freq": "WEEKLY", "byday": byday, "opens_at": _t(opens), "closes_at": _t(closes),
                           "x_holidays": holidays, "description": description}
    if valid_from:
        row["valid_from"] = valid_from
    if valid_to:
        row["valid_to"] = valid_to
    return row


def monthly(byday: str, opens: str, closes: str, description: str, *, holidays: str = "open") -> dict[str, Any]:
    """Every month on `byday` with ordinals ("2SA", "1SU,3SU")."""
    return {"freq": "MONTHLY", "byday": byday, "opens_at": _t(opens), "closes_at": _t(closes),
            "x_holidays": holidays, "description": description}


def dated(valid_from: str, valid_to: str, opens: str, closes: str, description: str) -> dict[str, Any]:
    """Every day from valid_from to valid_to (one day when equal): a festival-month event."""
    return {"valid_from": valid_from, "valid_to": valid_to, "opens_at": _t(opens), "closes_at": _t(closes),
            "description": description}


DAILY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


# --------------------------------------------------------------------------- #
# Compact specs
# --------------------------------------------------------------------------- #


@dataclass(frozen=True, slots=True)
class Loc:
    """A place of an organisation. `lgcode` defaults to the organisation's."""

    key: str
    name: str
    virtual: bool = False
    precision: str = "exact"
    street: str = ""  # fictional; shown only for exact / approximate places
    lgcode: str | None = None
    url: str | None = None
    access: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Svc:
    """A service; `terms` is a space-separated list like "c:school i:music a:youth"."""

    key: str
    name: str
    en: str
    kind: str
    desc: str
    ages: tuple[int | None, int | None] = (13, 24)
    terms: str = ""
    schedules: tuple[dict[str, Any], ...] = ()
    contact: tuple[str, ...] = ("walk_in",)
    anonymous: bool = True
    accompaniment: bool = False
    booking: bool = False
    referrals: bool = True
    capacity: tuple[int, int] | None = None  # (available, maximum)
    locs: tuple[int, ...] = (0,)
    fees: str = "無料"
    languages: tuple[dict[str, str], ...] = JA
    eligibility: str | None = None
    application: str | None = None
    source: str | None = None
    phone: str | None = None
    area: tuple[str, ...] | None = None  # service-area codes; None: the organisation's municipality


@dataclass(frozen=True, slots=True)
class Org:
    slug: str
    title: str  # the booth's title in Japanese (what clients show by default)
    title_en: str  # and in English (shown when English is chosen): one language at a time, never "日本語 / English"
    name: str
    lgcode: str
    category: str
    desc: str
    locs: tuple[Loc, ...]
    svcs: tuple[Svc, ...]
    phone: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- #
# The members (all fictional)
# --------------------------------------------------------------------------- #

_RAMP = (("車いす可", "入口にスロープ、館内にエレベーターがあります"),)
_TOILET = (("多目的トイレ", "オストメイト対応の多目的トイレがあります"),)
_STEPS = (("段差あり", "入口に3段の階段があります。手伝いが必要なら声をかけてください"),)
_QUIET = (("静かな部屋", "人の多さがつらいときに休める小部屋があります"),)
_UNKNOWN_HOURS = "日時は毎月のお知らせで"

ORGS: tuple[Org, ...] = (
    Org("kawagoe-music", "音楽であそぼう", "Music corner", "川越ユースミュージック(架空)", "112011", "npo",
        "楽器が弾けなくても大丈夫。聴くだけ、見るだけでも来られる、10代・20代のための音楽の居場所です。",
        (Loc("studio", "川越ユーススタジオ(架空)", street="駅前通り1-1(架空)", access=_RAMP + _QUIET),
         Loc("online", "オンライン音楽部屋(架空)", virtual=True, url="https://example.jp/kawagoe-music/online")),
        (Svc("weekend-band", "週末バンドあそび", "Weekend band jam", "activity",
             "土日の午後、スタジオの楽器を自由に使えます。学校がしんどい人、学校に行っていない人も歓迎。"
             "途中で来ても帰ってもOK。スタッフは音楽好きの大学生と社会人です。",
             ages=(13, 24), terms="i:music i:talking c:school c:loneliness a:youth",
             schedules=(weekly("SA,SU", "13:00", "17:00", "土日 13時〜17時"), NENMATSU),
             contact=("walk_in", "line", "chat"), capacity=(12, 20),
             eligibility="13〜24歳。楽器の経験は問いません", application="直接来てください。LINEで事前に聞いてもOK"),
         Svc("after-school-studio", "放課後スタジオ開放", "After-school open studio", "居場所",
             "平日の放課後、スタジオでのんびり過ごせます。練習しても、マンガを読んでも、宿題をしてもOK。",
             ages=(12, 18), terms="i:music i:reading c:loneliness c:friends a:youth",
             schedules=(weekly("TU,TH", "16:00", "19:00", "火・木 16時〜19時", holidays="closed"), NENMATSU),
             contact=("walk_in",)),
         Svc("xmas-live", "クリスマス・ミニライブ出演者募集", "Christmas mini live: performers wanted", "event",
             "12月の2日間、スタジオでミニライブ。1人1曲、ひとりでもグループでも。見に来るだけの参加も歓迎。",
             ages=(13, 24), terms="i:music a:youth",
             schedules=(dated("2026-12-19", "2026-12-20", "14:00", "17:00", "2026年12月19日・20日 14時〜17時"),),
             contact=("form", "line"), booking=True, capacity=(10, 10),
             application="出演は申込フォームから先着10組。見学は予約不要"),
         Svc("online-session", "夜のオンライン音楽部屋", "Evening online music room", "activity",
             "好きな曲を紹介し合うオンラインの集まり。カメラ・マイクはオフでも参加できます。",
             ages=(15, 29), terms="i:music i:talking c:loneliness a:youth",
             schedules=(weekly("WE", "20:00", "21:30", "水曜 20時〜21時半"),), contact=("chat",), locs=(1,)),
         )),
    Org("chichibu-nature", "秩父の森あそび", "Forest days", "ちちぶ自然学校(架空)", "112071", "npo",
        "秩父の森と川で、季節の自然体験をする団体です。街の生活に疲れた人の週末の居場所にも。",
        (Loc("base", "ちちぶ森のベース(架空)", precision="approximate", street="山田の森(架空)", access=_STEPS),
         Loc("hut", "森の小屋(架空)", precision="approximate", street="荒川沿いの小屋(架空)")),
        (Svc("forest-day", "森あそびの日", "Forest day", "event",
             "毎月第2土曜、森を歩いて焚き火でお昼を作ります。歩くのが苦手な人向けの短いコースもあります。",
             ages=(10, 24), terms="i:nature i:cooking i:sports c:self a:youth",
             schedules=(monthly("2SA", "10:00", "15:00", "毎月第2土曜 10時〜15時"),),
             contact=("form", "email"), booking=True, capacity=(8, 15), fees="500円(材料費)。払えない人は無料",
             application="前の週の水曜までに申込フォームで"),
         Svc("winter-camp", "冬の焚き火キャンプ", "Winter campfire camp", "event",
             "12月の一泊キャンプ。テントと寝袋は貸し出します。保護者の同意書が必要です(18歳未満)。",
             ages=(15, 22), terms="i:nature i:cooking c:loneliness a:youth",
             schedules=(dated("2026-12-05", "2026-12-06", "10:00", "16:00", "2026年12月5日〜6日(一泊)"),),
             contact=("form",), booking=True, capacity=(6, 10), locs=(1,), fees="2,000円(食費)。減免あり",
             application="11月20日までに申込フォームで。定員10人"),
         Svc("mountain-ibasho", "山の居場所", "Mountain drop-in", "居場所",
             f"森の小屋を開けて、薪割りをしたりお茶を飲んだりして過ごします。{_UNKNOWN_HOURS}。",
             ages=(13, 29), terms="i:nature i:talking c:loneliness c:self a:youth",
             contact=("line", "email"), locs=(1,)),
         Svc("night-walk", "冬の星空ウォーク", "Winter stargazing walk", "event",
             "12月の夜、森の道を星を見ながら歩きます。温かい飲み物つき。",
             ages=(15, 39), terms="i:nature c:loneliness a:youth",
             schedules=(dated("2026-12-18", "2026-12-18", "18:30", "20:30", "2026年12月18日 18時半〜20時半"),),
             contact=("form",), booking=True, capacity=(10, 20)),
         )),
    Org("saitama-ibasho", "ふらっと居場所", "Drop-in space", "さいたま若者ひろば(架空)", "111007", "npo",
        "さいたま市内で、予約なしで来られる若者の居場所と、働くことの相談をしています。",
        (Loc("urawa", "ひろば浦和(架空)", street="高砂1丁目(架空)", lgcode="111074", access=_RAMP + _TOILET),
         Loc("omiya", "ひろば大宮(架空)", precision="approximate", street="大門町(架空)", lgcode="111031",
             access=_RAMP),
         Loc("online", "ひろばオンライン(架空)", virtual=True, url="https://example.jp/saitama-ibasho/chat")),
        (Svc("drop-in", "ふらっと居場所", "Drop-in space", "居場所",
             "勉強しても、ゲームしても、何もしなくてもいい場所。名前を言わなくても入れます。",
             ages=(13, 29), terms="i:games i:study i:talking c:loneliness c:school c:family a:youth",
             schedules=(weekly(WEEKDAYS, "15:00", "20:00", "平日 15時〜20時", holidays="closed"), NENMATSU),
             contact=("walk_in",), locs=(0, 1), languages=JA_EN),
         Svc("night-chat", "夜のオンラインおしゃべり", "Evening online chat", "activity",
             "水曜と金曜の夜、テキストチャットでおしゃべり。匿名・ニックネームでOK。",
             ages=(15, 29), terms="i:talking c:loneliness c:friends c:self a:youth",
             schedules=(weekly("WE,FR", "20:00", "22:00", "水・金 20時〜22時"),), contact=("chat",), locs=(2,),
             area=("111007",)),
         Svc("work-consult", "はたらく準備相談", "Getting ready for work", "consultation",
             "働いたことがない、仕事が続かない、何をしたいかわからない。そんな相談を予約制で聞きます。",
             ages=(15, 39), terms="c:work c:money c:self a:youth a:parents",
             schedules=(weekly("TU,TH,SA", "10:00", "17:00", "火・木・土 10時〜17時(予約制)", holidays="closed"),
                        NENMATSU),
             contact=("phone", "email", "form"), anonymous=False, accompaniment=True, booking=True, locs=(1,),
             application="電話・メール・フォームで予約。家族だけの相談も可"),
         Svc("study-sa", "土曜の自習室", "Saturday study room", "activity",
             "土曜の午前、静かに勉強できる部屋を開けています。わからない所は大学生ボランティアに聞けます。",
             ages=(12, 18), terms="i:study c:school a:youth",
             schedules=(weekly("SA", "10:00", "12:30", "土曜 10時〜12時半"),), contact=("walk_in",),
             capacity=(10, 16)),
         )),
    Org("tokorozawa-games", "ボードゲーム会", "Board games", "所沢あそび研究会(架空)", "112089", "npo",
        "ボードゲームやTRPGで、話すのが苦手でも自然に人と関われる場を作っています。",
        (Loc("hall", "所沢あそびラボ(架空)", street="日吉町(架空)", access=_RAMP),
         Loc("online", "あそびラボ・オンライン(架空)", virtual=True, url="https://example.jp/tokorozawa-games/online")),
        (Svc("boardgames", "土曜ボードゲーム会", "Saturday board games", "activity",
             "100種類以上のボードゲームで遊べます。ルールはスタッフが説明します。見学だけでもどうぞ。",
             ages=(12, 29), terms="i:games i:talking c:friends c:loneliness a:youth",
             schedules=(weekly("SA", "13:00", "17:00", "土曜 13時〜17時"), NENMATSU), contact=("walk_in", "line"),
             capacity=(14, 24)),
         Svc("trpg", "TRPG体験会", "Tabletop RPG taster", "event",
             "毎月第4日曜、初めての人向けのTRPG体験。キャラクター作りから一緒にやります。",
             ages=(15, 29), terms="i:games i:reading c:friends a:youth",
             schedules=(monthly("4SU", "13:00", "17:00", "毎月第4日曜 13時〜17時"),), contact=("form",),
             booking=True, capacity=(5, 8)),
         Svc("online-games", "オンラインゲーム交流会", "Online games night", "activity",
             "ブラウザで遊べるゲームを一緒に。ボイスチャットなしでも参加できます。",
             ages=(13, 24), terms="i:games i:tech c:loneliness a:youth",
             schedules=(weekly("FR", "19:30", "21:30", "金曜 19時半〜21時半"),), contact=("chat",), locs=(1,)),
         )),
    Org("koshigaya-cooking", "みんなでごはん", "Cook together", "越谷こども食堂ネット(架空)", "112224", "npo",
        "子ども食堂と学習支援のネットワーク。ひとりでごはんを食べる日が多い子や若者に、あたたかい食卓を。",
        (Loc("kitchen", "こしがや みんなの台所(架空)", precision="approximate", street="越ヶ谷本町(架空)",
             access=_RAMP),
         Loc("hall", "地区センター調理室(架空)", street="南越谷(架空)", access=_RAMP + _TOILET)),
        (Svc("dinner", "みんなでごはん", "Dinner together", "居場所",
             "水曜の夕方、みんなで作って食べます。手伝わずに食べるだけでもOK。",
             ages=(6, 18), terms="i:cooking i:talking c:family c:money c:loneliness a:youth a:parents",
             schedules=(weekly("WE", "17:00", "20:00", "水曜 17時〜20時"), NENMATSU), contact=("walk_in",),
             capacity=(20, 40), fees="子ども無料、大人300円"),
         Svc("homework", "宿題タイム", "Homework time", "activity",
             "火・木の放課後、元教員と大学生が宿題を見ます。",
             ages=(9, 15), terms="i:study c:school a:youth",
             schedules=(weekly("TU,TH", "16:00", "18:00", "火・木 16時〜18時", holidays="closed"),),
             contact=("walk_in", "phone"), capacity=(8, 15)),
         Svc("osechi", "年末おせちづくり", "New Year cooking day", "event",
             "12月の土曜に、かんたんなおせち料理を作って持ち帰ります。",
             ages=(12, 24), terms="i:cooking c:family a:youth",
             schedules=(dated("2026-12-26", "2026-12-26", "10:00", "14:00", "2026年12月26日 10時〜14時"),),
             contact=("form", "phone"), booking=True, capacity=(10, 12), locs=(1,), fees="材料費200円"),
         )),
    Org("kumagaya-soudan", "なんでも相談", "Talk to us", "熊谷市 若者相談窓口(架空)", "112020", "municipality",
        "15歳から39歳までの本人と家族の相談窓口(架空)。学校、仕事、家族、こころのこと、なんでも。",
        (Loc("office", "熊谷若者相談室(架空)", street="宮町(架空)", access=_RAMP + _TOILET + _QUIET),
         Loc("line", "LINE相談(架空)", virtual=True, url="https://example.jp/kumagaya-soudan/line")),
        (Svc("counter", "若者なんでも相談", "Youth advice desk", "consultation",
             "相談員(公認心理師・社会福祉士)が話を聞きます。本人が来られなくても、家族だけの相談もできます。",
             ages=(15, 39), terms="c:school c:work c:family c:self c:health a:youth a:parents",
             schedules=(weekly(WEEKDAYS, "09:00", "17:00", "平日 9時〜17時", holidays="closed"), NENMATSU),
             contact=("walk_in", "phone", "email"), anonymous=True, accompaniment=True,
             application="電話で予約するとお待たせしません。予約なしでも空いていれば対応します"),
         Svc("line-consult", "LINE相談", "LINE chat advice", "consultation",
             "平日の夜、LINEで相談できます。名前は言わなくて大丈夫。",
             ages=(15, 39), terms="c:self c:friends c:school c:loneliness a:youth",
             schedules=(weekly("MO,WE,FR", "18:00", "21:00", "月・水・金 18時〜21時", holidays="closed"),),
             contact=("line",), locs=(1,)),
         Svc("parents", "家族のための相談日", "Advice for families", "consultation",
             "ひきこもりや不登校の子をもつ家族の相談。第1・第3土曜。",
             ages=(None, None), terms="c:family c:school a:parents",
             schedules=(monthly("1SA,3SA", "10:00", "15:00", "第1・第3土曜 10時〜15時"),),
             contact=("phone", "form"), anonymous=False, booking=True,
             eligibility="15〜39歳の人の家族"),
         )),
    # ---- 24 more members ----
    Org("kawaguchi-multicultural", "多文化ユース", "Many roots, one place", "川口多文化ユースセンター(架空)", "112038", "npo",
        "外国にルーツのある子ども・若者の学びと居場所。やさしい日本語と多言語で。",
        (Loc("center", "川口ユースセンター(架空)", street="栄町(架空)", access=_RAMP + _TOILET),
         Loc("online", "多言語チャット(架空)", virtual=True, url="https://example.jp/kawaguchi-multicultural/chat")),
        (Svc("japanese", "にほんご教室", "Japanese class", "activity",
             "学校の勉強についていくための日本語。レベル別の小さなグループで。",
             ages=(10, 24), terms="c:language c:school i:study a:foreign_residents a:youth",
             schedules=(weekly("MO,WE", "17:00", "19:00", "月・水 17時〜19時", holidays="closed"),),
             contact=("walk_in", "email"), capacity=(6, 20), languages=MULTI),
         Svc("soccer", "日曜フットサル", "Sunday futsal", "activity",
             "国籍も言葉もまぜこぜのフットサル。うまくなくてOK。",
             ages=(12, 24), terms="i:sports c:friends a:foreign_residents a:youth",
             schedules=(weekly("SU", "10:00", "12:00", "日曜 10時〜12時"),), contact=("walk_in",), languages=MULTI),
         Svc("multilang-consult", "多言語相談", "Advice in your language", "consultation",
             "学校、ビザ、家族、お金のこと。通訳ボランティアと一緒に聞きます。",
             ages=(12, 39), terms="c:language c:family c:money c:school a:foreign_residents a:parents",
             schedules=(weekly("SA", "13:00", "17:00", "土曜 13時〜17時"),), contact=("walk_in", "chat", "email"),
             accompaniment=True, languages=MULTI, locs=(0, 1)),
         )),
    Org("kasukabe-manga", "マンガ部屋", "Manga room", "春日部まんが図書室(架空)", "112143", "npo",
        "マンガ3,000冊の小さな図書室。読むのも描くのも自由です。",
        (Loc("room", "まんが図書室(架空)", precision="approximate", street="粕壁東(架空)", access=_STEPS),),
        (Svc("reading", "まんが図書室の開放", "Manga library open hours", "居場所",
             "話さなくていい、静かな居場所。好きなだけ読んでいってください。",
             ages=(10, 24), terms="i:reading c:loneliness c:school a:youth",
             schedules=(weekly("WE,TH,FR", "14:00", "19:00", "水〜金 14時〜19時", holidays="closed"),
                        weekly("SA", "11:00", "17:00", "土曜 11時〜17時"), NENMATSU),
             contact=("walk_in",)),
         Svc("drawing", "イラスト・マンガ教室", "Drawing manga", "event",
             "毎月第3日曜、プロのアシスタント経験者がコマ割りやキャラの描き方を教えます。",
             ages=(12, 22), terms="i:art i:reading a:youth",
             schedules=(monthly("3SU", "13:00", "16:00", "毎月第3日曜 13時〜16時"),), contact=("form",),
             booking=True, capacity=(4, 10)),
         Svc("zine", "ZINEづくり", "Make a zine", "activity", f"自分だけの小さな本を作ります。{_UNKNOWN_HOURS}。",
             ages=(13, 29), terms="i:art i:reading c:self a:youth", contact=("form", "email")),
         )),
    Org("soka-volunteer", "ボランティアはじめ", "First volunteering", "草加ユースボランティアセンター(架空)", "112216",
        "social_welfare_council",
        "社会福祉協議会(架空)の若者向けボランティア窓口。1回だけの体験から。",
        (Loc("center", "草加ボランティアセンター(架空)", street="高砂(架空)", access=_RAMP + _TOILET),),
        (Svc("taste", "ボランティア体験デー", "Volunteering taster day", "event",
             "毎月第2土曜、高齢者施設や公園清掃などを半日体験。友だちと一緒でもひとりでも。",
             ages=(13, 29), terms="i:volunteering c:friends c:self a:youth",
             schedules=(monthly("2SA", "09:30", "12:30", "毎月第2土曜 9時半〜12時半"),), contact=("form", "phone"),
             booking=True, capacity=(10, 20), anonymous=False),
         Svc("year-end", "歳末たすけあい 年末ボランティア", "Year-end helping hands", "event",
             "12月の3日間、食品の仕分けや配達のお手伝い。1日だけでも参加できます。",
             ages=(15, 39), terms="i:volunteering c:money a:youth",
             schedules=(dated("2026-12-14", "2026-12-16", "10:00", "15:00", "2026年12月14日〜16日 10時〜15時"),),
             contact=("form",), booking=True, capacity=(10, 15), anonymous=False),
         Svc("desk", "ボランティア相談窓口", "Volunteering desk", "consultation",
             "自分に合う活動を一緒に探します。",
             ages=(13, 39), terms="i:volunteering c:self c:work a:youth",
             schedules=(weekly(WEEKDAYS, "09:00", "17:00", "平日 9時〜17時", holidays="closed"), NENMATSU),
             contact=("walk_in", "phone", "email")),
         )),
    Org("ageo-esports", "eスポーツ部", "Esports club", "あげおeスポーツクラブ(架空)", "112194", "company",
        "地元企業(架空)が運営する、ゲームとパソコンの学び場。",
        (Loc("arena", "あげおゲームアリーナ(架空)", street="宮本町(架空)", access=_RAMP),
         Loc("online", "オンライン教室(架空)", virtual=True, url="https://example.jp/ageo-esports/class")),
        (Svc("practice", "eスポーツ練習会", "Esports practice", "activity",
             "ゲーミングPCで練習。チーム戦もソロもあります。ゲーム時間は1日2時間まで。",
             ages=(12, 22), terms="i:games i:tech c:friends a:youth",
             schedules=(weekly("SA,SU", "10:00", "16:00", "土日 10時〜16時"),), contact=("walk_in", "form"),
             capacity=(8, 16)),
         Svc("coding", "はじめてのプログラミング", "First steps in coding", "activity",
             "ゲームを作りながらプログラミングを学ぶオンライン講座。",
             ages=(10, 18), terms="i:tech i:study a:youth",
             schedules=(weekly("TH", "18:00", "19:30", "木曜 18時〜19時半"),), contact=("form",), booking=True,
             capacity=(5, 12), locs=(1,)),
         Svc("tournament", "年末ゲーム大会", "Year-end tournament", "event",
             "12月の日曜、初心者限定のゲーム大会。",
             ages=(12, 22), terms="i:games a:youth",
             schedules=(dated("2026-12-13", "2026-12-13", "13:00", "17:00", "2026年12月13日 13時〜17時"),),
             contact=("form",), booking=True, capacity=(10, 16)),
         )),
    Org("iruma-hidamari", "ひだまりの家", "A sunny room", "いるま ひだまりの家(架空)", "112259", "npo",
        "学校に行っていない子が昼間に過ごせる、民家を使った小さな居場所。場所は申込後にお知らせします。",
        (Loc("house", "ひだまりの家(架空)", precision="hidden", access=_STEPS + _QUIET),),
        (Svc("daytime", "昼間の居場所", "Daytime place for kids not at school", "居場所",
             "学校に行けない日、家にいづらい日に。勉強もできるし、ごろごろしてもいい。",
             ages=(9, 18), terms="c:school c:family c:loneliness i:reading i:cooking a:youth a:parents",
             schedules=(weekly(WEEKDAYS, "10:00", "15:00", "平日 10時〜15時", holidays="closed"), NENMATSU),
             contact=("phone", "email", "line"), anonymous=False, accompaniment=True, booking=True,
             capacity=(3, 8), fees="月1,000円(払えない場合は無料)",
             application="最初に見学の予約をしてください。保護者と一緒でも、本人だけでも"),
         Svc("parents-cafe", "親カフェ", "Parents' café", "event",
             "不登校の子をもつ親の集まり。毎月最終土曜。",
             ages=(None, None), terms="c:family c:school a:parents",
             schedules=(monthly("-1SA", "10:00", "12:00", "毎月最終土曜 10時〜12時"),), contact=("email", "phone"),
             booking=True, capacity=(6, 10), fees="300円(お茶代)", eligibility="保護者"),
         )),
    Org("hanno-craft", "木工房", "Woodcraft", "飯能森のクラフト工房(架空)", "112097", "company",
        "西川材の木工房(架空)。ものづくりで手を動かす時間を。",
        (Loc("workshop", "森のクラフト工房(架空)", precision="approximate", street="南町(架空)", access=_STEPS),),
        (Svc("woodwork", "週末木工", "Weekend woodwork", "activity",
             "スプーンや小物入れを作ります。道具の使い方から教えます。",
             ages=(12, 29), terms="i:art i:nature c:self a:youth",
             schedules=(weekly("SU", "10:00", "15:00", "日曜 10時〜15時"),), contact=("form", "walk_in"),
             capacity=(5, 8), fees="材料費500円"),
         Svc("xmas-craft", "クリスマスのオーナメントづくり", "Christmas ornaments", "event",
             "12月の2日間、木のオーナメントを作ります。",
             ages=(10, 24), terms="i:art a:youth",
             schedules=(dated("2026-12-12", "2026-12-13", "13:00", "16:00", "2026年12月12日・13日 13時〜16時"),),
             contact=("form",), booking=True, capacity=(10, 10), fees="材料費300円"),
         Svc("job-taste", "工房のしごと体験", "Try a day in the workshop", "activity",
             "木工職人の仕事を1日体験。進路に迷っている人に。",
             ages=(15, 29), terms="c:work i:art a:youth",
             schedules=(monthly("1SA", "09:00", "16:00", "毎月第1土曜 9時〜16時"),), contact=("form", "email"),
             anonymous=False, booking=True, capacity=(2, 3)),
         )),
    Org("honjo-dance", "ダンス部", "Dance crew", "本庄ユースダンス(架空)", "112119", "npo",
        "ストリートダンスのゆるいサークル。体を動かしてすっきりしたい人に。",
        (Loc("hall", "本庄市民ホール練習室(架空)", street="本庄2丁目(架空)", access=_RAMP),),
        (Svc("practice", "ダンス練習会", "Dance practice", "activity",
             "初心者クラスと経験者クラス。見学自由。",
             ages=(10, 24), terms="i:sports i:music c:friends a:youth",
             schedules=(weekly("TU,FR", "18:00", "20:00", "火・金 18時〜20時", holidays="closed"),),
             contact=("walk_in", "line"), capacity=(10, 25)),
         Svc("showcase", "年末ショーケース", "Year-end showcase", "event",
             "12月の発表会。出る人も見る人も。",
             ages=(10, 24), terms="i:sports i:music a:youth",
             schedules=(dated("2026-12-27", "2026-12-27", "14:00", "16:00", "2026年12月27日 14時〜16時"),),
             contact=("form",), booking=True, capacity=(10, 60)),
         )),
    Org("fukaya-shigoto", "しごと相談", "Work advice", "ふかや若者しごと相談室(架空)", "112186", "municipality",
        "市(架空の窓口)の若者就労相談。働く前の不安から職場体験まで。",
        (Loc("office", "若者しごと相談室(架空)", street="仲町(架空)", access=_RAMP + _TOILET),
         Loc("online", "オンライン相談(架空)", virtual=True, url="https://example.jp/fukaya-shigoto/online")),
        (Svc("consult", "若者しごと相談", "Youth work advice", "consultation",
             "キャリアコンサルタントが相談にのります。履歴書に空白がある人も大歓迎。",
             ages=(15, 39), terms="c:work c:money c:self a:youth a:parents",
             schedules=(weekly(WEEKDAYS, "09:30", "17:00", "平日 9時半〜17時", holidays="closed"), NENMATSU),
             contact=("phone", "email", "form"), anonymous=False, accompaniment=True, booking=True, locs=(0, 1)),
         Svc("visit", "職場見学ツアー", "Workplace visits", "event",
             "毎月第2水曜、地元の会社(架空)を見学します。",
             ages=(15, 39), terms="c:work a:youth",
             schedules=(monthly("2WE", "13:00", "16:00", "毎月第2水曜 13時〜16時", holidays="closed"),),
             contact=("form", "phone"), anonymous=False, booking=True, capacity=(4, 6)),
         Svc("evening-online", "夜のオンライン就活相談", "Evening online job talk", "consultation",
             "仕事帰り・バイト帰りに。ビデオでもチャットでも。",
             ages=(18, 39), terms="c:work c:self a:youth",
             schedules=(weekly("TH", "19:00", "21:00", "木曜 19時〜21時", holidays="closed"),),
             contact=("chat", "form"), booking=True, locs=(1,)),
         )),
    Org("toda-waterside", "水辺スポーツ", "Waterside sports", "とだ水辺スポーツクラブ(架空)", "112241", "npo",
        "荒川の水辺でボートやランニング。体を動かす仲間づくり。",
        (Loc("boathouse", "水辺クラブハウス(架空)", precision="approximate", street="戸田公園(架空)", access=_RAMP),),
        (Svc("rowing", "ボート体験", "Try rowing", "activity", "土曜の朝、コーチと一緒にボートに乗ります。",
             ages=(12, 24), terms="i:sports i:nature c:friends a:youth",
             schedules=(weekly("SA", "08:00", "11:00", "土曜 8時〜11時", valid_from="2026-04-01",
                               valid_to="2026-11-30"),),
             contact=("form",), booking=True, capacity=(6, 8), anonymous=False),
         Svc("run", "ゆるラン", "Easy run", "activity", "日曜の朝、おしゃべりしながら5km。歩いてもOK。",
             ages=(13, 39), terms="i:sports c:health c:loneliness a:youth",
             schedules=(weekly("SU", "08:00", "09:30", "日曜 8時〜9時半"),), contact=("walk_in",)),
         )),
    Org("asaka-pride", "にじいろユース", "Rainbow youth", "朝霞プライドユース(架空)", "112275", "npo",
        "LGBTQ+ やそうかもしれない若者のための、安心して話せる場所。",
        (Loc("space", "にじいろスペース(架空)", precision="municipality", access=_QUIET),
         Loc("online", "にじいろオンライン(架空)", virtual=True, url="https://example.jp/asaka-pride/online")),
        (Svc("meetup", "にじいろ交流会", "Rainbow youth meetup", "event",
             "毎月第2・第4日曜。ニックネームで参加できます。場所は申込後にお知らせします。",
             ages=(15, 29), terms="c:gender c:loneliness c:friends i:talking a:lgbtq a:youth",
             schedules=(monthly("2SU,4SU", "14:00", "17:00", "毎月第2・第4日曜 14時〜17時"),),
             contact=("form", "email"), booking=True, capacity=(8, 12)),
         Svc("chat", "にじいろチャット相談", "Rainbow chat line", "consultation",
             "性のこと、からだのこと、カミングアウトのこと。当事者スタッフがチャットで聞きます。",
             ages=(13, 29), terms="c:gender c:self c:family c:health a:lgbtq a:youth",
             schedules=(weekly("TU,SA", "19:00", "22:00", "火・土 19時〜22時"),), contact=("chat",), locs=(1,),
             ),
         Svc("parents", "家族のための勉強会", "For families of LGBTQ+ youth", "event",
             f"子どもからカミングアウトされた家族の勉強会。{_UNKNOWN_HOURS}。",
             ages=(None, None), terms="c:gender c:family a:parents", contact=("email",), anonymous=False),
         )),
    Org("niiza-art", "アートスタジオ", "Art studio", "新座アートスタジオ(架空)", "112305", "npo",
        "絵の具、粘土、写真。自由に表現できるアトリエ。",
        (Loc("atelier", "新座アトリエ(架空)", street="野火止(架空)", access=_RAMP),),
        (Svc("open-atelier", "オープンアトリエ", "Open studio", "居場所",
             "画材は自由に使えます。描かずにおしゃべりだけでも。",
             ages=(6, 24), terms="i:art i:talking c:loneliness a:youth",
             schedules=(weekly("WE,SA", "14:00", "18:00", "水・土 14時〜18時"), NENMATSU), contact=("walk_in",)),
         Svc("photo-walk", "写真さんぽ", "Photo walk", "event",
             "毎月第1日曜、スマホで写真を撮りながらまちを歩きます。",
             ages=(12, 29), terms="i:art i:nature c:friends a:youth",
             schedules=(monthly("1SU", "10:00", "12:00", "毎月第1日曜 10時〜12時"),), contact=("form", "walk_in"),
             capacity=(8, 12)),
         Svc("exhibit", "みんなの作品展", "Youth art show", "event",
             "12月に1週間、作品を展示します。出品は1人1点。",
             ages=(6, 24), terms="i:art a:youth",
             schedules=(dated("2026-12-01", "2026-12-07", "10:00", "17:00", "2026年12月1日〜7日 10時〜17時"),),
             contact=("form",), capacity=(10, 30), application="出品は11月15日までに申込。見るだけなら予約不要"),
         )),
    Org("kuki-family", "家族の相談", "Family advice", "久喜市 子ども家庭相談室(架空)", "112321", "municipality",
        "子ども本人と家族からの相談(架空の窓口)。家で困っていることを一緒に考えます。",
        (Loc("office", "子ども家庭相談室(架空)", street="下早見(架空)", access=_RAMP + _TOILET),),
        (Svc("kids", "子ども本人の相談", "Advice for children and teens", "consultation",
             "家のこと、友だちのこと、学校のこと。子どもだけで相談していいです。秘密は守ります。",
             ages=(6, 18), terms="c:family c:friends c:school c:violence a:youth",
             schedules=(weekly(WEEKDAYS, "08:30", "17:15", "平日 8時半〜17時15分", holidays="closed"), NENMATSU),
             contact=("phone", "walk_in", "email")),
         Svc("parents", "子育ての相談", "Parenting advice", "consultation",
             "子育てに疲れた、どうしたらいいかわからない。保護者の相談。",
             ages=(None, None), terms="c:family a:parents",
             schedules=(weekly(WEEKDAYS, "08:30", "17:15", "平日 8時半〜17時15分", holidays="closed"), NENMATSU),
             contact=("phone", "walk_in"), anonymous=False, booking=True),
         )),
    Org("misato-gakushu", "学習カフェ", "Study café", "みさと学習カフェ(架空)", "112372", "npo",
        "高校中退・高卒認定をめざす人、学び直したい人の学習支援。",
        (Loc("cafe", "みさと学習カフェ(架空)", precision="approximate", street="早稲田(架空)", access=_RAMP),
         Loc("online", "オンライン自習室(架空)", virtual=True, url="https://example.jp/misato-gakushu/room")),
        (Svc("cafe", "学習カフェ", "Study café", "居場所",
             "お茶を飲みながら自分のペースで勉強。わからない所はスタッフに。",
             ages=(15, 29), terms="i:study c:school c:work a:youth",
             schedules=(weekly("MO,WE,FR", "13:00", "18:00", "月・水・金 13時〜18時", holidays="closed"), NENMATSU),
             contact=("walk_in", "line")),
         Svc("kounin", "高卒認定サポート", "High-school equivalency support", "activity",
             "高卒認定試験の科目別サポート。個別の計画を作ります。",
             ages=(16, 39), terms="i:study c:school c:work a:youth",
             schedules=(weekly("TU,TH", "18:00", "20:00", "火・木 18時〜20時", holidays="closed"),),
             contact=("form", "line"), anonymous=False, booking=True, capacity=(3, 8)),
         Svc("online-room", "夜のオンライン自習室", "Night online study room", "activity",
             "カメラオフでOK。みんなで静かに勉強するだけの部屋。",
             ages=(15, 29), terms="i:study c:loneliness a:youth",
             schedules=(weekly(DAILY, "21:00", "23:00", "毎日 21時〜23時"),), contact=("chat",), locs=(1,)),
         )),
    Org("kounosu-hana", "花とみどり", "Flowers and green", "こうのす花とみどりの会(架空)", "112178", "npo",
        "花壇づくりや野菜づくり。土にさわるボランティア。",
        (Loc("garden", "みんなの花畑(架空)", precision="approximate", street="荒川河川敷(架空)"),),
        (Svc("garden", "花畑ボランティア", "Flower-field volunteering", "activity",
             "日曜の朝、草取りや種まき。汚れてもいい服で。",
             ages=(10, 39), terms="i:volunteering i:nature a:youth a:anyone",
             schedules=(weekly("SU", "09:00", "11:00", "日曜 9時〜11時"),), contact=("walk_in",)),
         Svc("harvest", "野菜の収穫と料理", "Harvest and cook", "event",
             f"畑で採れた野菜で料理します。{_UNKNOWN_HOURS}。",
             ages=(10, 24), terms="i:cooking i:nature a:youth", contact=("form",), booking=True, capacity=(6, 12)),
         )),
    Org("sakado-coding", "プログラミング道場", "Coder dojo", "さかどプログラミング道場(架空)", "112399", "company",
        "パソコンがなくても大丈夫。貸し出しPCでプログラミング。",
        (Loc("dojo", "さかど道場(架空)", street="芦山町(架空)", access=_RAMP),
         Loc("online", "オンライン道場(架空)", virtual=True, url="https://example.jp/sakado-coding/dojo")),
        (Svc("dojo", "土曜プログラミング道場", "Saturday coder dojo", "activity",
             "ゲーム、ウェブ、ロボット。作りたいものを作ります。",
             ages=(8, 18), terms="i:tech i:study i:games a:youth",
             schedules=(weekly("SA", "10:00", "12:00", "土曜 10時〜12時"),), contact=("form", "walk_in"),
             capacity=(6, 15)),
         Svc("online-dojo", "オンライン道場", "Online dojo", "activity", "隔週水曜の夜、オンラインでもくもく開発。",
             ages=(12, 24), terms="i:tech c:loneliness a:youth",
             schedules=({"freq": "WEEKLY", "interval": 2, "byday": "WE", "dtstart": "2026-10-07",
                         "opens_at": _t("19:00"), "closes_at": _t("20:30"), "description": "隔週水曜 19時〜20時半"},),
             contact=("chat",), locs=(1,)),
         Svc("hackathon", "ユースハッカソン", "Youth hackathon", "event",
             "12月の週末2日間、チームでアプリを作ります。",
             ages=(13, 24), terms="i:tech c:friends a:youth",
             schedules=(dated("2026-12-19", "2026-12-20", "10:00", "18:00", "2026年12月19日・20日 10時〜18時"),),
             contact=("form",), booking=True, capacity=(10, 24), anonymous=False)),
        ),
    Org("kazo-kurashi", "くらし相談", "Living support", "加須ユース暮らしサポート(架空)", "112101", "social_welfare_council",
        "社会福祉協議会(架空)の、生活やお金に困っている若者の相談とフードパントリー。",
        (Loc("office", "暮らしサポート室(架空)", street="中央(架空)", access=_RAMP + _TOILET),
         Loc("pantry", "フードパントリー受け取り場所(架空)", precision="municipality")),
        (Svc("money", "生活とお金の相談", "Living and money advice", "consultation",
             "家賃が払えない、奨学金の返済、バイト代が入らない。ひとりで抱えないで。",
             ages=(15, 39), terms="c:money c:work c:family a:youth",
             schedules=(weekly(WEEKDAYS, "09:00", "17:00", "平日 9時〜17時", holidays="closed"), NENMATSU),
             contact=("phone", "walk_in", "email"), accompaniment=True),
         Svc("pantry", "フードパントリー", "Food pantry", "activity",
             "毎月第2・第4金曜、食品を無料でお渡しします。理由は聞きません。",
             ages=(15, 39), terms="c:money a:youth a:anyone",
             schedules=(monthly("2FR,4FR", "16:00", "19:00", "毎月第2・第4金曜 16時〜19時", holidays="closed"),),
             contact=("walk_in", "form"), locs=(1,)),
         )),
    Org("minami-yorucafe", "夜カフェ", "Night café", "みなみ夜カフェ(架空)", "111082", "npo",
        "10代・20代の女性のための夜の居場所。安全のため場所は公開していません。",
        (Loc("cafe", "夜カフェ(架空)", precision="hidden", lgcode="111082", access=_QUIET),
         Loc("chat", "夜カフェチャット(架空)", virtual=True, url="https://example.jp/minami-yorucafe/chat")),
        (Svc("night", "夜カフェ", "Night café", "居場所",
             "ごはん、シャワー、休める部屋。帰りたくない夜に。必要なら次の支援につなぎます。",
             ages=(13, 25), terms="c:family c:violence c:loneliness c:money a:youth",
             schedules=(weekly("FR,SA", "18:00", "23:00", "金・土 18時〜23時"),), contact=("chat", "line"),
             accompaniment=True, eligibility="10代・20代の女性(性自認が女性の人を含む)",
             application="まずチャットかLINEで。場所と行き方をお伝えします"),
         Svc("chat", "夜カフェチャット", "Night café chat", "consultation",
             "毎晩、女性スタッフがチャットで話を聞きます。",
             ages=(13, 25), terms="c:family c:violence c:gender c:self a:youth",
             schedules=(weekly(DAILY, "20:00", "02:00", "毎日 20時〜翌2時"),), contact=("chat",), locs=(1,),
             area=("111007",)),
         )),
    Org("iwatsuki-craft", "手しごと", "Crafts", "いわつき伝統工芸ユース(架空)", "111104", "company",
        "人形づくりの町の工房(架空)で、手しごとの体験。",
        (Loc("kobo", "岩槻ユース工房(架空)", street="本町(架空)", lgcode="111104", access=_STEPS),),
        (Svc("craft", "手しごと体験", "Traditional crafts", "activity", "毎月第2・第4土曜、筆づかいや色付けを体験。",
             ages=(10, 29), terms="i:art c:self a:youth",
             schedules=(monthly("2SA,4SA", "13:00", "16:00", "毎月第2・第4土曜 13時〜16時"),),
             contact=("form",), booking=True, capacity=(4, 8), fees="材料費800円(中学生以下無料)"),
         Svc("market", "年末の手づくり市", "Year-end craft market", "event", "12月の手づくり市で作品を販売します。",
             ages=(13, 29), terms="i:art c:work a:youth",
             schedules=(dated("2026-12-20", "2026-12-20", "10:00", "15:00", "2026年12月20日 10時〜15時"),),
             contact=("form",), booking=True, capacity=(10, 10)),
         )),
    Org("minuma-tanbo", "見沼たんぼ", "Rice-field club", "見沼たんぼ自然クラブ(架空)", "111040", "npo",
        "見沼田んぼで生きもの観察と田んぼしごと。",
        (Loc("field", "見沼の田んぼ(架空)", precision="approximate", street="片柳(架空)", lgcode="111040"),),
        (Svc("nature", "生きもの観察会", "Wildlife watching", "event", "毎月第1土曜、田んぼや用水路の生きものを観察。",
             ages=(6, 18), terms="i:nature i:study a:youth a:parents",
             schedules=(monthly("1SA", "09:30", "12:00", "毎月第1土曜 9時半〜12時"),), contact=("form", "walk_in")),
         Svc("farm", "田んぼボランティア", "Rice-field volunteering", "activity",
             f"田植え、草取り、稲刈り。季節により内容が変わります。{_UNKNOWN_HOURS}。",
             ages=(13, 39), terms="i:volunteering i:nature c:loneliness a:youth", contact=("email", "form")),
         )),
    Org("wako-science", "サイエンス部", "Science club", "和光サイエンスクラブ(架空)", "112291", "npo",
        "研究者ボランティア(架空)と実験や観察。理科が苦手でも楽しめます。",
        (Loc("lab", "まちの実験室(架空)", street="広沢(架空)", access=_RAMP),),
        (Svc("lab", "週末じっけん室", "Weekend lab", "activity", "日曜の午後、毎回ちがう実験をします。",
             ages=(9, 18), terms="i:study i:tech i:nature a:youth",
             schedules=(weekly("SU", "13:00", "16:00", "日曜 13時〜16時"),), contact=("form",), booking=True,
             capacity=(8, 16)),
         Svc("talk", "研究者とおしゃべり", "Chat with a scientist", "event", "毎月第3金曜の夕方、研究の話を気軽に聞けます。",
             ages=(13, 29), terms="i:study i:talking c:work a:youth",
             schedules=(monthly("3FR", "18:00", "19:30", "毎月第3金曜 18時〜19時半"),), contact=("walk_in",)),
         )),
    Org("ogawa-washi", "和紙工房", "Washi paper", "おがわ和紙ユース工房(架空)", "113433", "npo",
        "和紙づくりの町で、紙すきやものづくり。",
        (Loc("kobo", "和紙ユース工房(架空)", precision="approximate", street="大塚(架空)", access=_STEPS),),
        (Svc("kamisuki", "紙すき体験", "Make washi paper", "activity", "土曜に紙すき体験。できた紙ではがきを作ります。",
             ages=(8, 29), terms="i:art i:nature a:youth",
             schedules=(weekly("SA", "10:00", "15:00", "土曜 10時〜15時"), NENMATSU), contact=("form", "walk_in"),
             capacity=(6, 10), fees="材料費300円"),
         Svc("stay", "まちの縁側", "Town veranda", "居場所",
             f"工房の縁側でお茶とおしゃべり。近所のおとなもいます。{_UNKNOWN_HOURS}。",
             ages=(13, 39), terms="i:talking c:loneliness a:youth a:anyone", contact=("walk_in", "phone")),
         )),
    Org("shiki-hitorigurashi", "ひとり暮らし応援", "Living alone", "志木ひとり暮らし若者サポート(架空)", "112283", "npo",
        "はじめてのひとり暮らし、施設を出た後の生活を応援します。",
        (Loc("room", "サポートルーム(架空)", precision="municipality"),
         Loc("online", "オンライン相談(架空)", virtual=True, url="https://example.jp/shiki-hitorigurashi/online")),
        (Svc("consult", "くらしの相談", "Everyday living advice", "consultation",
             "手続き、家計、料理、近所づきあい。なんでも聞いてください。",
             ages=(16, 29), terms="c:money c:work c:self c:loneliness a:youth",
             schedules=(weekly("TU,FR", "17:00", "21:00", "火・金 17時〜21時"),), contact=("line", "chat", "email"),
             accompaniment=True, locs=(0, 1)),
         Svc("cook", "かんたん自炊教室", "Easy cooking class", "activity", "毎月第4土曜、安くてかんたんなごはんを作ります。",
             ages=(16, 29), terms="i:cooking c:money a:youth",
             schedules=(monthly("4SA", "11:00", "14:00", "毎月第4土曜 11時〜14時"),), contact=("form", "line"),
             booking=True, capacity=(4, 8), fees="材料費300円"),
         )),
    Org("kawagoe-kokoro", "こころの相談", "Mind matters", "川越こころの保健室(架空)", "112011", "npo",
        "こころやからだの不調、眠れない、食べられない。看護師と心理士(架空)が聞きます。",
        (Loc("room", "こころの保健室(架空)", precision="approximate", street="新富町(架空)", access=_RAMP + _QUIET),
         Loc("online", "オンライン保健室(架空)", virtual=True, url="https://example.jp/kawagoe-kokoro/online")),
        (Svc("hokenshitsu", "まちの保健室", "Drop-in health room", "consultation",
             "保健室みたいに、ふらっと寄って話せる場所。",
             ages=(12, 24), terms="c:health c:self c:school a:youth",
             schedules=(weekly("MO,TH", "15:00", "19:00", "月・木 15時〜19時", holidays="closed"), NENMATSU),
             contact=("walk_in", "line")),
         Svc("online", "オンライン保健室", "Online health room", "consultation", "夜、ビデオかチャットで相談。",
             ages=(12, 24), terms="c:health c:self c:gender a:youth",
             schedules=(weekly("SU,WE", "19:00", "21:00", "日・水 19時〜21時"),), contact=("chat", "form"),
             booking=True, locs=(1,)),
         )),
    Org("urawa-english", "えいご部", "English club", "浦和えいごクラブ(架空)", "111074", "company",
        "英語でおしゃべりするクラブ。海外ルーツのメンバーと日本語でも交流。",
        (Loc("room", "浦和えいごルーム(架空)", street="仲町(架空)", lgcode="111074", access=_RAMP),),
        (Svc("talk", "英語でおしゃべり会", "English chat club", "activity", "水曜の夕方、英語と日本語でおしゃべり。",
             ages=(12, 24), terms="i:talking i:study c:language c:friends a:youth a:foreign_residents",
             schedules=(weekly("WE", "17:30", "19:00", "水曜 17時半〜19時", holidays="closed"),),
             contact=("walk_in", "form"), languages=JA_EN, capacity=(8, 15)),
         Svc("christmas", "English Christmas party", "English Christmas party", "event",
             "12月に英語のクリスマス会。",
             ages=(10, 24), terms="i:talking c:language a:youth a:foreign_residents",
             schedules=(dated("2026-12-24", "2026-12-24", "17:00", "19:00", "2026年12月24日 17時〜19時"),),
             contact=("form",), booking=True, capacity=(10, 20), languages=JA_EN)),
        ),
)


# --------------------------------------------------------------------------- #
# National lines (real public services; cited)
# --------------------------------------------------------------------------- #

NATIONAL: tuple[Svc, ...] = (
    Svc("sos-dial", "24時間子供SOSダイヤル", "24-hour Child SOS Dial", "consultation",
        "文部科学省の、いじめやその他の子どものSOSを受け止める電話窓口。夜間・休日も含めて24時間。子ども本人も保護者も。",
        ages=(None, None), terms="c:school c:violence c:family c:friends a:youth a:parents",
        schedules=(weekly(DAILY, "00:00", "00:00", "24時間 毎日"),), contact=("phone",),
        source="https://www.mext.go.jp/a_menu/shotou/seitoshidou/06112210.htm", phone="0120-0-78310",
        eligibility="子どもと保護者"),
    Svc("childline", "チャイルドライン", "Childline Japan", "consultation",
        "18歳までの子どものための電話。名前は言わなくてよく、話したくないことは話さなくていい。",
        ages=(None, 18), terms="c:school c:friends c:family c:self c:loneliness a:youth",
        schedules=(weekly(DAILY, "16:00", "21:00", "毎日 16時〜21時"),), contact=("phone",),
        source="https://childline.or.jp/", phone="0120-99-7777", eligibility="18歳までの子ども"),
    Svc("yorisoi", "よりそいホットライン", "Yorisoi hotline", "consultation",
        "どんな人のどんな悩みにも、24時間よりそう電話相談。",
        ages=(None, None), terms="c:self c:money c:work c:family c:gender c:language c:violence c:health a:anyone",
        schedules=(weekly(DAILY, "00:00", "00:00", "24時間 毎日"),), contact=("phone",),
        source="https://www.since2011.net/yorisoi/", phone="0120-279-338"),
    Svc("inochi", "いのちの電話", "Inochi no Denwa (lifeline)", "consultation",
        "死にたいほどつらい気持ちを聞くフリーダイヤル。",
        ages=(None, None), terms="c:self c:health c:loneliness a:anyone",
        schedules=(weekly(DAILY, "16:00", "21:00", "毎日 16時〜21時"),), contact=("phone",),
        source="https://www.inochinodenwa.org/", phone="0120-783-556"),
    Svc("anatano-ibasho", "あなたのいばしょ チャット相談", "Anata no Ibasho chat", "consultation",
        "24時間365日、年齢や性別を問わず誰でも無料・匿名で使えるチャット相談。",
        ages=(None, None), terms="c:self c:loneliness c:family c:school c:health a:anyone a:youth",
        schedules=(weekly(DAILY, "00:00", "00:00", "24時間 毎日"),), contact=("chat",),
        source="https://talkme.jp/"),
)


# --------------------------------------------------------------------------- #
# Building the documents
# --------------------------------------------------------------------------- #


def _municipalities() -> dict[str, Municipality]:
    """The package's copy of the shared fixture (booths/data, CC0)."""
    return load_municipalities()


SAITAMA_PREFECTURE = "110001"  # 都道府県コード 11 as a 6-digit code with its check digit


def _city_label(m: Municipality) -> str:
    return m.city.replace(" ", "")  # "さいたま市 浦和区" -> "さいたま市浦和区"


def _offset_point(m: Municipality, seed: str) -> tuple[float, float]:
    """A point 300 m – 3 km from the reference point, fixed by `seed` (never the office itself)."""
    h = hashlib.sha256(f"tsunagaru-demo:{seed}".encode()).digest()
    distance_m = 300 + int.from_bytes(h[:4], "big") % 2_700
    bearing = math.radians(int.from_bytes(h[4:8], "big") % 360)
    dlat = distance_m * math.cos(bearing) / 111_320
    dlon = distance_m * math.sin(bearing) / (111_320 * math.cos(math.radians(m.lat)))
    return round(m.lat + dlat, 6), round(m.lon + dlon, 6)


def _terms(spec: str, ages: tuple[int | None, int | None]) -> list[dict[str, str]]:
    """Expand "c:school i:music" and add the life stages the age range overlaps."""
    ids = []
    for token in spec.split():
        prefix, code = token.split(":", 1)
        ids.append(f"{_PREFIX[prefix]}.{code}")
    lo, hi = ages
    if lo is not None or hi is not None:
        lo_, hi_ = lo if lo is not None else 0, hi if hi is not None else 200
        for stage in LIFE_STAGES:
            band_lo, band_hi = stage.min_age or 0, stage.max_age if stage.max_age is not None else 200
            if lo_ < band_hi and hi_ > band_lo or (lo_ == hi_ and band_lo <= lo_ <= band_hi):
                ids.append(stage.id)
    for term in ids:
        if term not in TERMS_BY_ID:
            raise ValueError(f"demo directory: unknown taxonomy term {term!r}")
    return [{"taxonomy_term_id": t} for t in dict.fromkeys(ids)]


def _location(org_key: str, org_code: str, loc: Loc, places: dict[str, Municipality]) -> dict[str, Any]:
    if loc.precision not in PRECISIONS:
        raise ValueError(f"demo directory: bad precision {loc.precision!r}")
    doc: dict[str, Any] = {"id": stable_id("demo", org_key, "location", loc.key), "name": loc.name,
                           "location_type": "virtual" if loc.virtual else "physical", "url": loc.url}
    if loc.virtual:
        doc.update(latitude=None, longitude=None, x_coordinate_precision="hidden", x_municipality_code=None,
                   addresses=[], accessibility=[{"description": "オンライン", "details": "スマホ・PCのブラウザから参加できます"}])
    else:
        code = loc.lgcode or org_code
        m = places[code]
        shown = loc.precision in ("exact", "approximate")
        lat, lon = _offset_point(m, f"{org_key}/{loc.key}") if shown else (None, None)
        doc.update(latitude=lat, longitude=lon, x_coordinate_precision=loc.precision, x_municipality_code=code,
                   addresses=[{"address_1": loc.street if shown and loc.street else "非公開(申込後にお知らせします)",
                               "city": _city_label(m), "state_province": m.pref, "postal_code": FAKE_POSTAL,
                               "country": "JP", "address_type": "physical"}],
                   accessibility=[{"description": d, "details": t} for d, t in loc.access])
    doc["languages"] = [dict(lang) for lang in JA]
    return doc


def _service(org_key: str, org_code: str | None, svc: Svc, loc_ids: list[str],
             places: dict[str, Municipality]) -> dict[str, Any]:
    if svc.kind not in KINDS:
        raise ValueError(f"demo directory: bad kind {svc.kind!r}")
    for way in svc.contact:
        if way not in FIRST_CONTACT:
            raise ValueError(f"demo directory: bad first-contact way {way!r}")
    # Decision: activities, events and 居場所 welcome young people from anywhere in the prefecture;
    # a consultation window serves its own municipality's residents unless it says otherwise.
    if svc.area is None and org_code and svc.kind != "consultation":
        areas = [{"name": "埼玉県全域", "x_municipality_codes": [SAITAMA_PREFECTURE]}]
    else:
        area_codes = list(svc.area) if svc.area is not None else ([org_code] if org_code else [])
        areas = ([{"name": "".join(_city_label(places[c]) for c in area_codes), "x_municipality_codes": area_codes}]
                 if area_codes else [{"name": "全国", "x_municipality_codes": []}])
    doc: dict[str, Any] = {
        "id": stable_id("demo", org_key, "service", svc.key), "name": svc.name, "alternate_name": svc.en,
        "description": svc.desc,
        "url": svc.source or f"https://example.jp/{org_key}/{svc.key}",
        "status": "active", "fees_description": svc.fees, "x_free": svc.fees == "無料",
        "minimum_age": svc.ages[0], "maximum_age": svc.ages[1],
        "eligibility_description": svc.eligibility or _default_eligibility(svc.ages),
        "application_process": svc.application or _default_application(svc),
        "x_kind": svc.kind, "x_anonymous_ok": svc.anonymous, "x_first_contact": list(svc.contact),
        "x_accompaniment": svc.accompaniment, "x_booking_required": svc.booking,
        "x_accepts_referrals": svc.referrals, "x_source": svc.source,
        "languages": [dict(lang) for lang in svc.languages], "service_areas": areas,
        "schedules": [dict(row) for row in svc.schedules],
        "capacities": ([{"available": svc.capacity[0], "maximum": svc.capacity[1], "unit": {"name": "人"},
                         "description": f"定員{svc.capacity[1]}人"}] if svc.capacity else []),
        "attributes": _terms(svc.terms, svc.ages),
        "service_at_locations": [{"location_id": loc_ids[i]} for i in svc.locs],
        "assured_date": None if svc.source else ASSURED_DATE,
    }
    if svc.phone:
        doc["phones"] = [{"number": svc.phone, "description": "フリーダイヤル(通話無料)"}]
    return doc


def _default_eligibility(ages: tuple[int | None, int | None]) -> str:
    lo, hi = ages
    if lo is None and hi is None:
        return "どなたでも"
    if lo is None:
        return f"{hi}歳まで"
    if hi is None:
        return f"{lo}歳以上"
    return f"{lo}〜{hi}歳"


def _default_application(svc: Svc) -> str:
    ways = {"walk_in": "直接来てください", "chat": "チャットで", "phone": "電話で", "email": "メールで",
            "form": "申込フォームで", "line": "LINEで"}
    text = "、".join(ways[w] for w in svc.contact)
    return text + ("(予約が必要です)" if svc.booking else "")


def _organization(org: Org, places: dict[str, Municipality]) -> dict[str, Any]:
    if org.category not in MEMBER_CATEGORIES:
        raise ValueError(f"demo directory: bad member category {org.category!r}")
    if not org.name.endswith(FICTIONAL_MARK):
        raise ValueError(f"demo directory: fictional organisation {org.name!r} must end with {FICTIONAL_MARK}")
    locations = [_location(org.slug, org.lgcode, loc, places) for loc in org.locs]
    loc_ids = [loc["id"] for loc in locations]
    return {
        "id": stable_id("demo", org.slug), "name": org.name, "description": org.desc,
        "email": f"{org.slug}@example.jp", "website": f"https://example.jp/{org.slug}",
        "x_member_category": org.category, "x_municipality_code": org.lgcode,
        "x_booth": {"slug": org.slug, "title": org.title, "title_en": org.title_en},
        "phones": [{"number": FAKE_PHONE, "description": "架空の番号(デモ)"}] if org.phone else [],
        "contacts": [{"name": "事務局", "title": "担当窓口", "email": f"office.{org.slug}@example.jp"}],
        "locations": locations,
        "services": [_service(org.slug, org.lgcode, svc, loc_ids, places) for svc in org.svcs],
    }


def _national(places: dict[str, Municipality]) -> dict[str, Any]:
    key = "national-lines"
    locations = []
    for svc in NATIONAL:
        locations.append({
            "id": stable_id("demo", key, "location", svc.key),
            "name": f"{svc.name}({'チャット' if 'chat' in svc.contact else '電話'})",
            "location_type": "virtual", "url": svc.source, "latitude": None, "longitude": None,
            "x_coordinate_precision": "hidden", "x_municipality_code": None, "addresses": [],
            "accessibility": [], "languages": [dict(lang) for lang in JA]})
    services = []
    for i, svc in enumerate(NATIONAL):
        services.append(_service(key, None, dataclasses.replace(svc, locs=(i,)),
                                 [loc["id"] for loc in locations], places))
    return {
        "id": stable_id("demo", key), "name": NATIONAL_LINES_NAME,
        "description": "国や全国組織が運営する、実在の無料相談窓口です。受付時間は変わることがあるので、出典で確認してください。",
        "email": None, "website": None, "x_member_category": "other", "x_municipality_code": None,
        "x_booth": None, "phones": [], "contacts": [], "locations": locations, "services": services,
    }


@functools.lru_cache(maxsize=1)
def _build() -> tuple[dict[str, Any], ...]:
    places = _municipalities()
    return tuple([_organization(org, places) for org in ORGS] + [_national(places)])


def demo_organizations() -> list[dict[str, Any]]:
    """The demo directory: 30 fictional member organisations (one booth each) and the national lines.

    Built once and cached; each call returns a deep copy so a caller (the
    importer) may change its documents without changing the next caller's.
    """
    return copy.deepcopy(list(_build()))
