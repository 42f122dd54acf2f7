"""The personal-data filter as a young visitor and an attacker meet it.

Named forms are blocked; talk about the rules, staff mentions and film titles are not; a
number split over two sends is held; the audit trail gets the text masked. The corpus scores
(dev split asserted, held-out split only reported) are printed with `-s`:

    python -m pytest -s tests/test_personal_data.py -k corpus
"""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.personal_data import find, mask, personal_data_hook
from moderation.pipeline import DEFAULT_HOOKS, Pipeline, Subject, Verdict, load_hooks

CORPUS = Path(__file__).parent.parent / "corpus"
_spec = importlib.util.spec_from_file_location("gen_personal_data", CORPUS / "gen_personal_data.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


def say(text: str, recent: tuple[str, ...] = (), kind: str = "say", role: str = "visitor") -> Subject:
    return Subject(kind, text, "u1", role, "lobby", "15-17", recent)


# --------------------------------------------------------------------------------------------
# What a visitor would notice
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind", [
    ("090-1234-5678", "phone"),
    ("080—1234—5678", "phone"),  # em dash
    ("070〜1234〜5678", "phone"),  # wave dash
    ("０９０ー１２３４ー５６７８", "phone"),  # long vowel mark
    ("090\u00ad1234\u00ad5678", "phone"),  # soft hyphen
    ("0\u200b9\u200b0 1234 5678", "phone"),
    ("0️⃣9️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "phone"),  # keycaps
    ("O9O-1234-5678", "phone"),
    ("ぜろきゅーぜろ いちにさんよん ごろくななはち", "phone"),
    ("ゼロハチゼロ、イチイチニーニー、サンサンヨンヨン", "phone"),
    ("まるきゅーまる 1234 5678", "phone"),
    ("060-1234-5678", "phone"),
    ("050-1234-5678", "phone"),
    ("090-1234-5678 1", "phone"),  # one more digit next to it
    ("12/5 09012345678", "phone"),
    ("zero nine zero one two three four five six seven eight", "phone"),
    ("zero kyuu zero ichi ni san yon go roku nana hachi", "phone"),
    ("rei hachi rei no san san ni ni no ichi ichi kyu kyu", "phone"),
    ("٠٩٠١٢٣٤٥٦٧٨", "phone"),  # Arabic-Indic digits
    ("०८०-१२३४-५६७८", "phone"),  # Devanagari
    ("+81 90 1234 5678", "phone"),
    ("03-1234-5678", "phone"),
    ("0120-123-456", "phone"),
    ("aoi.k@example.com", "email"),
    ("aoi at gmail dot com", "email"),
    ("https://t.me/aoichan", "link"),
    ("@aoi_chan フォローして", "handle"),
    ("いんすた→abc_12", "handle"),
    ("insta abc", "handle"),
    ("LINE abc123", "handle"),
    ("ラインはabc", "handle"),
    ("ID: aoi_0123", "contact_id"),
    ("番号おしえて", "contact_request"),
    ("LINE交換しよ", "contact_request"),
    ("ІNSTA教えて", "contact_request"),  # Cyrillic І
    ("LІNE交換しよ", "contact_request"),
    ("緑のアプリで話そ", "contact_request"),
    ("DMして", "contact_request"),
    ("what's your snap?", "contact_request"),
    ("どこ住み？", "place_request"),
    ("最寄り駅どこ？", "place_request"),
    ("何中？", "place_request"),
    ("港区芝5-3-1", "address"),
    ("中央区2丁目に住んでる", "address"),
    ("桜ヶ丘第二中の3年", "school"),
    ("駅前で会おう", "meetup"),
    ("北口に17時", "meetup"),
    ("今度2人で会わない？", "meetup"),
])
def test_named_forms_are_blocked(text, kind):
    assert find(text) == kind
    verdict = personal_data_hook()(say(text))
    assert verdict == Verdict("block", reason="blocked_personal_data", rule=f"personal_data:{kind}")


def test_a_question_about_home_then_a_meeting_is_blocked():
    assert find("家どこ？近かったら会おう") in ("place_request", "meetup")


@pytest.mark.parametrize("text", [
    "電話番号とかは教えちゃダメだよね",
    "個人情報は書かないでね",
    "知らない人にLINE教えるのは危ないよ",
    "ネットで会う約束はしないようにね",
    "@moderator 荒らしがいます",
    "@スタッフ ちょっと来てください",
    "@mod",
    "「三丁目の夕日」めっちゃ泣いた",
    "ALWAYS 三丁目の夕日 好き",
    "渋谷駅のイルミきれいだった",
    "3年ぶりに来た！",
    "最高の3年間だった",
    "10:00〜12:00 ワークショップ",
    "09:00-09:30 09:30-10:00 10:00-10:30 10:30-11:00",
    "2024/12/04 17:30 開始",
    "入場料500円、グッズは1,200円",
    "304号室で休憩できます",
    "the line for the stage is so long",
    "LINEスタンプ新しいの出てた",
    "また明日ここで会おうね",
    "電話で話すより文字のほうが楽",
])
def test_ordinary_and_meta_talk_pass_the_whole_pipeline(text):
    assert find(text) is None
    pipeline = Pipeline(load_hooks(DEFAULT_HOOKS))
    assert pipeline.review(say(text)).action == "allow"


