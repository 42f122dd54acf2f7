"""Decoding a municipal CSV file (UTF-8 with or without BOM, UTF-16, Shift_JIS) and its records.

Undecodable, binary or double-encoded (mojibake) files are refused with an OpenDataError.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Iterator

from booths.opendata_layouts import OpenDataError, _header_key

# --------------------------------------------------------------------------- decoding
_MOJIBAKE_CP932 = re.compile("[縺繧繝]")  # UTF-8 kana read as cp932: E3 81/82/83 -> 縺/繧/繝
_MOJIBAKE_LATIN = re.compile("[ÃÂãâåæçèé][\u0080-\u00bf]|ã\u0081|ã\u0082|ã\u0083")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise OpenDataError(f"file starts with a UTF-8 BOM but is not UTF-8 (byte {exc.start})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise OpenDataError("file starts with a UTF-16 BOM but is not UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        raise OpenDataError(
            f"file is neither UTF-8 nor Shift_JIS (cp932): undecodable byte at offset {exc.start}"
        ) from None


def _check_text(text: str) -> None:
    """Refuse binary garbage and double-encoded text rather than importing nonsense."""
    if "\x00" in text:
        raise OpenDataError("file contains NUL bytes: binary data or UTF-16 without BOM, not a CSV")
    if "\ufffd" in text:
        raise OpenDataError("file contains U+FFFD replacement characters: it was already mis-decoded once")
    hits = len(_MOJIBAKE_CP932.findall(text))
    if hits >= 3 and hits * 50 > len(text):
        raise OpenDataError("file looks like mojibake (UTF-8 read as Shift_JIS and saved again): 縺/繧/繝 everywhere")
    if len(_MOJIBAKE_LATIN.findall(text)) >= 3:
        raise OpenDataError("file looks like mojibake (UTF-8 read as Latin-1 and saved again)")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    if text and controls > max(3, len(text) // 200):
        raise OpenDataError(f"file has {controls} control characters: binary garbage, not a CSV")


def _decode_checked(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise OpenDataError("file is empty")
    text, encoding = _decode(data)
    _check_text(text)
    return text, encoding


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (start line, cells) for every CSV record, blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if not cells:
            continue
        yield start, cells


def read_csv_bytes(data: bytes) -> list[dict[str, str]]:
    """Decode a municipal CSV (UTF-8 +/- BOM, else cp932) into dicts keyed by header.

    Header names are NFKC-normalised so full-width brackets match. Raises
    OpenDataError with a readable reason for undecodable or garbled files.
    """
    text, _ = _decode_checked(data)
    it = _records(text)
    try:
        _, header = next(it)
    except StopIteration:
        raise OpenDataError("file has no header row") from None
    keys = [_header_key(h) for h in header]
    out = []
    for _, cells in it:
        cells = cells + [""] * (len(keys) - len(cells))
        out.append(dict(zip(keys, cells)))
    return out
