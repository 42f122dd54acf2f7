"""Harassment and exclusion (moderation.harassment), sexual solicitation (moderation.sexual) and the NG list."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation import harassment, sexual
from moderation.harassment import harassment_hook
from moderation.ngwords import Escalation, WordList, ngword_hook
from moderation.pipeline import DEFAULT_HOOKS, Pipeline, Subject, load_hooks
from moderation.sexual import sexual_hook


def say(text: str, recent: tuple[str, ...] = ()) -> Subject:
    return Subject("say", text, "u1", "visitor", "lobby", "15-17", recent)


@pytest.mark.parametrize("text, kind", [
    ("死ね", "death_wish"), ("お前まじで死ねよ", "death_wish"), ("タヒね", "death_wish"), ("4ね", "death_wish"),
    ("しねカス", "death_wish"), ("死んどけ", "death_wish"), ("kys", "death_wish"), ("go die", "death_wish"),
    ("殺すぞ", "threat"), ("ぶっ殺してやる", "threat"), ("晒してやる", "threat"), ("覚えとけよ", "threat"),
    ("学校来んな", "exclusion"), ("もう来ないで", "exclusion"), ("お前いらない", "exclusion"), ("消えろ", "exclusion"),
    ("話しかけんな", "exclusion"), ("あいつハブろう", "exclusion"), ("誰もお前のこと好きじゃない", "exclusion"),
    ("ブス", "insult"), ("デブは黙ってて", "insult"), ("カス", "insult"), ("クズ", "insult"), ("ゴミ", "insult"),
    ("きっしょ", "insult"), ("お前キモい", "insult"), ("ガイジかよ", "insult"), ("陰キャ乙", "insult"),
    ("ばーか", "insult"), ("nobody likes you", "insult"), ("you're ugly", "insult"), ("ｷﾓｲ", "insult"),
])
def test_each_kind(text, kind):
    assert harassment.category(text) == kind


@pytest.mark.parametrize("text", [
    # self-deprecation is not an insult to someone
    "私ってほんとバカ", "俺アホすぎる", "自分ブスだから写真苦手", "私デブだからダイエットする",
    # compounds, degrees, things
    "デブ猫かわいい", "ゴミ拾いボランティア", "クズ野菜スープ", "カスタードプリン", "うざいくらい暑い", "この虫キモい",
    "ばかうけおいしい", "バカみたいに笑った", "クソゲーすぎる", "ブスかわ猫",
    # meta-talk: talking about the rules, reporting, quoting
    "「死ね」って言葉は使っちゃだめ", "死ねって言うのはだめだよ", "ルールで死ねとか言うの禁止だよ", "悪口言う人は通報しよう",
    # games, films, news, everyday verbs
    "ラスボスに殺された", "殺虫剤で虫殺した", "電気消えた", "また明日来るね", "学校来る？", "ゲーム入る？",
    "this game is so hard lol", "i died laughing",
])
def test_not_harassment(text):
    assert harassment.category(text) is None


def test_a_death_wish_aimed_at_someone_in_quotes_is_still_blocked():
    assert harassment.category("お前に「死ね」って言ってんの") is not None


def test_the_hook_blocks_with_the_contract():
    v = harassment_hook()(say("学校来んな"))
    assert (v.action, v.reason, v.rule) == ("block", "blocked_harassment", "harassment:exclusion")
    assert harassment_hook()(Subject("nick", "ブス", "u1", "visitor")).action == "block"
    assert harassment_hook()(Subject("join", "lobby", "u1", "visitor")) is None


def test_a_split_insult_blocks_the_later_half_only_once():
    assert harassment_hook()(say("キモい", ("お前",))).rule == "harassment:insult"
    assert harassment_hook()(say("おはよう", ("死ね",))) is None


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(["死ね", "キモい", "消えろ", "学校来んな", "ブス"]),
       sep=st.sampled_from(["", " ", "　", "\u200b", "\u2060", "\u00ad"]),
       kana=st.sampled_from(["as_is", "hira", "half"]))
def test_obfuscated_harassment_is_seen_through(word, sep, kana):
    import unicodedata
    if kana == "hira":
        word = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in word)
    elif kana == "half":
        half = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
        word = "".join(half.get(c, c) for c in word)
    assert harassment.category(sep.join(word)) is not None


# ── sexual solicitation ──
@pytest.mark.parametrize("text, kind", [
    ("写真送って", "photo"), ("自撮り送ってくれない？", "photo"), ("下着見せて", "body"), ("脱いで", "body"),
    ("会ってくれたら3万あげる", "offer"), ("パパ活しない？", "offer"), ("ホテル行かない？", "meet"),
    ("二人きりで会おうよ", "meet"), ("二人だけの秘密ね", "secrecy"), ("親には内緒ね", "secrecy"), ("処女？", "talk"),
    ("send nudes", "photo"), ("wanna hook up", "meet"), ("show me your body", "body"),
])
def test_sexual_kinds(text, kind):
    assert sexual.category(text) == kind


@pytest.mark.parametrize("text", [
    "写真送るね", "さっきの花火の写真ある？", "脱いだ上着どこ？", "ホテルのビュッフェ行った", "秘密基地作りたい", "二人で作った曲聴いて",
    "会えてうれしい", "お小遣いでゲーム買った", "水着で泳ぐの好き", "send me the link to the song",
])
def test_not_sexual(text):
    assert sexual.category(text) is None


def test_the_sexual_hook_holds_for_safety():
    v = sexual_hook()(say("下着の写真ちょうだい"))
    assert (v.action, v.reason, v.rule) == ("hold", "held_safety", "sexual:body")
    assert sexual_hook()(say("送って", ("写真",))).rule == "sexual:photo"


def test_default_order_crisis_personal_data_sexual_harassment_ngwords():
    pipeline = Pipeline(load_hooks(DEFAULT_HOOKS))
    assert pipeline.review(say("死にたい")).rule.startswith("crisis:")
    assert pipeline.review(say("下着見せて")).rule.startswith("sexual:")
    assert pipeline.review(say("お前キモい")).rule.startswith("harassment:")
    assert pipeline.review(say("たこ焼きおいしかった")).action == "allow"


def test_the_ng_list_api_stays():
    words = WordList.load()
    assert words.find("ちんかす") and words.find("fuck this") and words.find("デブ猫") is None
    assert ngword_hook()(say("ぱぱ活")).rule == "ngword"
    assert Escalation(window_s=60).offend("u", 0) == "warn"
