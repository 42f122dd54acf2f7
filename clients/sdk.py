"""Async Python SDK for the Tsunagaru wire protocol v1 (docs/protocol.md).

Bots, the load generator and the wire tests all need the same fiddly things
done right: hello/welcome, `ref` matching, flattening server batches, tracking
each room's `seq`, and resuming a session after a dropped connection. Doing
them once here keeps every client in step with the contract.

    async with await Client.connect("ws://127.0.0.1:8080/ws", nick="Aoi") as c:
        await c.join("lobby")
        await c.say("lobby", "こんにちは")
        said = await c.next_event("said")

It talks to the server over the wire only: it imports `rooms.protocol` (the
contract in code form) and nothing from `server/`.
"""
from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import time
from typing import Any, AsyncIterator, Callable, Coroutine, Iterable

import msgpack
import orjson
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK, Close

log = logging.getLogger("tsunagaru.sdk")

Message = dict[str, Any]
EventHandler = Callable[[Message], None]

REPLY_TYPES = frozenset({"ok", "error", "pong", "welcome"})
SEQ_TYPES = frozenset({"presence", "said", "deleted"})
# Waits before each resume attempt: quick at first (a blip), then patient (a node restart).
RESUME_DELAYS = (0.2, 0.5, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0)
# Closes after which coming back cannot help: a deliberate end, our own bug, or a
# moderator's decision. 4011 means a newer connection took our session over.
FINAL_CLOSES = frozenset({
    Close.NORMAL, Close.INVALID_UTF8, Close.POLICY, Close.TOO_LARGE, Close.UNAUTHORIZED,
    Close.BANNED, Close.FLOOD, Close.KICKED, Close.REPLACED,
})
ABNORMAL = 1006  # no close frame: the transport just went away
REJOIN_ATTEMPTS = 5


