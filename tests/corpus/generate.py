"""Write the generated part of the development corpus (deterministic; CC0, written for Tsunagaru's tests).

    python tests/corpus/generate.py

Each `<category>.dev.tsv` keeps its hand-written rows up to the line `# generated`; everything after
that line is rewritten here: seed phrases spelled the ways people dodge filters (katakana, half-width
katakana, hiragana, 〇/○/タヒ/4/氏 for 死, small kana, a long mark, romaji, leetspeak, spacing, invisible
characters, full width), and, for the ordinary file, festival chat from templates with hard negatives
(hyperbole, game deaths, cooking 切る, medicine 飲む). Only the dev split is generated; the held-out
split is hand-written and never touched by this script.
"""
from __future__ import annotations

import itertools
import random
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "# generated"
ZW = ("\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d")


def katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def halfwidth(text: str) -> str:
    """Katakana → half-width katakana (the way some phones type it)."""
    table = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
    out = []
    for c in katakana(text):
        decomposed = unicodedata.normalize("NFD", c)
        if decomposed[0] in table:
            out.append(table[decomposed[0]] + ("ﾞ" if "\u3099" in decomposed else "ﾟ" if "\u309a" in decomposed else ""))
        else:
            out.append(c)
    return "".join(out)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spaced(text: str, sep: str = " ") -> str:
    return sep.join(text)


def invisible(text: str, rng: random.Random) -> str:
    return "".join(c + (rng.choice(ZW) if i < len(text) - 1 else "") for i, c in enumerate(text))


def small_kana(text: str) -> str:
    return text.replace("い", "ぃ", 1) if "い" in text else text.replace("え", "ぇ", 1)


def long_mark(text: str) -> str:
    return text[:-1] + "ー" + text[-1] if len(text) > 2 else text


def leet(text: str) -> str:
    return text.translate(str.maketrans({"i": "1", "e": "3", "o": "0", "a": "4", "s": "5"}))


def variants(seed: str, rng: random.Random, death: bool = True) -> list[str]:
    """Written-around forms of a Japanese seed (whose 死 may be swapped)."""
    out = [seed, katakana(seed), halfwidth(seed), spaced(seed), spaced(seed, "　"), invisible(seed, rng),
           small_kana(seed), long_mark(seed), seed + "…", "もう" + seed, seed + "ｗ" if not death else seed + "。"]
    if death and "死" in seed:
        for mark in ("〇", "○", "◯", "タヒ", "4", "氏", "し", "シ"):
            out.append(seed.replace("死", mark))
    return list(dict.fromkeys(out))


def english_variants(seed: str, rng: random.Random) -> list[str]:
    return list(dict.fromkeys([seed, seed.upper(), leet(seed), seed.replace(" ", "  "), fullwidth(seed),
                               invisible(seed, rng), seed.replace("to ", "2 ").replace("you", "u")]))


CRISIS_SEEDS = ("死にたい", "しにたい", "消えたい", "死のうかな", "自殺したい", "生きてる意味ない", "手首切った", "リスカした",
                "薬ためてる", "ロープ買った", "もう終わりにしたい", "死んじゃいたい", "飛び降りたい")
CRISIS_ROMAJI = ("shinitai", "shi ni tai", "kietai", "jisatsu shitai", "risuka shita", "SHINITAI")
CRISIS_ENGLISH = ("i want to die", "i wanna die", "kill myself", "i want to kill myself", "i don't want to live",
                  "im going to end it tonight", "i cut myself")
ABUSE_SEEDS = ("親に殴られた", "お父さんに蹴られる", "母に叩かれた", "家に帰りたくない", "ご飯もらえない", "虐待されてる",
               "義父に触られる", "親が怖い")
ABUSE_ENGLISH = ("my dad hits me", "my mom beats me", "i'm scared to go home", "my stepdad touches me")
HARASSMENT_SEEDS = ("死ね", "しね", "キモい", "ブス", "うざい", "消えろ", "学校来んな", "殺すぞ", "きっしょ", "お前いらない",
                    "カス", "クズ")
HARASSMENT_ENGLISH = ("kys", "kill yourself", "nobody likes you", "you're ugly", "shut up loser", "go die")
SEXUAL_SEEDS = ("写真送って", "下着見せて", "裸見せて", "パパ活しない？", "ホテル行こう", "二人だけの秘密ね", "脱いで")
SEXUAL_ENGLISH = ("send pics", "send nudes", "show me your body", "wanna hook up")

