"""The default moderation pipeline against the development corpus (tests/corpus/*.dev.tsv).

Targets (issue 11): personal data ≥ 0.98, crisis and abuse ≥ 0.97, harassment ≥ 0.90, sexual ≥ 0.90,
false positives on ordinary chat ≤ 1.5 %. Only the categories whose files exist are asserted. The
held-out split is reported by `python bench/moderation_eval.py --split heldout`, never asserted here
(asserting it would invite tuning against it).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import moderation_eval  # noqa: E402

TARGETS = {"pd": 0.98, "crisis": 0.97, "abuse": 0.97, "harassment": 0.90, "sexual": 0.90}
MAX_FALSE_POSITIVES = 0.015


@pytest.fixture(scope="module")
def table():
    return moderation_eval.evaluate("dev")


def test_the_dev_corpus_is_big_enough(table):
    mine = ("crisis", "abuse", "harassment", "sexual")
    assert sum(table[c]["n"] for c in mine if c in table) >= 600
    assert table["ok"]["n"] >= 400


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_recall_on_the_dev_split(table, category):
    if category not in table:
        return  # that category's corpus file is not written yet
    t = table[category]
    assert t["rate"] >= TARGETS[category], [m[:2] for m in t["misses"][:20]]


def test_false_positives_on_the_dev_split(table):
    t = table["ok"]
    assert t["rate"] <= MAX_FALSE_POSITIVES, [m[:2] for m in t["misses"][:20]]


def test_every_row_is_well_formed():
    for row in moderation_eval.rows("all"):
        assert row.expect in moderation_eval.CATEGORIES, (row.source, row.expect)
        assert row.text.strip(), row.source


def test_no_dev_row_repeats_a_held_out_row():
    mine = ("crisis", "abuse", "harassment", "sexual", "ordinary")
    dev = {r.text for r in moderation_eval.rows("dev") if r.source.split(".")[0] in mine}
    held = {r.text for r in moderation_eval.rows("heldout") if r.source.split(".")[0] in mine}
    assert not dev & held
