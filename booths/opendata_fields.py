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

__all__ = ["repair_url", "split_phones", "address_line_2", "yes_no", "content_key", "ACCESSIBILITY_COLUMNS"]

# The 有/無 columns of the newer 公共施設一覧 seen so far. Any other column whose every
# filled cell is 有/無 (あり/なし, ○/×, 可/不可) is read the same way, so a renamed column is not lost.
ACCESSIBILITY_COLUMNS = (
    "車椅子可", "バリアフリートイレ", "オストメイト対応トイレ", "授乳室", "おむつ替えコーナー", "ベビーカー貸出",
    "エレベーター", "スロープ", "点字ブロック", "音声案内", "障害者用駐車場", "補助犬同伴可",
)
_YES = {"有", "あり", "有り", "○", "〇", "◯", "可", "可能", "yes", "true", "1"}
_NO = {"無", "なし", "無し", "×", "✕", "不可", "no", "false", "0"}
_DOMAIN = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:jp|com|net|org|info|tokyo|[a-z]{2})(?::\d+)?(?:[/?#]\S*)?",
                     re.IGNORECASE)
_PHONE = re.compile(r"(?:\+81[-\s]?|0)\d{1,4}(?:[-‐−ー\s()]{0,2}\d{1,4}){1,2}(?:[-‐−ー\s]{0,2}\d{3,4})?")
_FAX = re.compile(r"(?:FAX|ファックス|ファクス|ファクシミリ)\s*[:：]?\s*$", re.IGNORECASE)


def repair_url(value: str) -> str | None:
    """``www.example.lg.jp/x`` → ``https://www.example.lg.jp/x``, a labelled cell → its first address;
    None when there is no web address at all."""
    s = unicodedata.normalize("NFKC", value).strip()
    if re.fullmatch(r"https?://\S+", s):
        return s
    if s.startswith("//") and _DOMAIN.fullmatch(s[2:]):
        return "https:" + s
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
    """有/無 (and their spellings) as True/False; None when empty or anything else."""
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", value).strip().lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    return None


def content_key(*parts: str | None) -> str:
    """A short stable key from what a row says (name, address...), for rows published without an ID."""
    text = "\x1f".join(re.sub(r"\s+", "", unicodedata.normalize("NFKC", p or "")) for p in parts)
    return "c:" + hashlib.sha256(text.encode()).hexdigest()[:16]
