"""Losing a connection and coming back: resume the session with each room's last `seq` (so the
server replays exactly what was missed), join again after a `reset`, heartbeats, and giving up
for good after a final close code or when resuming fails."""
from __future__ import annotations

import asyncio
import time

from websockets.asyncio.client import ClientConnection

from rooms.protocol import Close

from .wire import Disconnected, Message, ServerError, _consume, log


# Waits before each resume attempt: quick at first (a blip), then patient (a node restart).
RESUME_DELAYS = (0.2, 0.5, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0)
# Closes after which coming back cannot help: a deliberate end, our own bug, or a
# moderator's decision. 4011 means a newer connection took our session over.
FINAL_CLOSES = frozenset({
    Close.NORMAL, Close.INVALID_UTF8, Close.POLICY, Close.TOO_LARGE, Close.UNAUTHORIZED,
    Close.BANNED, Close.FLOOD, Close.KICKED, Close.REPLACED,
})
REJOIN_ATTEMPTS = 5


class _Resuming:
    """Part of `Client` (client.py): losing and resuming. The state it uses is set up in `Client.__init__`."""

    def _lost(self, ws: ClientConnection, code: int) -> None:
        for ref, (fut, _sent, owner, _tag) in list(self._pending.items()):
            if owner is ws and not fut.done():
                fut.set_exception(Disconnected(code, "connection lost before the reply"))
                _consume(fut)
        self.close_codes.append(code)
        self.closed_code = code
        if ws is not self._live:
            return  # a connection that was never welcomed: its opener reports the failure
        self._live = None
        self._ready.clear()
        self._stop_heartbeat()
        if self._closing or not self.auto_resume or code in FINAL_CLOSES:
            self._finish()
        else:
            self._spawn(self._resume())

    async def _resume(self) -> None:
        for delay in RESUME_DELAYS:
            await asyncio.sleep(delay)
            if self._closing:
                break
            rooms = {r: s for r, s in self.seqs.items() if r in self.rooms}
            try:
                await self._open({"session": self.session, "rooms": rooms})
                return
            except ServerError as exc:
                log.warning("resume refused: %s", exc)
                break
            except Exception as exc:  # refused, timed out, closed during hello: try again
                log.info("resume attempt failed: %r", exc)
        self._finish()

    async def _rejoin(self, room: str) -> None:
        """Join `room` again after a `reset`; the outcome arrives as a `rejoined`/`rejoin_failed` event."""
        for _ in range(REJOIN_ATTEMPTS):
            msg: Message = {"t": "join", "room": room}
            if room in self._positions:
                msg["x"], msg["y"] = self._positions[room]
            try:
                ws, codec = await self._current()
                fut = await self._submit_on(ws, codec, msg, "rejoin")
                await asyncio.wait_for(fut, self.request_timeout)
                return
            except Disconnected:
                if self._done:
                    return
            except asyncio.TimeoutError:
                pass

    async def _heartbeat(self, ws: ClientConnection, period: float) -> None:
        """Ping when we have been quiet for half a heartbeat, so the server knows we are here."""
        half = period / 2
        while ws is self._live:
            await asyncio.sleep(half)
            if ws is self._live and time.monotonic() - self._last_send >= half:
                try:
                    fut = await self._submit_on(ws, self._live_codec, {"t": "ping"}, "heartbeat")
                except Disconnected:
                    return
                fut.add_done_callback(_consume)

    def _stop_heartbeat(self) -> None:
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            self._heartbeat_task = None

    def _finish(self) -> None:
        self._done = True
        self._live = None
        self._stop_heartbeat()
        self._ready.set()  # wake waiters so they see `_done`
        self._wakeup.set()
        for fut, _sent, _ws, _tag in list(self._pending.values()):
            if not fut.done():
                fut.set_exception(Disconnected(self.closed_code, "closed"))
                _consume(fut)
