"""Validation of the names and texts people type: nicks, room ids, chat text.

Texts are measured after Unicode NFKC, as the contract says, so a full-width
"ＡＢＣ" and "ABC" are the same length and the same nick.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .protocol import BAD_REQUEST, MAX_NICK_CHARS, MAX_TEXT_CHARS, NO_SUCH_ROOM, TOO_LARGE
from .refusal import Refused

# Cc (controls), Cf (format: bidi overrides, zero-width joiners), Cs, Co, Cn.
_FORBIDDEN_IN_NICK = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_FORBIDDEN_IN_TEXT = {"Cs", "Co", "Cn"}
# Letters that render as nothing: a blank nick, or an invisible suffix on a copy of someone else's.
_BLANK_IN_NICK = set("\u3164\u2800\u115f\u1160\uffa0\u17b4\u17b5\u180e\u2028\u2029\u3000")
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def normalize_nick(raw: object) -> str | Refused:
    """Return the NFKC nick, or why it cannot be used.

    Control and format characters are refused rather than stripped: a nick
    that renders differently from what is stored is how impersonation starts.
    """
    if not isinstance(raw, str):
        return Refused(BAD_REQUEST, "nick_type")
    nick = unicodedata.normalize("NFKC", raw).strip()
    if not 1 <= len(nick) <= MAX_NICK_CHARS:
        return Refused(BAD_REQUEST, "nick_length")
    for ch in nick:
        if unicodedata.category(ch) in _FORBIDDEN_IN_NICK or ch in _BLANK_IN_NICK:
            return Refused(BAD_REQUEST, "nick_chars")
    if all(unicodedata.category(ch)[0] in "MZ" for ch in nick):  # only marks and spaces: looks empty
        return Refused(BAD_REQUEST, "nick_chars")
    return nick


def normalize_text(raw: object) -> str | Refused:
    """Return chat text as typed (bidi controls removed, trimmed), or why not.

    The length is measured after NFKC, as the contract says, but the text is
    relayed as typed: full-width "！" and "①" are ordinary Japanese writing.
    Newlines and tabs are kept (people write short lists); bidi controls are
    dropped so that nobody can make a message read backwards in others' logs.
    """
    if not isinstance(raw, str):
        return Refused(BAD_REQUEST, "text_type")
    if len(raw) > MAX_TEXT_CHARS * 4:  # cheap guard before normalising a huge string
        return Refused(TOO_LARGE, "text_too_long")
    text = raw
    if any(ch in _BIDI_CONTROLS for ch in text):
        text = "".join(ch for ch in text if ch not in _BIDI_CONTROLS)
    text = text.strip()
    if not text:
        return Refused(BAD_REQUEST, "text_empty")
    if len(unicodedata.normalize("NFKC", text)) > MAX_TEXT_CHARS:
        return Refused(TOO_LARGE, "text_too_long")
    for ch in text:
        if ch not in "\n\t" and (unicodedata.category(ch) in _FORBIDDEN_IN_TEXT or (ch < " " or "\x7f" <= ch < "\xa0")):
            return Refused(BAD_REQUEST, "text_chars")
    return text


_SLUG = re.compile(r"[a-z0-9-]{1,32}")
_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@dataclass(frozen=True, slots=True)
class RoomId:
    """A parsed room id: `lobby`, `hall:1`, `hall:1~2`, `stage:1`, `booth:x`, `circle:x`, `support:x`, `staff:x`."""

    kind: str
    key: str  # the number or slug after the colon; "" for the lobby
    overflow: int  # 0 for the base room, k >= 2 for `~k`

    @property
    def base(self) -> str:
        return self.kind if self.kind == "lobby" else f"{self.kind}:{self.key}"

    def __str__(self) -> str:
        return self.base if self.overflow == 0 else f"{self.base}~{self.overflow}"


def parse_room_id(raw: object) -> RoomId | Refused:
    """Parse a room id; anything outside the contract's grammar is unknown."""
    if not isinstance(raw, str):
        return Refused(BAD_REQUEST, "room_type")
    if len(raw) > 48:
        return Refused(NO_SUCH_ROOM, "room_unknown")
    base, sep, k = raw.partition("~")
    overflow = 0
    if sep:
        if not _NUMBER.fullmatch(k) or int(k) < 2 or int(k) > 999:
            return Refused(NO_SUCH_ROOM, "room_unknown")
        overflow = int(k)
    if base == "lobby":
        return RoomId("lobby", "", overflow)
    kind, colon, key = base.partition(":")
    if not colon:
        return Refused(NO_SUCH_ROOM, "room_unknown")
    if kind in ("hall", "stage") and _NUMBER.fullmatch(key):
        return RoomId(kind, key, overflow)
    if kind in ("booth", "circle", "support", "staff") and _SLUG.fullmatch(key) and not overflow:
        return RoomId(kind, key, 0)
    return Refused(NO_SUCH_ROOM, "room_unknown")
