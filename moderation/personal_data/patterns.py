"""How the patterns are built and run cheaply: tries of literals that find where a precise
pattern can start, so `re` tries it only there, and the text forms the patterns read."""
from __future__ import annotations

import re
from typing import Iterator


def _squashed(pattern: str) -> str:
    """A pattern for `squash`ed text: squash drops ー, so the pattern must not have it either."""
    return pattern.replace("ー?", "").replace("ー", "")


def _literals(words: "Iterator[str] | tuple[str, ...] | list[str] | set[str]") -> re.Pattern[str]:
    """A pattern matching any of `words`, written as a trie ("らいん|らいぶ" → "らい(?:ん|ぶ)") so `re`
    skips quickly to the places where a word can start and tries few alternatives there."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word may end here
            body = "(?:" + body + ")?" if len(alts) == 1 else body + "?"
        return body

    return re.compile("(?:" + build(tree) + ")")


def _starts(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Every index where `pattern` matches, overlapping ones too (からいんすた: らいん and いんすた)."""
    m = pattern.search(text)
    while m is not None:
        yield m.start()
        m = pattern.search(text, m.start() + 1)


class _Anchored:
    """A pattern tried only where one of its first words starts.

    `re` skips ahead quickly only when every alternative of a pattern begins with a plain character;
    patterns whose alternatives begin with a group or a look-behind are tried at every position
    (several µs on a long line). Here a plain literal search finds the candidate positions and
    `match` checks only those. Every match of `pattern` must begin with one of `starts`.
    """

    __slots__ = ("first", "pattern")

    def __init__(self, starts: list[str], pattern: str) -> None:
        self.first = _literals(starts)
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        for at in _starts(self.first, text):
            m = self.pattern.match(text, at)
            if m is not None:
                return m
        return None


def _il(text: str) -> str:
    """TR39 skeleton for service names: I, l and 1 are one letter (str.replace: C speed on any text)."""
    return text.replace("l", "i").replace("1", "i")


_HAS_DIGIT = re.compile(r"\d")
