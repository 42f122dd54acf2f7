"""Latin look-alikes: the part of Unicode TR39's confusable skeleton that matters for chat filters.

TR39 (https://www.unicode.org/reports/tr39/, `confusables.txt`) maps every
character to a "prototype" it can be mistaken for. Filters here only need the
letters that are used to spell Latin words (service names like LINE or INSTA,
handles, e-mail addresses) with another script's letters: Cyrillic, Greek,
Armenian, Cherokee and a few IPA / Latin-extended letters. This table is the
subset of confusables.txt whose prototype is one ASCII letter or digit,
written out by hand for those scripts (capitals and small letters) so the
core stays free of data files; the prototype is given in lower case because
`fold` compares in lower case. Accented Latin letters (í, ñ) are not listed:
`normalize` reduces them to their base letter by decomposition.
"""
from __future__ import annotations

# character → lower-case ASCII prototype
LATIN_LOOKALIKES: dict[str, str] = {
    # Cyrillic capitals
    "А": "a", "В": "b", "С": "c", "Е": "e", "Н": "h", "І": "i", "Ј": "j", "К": "k", "М": "m", "О": "o",
    "Р": "p", "Ѕ": "s", "Т": "t", "Х": "x", "У": "y", "Ү": "y", "Ԛ": "q", "Ԝ": "w", "Ӏ": "l", "З": "3",
    "Ь": "b", "Ԁ": "d", "Ꙅ": "s", "Ԍ": "g", "Һ": "h", "Ѵ": "v",
    # Cyrillic small letters
    "а": "a", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x",
    "у": "y", "ү": "y", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ѵ": "v", "ɡ": "g", "ꙅ": "s", "ᴋ": "k",
    "ԍ": "g", "ь": "b", "в": "b", "к": "k", "м": "m", "н": "h", "т": "t", "п": "n", "г": "r", "ѡ": "w",
    # Greek capitals
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "Ϲ": "c", "Ϳ": "j",
    # Greek small letters
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j", "ω": "w", "ς": "s", "σ": "o", "ϱ": "p",
    # Armenian
    "Օ": "o", "Ս": "u", "Տ": "s", "օ": "o", "ս": "u", "ո": "n", "հ": "h", "զ": "q", "ց": "g", "ք": "p",
    # Cherokee capitals that are drawn as Latin capitals
    "Ꭺ": "a", "Ᏼ": "b", "Ꮯ": "c", "Ꭼ": "e", "Ꮐ": "g", "Ꮋ": "h", "Ꭻ": "j", "Ꮶ": "k", "Ꮮ": "l", "Ꮇ": "m",
    "Ꮲ": "p", "Ꮪ": "s", "Ꭲ": "t", "Ꮩ": "v", "Ꮃ": "w", "Ꮓ": "z",
    # Latin extended / IPA letters that are not decomposable
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʟ": "l", "ɪ": "i", "ɴ": "n", "ʀ": "r", "ᴅ": "d", "ᴇ": "e",
    "ᴍ": "m", "ᴏ": "o", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜱ": "s", "ʏ": "y", "ʜ": "h",
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ɢ": "g", "ᴊ": "j", "ᴘ": "p", "ǀ": "l", "ɾ": "r", "ø": "o", "ð": "d",
    "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ƚ": "l", "ɫ": "l", "ɵ": "o",
}