class ServerError(Exception):
    """An `error` reply as a value: a `code` for programs and a `message` for people."""

    def __init__(self, code: str, message: str, reply: Message | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.reply: Message = reply if reply is not None else {}


class Disconnected(ConnectionError):
    """The connection is gone, for now (a resume is running) or for good; `code` says how."""

    def __init__(self, code: int | None, why: str = "disconnected") -> None:
        super().__init__(f"{why} (close code {code})")
        self.code = code


class _Codec:
    """One wire codec; JSON frames go out as text, MessagePack as binary."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.binary = name == "msgpack"
        self.subprotocol = SUBPROTOCOL_MSGPACK if self.binary else SUBPROTOCOL_JSON

    def encode(self, message: Message) -> bytes:
        if self.binary:
            return msgpack.packb(message, use_bin_type=True)
        return orjson.dumps(message)  # compact; never NaN (orjson writes null)

    def decode(self, frame: bytes | str) -> Any:
        if self.binary and isinstance(frame, bytes):
            return msgpack.unpackb(frame, raw=False)
        return orjson.loads(frame)


CODECS = {"json": _Codec("json"), "msgpack": _Codec("msgpack")}


def check(reply: Message) -> Message:
    """The reply itself when it is not an `error`; otherwise raise it as a ServerError."""
    if reply.get("t") == "error":
        raise ServerError(str(reply.get("code")), str(reply.get("message", "")), reply)
    return reply


def _consume(fut: asyncio.Future) -> None:
    """Mark a fire-and-forget future's outcome as seen, so asyncio does not warn about it."""
    if not fut.cancelled():
        fut.exception()


class Client:
    """One visitor's connection, kept alive across drops by resuming its session.

    Replies to requests go to the awaiting caller; everything else the server
    sends (events, and errors without a `ref`) goes to `events()` / `next_event()`,
    or to `on_event` when one is given (cheaper, for load generation).
    """

    def __init__(
        self, url: str, *, nick: str, codec: str = "json", age_band: str | None = None,
        lang: str = "ja", token: str | None = None, auto_resume: bool = True, device: str | None = None,
        on_event: EventHandler | None = None, request_timeout: float = 10.0,
        open_timeout: float = 10.0, max_events: int = 100_000, max_size: int = 4 * 2**20,
    ) -> None:
        if codec not in CODECS:
            raise ValueError(f"codec must be one of {sorted(CODECS)}, not {codec!r}")
        self.url = url
        self.nick = nick
        self.codec = codec
        self.age_band = age_band
        self.lang = lang
        self.token = token
        self.device = device  # the device token from a previous welcome (moderation follows it)
        self.auto_resume = auto_resume
        self.on_event = on_event
        self.request_timeout = request_timeout
        self.open_timeout = open_timeout
        self.max_events = max_events
        self.max_size = max_size
        # What the server told us.
        self.session: str | None = None
        self.user: Message | None = None
        self.node: str | None = None
        self.welcome: Message | None = None
        self.closed_code: int | None = None  # the last close code received (1006: none)
        self.close_codes: list[int] = []  # every close code seen, resumed ones included
        # What we track so that a resume can ask for exactly what was missed.
        self.rooms: set[str] = set()
        self.seqs: dict[str, int] = {}
        self.gaps = 0  # times a room's seq jumped by more than 1
        self.resumes = 0
        self.events_dropped = 0  # oldest events dropped past `max_events` unread
        self._codec = CODECS[codec]
        self._live_codec = self._codec
        self._ws: ClientConnection | None = None  # the connection being opened or used
        self._live: ClientConnection | None = None  # the welcomed one
        self._refs = itertools.count(1)
        self._pending: dict[int, tuple[asyncio.Future, Message, ClientConnection, str | None]] = {}
        self._events: collections.deque[Message] = collections.deque()
        self._wakeup = asyncio.Event()
        self._ready = asyncio.Event()
        self._closing = False  # we asked to close
        self._done = False  # closed for good: no more events, no more requests
        self._positions: dict[str, tuple[float, float]] = {}
        self._last_send = 0.0
        self._tasks: set[asyncio.Task] = set()
        self._readers: set[asyncio.Task] = set()
        self._heartbeat_task: asyncio.Task | None = None

    # -- opening -----------------------------------------------------------------

    @classmethod
    async def connect(cls, url: str, **options: Any) -> "Client":
        """Open a connection, say hello and wait for `welcome` (see `__init__` for options).

        Raises ServerError when the hello is refused, Disconnected when the
        server closes instead of welcoming (e.g. 4001 for a bad token).
        """
        client = cls(url, **options)
        try:
            await client._open(None)
        except BaseException:
            client._closing = True
            await client._discard()
            raise
        return client

    async def _open(self, resume: Message | None) -> Message:
        codec = self._codec
        ws = await ws_connect(
            self.url, subprotocols=[codec.subprotocol], compression=None, proxy=None,
            open_timeout=self.open_timeout, max_size=self.max_size, close_timeout=5,
        )
        if ws.subprotocol != codec.subprotocol:
            codec = CODECS["json"]  # no subprotocol chosen: the server speaks JSON
        self._ws = ws
        self._readers.add(self._spawn(self._read(ws, codec)))
        hello: Message = {"t": "hello", "nick": self.nick, "lang": self.lang}
        if self.age_band is not None:
            hello["age_band"] = self.age_band
        if self.token is not None:
            hello["token"] = self.token
        if self.device is not None:
            hello["device"] = self.device
        if resume is not None:
            hello["resume"] = resume
        try:
            fut = await self._submit_on(ws, codec, hello, "resume" if resume else "hello")
            reply = await asyncio.wait_for(fut, self.request_timeout)
            return check(reply)
        except BaseException:
            if ws is not self._live:
                await _abort(ws)
            raise

    # -- requests ----------------------------------------------------------------

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

    async def ping(self) -> Message:
        """Round trip to the server; returns `pong {ref, ts}`."""
        return check(await self.request({"t": "ping"}))

    # -- events ------------------------------------------------------------------

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

    # -- reading -----------------------------------------------------------------

    async def _read(self, ws: ClientConnection, codec: _Codec) -> None:
        try:
            async for frame in ws:
                try:
                    value = codec.decode(frame)
                except Exception as exc:
                    log.warning("undecodable server frame: %s", exc)
                    continue
                if isinstance(value, list):  # a batch: messages in order
                    for m in value:
                        if isinstance(m, dict):
                            self._dispatch(ws, m)
                elif isinstance(value, dict):
                    self._dispatch(ws, value)
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("reader failed; dropping the connection")
            await _abort(ws)
        self._lost(ws, _code_of(ws))

    def _dispatch(self, ws: ClientConnection, m: Message) -> None:
        t = m.get("t")
        ref = m.get("ref")
        if ref is not None and t in REPLY_TYPES and not isinstance(ref, bool):
            entry = self._pending.get(ref)
            if entry is not None and entry[2] is ws:
                del self._pending[ref]
                fut, sent, _ws, tag = entry
                self._on_reply(ws, sent, m, tag)
                if not fut.done():
                    fut.set_result(m)
                return
        if t in SEQ_TYPES:
            self._track(m.get("room"), m.get("seq"))
        elif t == "reset":
            room = m.get("room")
            self.seqs.pop(room, None)
            if room in self.rooms:
                self._spawn(self._rejoin(room))
        self._emit(m)

    def _track(self, room: Any, seq: Any) -> None:
        if not isinstance(seq, int) or not isinstance(room, str):
            return
        last = self.seqs.get(room)
        if last is None or seq > last:
            if last is not None and seq > last + 1:
                self.gaps += 1
            self.seqs[room] = seq

    def _on_reply(self, ws: ClientConnection, sent: Message, reply: Message, tag: str | None) -> None:
        """Keep our view of rooms in step, in the same order the server's frames came in."""
        kind, ok = sent.get("t"), reply.get("t") == "ok"
        room = sent.get("room")
        if reply.get("t") == "welcome":
            self._welcomed(ws, reply, resumed_attempt=tag == "resume")
        elif kind == "join" and ok:
            self.rooms.add(room)
            seq = reply.get("seq")
            if isinstance(seq, int):
                self.seqs[room] = max(seq, self.seqs.get(room, seq))
            if tag == "rejoin":
                self._emit({**{k: v for k, v in reply.items() if k != "ref"}, "t": "rejoined", "room": room})
        elif kind == "join" and tag == "rejoin" and reply.get("t") == "error":
            self.rooms.discard(room)
            self._emit({"t": "rejoin_failed", "room": room, "code": reply.get("code"),
                        "message": reply.get("message")})
        elif kind == "leave" and (ok or reply.get("code") == "not_member"):
            self.rooms.discard(room)
            self.seqs.pop(room, None)
            self._positions.pop(room, None)

    def _welcomed(self, ws: ClientConnection, welcome: Message, *, resumed_attempt: bool) -> None:
        self.welcome = welcome
        self.session = welcome.get("session")
        self.user = welcome.get("user")
        self.node = welcome.get("node")
        self.device = welcome.get("device", self.device)
        self._live = ws
        self._live_codec = CODECS["msgpack"] if ws.subprotocol == SUBPROTOCOL_MSGPACK else CODECS["json"]
        self._ready.set()
        heartbeat = welcome.get("heartbeat_s")
        if isinstance(heartbeat, (int, float)) and heartbeat > 0:
            self._stop_heartbeat()
            self._heartbeat_task = self._spawn(self._heartbeat(ws, float(heartbeat)))
        if not resumed_attempt:
            return
        self.resumes += 1
        self._emit(welcome)  # tells the application it is back, before any replay
        if not welcome.get("resumed"):  # the session expired: every room must be joined again
            for room in sorted(self.rooms):
                self.seqs.pop(room, None)
                self._emit({"t": "reset", "room": room, "reason": "session_expired"})
                self._spawn(self._rejoin(room))

    # -- losing and resuming -----------------------------------------------------

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

    # -- closing -----------------------------------------------------------------

    async def close(self, code: int = Close.NORMAL, reason: str = "") -> None:
        """Close for good. 1000 ends the session at once; another code leaves it resumable for a while."""
        self._closing = True
        ws = self._live or self._ws
        if ws is not None:
            try:
                await asyncio.wait_for(ws.close(code, reason), 6)
            except Exception:
                await _abort(ws)
        await self._discard()

    async def _discard(self) -> None:
        """Stop our tasks: readers may finish their close handshake; the rest are cancelled."""
        me = asyncio.current_task()
        for task in self._tasks:
            if task is not me and task not in self._readers:
                task.cancel()
        readers = [t for t in self._readers if t is not me]
        if readers:
            _, pending = await asyncio.wait(readers, timeout=2)
            for task in pending:
                task.cancel()
        self._finish()

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- introspection -----------------------------------------------------------

    @property
    def ws(self) -> ClientConnection | None:
        """The current welcomed websocket (tests abort `ws.transport` to simulate a drop)."""
        return self._live

    @property
    def connected(self) -> bool:
        return self._live is not None and not self._done

    @property
    def done(self) -> bool:
        """Closed for good: by us, by a final close code, or after resume gave up."""
        return self._done

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        self._readers.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("sdk task failed", exc_info=task.exception())


def _code_of(ws: ClientConnection) -> int:
    """The close code the server sent, or 1006 when the connection ended without one."""
    rcvd = ws.protocol.close_rcvd
    return int(rcvd.code) if rcvd is not None else ABNORMAL


async def _abort(ws: ClientConnection) -> None:
    transport = getattr(ws, "transport", None)
    if transport is not None:
        transport.abort()


__all__ = ["Client", "Disconnected", "ServerError", "check", "CODECS", "FINAL_CLOSES", "RESUME_DELAYS"]
