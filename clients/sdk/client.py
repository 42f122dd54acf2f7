"""The client: one visitor's connection, opened with hello/welcome, kept alive across drops and
closed; sending, events, reading and resuming are its parts (mixins in their own modules)."""
from __future__ import annotations

import asyncio
import collections
import itertools
from typing import Any, Callable, Coroutine

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect

from rooms.protocol import Close

from .wire import CODECS, EventHandler, Message, _abort, check, log
from .sending import _Sending
from .events import _Events
from .reading import _Reading
from .resuming import _Resuming


class Client(_Sending, _Events, _Reading, _Resuming):
    """One visitor's connection, kept alive across drops by resuming its session.

    Replies to requests go to the awaiting caller; everything else the server
    sends (events, and errors without a `ref`) goes to `events()` / `next_event()`,
    or to `on_event` when one is given (cheaper, for load generation).
    """

    def __init__(
        self, url: str, *, nick: str, codec: str = "json", age_band: str | None = None,
        lang: str = "ja", token: str | None = None, auto_resume: bool = True, device: str | None = None,
        avatar: str | None = None, on_event: EventHandler | None = None, request_timeout: float = 10.0,
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
        self.avatar = avatar  # "shape-colour" from rooms.looks (docs/protocol.md, "The space")
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
        self.frames_in = 0  # frames received (what a load generator reports as traffic per visitor)
        self.bytes_in = 0
        # when set, frames are counted and dropped undecoded while no request awaits its reply, and while one
        # does, those for which this returns True (it looks for a reply; see clients.loadgen --observe)
        self.skim: Callable[[bytes | str], bool] | None = None
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
        if self.avatar is not None:
            hello["avatar"] = self.avatar
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
