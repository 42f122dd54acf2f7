"""Events for the application: everything the server sends that is not a reply, queued in order
(bounded) for `events()` / `next_event()`, or handed to `on_event`."""
from __future__ import annotations

import asyncio
from typing import AsyncIterator, Callable, Iterable

from .wire import Disconnected, Message, log


class _Events:
    """Part of `Client` (client.py): the event queue. The state it uses is set up in `Client.__init__`."""

    async def events(self) -> AsyncIterator[Message]:
        """Every server message that is not a reply, in arrival order; ends when closed for good."""
        while True:
            try:
                yield await self._take(None, None)
            except Disconnected:
                return

    async def next_event(self, t: str | Iterable[str] | None = None, timeout: float = 5.0,
                         *, room: str | None = None) -> Message:
        """The next event of type `t` (and `room`), within `timeout` seconds.

        Events of other types stay queued in order for later reads. Raises
        TimeoutError, or Disconnected once closed for good with nothing matching.
        """
        types = None if t is None else ({t} if isinstance(t, str) else set(t))

        def match(m: Message) -> bool:
            return (types is None or m.get("t") in types) and (room is None or m.get("room") == room)

        deadline = asyncio.get_running_loop().time() + timeout
        return await self._take(match, deadline)

    async def _take(self, match: Callable[[Message], bool] | None, deadline: float | None) -> Message:
        loop = asyncio.get_running_loop()
        while True:
            for i, m in enumerate(self._events):
                if match is None or match(m):
                    del self._events[i]
                    return m
            if self._done:
                raise Disconnected(self.closed_code, "closed")
            self._wakeup.clear()
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                raise TimeoutError("no matching event in time")
            try:
                await asyncio.wait_for(self._wakeup.wait(), remaining)
            except asyncio.TimeoutError:
                raise TimeoutError("no matching event in time") from None

    def _emit(self, m: Message) -> None:
        if self.on_event is not None:
            try:
                self.on_event(m)
            except Exception:
                log.exception("on_event handler failed")
            return
        if len(self._events) >= self.max_events:
            self._events.popleft()
            self.events_dropped += 1
        self._events.append(m)
        self._wakeup.set()
