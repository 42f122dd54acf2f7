"""Recall per category and the false-positive rate of the default moderation pipeline on the corpus.

    python bench/moderation_eval.py [--split dev|heldout|all] [--show-misses [N]]

Every row of `tests/corpus/*.{split}.tsv` (two columns, `expect<TAB>text`; `#` comments; a text with
` ⟫ ` is a multi-message case: the parts before the last ` ⟫ ` are the same sender's earlier lines)
goes through `Pipeline(load_hooks(DEFAULT_HOOKS))` as a 15-17 visitor saying it in `lobby`.

A row counts as caught when:
- pd: block or hold with a `personal_data:` rule;
- crisis: hold with reason `support`; abuse: the same with rule `crisis:abuse`;
- harassment: block or hold with a `harassment:` or `ngword` rule;
- sexual: hold with a `sexual:` rule;
- ok: allowed (anything else is a false positive).
The held-out split was written before the rules and is reported, never tuned against.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.pipeline import DEFAULT_HOOKS, Pipeline, Subject, Verdict, load_hooks  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
SEP = " ⟫ "
CATEGORIES = ("pd", "crisis", "abuse", "harassment", "sexual", "ok")


@dataclass(frozen=True)
class Row:
    expect: str
    text: str
    source: str

    def subject(self) -> Subject:
        parts = self.text.split(SEP)
        return Subject("say", parts[-1], "visitor-1", "visitor", "lobby", "15-17", tuple(parts[:-1]))


def rows(split: str) -> list[Row]:
    splits = ("dev", "heldout") if split == "all" else (split,)
    out = []
    for s in splits:
        for path in sorted(CORPUS.glob(f"*.{s}.tsv")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                expect, _, text = line.partition("\t")
                out.append(Row(expect.strip(), text, path.name))
    return out


def caught(expect: str, v: Verdict) -> bool:
    rule = v.rule or ""
    if expect == "pd":
        return v.action in ("block", "hold") and rule.startswith("personal_data:")
    if expect == "crisis":
        return v.action == "hold" and v.reason == "support"
    if expect == "abuse":
        return v.action == "hold" and v.reason == "support" and rule == "crisis:abuse"
    if expect == "harassment":
        return v.action in ("block", "hold") and (rule.startswith("harassment:") or rule == "ngword")
    if expect == "sexual":
        return v.action == "hold" and rule.startswith("sexual:")
    if expect == "ok":
        return v.action in ("allow", "modify")
    raise ValueError(f"unknown expect {expect!r}")


def evaluate(split: str = "dev", pipeline: Pipeline | None = None) -> dict[str, dict]:
    """{category: {"n", "hits", "rate", "misses": [(text, rule)]}}; for "ok" the rate is the false-positive rate."""
    pipeline = pipeline or Pipeline(load_hooks(DEFAULT_HOOKS))
    table: dict[str, dict] = defaultdict(lambda: {"n": 0, "hits": 0, "misses": []})
    for row in rows(split):
        v = pipeline.review(row.subject())
        t = table[row.expect]
        t["n"] += 1
        if caught(row.expect, v):
            t["hits"] += 1
        else:
            t["misses"].append((row.text, f"{v.action} {v.rule or ''}".strip(), row.source))
    for name, t in table.items():
        t["rate"] = (t["n"] - t["hits"]) / t["n"] if name == "ok" else t["hits"] / t["n"]
    return dict(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--show-misses", nargs="?", type=int, const=15, default=0, metavar="N")
    args = parser.parse_args()
    table = evaluate(args.split)
    print(f"split: {args.split}   (pipeline: {DEFAULT_HOOKS})")
    print(f"{'category':<11} {'rows':>5}  {'measure':<20} {'value':>6}")
    for name in CATEGORIES:
        if name not in table:
            continue
        t = table[name]
        measure = "false positive rate" if name == "ok" else "recall"
        print(f"{name:<11} {t['n']:>5}  {measure:<20} {t['rate']:>6.3f}")
    print(f"{'total':<11} {sum(t['n'] for t in table.values()):>5}")
    if args.show_misses:
        for name in CATEGORIES:
            if name in table and table[name]["misses"]:
                print(f"\nmisses: {name}")
                for text, got, source in table[name]["misses"][: args.show_misses]:
                    print(f"  [{got or 'allow'}] {text}    ({source})")


if __name__ == "__main__":
    main()
