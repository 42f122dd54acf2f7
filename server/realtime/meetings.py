"""The members' meeting space on the node: the agenda pinned in a meeting room (and in its breakout
groups), and the messages that send people to their groups and back (docs/secretariat.md).

Breakouts are told, not forced: the node publishes one `breakout` event on the meeting room's
channel (every node hands it to its own members there) naming each host's group room, and the
clients join it; "bring back" publishes `breakout {back_to}` on each group room. Every move is
then an ordinary `join`, with the same admission, snapshot and audit as any other.
"""
from __future__ import annotations

from typing import Any, Mapping

from booths.meetings import group_rooms, meeting_room_of

from server.store.meetings import Meeting, MeetingStore


def pinned_event(room: str, meeting: Meeting) -> dict[str, Any]:
    """`pinned {room, meeting}`: what stays on top of a meeting room and of its groups."""
    shown = meeting.as_dict()
    shown["group_rooms"] = group_rooms(meeting.room, meeting.groups)
    return {"t": "pinned", "room": room, "meeting": shown}


def split_event(meeting: Meeting, assignment: Mapping[str, str]) -> dict[str, Any]:
    """To the meeting room: each host's group room (`assign`: member id → room); the others stay."""
    return {"t": "breakout", "room": meeting.room, "meeting": meeting.id, "assign": dict(assignment)}


def back_event(group: str, meeting: Meeting) -> dict[str, Any]:
    """To one group room: everyone back to the meeting room."""
    return {"t": "breakout", "room": group, "meeting": meeting.id, "back_to": meeting.room}


class PinnedMeetings:
    """What a staff member joining a staff room is shown first."""

    def __init__(self, store: MeetingStore) -> None:
        self.store = store

    async def pinned(self, room: str) -> dict[str, Any] | None:
        meeting = await self.store.in_room(room)
        if meeting is None:
            parent = meeting_room_of(room)
            meeting = await self.store.in_room(parent) if parent is not None else None
            if meeting is None or room not in group_rooms(meeting.room, meeting.groups):
                return None
        return pinned_event(room, meeting)