def test_hosts_may_publish_their_organisations_line_but_never_a_mobile():
    assert find("ご予約は 054-626-1111 まで", host_rules=True) is None
    assert find("お問い合わせ info@example.org / https://example.org", host_rules=True) is None
    assert find("担当 090-1234-5678", host_rules=True) == "phone"
    assert find("担当 ０９０ー１２３４ー５６７８", host_rules=True) == "phone"
    hook = personal_data_hook()
    assert hook(say("ご予約は 054-626-1111 まで", kind="booth", role="host")) is None
    assert hook(say("ご予約は 054-626-1111 まで", kind="booth", role="visitor")).action == "block"


# --------------------------------------------------------------------------------------------
# Split over several sends
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("recent, text, kind", [
    (("090-1234",), "5678", "phone"),
    (("090",), "1234 5678", "phone"),
    (("090", "1234"), "5678", "phone"),
    (("ぜろはちぜろ",), "いちいちにに さんさんよんよん", "phone"),
    (("insta",), "aoi_k2010", "handle"),
    (("ライン",), "交換しよ", "contact_request"),
    (("北口に",), "17時", "meetup"),
])
def test_a_number_split_over_two_sends_is_held(recent, text, kind):
    assert find(text) is None  # harmless alone
    verdict = personal_data_hook()(say(text, recent))
    assert verdict == Verdict("hold", reason="held_personal_data", rule=f"personal_data:{kind}:split")


def test_an_earlier_blocked_line_does_not_hold_an_innocent_one():
    assert personal_data_hook()(say("ねむい", ("090-1234-5678",))) is None
    assert personal_data_hook()(say("おはよう", ("こんにちは", "元気？"))) is None
    # numbered lines that happen to start with a service's name are a list, not a handle in two halves
    assert personal_data_hook()(say("line 1", ("line 0",))) is None


def test_a_direct_match_is_blocked_not_held_even_with_recent_lines():
    verdict = personal_data_hook()(say("090-1234-5678", ("やあ",)))
    assert verdict.action == "block" and verdict.rule == "personal_data:phone"


# --------------------------------------------------------------------------------------------
# The audit trail keeps the text masked
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, masked", [
    ("090-1234-5678に電話して", "090-****-****に電話して"),
    ("０９０ー１２３４ー５６７８", "０９０ー****ー****"),
    ("090\u00ad1234\u00ad5678", "090\u00ad****\u00ad****"),
    ("メアド aoi_k@gmail.com だよ", "メアド *****@gmail.com だよ"),
    ("@aoi_chan フォローして", "@******** フォローして"),
    ("インスタ→ mio_chan22", "インスタ→ **********"),
    ("港区芝5-3-1", "港区芝*-*-*"),
    ("こんにちは", "こんにちは"),
])
def test_mask_hides_the_data_itself(text, masked):
    assert mask(text) == masked


def test_mask_hides_every_digit_after_the_third_in_any_form():
    for how, text in gen.obfuscations("09012345678", random.Random(1)):
        if how.startswith(("english", "romaji", "kana", "kanji", "one digit", "glued", "date", "mixed", "+81")):
            continue
        masked = mask(text)
        assert "1234" not in masked and "5678" not in masked, (how, masked)
        assert sum(ch == "*" for ch in masked) >= 8, (how, masked)


# --------------------------------------------------------------------------------------------
# Property-based: any obfuscation of any number is caught; festival lines are not
# --------------------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(gen.PREFIXES), rest=st.text("0123456789", min_size=8, max_size=8),
       seed=st.integers(0, 2**32 - 1), pick=st.integers(0, 10_000), carrier=st.sampled_from(gen.CARRIERS))
def test_any_phone_in_any_obfuscation_is_caught(prefix, rest, seed, pick, carrier):
    forms = gen.obfuscations(prefix + rest, random.Random(seed))
    how, text = forms[pick % len(forms)]
    assert find(carrier.format(text)) == "phone", (how, text)


@settings(max_examples=200, deadline=None)
@given(prefix=st.sampled_from(gen.PREFIXES), rest=st.text("0123456789", min_size=8, max_size=8),
       cut=st.integers(2, 9))
def test_any_phone_split_in_two_is_held(prefix, rest, cut):
    digits = prefix + rest
    first, second = digits[:cut], digits[cut:]
    verdict = personal_data_hook()(say(second, (first,)))
    assert verdict is not None and verdict.rule.startswith("personal_data:phone"), (first, second)


