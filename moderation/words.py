"""Japanese read as words: a thin, lazy wrapper around a morphological analyser.

The filters match *lemmas and conjugations*, not strings: 切った / 切っちゃった /
きった all read as 切る, 飲んだ as 飲む, 殴られた as 殴る + れる (passive), 死ねよ as
死ぬ in the imperative. The analyser is SudachiPy with the `sudachidict_core`
dictionary (both wheels from PyPI, the dictionary ships inside its package; no
system library, no download at run time). It is loaded once, on first use
(`warm()` loads it at start), and only runs where a filter's cheap stem scan
says one of its rules could match (`focus`), so most festival lines cost no
analysis at all.

What this module gives the filters, for one text:

- `prepare(text)`: the text as the analyser should see it: NFKC, lower-case
  Latin, no format/invisible characters, no spaces between Japanese
  characters (し に た い), small vowels read as big ones (しにたぃ), a long mark
  inside a hiragana word dropped (しにたーい), and the written-around forms of 死
  (〇/○/◯/タヒ/4/氏/市 before に・ね・ん) read as 死. Katakana is kept: the
  analyser knows ロープ, not ろーぷ.
- `light(text)` / `flat(text)`: the prepared text folded (`moderation.normalize`:
  hiragana, ASCII digits), with and without its separators, for stem scans and
  surface word lists.
- `latin(text)`: the Latin part for English rules: leetspeak read (d1e → die,
  k1ll → kill, want 2 die → want to die), letters typed apart joined (k y s).
- `focus(text, stems)`: the parts worth analysing (the whole of a short line,
  the sentences of a long one that have a stem).
- `readings(text)`: one `Analysis`, or two when katakana stands where hiragana
  belongs (殴ラレタ); its `lemmas` string is " lemma lemma ... " (each token's
  normalised form; a verb or adjective carries its conjugation form after `#`,
  e.g. `死ぬ#命令形`).
- `rule("{手首|腕} ~ {切る}")`: a pattern over that string written in words;
  `RuleSet` tries only the rules whose words are all in the message.

The core stays sans-I/O: the analyser is a pure library reading its packaged
dictionary once; nothing here touches the network or the file system after that.
The tokenizer is not shared between threads (the server runs one event loop).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, squash

MAX_CHARS = 600  # chat texts are at most 500 characters (a joined window is cut here)

_tokenizer = None
_lock = threading.Lock()
RUNS = {"analysed": 0}  # how often the analyser really ran (the benchmark reports it)

_SMALL = str.maketrans("ぁぃぅぇぉァィゥェォ", "あいうえおアイウエオ")
# Small vowels that are part of a sound (ふぃ, てぃ, でゅ, ちぇ, しぇ, ヴぁ...) stay small.
_SMALL_VOWEL = re.compile(r"(?<![ふてでうちしじつゔくぐすずとどフテデウチシジツヴクグスズトド])[ぁぃぅぇぉァィゥェォ]")
# 死 written around: 〇にたい, ○ね, タヒね, 4ね, 氏ね, 市ね, 0にたい (but not 4人, 40年 or 市内).
_DEATH = re.compile(r"(?<![0-9０-９])(?:[〇○◯⭕0０4４]|タヒ|たひ|ﾀﾋ|氏|市)(?=に(?:た|て|そ|ま|ぞ|か)|ね(?![こぎんコギン])|ん(?:で|だ|じゃ)|のう(?!ち))")
_KATA_RUN = re.compile(r"[ァ-ヺー]+")
_KANJI = re.compile(r"[一-龥々〆]")
_LONG_IN_KANA = re.compile(r"(?<=[ぁ-ゖ])[ーー〜~]+(?=[ぁ-ゖ])")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])[\s\u3000]+(?=[^\x00-\x7f])")
_REPEAT = re.compile(r"(.)\1{3,}")

_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t", "!": "i"})
_HAS_LATIN = re.compile("[A-Za-z\uff21-\uff3a\uff41-\uff5a\u0370-\u04ff\u1d00-\u1dbf\U0001d400-\U0001d7ff]")
_LATIN_WORD = re.compile(r"[a-z0-9@$!']+")


# Format and invisible characters (Cf), combining marks left after NFKC, controls, variation selectors, tags.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                        "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                        "\ufff0-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e0fff\u0300-\u036f\u20d0-\u20ff]")


def union(words) -> str:  # noqa: ANN001 - any iterable of strings
    """One regular expression for many literal words, as a trie (Python's re tries a flat alternation
    word by word at every position; a trie shares the prefixes, several times faster on chat lines)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _strip_invisible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=2048)
def prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _strip_invisible(text).lower()
    if text.isascii():
        return text
    text = _CJK_SPACE.sub("", text)
    text = _DEATH.sub("死", text)
    text = _SMALL_VOWEL.sub(lambda m: m.group(0).translate(_SMALL), text)
    text = _LONG_IN_KANA.sub("", text)
    return _REPEAT.sub(r"\1\1\1", text)


def _okurigana(text: str) -> str:
    """Katakana written where hiragana belongs (殴ラレタ, オ前イラナイ, シニタイ) → hiragana; loanwords (ロープ) stay.

    A katakana run becomes hiragana when it follows a kanji (okurigana), when it is one or two
    characters before a kanji (オ前, ゴ飯), or when the text has no hiragana and the run has no long
    mark (シニタイ); a run with a long mark or standing between other words is read as a loanword.
    """
    if not _KATA_RUN.search(text):
        return text
    no_hiragana = not any("ぁ" <= ch <= "ゖ" for ch in text)

    def convert(m: re.Match[str]) -> str:
        run, start, end = m.group(0), m.start(), m.end()
        after_kanji = start > 0 and _KANJI.match(text[start - 1]) is not None
        before_kanji = end < len(text) and _KANJI.match(text[end]) is not None and len(run) <= 2
        whole = no_hiragana and "ー" not in run and not _KANJI.search(text)
        if after_kanji or before_kanji or whole:
            return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in run)
        return run

    return _KATA_RUN.sub(convert, text)


@lru_cache(maxsize=2048)
def light(text: str) -> str:
    """The prepared text folded (hiragana, ASCII digits) but with its separators and long marks: ブース stays ぶーす."""
    return fold(prepare(text))


@lru_cache(maxsize=2048)
def flat(text: str) -> str:
    """`light` without separators: し.に.た.い → しにたい (for surface stems that must survive them)."""
    return squash(light(text))


def _leet(word: str) -> str:
    if word.isalpha() or word.isdigit():
        return {"2": "to", "4": "for", "u": "you", "ur": "your", "r": "are", "im": "i'm", "urself": "yourself",
                "myslf": "myself", "ded": "dead", "pls": "please", "plz": "please"}.get(word, word)
    if word in ("u're", "ur'e"):
        return "you're"
    return word.translate(_LEET)


