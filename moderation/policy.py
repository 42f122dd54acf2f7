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


def age_group(age_band: str | None, role: str) -> str:
    if role in ("moderator", "admin"):
        return "open"
    if role == "host" or age_band == "25+":
        return "adult"
    if age_band == "18-24":
        return "open"
    return "minor"  # u15, 15-17, or unknown
