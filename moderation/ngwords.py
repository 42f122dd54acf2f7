"""NG words and harassment, from a list file an operator can edit; and escalation.

The list (`moderation/ngwords.txt` by default, `NGWORDS_FILE` to replace it)
has one entry per line, `#` for comments. An entry is matched after the same
normalisation as the text, anywhere in it; an entry written `=word` must be
the whole token (for short words that hide inside harmless ones, like しね in
しねま). Repeated offences by one user escalate: warn, then mute, then kick.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import fold, squash
from .pipeline import Subject, Verdict

REASON = "blocked_ngword"
DEFAULT_LIST = Path(__file__).with_name("ngwords.txt")


@dataclass(frozen=True)
class WordList:
    anywhere: tuple[str, ...]
    whole: re.Pattern[str] | None

    @classmethod
    def load(cls, path: Path = DEFAULT_LIST) -> "WordList":
        anywhere: list[str] = []
        whole: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            if entry.startswith("="):
                whole.append(re.escape(fold(entry[1:])))
            else:
                anywhere.append(squash(fold(entry)))
        pattern = re.compile(r"(?<![a-zぁ-ん])(?:" + "|".join(whole) + r")(?![a-zぁ-ん])") if whole else None
        return cls(tuple(a for a in anywhere if a), pattern)

    def find(self, text: str) -> str | None:
        folded = fold(text)
        squashed = squash(folded)
        for entry in self.anywhere:
            if entry in squashed:
                return entry
        if self.whole is not None:
            match = self.whole.search(folded)
            if match:
                return match.group(0)
        return None


def ngword_hook(path: str | None = None):  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    """The list is read once, at start: `path`, else `NGWORDS_FILE`, else the shipped list."""
    chosen = path or os.environ.get("NGWORDS_FILE")
    words = WordList.load(Path(chosen) if chosen else DEFAULT_LIST)

    def hook(subject: Subject) -> Verdict | None:
        if subject.kind not in ("say", "nick", "booth"):  # booth: what hosts write (titles, descriptions)
            return None
        found = words.find(subject.text)
        return Verdict("block", reason=REASON, rule="ngword") if found else None

    return hook


@dataclass
class Escalation:
    """warn → mute → kick for repeated offences within a window (time passed in, in seconds)."""

    window_s: float = 600.0
    steps: tuple[str, ...] = ("warn", "warn", "mute", "mute", "kick")
    offences: dict[str, list[float]] = field(default_factory=dict)

    def offend(self, user: str, now: float) -> str:
        recent = [t for t in self.offences.get(user, []) if now - t < self.window_s]
        recent.append(now)
        self.offences[user] = recent
        return self.steps[min(len(recent), len(self.steps)) - 1]