PLACES = ("ロビー", "音楽室", "体育館", "中庭", "図書室", "ステージ前", "絵のブース", "ゲームのブース", "相談ブース", "屋台エリア")
EVENTS = ("ダンス", "バンド演奏", "クイズ大会", "お絵かき会", "ゲーム大会", "カラオケ", "ビンゴ", "朗読会", "写真展", "映画上映")
TIMES = ("10時", "11時半", "13時", "14時", "15時半", "16時", "17時", "18時", "19時", "夕方")
FOODS = ("たこ焼き", "焼きそば", "かき氷", "クレープ", "わたあめ", "りんご飴", "唐揚げ", "ポテト", "おにぎり", "チョコバナナ")
GAMES = ("マイクラ", "スプラ", "フォートナイト", "ポケモン", "マリカ", "スマブラ", "エペ", "原神", "どうぶつの森", "テトリス")
HYPERBOLE = ("死ぬほど{a}", "{a}すぎて死ぬ", "{a}すぎて死にそう", "{a}すぎて無理")
ADJ = ("眠い", "笑った", "おいしかった", "楽しかった", "暑い", "寒い", "恥ずかしい", "うれしい")
CUT = ("{f}を切った", "{f}切るの手伝った", "包丁で{f}切った")
VEG = ("にんじん", "玉ねぎ", "キャベツ", "トマト", "きゅうり", "ケーキ", "パン", "スイカ")
DRINK = ("{m}飲んだ", "{m}飲むの忘れた", "{m}飲んでから寝る")
MEDS = ("風邪薬", "頭痛薬", "酔い止め", "花粉症の薬", "胃薬", "ビタミン", "麦茶", "ココア")


def ordinary(rng: random.Random) -> list[str]:
    out = []
    for place, event, time in zip(PLACES, EVENTS, TIMES):
        out += [f"{time}から{place}で{event}あるよ", f"{event}どこでやってる？{place}？", f"{place}に集合ね、{time}"]
    for food, place in zip(FOODS, PLACES):
        out += [f"{food}おいしかった！", f"{food}の屋台どこ？", f"{place}で{food}食べよ"]
    for game in GAMES:
        out += [f"{game}で死んだｗ", f"{game}で敵にやられた", f"{game}やってる人いる？", f"昨日{game}で徹夜した"]
    for pattern, adj in itertools.product(HYPERBOLE, ADJ[:5]):
        out.append(pattern.format(a=adj.removesuffix("い") if pattern.startswith("{a}すぎ") else adj))
    for pattern, veg in itertools.product(CUT, VEG[:6]):
        out.append(pattern.format(f=veg))
    for pattern, med in itertools.product(DRINK, MEDS[:6]):
        out.append(pattern.format(m=med))
    out += [f"{n}人で来たよ" for n in range(2, 7)] + [f"{n}年生です" for n in range(1, 4)]
    out += [f"{time}に帰るね、またね" for time in TIMES[:5]]
    return list(dict.fromkeys(out))


def build() -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(11)
    rows: dict[str, list[tuple[str, str]]] = {"crisis": [], "abuse": [], "harassment": [], "sexual": [], "ordinary": []}
    for seed in CRISIS_SEEDS:
        rows["crisis"] += [("crisis", v) for v in variants(seed, rng)]
    rows["crisis"] += [("crisis", v) for s in CRISIS_ROMAJI for v in (s, s.upper())]
    rows["crisis"] += [("crisis", v) for s in CRISIS_ENGLISH for v in english_variants(s, rng)]
    rows["crisis"] += [("crisis", v) for v in ("i wanna d1e", "want 2 die", "i w4nt 2 d1e", "k1ll mys3lf", "wanna d i e")]
    for seed in ABUSE_SEEDS:
        rows["abuse"] += [("abuse", v) for v in variants(seed, rng, death=False)[:6]]
    rows["abuse"] += [("abuse", v) for s in ABUSE_ENGLISH for v in english_variants(s, rng)[:4]]
    for seed in HARASSMENT_SEEDS:
        rows["harassment"] += [("harassment", v) for v in variants(seed, rng)[:9]]
    rows["harassment"] += [("harassment", v) for s in HARASSMENT_ENGLISH for v in english_variants(s, rng)]
    for seed in SEXUAL_SEEDS:
        rows["sexual"] += [("sexual", v) for v in variants(seed, rng, death=False)[:6]]
    rows["sexual"] += [("sexual", v) for s in SEXUAL_ENGLISH for v in english_variants(s, rng)[:4]]
    rows["ordinary"] = [("ok", v) for v in ordinary(rng)]
    for key in rows:
        rows[key] = list(dict.fromkeys(r for r in rows[key] if "\t" not in r[1] and "\n" not in r[1]))
    return rows


def heldout_texts() -> set[str]:
    """Texts of the held-out split: a generated dev row never repeats one (the held-out part stays unseen)."""
    texts = set()
    for path in HERE.glob("*.heldout.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                texts.add(line.split("\t", 1)[1])
    return texts


def main() -> None:
    held = heldout_texts()
    for name, generated in build().items():
        generated = [(expect, text) for expect, text in generated if text not in held]
        path = HERE / f"{name}.dev.tsv"
        lines = path.read_text(encoding="utf-8").splitlines()
        if MARK in lines:
            lines = lines[: lines.index(MARK)]
        lines.append(MARK)
        lines += [f"{expect}\t{text}" for expect, text in generated]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(generated)} generated rows")


if __name__ == "__main__":
    main()