_FESTIVAL = st.one_of(
    st.builds("{}:{:02d}〜{}:{:02d} ステージ".format, st.integers(0, 23), st.integers(0, 59), st.integers(0, 23),
              st.integers(0, 59)),
    st.builds("{}/{} {}:{:02d} 開始".format, st.integers(1, 12), st.integers(1, 31), st.integers(0, 23),
              st.integers(0, 59)),
    st.builds("{}年{}月{}日".format, st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 31)),
    st.builds("{}/{:02d}/{:02d} {:02d}:{:02d}".format, st.integers(1990, 2030), st.integers(1, 12),
              st.integers(1, 31), st.integers(0, 23), st.integers(0, 59)),
    st.builds("入場料{:,}円".format, st.integers(0, 100_000)),
    st.builds("{}階の{}号室".format, st.integers(1, 30), st.integers(100, 9999)),
    st.builds("整理券{}番".format, st.integers(1, 99999)),
    st.builds("参加者{:,}人".format, st.integers(1, 10_000_000)),
    st.builds("{}年ぶり".format, st.integers(1, 99)),
    st.builds("スコア{}点".format, st.integers(0, 10**9)),
    st.builds("{}位から{}位まで".format, st.integers(1, 100), st.integers(1, 100)),
    st.builds("{}歩あるいた".format, st.integers(0, 10**6)),
    st.builds("問{}から問{}まで".format, st.integers(1, 99), st.integers(1, 99)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FESTIVAL, min_size=1, max_size=3).map("、".join))
def test_festival_lines_with_numbers_are_not_personal_data(text):
    assert find(text) is None, text


# --------------------------------------------------------------------------------------------
# The corpus (tests/corpus/*.tsv): dev split asserted, held-out split only reported
# --------------------------------------------------------------------------------------------
def rows(name: str) -> list[tuple[str, str]]:
    out = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expect, text = line.split("\t", 1)
            out.append((expect, text))
    return out


def judge(pipeline: Pipeline, text: str):
    *before, last = text.split(" ⟫ ")
    return pipeline.review(say(last, tuple(before)))


def score(split: str) -> dict[str, float]:
    """Recall on personal data (the personal-data hook's own verdicts), false positives on ordinary
    lines of the personal-data filter and of the whole default pipeline."""
    mine = Pipeline([personal_data_hook()])
    full = Pipeline(load_hooks(DEFAULT_HOOKS))
    pd = rows(f"personal_data.{split}.tsv")
    ok = rows(f"privacy_ok.{split}.tsv")
    missed = [t for _, t in pd if judge(mine, t).action not in ("block", "hold")]
    ours = [t for _, t in ok if judge(mine, t).action in ("block", "hold")]
    anyone = [(t, judge(full, t).rule) for _, t in ok if judge(full, t).action in ("block", "hold")]
    return {"n_pd": len(pd), "recall": 1 - len(missed) / len(pd), "n_ok": len(ok), "fp": len(ours) / len(ok),
            "fp_pipeline": len(anyone) / len(ok), "missed": missed, "wrongly_blocked": ours, "pipeline_fp": anyone}


def _report(split: str, s: dict) -> None:
    print(f"\npersonal data, {split}: recall {s['recall']:.3f} of {s['n_pd']}; ordinary lines {s['n_ok']}: "
          f"false positives {s['fp']:.3f} (personal data), {s['fp_pipeline']:.3f} (whole default pipeline)")


def test_corpus_dev_split_meets_the_targets():
    s = score("dev")
    _report("dev", s)
    assert s["n_pd"] >= 450 and s["n_ok"] >= 250
    assert s["recall"] >= 0.98, s["missed"]
    assert s["fp"] <= 0.015, s["wrongly_blocked"]


def test_corpus_held_out_split_is_reported():
    s = score("heldout")
    _report("heldout", s)
    assert s["n_pd"] >= 150 and s["n_ok"] >= 100  # sizes only: the scores are reported, never tuned against


@settings(max_examples=300, deadline=None)
@given(service=st.sampled_from(sorted(gen.SERVICES)), seed=st.integers(0, 2**32 - 1),
       connector=st.sampled_from(gen.CONNECTORS), handle=st.sampled_from(gen.HANDLES), ask=st.sampled_from(gen.ASKS))
def test_any_spelling_of_a_service_with_a_handle_or_an_ask_is_caught(service, seed, connector, handle, ask):
    rng = random.Random(seed)
    latin = gen.SERVICES[service]
    name = gen.lookalike(latin, rng) if latin else service
    assert find(name + connector + handle) in ("handle", "contact_id", "contact_request"), name + connector + handle
    assert find(name + ask) == "contact_request", name + ask
