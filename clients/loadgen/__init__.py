"""Load generator: many SDK clients saying timestamped lines, measuring delivery.

Run it with `python -m clients.loadgen --url ws://HOST:PORT/ws --clients N
--rooms R --rate M --seconds S`.

The send time travels inside the chat text as letters only: the server's
moderation refuses long digit runs as phone numbers, so a numeric timestamp
would be blocked. Each of the 16 hex nibbles of a 64-bit `time.monotonic_ns()`
becomes a consonant of "bcdfghjklmnprstv" followed by "q": 32 letters, no
vowels (so no accidental words for the NG-word filter) and no digits.
"""
from __future__ import annotations

CONSONANTS = "bcdfghjklmnprstv"
_ENCODE = {f"{i:x}": c + "q" for i, c in enumerate(CONSONANTS)}
_DECODE = {c: f"{i:x}" for i, c in enumerate(CONSONANTS)}
STAMP_CHARS = 32
PREFIX = "lg "


def encode_stamp(ns: int) -> str:
    """32 letters for the low 64 bits of `ns`."""
    return "".join(map(_ENCODE.__getitem__, f"{ns & 0xFFFF_FFFF_FFFF_FFFF:016x}"))


def decode_stamp(letters: str) -> int | None:
    """The integer `encode_stamp` wrote, or None if `letters` is not one."""
    if len(letters) != STAMP_CHARS or letters[1::2] != "q" * 16:
        return None
    try:
        return int("".join(map(_DECODE.__getitem__, letters[0::2])), 16)
    except KeyError:
        return None


def make_text(ns: int, run: str) -> str:
    """The chat line the load generator says: `lg <stamp> <run tag>`.

    The run tag (consonants too) keeps two load generators sharing a room from
    counting each other's lines.
    """
    return f"{PREFIX}{encode_stamp(ns)} {run}"


def read_text(text: object, run: str) -> int | None:
    """The send time carried by a line of this run, or None for anything else."""
    if not isinstance(text, str) or not text.startswith(PREFIX):
        return None
    parts = text.split(" ")
    if len(parts) != 3 or parts[2] != run:
        return None
    return decode_stamp(parts[1])


__all__ = ["CONSONANTS", "decode_stamp", "encode_stamp", "make_text", "read_text"]
