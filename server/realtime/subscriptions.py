"""Which rooms this node listens to on the bus, and which local connections get each room's events.

A node subscribes to a room when its first local member (or watching moderator) arrives, before
the join itself, so no event after the joiner's snapshot is missed; it unsubscribes when the last
one leaves.
"""
from __future__ import annotations

from rooms.bus import Bus

from server.realtime.connection import Connection
from server.realtime.fanout import Fanout


class Subscriptions:
    def __init__(self, bus: Bus, fanout: Fanout) -> None:
        self.bus = bus
        self.fanout = fanout
        self._subscribed: set[str] = set()

    def subscribe(self, room: str) -> None:
        if room not in self.fanout.members and room not in self._subscribed:
            self._subscribed.add(room)
            self.bus.subscribe(room, self.fanout.room_event)

    async def subscribed(self, room: str) -> None:
        """Subscribe and wait until the bus confirms it (when the bus is up at all)."""
        self.subscribe(room)
        if self.bus.healthy:
            await self.bus.subscribed(room)

    def unsubscribe_if_unused(self, room: str) -> None:
        if room not in self.fanout.members and room in self._subscribed:
            self._subscribed.discard(room)
            self.bus.unsubscribe(room)

    def watch(self, room: str, conn: Connection, floor: int | None = None) -> None:
        self.subscribe(room)
        self.fanout.add(room, conn, floor)

    def unwatch(self, room: str, conn: Connection) -> None:
        if self.fanout.remove(room, conn):
            self.unsubscribe_if_unused(room)
