"""The filters against a labelled corpus, with precision and recall.

`tests/moderation_corpus.tsv` (written for these tests, CC0) holds realistic
festival chat: personal data in the forms people really use to dodge
filters, cries for help, insults, and ordinary messages full of times, dates,
prices and room numbers. Run with `-s` to see the table that
docs/moderation.md quotes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from moderation.crisis import category, crisis_hook
from moderation.ngwords import Escalation, WordList, ngword_hook
from moderation.normalize import fold, squash
from moderation.personal_data import find, personal_data_hook
from moderation.pipeline import Pipeline, Subject

CORPUS = Path(__file__).parent.parent / "moderation_corpus.tsv"


def corpus() -> list[tuple[str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, kind, text = line.split("\t", 2)
            rows.append((label, kind, text))
    return rows


def verdicts() -> list[tuple[str, str, str, str]]:
    """(label, kind, text, what the pipeline did)."""
    pipeline = Pipeline([crisis_hook(), personal_data_hook(), ngword_hook()])
    out = []
    for label, kind, text in corpus():
        role = "host" if kind == "booth" else "visitor"
        v = pipeline.review(Subject(kind, text, "u1", role, "lobby", "15-17"))
        got = (v.rule or "").split(":")[0] if v.action in ("block", "hold") else "ok"
        out.append((label, kind, text, {"personal_data": "pii", "crisis": "crisis", "ngword": "ng"}.get(got, got)))
    return out


def scores() -> dict[str, dict[str, float]]:
    rows = verdicts()
    table = {}
    for label in ("pii", "crisis", "ng"):
        positives = [r for r in rows if r[0] == label]
        flagged = [r for r in rows if r[3] == label]
        hits = [r for r in positives if r[3] == label]
        table[label] = {
            "n": len(positives),
            "recall": len(hits) / len(positives),
            "precision": len(hits) / len(flagged) if flagged else 1.0,
        }
    oks = [r for r in rows if r[0] == "ok"]
    table["ok"] = {"n": len(oks), "false_positive_rate": sum(r[3] != "ok" for r in oks) / len(oks)}
    return table


def test_corpus_is_big_enough_and_has_both_kinds():
    rows = corpus()
    assert len(rows) >= 200
    assert sum(r[0] == "ok" for r in rows) >= 100 and sum(r[0] != "ok" for r in rows) >= 100


def test_targets_on_the_shipped_corpus():
    table = scores()
    print("\nfilter   n   precision  recall   (ok messages: n, false positives)")
    for label in ("pii", "crisis", "ng"):
        t = table[label]
        print(f"{label:<7} {t['n']:>3}   {t['precision']:.3f}      {t['recall']:.3f}")
    print(f"ok      {table['ok']['n']:>3}   false positive rate {table['ok']['false_positive_rate']:.3f}")
    misses = [r for r in verdicts() if r[0] != r[3]]
    for m in misses:
        print("  miss:", m)
    assert table["pii"]["recall"] >= 0.98
    assert table["ok"]["false_positive_rate"] <= 0.02
    assert table["crisis"]["recall"] >= 0.95


@pytest.mark.parametrize("text", [
    "a" * 10_000, "a" + "\u0301" * 5_000, "👨‍👩‍👧‍👦" * 500, "\u202eLINE教えて\u202c", "Ｌ\u200bＩ\u200bＮ\u200bＥ 交換",
    "شكرا ありがとう Спасибо 谢谢", "\x00\x01\x02", "ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ" * 100,
])
def test_hostile_input_is_handled(text):
    folded = fold(text)
    assert len(folded) <= 2_000
    find(text), category(text), WordList.load().find(text)  # no exception


def test_dodges_are_seen_through():
    assert find("\u202eLINE教えて\u202c") == "contact_request"
    assert find("Ｌ\u200bＩ\u200bＮ\u200bＥ 交換しよ") == "contact_request"
    assert squash(fold("０　９　０")) == "090"
    assert fold("①②③") == "123"
    assert fold("カタカナ") == "かたかな"


def test_host_rules_allow_an_organisations_line_but_never_a_mobile():
    assert find("ご予約は 054-626-1111 まで", host_rules=True) is None
    assert find("ご予約は 054-626-1111 まで") == "phone"
    assert find("担当 090-1234-5678", host_rules=True) == "phone"


def test_escalation_warns_then_mutes_then_kicks():
    e = Escalation(window_s=60)
    steps = [e.offend("u", t) for t in range(5)]
    assert steps == ["warn", "warn", "mute", "mute", "kick"]
    assert e.offend("u", 1_000) == "warn"  # the window has passed


def test_an_operator_list_replaces_the_shipped_one(tmp_path, monkeypatch):
    own = tmp_path / "words.txt"
    own.write_text("# ours\nぴーまん\n=ばか\n", encoding="utf-8")
    monkeypatch.setenv("NGWORDS_FILE", str(own))
    hook = ngword_hook()
    assert hook(Subject("say", "ピーマンきらい", "u", "visitor")).action == "block"
    assert hook(Subject("say", "お前きもい", "u", "visitor")) is None  # not on this list
