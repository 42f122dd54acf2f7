"""Who may share a small room: the server-enforced policy for young visitors.

There are no direct messages in Tsunagaru. The only private place is a circle
(a talk circle of up to 8), so the rule "no private channel between an adult
and a minor" is: a circle never holds both a visitor under 18 and an adult
(a visitor of 25 or more, or a booth host). A visitor who gave no age band is
treated as a minor, the careful default. 18–24 and staff (moderators, admins)
mix with anyone: staff are there to keep people safe, and the public rooms
(lobby, halls, stage, booths) are open to all and moderated.
"""
from __future__ import annotations

import hashlib

from rooms.roles import STAFF


def support_room_for(user_id: str) -> str:
    """The one support room of a visitor: staff and that visitor only (`mod.support`).

    The one sanctioned private channel between an adult and a young visitor:
    staff only, every line in the audit trail, and the visitor may leave at
    any time. The name is derived from the user id so every node agrees on it.
    """
    return "support:" + hashlib.sha256(user_id.encode()).hexdigest()[:16]


def may_enter(room: str, user_id: str, role: str) -> bool:
    """Support rooms admit their visitor and staff; every other room is decided elsewhere."""
    if not room.startswith("support:"):
        return True
    return role in STAFF or room == support_room_for(user_id)
