"""The in-process `Bus`: one node, no services. Delivery is a direct call."""
from __future__ import annotations

from rooms.bus import Event, Handler


class LocalBus:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._handlers.clear()

    def publish(self, key: str, event: Event) -> None:
        handler = self._handlers.get(key)
        if handler is not None:
            handler(key, event)

    def subscribe(self, key: str, handler: Handler) -> None:
        self._handlers[key] = handler

    async def subscribed(self, key: str, timeout: float = 3.0) -> bool:
        return key in self._handlers  # in-process: a subscription is in place at once

    def unsubscribe(self, key: str) -> None:
        self._handlers.pop(key, None)

    @property
    def healthy(self) -> bool:
        return True
