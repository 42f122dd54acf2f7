"""moderation.normalize: one comparable form that sees through the tricks, with a way back."""
from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.normalize import MAX_MATCH_CHARS, fold, fold_with_map, squash


def test_the_old_contract_still_holds():
    assert squash(fold("０　９　０")) == "090"
    assert fold("①②③") == "123"
    assert fold("カタカナ") == "かたかな"
    assert fold("ｶﾞｷﾞ") == "がぎ"  # half-width katakana with voicing marks
    assert fold("〇九〇") == "090"
    assert squash(fold("L.I.N.E")) == "line"


@pytest.mark.parametrize("text, expected", [
    ("ІNSTA", "insta"),  # Cyrillic І
    ("LІNE", "line"),
    ("іnstа", "insta"),  # Cyrillic і and а
    ("ΙNSTAGRAM", "instagram"),  # Greek Ι
    ("ТikТok", "tiktok"),  # Cyrillic Т
    ("ԁiscorԁ", "discord"),
    ("ÍNSTÁ", "insta"),  # accents
])
def test_latin_look_alikes_become_latin(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize("text", [
    "090\u00ad1234\u00ad5678",  # soft hyphen
    "0\u200b9\u200b0\u200c1234\u200d5678",  # zero-width space, non-joiner, joiner
    "090\u20601234\u20615678",  # word joiner, invisible function application
    "\u202e090\u202c12345678",  # bidi controls
    "090\U000e00201234\U000e007f5678",  # tag characters
    "0\ufe0f9\ufe0e0\U000e01001234 5678".replace(" ", ""),  # variation selectors
    "0\u034f9\u034f012345678",  # combining grapheme joiner
])
def test_invisible_and_format_characters_disappear(text):
    assert fold(text) == "09012345678"


def test_keycaps_become_digits():
    assert fold("0️⃣9️⃣0️⃣") == "090"
    assert fold("1\u20e3") == "1"


def test_every_decimal_digit_of_every_script_becomes_ascii():
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) == "Nd":
            assert fold(ch) == str(unicodedata.decimal(ch)), hex(code)


@pytest.mark.parametrize("dash", list("‐‑‒–—―−－〜～~﹣゠〰"))
def test_dash_and_wave_look_alikes_become_one_dash(dash):
    assert fold(f"090{dash}1234") == "090-1234"


def test_long_vowel_mark_is_a_dash_only_between_digits():
    assert fold("０９０ー１２３４ー５６７８") == "090-1234-5678"
    assert fold("ラーメン") == "らーめん"
    assert fold("メール") == "めーる"


@pytest.mark.parametrize("text, expected", [
    ("O9O-1234-5678", "090-1234-5678"),
    ("o8o", "080"),
    ("080-l234-5678", "080-1234-5678"),
    ("O7O.1111.9999", "070.1111.9999"),
])
def test_o_and_l_are_digits_inside_digit_runs(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize("text", ["photo", "lol", "google", "hello world", "insta", "oil", "o", "lo-fi", "iOS 17"])
def test_o_and_l_stay_letters_in_words(text):
    assert fold(text) == text.lower()


def test_long_input_is_cut():
    assert len(fold("a" * 10_000)) <= MAX_MATCH_CHARS
    assert len(fold("\ufdfa" * 1_000)) <= MAX_MATCH_CHARS  # one character that NFKC makes 18


def test_fold_with_map_points_back_to_what_was_written():
    text = "Ｌ\u200bＩＮＥは０９０ー１２３４"
    folded, where = fold_with_map(text)
    assert folded == fold(text) == "lineは090-1234"
    assert len(where) == len(folded)
    start = folded.index("090")
    assert text[where[start]] == "０"
    assert where == sorted(where)


_ALPHABET = st.sampled_from(
    list("0123456789abcOoLlIi-— 〜ー・の") + ["\u00ad", "\u200b", "\ufe0f", "\u20e3", "ｶ", "ﾞ", "ア", "Ж", "І", "٣", "①",
                                             "é", "e\u0301", "が", "〇", "九", "＠", "．", "ℓ", "ﬁ", "㍻"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fold_with_map_agrees_with_fold(text):
    folded, where = fold_with_map(text)
    assert folded == fold(text)
    assert len(where) == len(folded)
    assert all(0 <= i < len(text) for i in where)
    assert where == sorted(where)


def test_per_character_nfkc_gives_what_whole_text_nfkc_gives_on_every_corpus_text():
    """`fold` does NFKC a character at a time (fast); on real chat it must equal NFKC of the whole text."""
    import glob
    from pathlib import Path

    from moderation import normalize

    def whole_text(text: str) -> str:
        text = unicodedata.normalize("NFKC", text[:MAX_MATCH_CHARS].translate(normalize._BEFORE_NFKC))
        return normalize._after("".join(normalize._fold_normal(ord(c)) for c in text))[:MAX_MATCH_CHARS]

    here = Path(__file__).parent.parent
    files = glob.glob(str(here / "corpus" / "*.tsv")) + [str(here / "moderation_corpus.tsv")]
    texts = [line.split("\t")[-1] for name in files
             for line in Path(name).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(texts) > 1_000
    assert [t for t in texts if fold(t) != whole_text(t)] == []
