"""Microseconds per ordinary message through the default moderation pipeline.

    python bench/moderation_bench.py

Runs the shipped corpus's ordinary messages (and a few long ones) through the
three default hooks many times and prints µs per message, with a baseline of
the empty pipeline measured in the same run.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moderation.crisis import crisis_hook  # noqa: E402
from moderation.ngwords import ngword_hook  # noqa: E402
from moderation.personal_data import personal_data_hook  # noqa: E402
from moderation.pipeline import Pipeline, Subject  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "moderation_corpus.tsv"


def messages() -> list[str]:
    rows = [line.split("\t", 2) for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    ordinary = [text for label, kind, text in rows if label == "ok" and kind == "say"]
    return ordinary + ["今日のステージ、最後の曲がすごくよかった！また来年も来たいな" * 3]


def per_message(pipeline: Pipeline, texts: list[str], rounds: int) -> float:
    subjects = [Subject("say", t, "u1", "visitor", "lobby", "15-17") for t in texts]
    start = time.perf_counter()
    for _ in range(rounds):
        for s in subjects:
            pipeline.review(s)
    return (time.perf_counter() - start) / (rounds * len(subjects)) * 1e6


def main() -> None:
    texts = messages()
    full = Pipeline([crisis_hook(), personal_data_hook(), ngword_hook()])
    empty = Pipeline([])
    per_message(full, texts, 5)  # warm up
    best = min(per_message(full, texts, 50) for _ in range(5))
    base = min(per_message(empty, texts, 50) for _ in range(5))
    print(f"{len(texts)} ordinary messages: {best:.1f} µs per message through crisis+personal_data+ngwords "
          f"(empty pipeline {base:.2f} µs)")


if __name__ == "__main__":
    main()
