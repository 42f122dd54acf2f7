"""Requests to the server: a fresh `ref` on each, the reply awaited (or its future handed back for
pipelining), and the typed helpers (join, leave, say, move, ping)."""
from __future__ import annotations

import asyncio
import time

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from .wire import _Codec, Disconnected, Message, check, _code_of


class _Sending:
    """Part of `Client` (client.py): sending. The state it uses is set up in `Client.__init__`."""

    async def request(self, msg: Message, *, timeout: float | None = None) -> Message:
        """Send `msg` with a fresh integer `ref` and return its reply (ok, error or pong).

        Error replies are returned, not raised, so tests can look at them; the
        typed helpers (`join`, `say`, ...) raise them as ServerError instead.
        """
        fut = await self.submit(msg)
        return await asyncio.wait_for(fut, timeout or self.request_timeout)

    async def submit(self, msg: Message) -> asyncio.Future:
        """Send `msg` with a fresh `ref` and return the future of its reply without waiting.

        For pipelining many requests (the load generator); waits for a running
        resume to finish before sending.
        """
        ws, codec = await self._current()
        return await self._submit_on(ws, codec, msg, None)

    async def _submit_on(self, ws: ClientConnection, codec: _Codec, msg: Message,
                         tag: str | None) -> asyncio.Future:
        msg = dict(msg)
        ref = next(self._refs)
        msg["ref"] = ref
        fut = asyncio.get_running_loop().create_future()
        self._pending[ref] = (fut, msg, ws, tag)
        fut.add_done_callback(lambda _f, ref=ref: self._pending.pop(ref, None))
        try:
            await self._send_on(ws, codec, msg)
        except ConnectionClosed as exc:
            fut.cancel()
            raise Disconnected(_code_of(ws), "connection lost while sending") from exc
        return fut

    async def _send_on(self, ws: ClientConnection, codec: _Codec, msg: Message) -> None:
        self._last_send = time.monotonic()
        await ws.send(codec.encode(msg), text=not codec.binary)

    async def _current(self) -> tuple[ClientConnection, _Codec]:
        """The welcomed connection, waiting (bounded) for a resume in progress."""
        if not self._done and not self._ready.is_set():
            try:
                await asyncio.wait_for(self._ready.wait(), self.request_timeout)
            except asyncio.TimeoutError:
                raise Disconnected(self.closed_code, "still reconnecting") from None
        ws = self._live
        if self._done or ws is None:
            raise Disconnected(self.closed_code, "closed")
        return ws, self._live_codec

    async def send(self, msg: Message) -> bool:
        """Send a message that gets no reply (e.g. `move`); False if it could not go out now."""
        ws = self._live
        if ws is None or self._done:
            return False
        try:
            await self._send_on(ws, self._live_codec, msg)
        except ConnectionClosed:
            return False  # the reader notices the loss and resumes
        return True

    async def send_raw(self, data: bytes | str) -> None:
        """Send a frame exactly as given (str: text frame, bytes: binary); for tests."""
        ws = self._live or self._ws
        if ws is None:
            raise Disconnected(self.closed_code, "not connected")
        await ws.send(data)

    async def join(self, room: str, x: float | None = None, y: float | None = None) -> Message:
        """Join `room` (at x, y when given); returns the ok reply with seq, members, history, info."""
        msg: Message = {"t": "join", "room": room}
        if x is not None and y is not None:
            msg["x"], msg["y"] = x, y
            self._positions[room] = (x, y)
        return check(await self.request(msg))

    async def leave(self, room: str) -> Message:
        """Leave `room`; raises ServerError(not_member) when not in it."""
        return check(await self.request({"t": "leave", "room": room}))

    async def say(self, room: str, text: str) -> Message:
        """Say `text` in `room`; returns `ok {id, seq}` or `ok {id, held: true}`."""
        return check(await self.request({"t": "say", "room": room, "text": text}))

    async def move(self, room: str, x: float, y: float) -> bool:
        """Move in `room`. No reply; dropped (False) while reconnecting, since moves are ephemeral."""
        self._positions[room] = (x, y)
        return await self.send({"t": "move", "room": room, "x": x, "y": y})

    async def react(self, room: str, emote: str) -> Message:
        """An emote over one's avatar in `room` (one of rooms.looks.EMOTES); `ok`, or ServerError
        (`rate_limited` past 1 a second, burst 4: the connection stays open)."""
        return check(await self.request({"t": "react", "room": room, "emote": emote}))

    async def ping(self) -> Message:
        """Round trip to the server; returns `pong {ref, ts}`."""
        return check(await self.request({"t": "ping"}))
