"""Microseconds per message through the default moderation pipeline, with the analyser.

    python bench/moderation_bench.py [--rounds N]

Runs the corpus (tests/corpus/*.tsv, both splits) through `Pipeline(load_hooks(DEFAULT_HOOKS))` —
crisis, personal data, sexual, harassment, NG words — as a 15-17 visitor in `lobby`, and prints µs per
message for:

- ordinary messages (the `ok` rows: festival chat *with* its hard negatives — hyperbole, game
  deaths, cooking 切る, medicine 飲む — so more of them wake the analyser than real chat would),
- flagged messages (crisis, abuse, harassment, sexual rows),
- the empty pipeline, measured in the same run, as the reference,

and how often the morphological analyser (SudachiPy) ran. Every round starts cold: the filters'
caches of folded texts and analyses are cleared, so a message is never timed from a cache (a real
room rarely repeats a line). The analyser's one-off load is done before timing and reported apart.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from moderation import normalize, words  # noqa: E402
from moderation.pipeline import DEFAULT_HOOKS, Pipeline, Subject, load_hooks  # noqa: E402
from moderation_eval import rows  # noqa: E402

FLAGGED = ("crisis", "abuse", "harassment", "sexual")


def clear() -> None:
    words.clear_caches()
    for name in dir(normalize):
        cache_clear = getattr(getattr(normalize, name), "cache_clear", None)
        if callable(cache_clear):
            cache_clear()


def per_message(pipeline: Pipeline, subjects: list[Subject], rounds: int) -> tuple[float, float, float]:
    """(median and best µs per message over rounds, analyser runs per message)."""
    samples = []
    runs = 0
    for _ in range(rounds):
        clear()
        before = words.RUNS["analysed"]
        start = time.perf_counter()
        for s in subjects:
            pipeline.review(s)
        samples.append((time.perf_counter() - start) / len(subjects) * 1e6)
        runs = words.RUNS["analysed"] - before
    return statistics.median(samples), min(samples), runs / len(subjects)


def subjects(kinds: tuple[str, ...]) -> list[Subject]:
    return [r.subject() for r in rows("all") if r.expect in kinds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    start = time.perf_counter()
    full = Pipeline(load_hooks(DEFAULT_HOOKS))
    words.warm()
    load_ms = (time.perf_counter() - start) * 1e3
    empty = Pipeline([])
    ordinary = subjects(("ok",))
    flagged = {kind: subjects((kind,)) for kind in FLAGGED}
    everything = ordinary + [s for group in flagged.values() for s in group]
    per_message(full, everything, 2)  # warm up (rules compile on first use)

    base, base_best, _ = per_message(empty, ordinary, args.rounds)
    print(f"hooks: {DEFAULT_HOOKS}")
    print(f"analyser: SudachiPy {_version('sudachipy')} + sudachidict_core {_version('sudachidict_core')}, "
          f"loaded with the hooks in {load_ms:.0f} ms (once per process)")
    print(f"{'messages':<24} {'n':>5} {'µs/message':>11} {'(best round)':>13} {'analyser ran':>13}")
    plain = [s for s in ordinary if not _hard_negative(s.text)]
    groups = [("ordinary (all ok rows)", ordinary), ("  plain chat", plain),
              ("  hard negatives", [s for s in ordinary if _hard_negative(s.text)])]
    groups.append(("  long (~300 chars)", _long(plain)))
    groups += [("flagged: " + kind, group) for kind, group in flagged.items()]
    for name, group in groups:
        us, best, share = per_message(full, group, args.rounds)
        print(f"{name:<24} {len(group):>5} {us:>11.1f} {best:>13.1f} {share:>12.0%}")
    print(f"{'empty pipeline':<24} {len(ordinary):>5} {base:>11.2f} {base_best:>13.2f}")
    print(f"(median of {args.rounds} cold rounds; the best round is the same work with the least interference "
          f"from other processes)")


def _long(plain: list[Subject]) -> list[Subject]:
    """Long lines: consecutive plain-chat rows joined until about 300 characters (the limit is 500)."""
    out, text = [], ""
    for s in plain:
        text += s.text + "。"
        if len(text) >= 300:
            out.append(Subject("say", text[:500], "visitor-1", "visitor", "lobby", "15-17"))
            text = ""
    return out


def _hard_negative(text: str) -> bool:
    """Rows written to tempt the filters (death, cutting, medicine, insult look-alikes)."""
    return any(w in text for w in ("死", "殺", "切", "飲", "消", "薬", "ブス", "デブ", "ゴミ", "カス", "クズ", "バカ", "キモ",
                                   "うざ", "写真", "ホテル", "秘密", "die", "dead", "kill"))


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    main()
