"""How a person looks in the space and how they can react: two small fixed vocabularies.

Both are chosen from a list, never typed, so they carry no text and need no
moderation: an avatar is a shape and a colour picked at entry (no photos), a
reaction is one of a handful of emotes that floats above the avatar for a few
seconds. The web client draws both itself (clients/web/avatars.js, reactions.js)
and keeps the same lists.
"""
from __future__ import annotations

from .protocol import BAD_REQUEST
from .refusal import Refused

SHAPES = ("maru", "neko", "usagi", "kuma", "hoshi")  # round, cat, rabbit, bear, star
COLOURS = ("sakura", "sora", "wakaba", "yamabuki", "fuji", "sumi")  # pink, sky, leaf, yellow, wisteria, ink
AVATARS = frozenset(f"{shape}-{colour}" for shape in SHAPES for colour in COLOURS)
EMOTES = ("heart", "smile", "wow", "clap", "star")

# Reactions have their own budget, apart from other requests: over it a reaction is dropped
# (answered `rate_limited` when it carried a ref), never counted as a flood strike.
REACTS_PER_S = 1.0
REACTS_BURST = 4.0


def avatar(value: object) -> str | None | Refused:
    """`hello.avatar`: absent (the client draws a default from the user id) or one of `AVATARS`."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in AVATARS:
        return Refused(BAD_REQUEST, "avatar")
    return value

