"""What a feature of the node is given (by constructor) instead of the node itself: answer a
connection, find people, follow rooms, tell every node, keep an audit record, run something in
the background. Moderation, booths and handoffs see only this, so none of them imports the node
(and tests can build one without a node).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Coroutine

from moderation.audit import AuditEvent
from rooms.bus import Bus
from rooms.registry import Catalogue

from server.config import Config
from server.realtime.people import People
from server.realtime.replies import Replies
from server.realtime.subscriptions import Subscriptions

if TYPE_CHECKING:
    from server.realtime.room_requests import RoomRequests


def salted_hash(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}|{value}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Kit:
    config: Config
    bus: Bus
    catalogue: Catalogue  # the node's rooms; booth rooms are added to it at run time
    replies: Replies  # send, ok, fail, notify
    people: People  # connections, of a user, staff
    subscriptions: Subscriptions  # watch and unwatch a room's events
    audit: Callable[[AuditEvent], None]
    spawn: Callable[[Coroutine[Any, Any, Any]], None]
    address_hash: Callable[[str], str]  # a salted hash: limits and bans by address without keeping addresses
    room_requests: "RoomRequests"  # screen a text a person wants shown; new message ids