def _join_letters(words: list[str]) -> list[str]:
    """Letters typed apart (d i e, k y s) → one word; a lone "i" or "a" elsewhere stays."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        if len(w) == 1 and w.isalnum():
            run.append(w)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=2048)
def latin(text: str) -> str:
    """The Latin words of the text, leetspeak read, joined by single spaces, with a space at each end."""
    if not _HAS_LATIN.search(text):
        return ""
    words = _LATIN_WORD.findall(fold(text).replace("’", "'"))
    words = _join_letters(words)
    return " " + " ".join(_leet(w) for w in words) + " " if words else ""


@dataclass(frozen=True, slots=True)
class Analysis:
    lemmas: str  # " 手首 切る#連用形 ちゃう#連用形 た#終止形 "
    surfaces: tuple[str, ...]
    words: tuple[str, ...]  # the lemmas without forms, one per token
    pos: tuple[str, ...]  # the first part of speech per token (名詞, 動詞, 助詞, ...)


_MACRO = re.compile(r"\{([^{}]+)\}")


class rule:  # noqa: N801 - reads as a function at the call sites: rule("{手首|腕} ~ {切る}")
    """A pattern over `Analysis.lemmas`, written in words: `{手首|腕} ~ {切る}`.

    `{a|b}` is one token whose lemma is a or b, in any conjugation form (or the form written
    after `#`: `{死ぬ#命令形}`); `{a|b}?` is an optional token; `~` is a gap of up to four
    tokens, `~N` of up to N; `~aux` the auxiliaries between a verb and たい (死んじゃいたい).
    Each word is also read by the analyser when the rule is first used, so a rule may be
    written in kana or kanji (もらえる, 貰う) and still meet the analyser's normalised form.
    """

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def search(self, lemmas: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(_compile(self.pattern))
        return self._compiled.search(lemmas)


class RuleSet:
    """Rules looked up by their words: a rule is only tried when every word it needs is in the message.

    Each rule's required tokens (`{a|b}` not marked optional) give sets of lemmas; a message whose
    lemmas miss one of them cannot match, so its regular expression is never run. An index from the
    first required lemma to the rules keeps a long message from trying every rule (a 240-character
    line costs a few µs instead of hundreds).
    """

    __slots__ = ("rules", "_index", "_free", "_anchors")

    def __init__(self, rules) -> None:  # noqa: ANN001 - an iterable of rule
        self.rules = tuple(rules)
        self._index: dict[str, tuple[int, ...]] | None = None
        self._free: tuple[int, ...] = ()
        self._anchors: tuple[tuple[frozenset[str], ...], ...] = ()

    def _build(self) -> None:
        index: dict[str, list[int]] = {}
        free: list[int] = []
        anchors = []
        for i, r in enumerate(self.rules):
            sets = _required(r.pattern)
            anchors.append(sets)
            if not sets:
                free.append(i)
                continue
            for word in sets[0]:
                index.setdefault(word, []).append(i)
        self._anchors = tuple(anchors)
        self._free = tuple(free)
        self._index = {w: tuple(ix) for w, ix in index.items()}

    def candidates(self, analysis: "Analysis") -> list[int]:
        if self._index is None:
            self._build()
        present = set(analysis.words)
        found = set(self._free)
        for word in present:
            found.update(self._index.get(word, ()))
        return sorted(i for i in found if all(not s.isdisjoint(present) for s in self._anchors[i][1:]))

    def first(self, analysis: "Analysis") -> rule | None:
        """The first rule (in the order given) that matches, or None."""
        for i in self.candidates(analysis):
            if self.rules[i].search(analysis.lemmas):
                return self.rules[i]
        return None


def _required(pattern: str) -> tuple[frozenset[str], ...]:
    """The lemma sets of a pattern's required tokens, in order (optional tokens and raw pieces skipped)."""
    sets = []
    for part in pattern.split():
        if not (part.startswith("{") and part.endswith("}")) or part.count("{") != 1:
            continue
        words: set[str] = set()
        for item in part[1:-1].split("|"):
            word = item.partition("#")[0]
            if word:
                words.add(word)
                words.update(_normal_forms(word))
        if words:
            sets.append(frozenset(words))
    return tuple(sets)


def _alternatives(group: str) -> str:
    """`a|b#form|c` → a regex for one token: each word (and its normalised forms), with its own form or any."""
    alternatives: list[str] = []
    for item in group.split("|"):
        word, _, form = item.partition("#")
        tail = "#" + form if form else r"(?:#\S*)?"
        for variant in dict.fromkeys((word, *_normal_forms(word))):
            if variant:
                alternatives.append(re.escape(variant) + tail)
    return "(?:" + "|".join(alternatives) + ")"


def normal_words(words: str) -> frozenset[str]:
    """`a|b|c` → the words and the analyser's normalised forms of each (for word-set lookups)."""
    out = set()
    for word in words.split("|"):
        out.add(word)
        out.update(_normal_forms(word))
    return frozenset(out)


@lru_cache(maxsize=4096)
def _normal_forms(word: str) -> tuple[str, ...]:
    if not word or not any(ord(ch) > 0x7F for ch in word):
        return ()
    morphemes = list((_tokenizer or _load()).tokenize(word))
    if len(morphemes) != 1:
        return ()
    m = morphemes[0]
    return tuple({m.normalized_form(), m.dictionary_form()} - {word})


