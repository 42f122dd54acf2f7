"""Crisis and abuse detection (moderation.crisis) read as words, and the analyser wrapper (moderation.words)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation import words
from moderation.crisis import category, crisis_hook, screen
from moderation.pipeline import DEFAULT_HOOKS, Pipeline, Subject, load_hooks


def say(text: str, recent: tuple[str, ...] = ()) -> Subject:
    return Subject("say", text, "u1", "visitor", "lobby", "15-17", recent)


# ── the wrapper ──
@pytest.mark.parametrize("text, lemma", [
    ("手首切った", "切る"), ("手首切っちゃった", "切る"), ("てくびきった", "切る"), ("薬飲んだ", "飲む"),
    ("殴られた", "殴る"), ("死ねよ", "死ぬ"), ("しにたぃ", "死ぬ"), ("〇にたい", "死ぬ"), ("し に た い", "死ぬ"),
])
def test_the_analyser_gives_lemmas_in_any_conjugation_or_spelling(text, lemma):
    assert lemma in words.analyse(text).words


def test_conjugation_forms_are_kept_for_rules():
    assert "死ぬ#命令形" in words.analyse("死ねよ").lemmas
    assert words.rule("{手首|腕} ~ {切る}").search(words.analyse("腕をまた切っちゃった").lemmas)
    assert not words.rule("{手首|腕} ~ {切る}").search(words.analyse("玉ねぎを切った").lemmas)


def test_written_around_forms_are_read_back():
    assert words.prepare("〇にたい") == words.prepare("タヒにたい") == words.prepare("4にたい") == "死にたい"
    assert words.prepare("4人で行く") == "4人で行く" and words.prepare("市内") == "市内"
    assert words.latin("want 2 d1e") == " want to die " and words.latin("k y s") == " kys "
    assert words.prepare("しにたーい") == "しにたい"


def test_the_analyser_only_runs_when_a_stem_may_matter():
    words.clear_caches()
    before = words.RUNS["analysed"]
    for text in ("こんにちは！", "15時からステージだよ", "たこ焼きおいしかった", "see you tomorrow"):
        assert category(text) is None
    assert words.RUNS["analysed"] == before


# ── the kinds ──
@pytest.mark.parametrize("text, kind", [
    ("死にたい", "ideation"), ("もう消えちゃいたい", "ideation"), ("誰にも必要とされてない", "ideation"),
    ("生きてる意味ない", "ideation"), ("私なんか死ねばいいのに", "ideation"),
    ("ロープ買った", "means"), ("薬ためてる", "means"), ("睡眠薬集めてる", "means"),
    ("薬いっぱい飲んだ", "act"), ("30錠飲んだ", "act"), ("ODしちゃった", "act"),
    ("首吊りしようかな", "plan"), ("飛び降りる場所決めた", "plan"),
    ("今までありがとう", "farewell"), ("明日で終わりにする", "farewell"), ("もう終わりにしたい", "farewell"),
    ("消えるね", "farewell"),
    ("手首切った", "self_harm"), ("リスカやめられない", "self_harm"), ("切らないと眠れない", "self_harm"),
    ("お父さんに殴られた", "abuse"), ("ママの彼氏が叩いてくる", "abuse"), ("家にご飯がない", "abuse"),
    ("家に帰るのが怖い", "abuse"), ("産まなきゃよかったって言われた", "abuse"), ("義父に体を触られる", "abuse"),
    ("親ニ殴ラレタ", "abuse"),
    ("i want to die", "ideation"), ("want 2 d1e", "ideation"), ("i cut myself", "self_harm"),
    ("my dad hits me", "abuse"), ("shinitai", "ideation"),
])
def test_each_kind(text, kind):
    assert category(text) == kind


@pytest.mark.parametrize("text", [
    "死ぬほど笑った", "テスト死んだ", "ゲームで死んだ", "腹筋死んだｗ", "ラスボスに殺された", "玉ねぎを切った", "前髪切りすぎた",
    "風邪薬飲んだ", "頭痛薬飲んで寝る", "ロープウェイ乗った", "データ消えた", "今日はありがとう！楽しかった", "また明日ね、ばいばい",
    "今日で夏休み終わり", "お母さんに早く寝なさいって言われた", "ママとケーキ作った", "自殺防止のポスター作った", "この話は終わりにしよっか",
    "最後までありがとう", "i'm dying lol", "that boss killed me", "ご飯おいしくない", "家に帰りたい",
])
def test_hyperbole_and_everyday_life_are_not_held(text):
    assert category(text) is None


def test_the_hook_holds_with_support_and_the_kind_in_the_rule():
    v = crisis_hook()(say("薬全部飲んじゃった"))
    assert (v.action, v.reason, v.rule) == ("hold", "support", "crisis:act")
    v = crisis_hook()(say("お父さんに蹴られた"))
    assert v.rule == "crisis:abuse"
    assert crisis_hook()(Subject("nick", "死にたい", "u1", "visitor")) is None


def test_a_sentence_split_over_two_sends_holds_the_later_half():
    assert screen("たくさん飲んだ", ("薬",)) == "act"
    assert crisis_hook()(say("ありがとう", ("今まで",))).rule == "crisis:farewell"
    # An earlier line that was already held does not hold every later line of the window.
    assert screen("おはよう", ("死にたい",)) is None
    assert screen("たくさん飲んだ", ()) is None


def test_the_default_pipeline_holds_crisis_before_anything_can_block_it():
    pipeline = Pipeline(load_hooks(DEFAULT_HOOKS))
    v = pipeline.review(say("お前なんか死ねって親に言われた"))
    assert (v.action, v.rule) == ("hold", "crisis:abuse")


# ── obfuscations, property-based ──
_SEEDS = ("死にたい", "消えたい", "自殺したい", "リスカした", "しにたい")
_INVISIBLE = st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", " ", "　"])


@settings(max_examples=60, deadline=None)
@given(seed=st.sampled_from(_SEEDS), gaps=st.lists(st.one_of(st.just(""), _INVISIBLE), min_size=8, max_size=8))
def test_invisible_characters_and_spaces_between_letters_do_not_hide_a_cry_for_help(seed, gaps):
    text = "".join(ch + gaps[i % len(gaps)] for i, ch in enumerate(seed))
    assert category(text) is not None


@settings(max_examples=40, deadline=None)
@given(mark=st.sampled_from(["〇", "○", "◯", "タヒ", "4", "４", "氏"]), ending=st.sampled_from(["にたい", "にたぃ", "にてえ", "にたーい"]),
       width=st.booleans(), prefix=st.sampled_from(["", "もう", "ほんとに", "まじ"]))
def test_written_around_death_is_read(mark, ending, width, prefix):
    text = prefix + mark + ending
    if width:
        text = text.replace("4", "４")
    assert category(text) == "ideation"


@settings(max_examples=40, deadline=None)
@given(word=st.sampled_from(["i want to die", "kill myself", "i wanna die"]), leet=st.booleans(), upper=st.booleans())
def test_english_with_leetspeak(word, leet, upper):
    text = word.translate(str.maketrans({"i": "1", "e": "3"})) if leet else word
    assert category(text.upper() if upper else text) is not None


def test_an_english_sentence_split_over_two_sends():
    assert screen("die", ("i want to",)) == "ideation"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80), recent=st.lists(st.text(max_size=30), max_size=2))
def test_any_text_is_handled(text, recent):
    from moderation import harassment, sexual
    screen(text, tuple(recent)), harassment.category(text), sexual.category(text)  # no exception
