"""Repairs for municipal open-data cells that a careful person would make rather than refuse.

A URL published without its scheme (``www.city.example.lg.jp/...``), a phone
cell holding two numbers (``087-861-4501、087-861-4502``), a building name
repeated in both the address and 建物名等(方書), the 有/無 accessibility columns
of the newer facility lists, and ids for rows published without one. Pure
functions; the callers report each repair so a municipality can fix its file.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["repair_url", "split_phones", "address_line_2", "yes_no", "is_plain_answer", "content_key",
           "ACCESSIBILITY_COLUMNS"]

# The 有/無 columns of the newer (56-column) 公共施設一覧, as 石川県 and 野々市市 publish them: twelve
# accessibility columns, then five for families (授乳室 … ベビーカー利用; 飲食可否 answers 可/否). A filled
# cell here is read whatever else the file holds; any other column counts only when every filled cell
# of the file is 有/無 (あり/なし, ○/×, 可/否), so a renamed column is not lost and a running number is
# not read as 有.
ACCESSIBILITY_COLUMNS = (
    "車椅子可", "車椅子貸出", "ツエ貸出", "バリアフリートイレ", "スロープ、エレベータ、エスカレータ",
    "点字ブロック等の移動支援", "点字や読上による支援", "盲導犬・介助犬、聴導犬同伴", "字幕", "筆談対応",
    "優先駐車場", "オストメイト対応トイレ",
    "授乳室", "おむつ替えコーナー", "飲食可否", "ベビーカー貸出", "ベビーカー利用",
)
_YES = {"有", "あり", "有り", "○", "〇", "◯", "可", "可能", "yes", "true", "1"}
_NO = {"無", "なし", "無し", "×", "✕", "不可", "否", "no", "false", "0"}
# one cell answering for several things: 「スロープ有、エレベータ無、エスカレータ無」, 「エスカレータは無」
_PART = re.compile(r"(?P<thing>[^、,;；/／]*?)は?(?P<answer>有り?|あり|無し?|なし|可|不可|否)")
_DOMAIN = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:jp|com|net|org|info|tokyo|[a-z]{2})(?::\d+)?(?:[/?#]\S*)?",
                     re.IGNORECASE)
_PHONE = re.compile(r"(?:\+81[-\s]?|0)\d{1,4}(?:[-‐−ー\s()]{0,2}\d{1,4}){1,2}(?:[-‐−ー\s]{0,2}\d{3,4})?")
_FAX = re.compile(r"(?:FAX|ファックス|ファクス|ファクシミリ)\s*[:：]?\s*$", re.IGNORECASE)


def repair_url(value: str) -> str | None:
    """``www.example.lg.jp/x`` → ``https://www.example.lg.jp/x``, ``http//…`` → ``http://…``, a labelled
    cell → its first address; None when there is no web address at all."""
    s = unicodedata.normalize("NFKC", value).strip()
    if re.fullmatch(r"https?://\S+", s):
        return s
    if s.startswith("//") and _DOMAIN.fullmatch(s[2:]):
        return "https:" + s
    colonless = re.fullmatch(r"(https?)//(\S+)", s, re.IGNORECASE)  # 「http//www.…」: the colon was lost
    if colonless and _DOMAIN.fullmatch(colonless.group(2)):
        return f"{colonless.group(1).lower()}://{colonless.group(2)}"
    if _DOMAIN.fullmatch(s):
        return "https://" + s
    labelled = re.search(r"https?://[\x21-\x7e]+", s)  # 「(保健医療政策課)https://…」: the address in the label
    return labelled.group(0) if labelled else None


def split_phones(value: str) -> list[str]:
    """Every phone number written in a cell, in order; numbers labelled FAX are left out."""
    s = unicodedata.normalize("NFKC", value)
    found = []
    for m in _PHONE.finditer(s):
        if _FAX.search(s[: m.start()].split("、")[-1].split("/")[-1]):
            continue
        found.append(m.group(0).strip())
    return found


def address_line_2(line1: str | None, line2: str | None) -> str | None:
    """建物名等(方書), unless the address already ends with (or contains) it."""
    if not line1 or not line2:
        return line2

    def squeeze(s: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))

    return None if squeeze(line2) in squeeze(line1) else line2


def yes_no(value: str | None) -> bool | None:
    """有/無 (and their spellings) as True/False; None when empty or anything else.

    A cell naming several things (「スロープ有、エレベータ無」) is True when any of them is there and
    False when none is; the words themselves are worth keeping (see :func:`is_plain_answer`).
    """
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", value).strip().lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    parts = [p.strip() for p in re.split(r"[、,;；/／]", s) if p.strip()]
    answers = [_PART.fullmatch(p) for p in parts]
    if not parts or not all(a and a.group("thing") for a in answers):
        return None
    return any(a.group("answer") in _YES for a in answers if a)


def is_plain_answer(value: str) -> bool:
    """Whether the cell is only 有/無 (or a spelling of it), with nothing more to say."""
    s = unicodedata.normalize("NFKC", value).strip().lower()
    return s in _YES or s in _NO


def content_key(*parts: str | None) -> str:
    """A short stable key from what a row says (name, address...), for rows published without an ID."""
    text = "\x1f".join(re.sub(r"\s+", "", unicodedata.normalize("NFKC", p or "")) for p in parts)
    return "c:" + hashlib.sha256(text.encode()).hexdigest()[:16]