def _compile(pattern: str) -> str:
    out = " "
    for part in pattern.split():
        if part == "~":
            out += r"(?:\S+ ){0,4}"
        elif part == "~aux":  # auxiliaries between a verb and たい: 死んじゃいたい, 死んでしまいたい, 消えちゃいたい
            out += r"(?:(?:て|で|ちゃう|じゃう|ちまう|しまう|仕舞う|てる|いる|居る|まう)(?:#\S*)? ){0,2}"
        elif part.startswith("~") and part[1:].isdigit():
            out += r"(?:\S+ ){0,%s}" % part[1:]
        elif part.startswith("{") and part.endswith("}?"):
            out += "(?:" + _MACRO.sub(lambda m: _alternatives(m.group(1)), part[:-1]) + " )?"
        else:
            out += _MACRO.sub(lambda m: _alternatives(m.group(1)), part) + " "
    return out


def _load():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            from sudachipy import Dictionary, SplitMode  # a pure library with its packaged dictionary

            dictionary = Dictionary(dict="core")
            _tokenizer = (dictionary.create(SplitMode.C) if not hasattr(dictionary, "tokenizer")
                          else _make(dictionary, SplitMode.C))
    return _tokenizer


def _make(dictionary, mode):  # noqa: ANN001, ANN202 - SudachiPy ≥ 0.6.10 spells it tokenizer(mode=...)
    try:
        return dictionary.tokenizer(mode=mode)
    except TypeError:
        return dictionary.create(mode)


SHORT = 100  # a line up to this many characters is analysed whole
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n…])|(?<=[、,]) ?(?=.{40})")


def focus(text: str, stems: re.Pattern[str]) -> list[str]:
    """The parts of a text worth analysing for a filter whose rules need one of `stems`.

    A short line is one part (or none when no stem is in it). A long line (up to 500 characters) is
    cut into sentences and only the sentences with a stem are analysed (each on its own, so the
    three filters share the analyses): a 300-character line with one 死ぬほど in it costs one short
    analysis. A rule never spans two sentences of one long line (it still spans two sends).
    """
    if len(text) <= SHORT:
        return [text] if stems.search(light(text)) else []
    return [part for part in _sentences(text) if stems.search(light(part))]


@lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(p for p in _SENTENCE_END.split(text) if p and p.strip())


def readings(text: str) -> tuple[Analysis, ...]:
    """The text as words; with a second reading when katakana stands where hiragana belongs (殴ラレタ, オ前イラナイ).

    Loanwords after a kanji (写メ, 何カップ) are read right by the first reading, okurigana written in
    katakana by the second; rules try both.
    """
    first = analyse(text)
    prepared = prepare(text)
    other = _okurigana(prepared)
    if other == prepared:
        return (first,)
    return first, _analyse_prepared(other)


@lru_cache(maxsize=1024)
def analyse(text: str) -> Analysis:
    """The prepared text as words (lemmas with conjugation forms). Loads the analyser once."""
    return _analyse_prepared(prepare(text))


_POS: dict[int, tuple[str, str]] = {}


def _pos(m, pos_id: int) -> tuple[str, str]:  # noqa: ANN001 - a sudachipy Morpheme
    """(part of speech, "#conjugation form" or ""), once per part-of-speech id."""
    pos = m.part_of_speech()
    form = "#" + pos[5].split("-")[0] if pos[5] != "*" else ""
    _POS[pos_id] = (pos[0], form)
    return _POS[pos_id]


@lru_cache(maxsize=1024)
def _analyse_prepared(prepared: str) -> Analysis:
    tokenizer = _tokenizer or _load()
    RUNS["analysed"] += 1
    parts, surfaces, words, pos0 = [], [], [], []
    for m in tokenizer.tokenize(prepared):
        pos_id = m.part_of_speech_id()
        head, form = _POS.get(pos_id) or _pos(m, pos_id)
        if head == "空白":
            continue
        lemma = m.normalized_form()
        if lemma == "為る":
            lemma = "する"
        parts.append(lemma + form)
        surfaces.append(m.surface())
        words.append(lemma)
        pos0.append(head)
    return Analysis(" " + " ".join(parts) + " ", tuple(surfaces), tuple(words), tuple(pos0))


def clear_caches() -> None:
    """Forget cached analyses (the benchmark measures cold messages)."""
    _sentences.cache_clear(), prepare.cache_clear(), light.cache_clear(), flat.cache_clear(), latin.cache_clear(), analyse.cache_clear()
    _analyse_prepared.cache_clear()


def warm() -> None:
    """Load the analyser now (a server may call this at start so the first message does not pay for it)."""
    analyse("準備")
