"""The `Bus` port: how room events travel between nodes.

Events are plain maps (the wire messages themselves, e.g. `said`), keyed by
room, so an adapter can carry them over Redis pub/sub (one channel per room,
MessagePack payload) or within one process, without the core changing.
Control messages that concern a session or a whole node rather than a room
(moderator kick/ban, session takeover) use reserved keys starting with `@`.
"""
from __future__ import annotations

from typing import Any, Callable, Protocol

Event = dict[str, Any]
Handler = Callable[[str, Event], None]

# Keys of non-room channels. A room id never starts with "@".
CONTROL_KEY = "@control"  # node-wide: kick, ban, mute, lock (moderation issue)


class Bus(Protocol):
    """Publish/subscribe of events keyed by room.

    `subscribe` is called when a node gets its first local member of a room and
    `unsubscribe` when the last one leaves, so a node only hears about rooms it
    serves. Delivery order per key is the publish order.
    """

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def publish(self, key: str, event: Event) -> None: ...

    def subscribe(self, key: str, handler: Handler) -> None: ...

    async def subscribed(self, key: str, timeout: float = 3.0) -> bool:
        """Wait until events published from now on under `key` will be delivered here."""
        ...

    def unsubscribe(self, key: str) -> None: ...

    @property
    def healthy(self) -> bool: ...
