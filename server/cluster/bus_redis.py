"""The Redis `Bus`: one pub/sub channel per room, MessagePack on the wire.

A node subscribes to a room's channel when it gets its first local member and
unsubscribes when the last one leaves. Sequenced events are published by the
Lua scripts of `server.cluster.state_lua` as `b"<seq>:" + msgpack(event)`, so the
`seq` is assigned and published in one atomic step; unsequenced events
(`moves`) and control messages are published here as `b":" + msgpack(event)`.
On a Redis Cluster (`server.cluster.redis_links`) room channels are sharded
(`SPUBLISH`/`SSUBSCRIBE`) and the control channel stays classic
(`server.cluster.bus_listeners`).

The link to Redis is watched: when it breaks, the node is told (it reports not
ready and sends a notice), this bus reconnects with backoff, resubscribes
every channel, and tells the node it is back.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

import msgpack
from redis.exceptions import RedisError

from rooms.bus import CONTROL_KEY, Event, Handler
from server.cluster import redis_links
from server.cluster.bus_listeners import PlainListener, ShardedListener
from server.cluster.redis_links import channel_for  # also the name state_redis and tests import from here

log = logging.getLogger("tsunagaru.bus.redis")

BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 3.0)


def envelope(seq: int | None, event: Event) -> bytes:
    return (b"%d:" % seq if seq is not None else b":") + msgpack.packb(event, use_bin_type=True)


def open_envelope(data: bytes) -> Event:
    head, _, body = data.partition(b":")
    event = msgpack.unpackb(body, raw=False)
    if head:
        event["seq"] = int(head)
    return event


class RedisBus:
    def __init__(self, url: str) -> None:
        self.url = url
        self.sharded = redis_links.is_cluster(url)
        self.client = redis_links.connect(url)
        self._listener = ShardedListener(url, self.client) if self.sharded else PlainListener(url)
        self._handlers: dict[str, Handler] = {}
        self._confirmed: dict[str, asyncio.Event] = {}
        self._listening = False
        self._control = channel_for(CONTROL_KEY)
        self._reader: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(maxsize=10_000)
        self._healthy = False
        self._listeners: list[Callable[[bool], Awaitable[None]]] = []
        self._closing = False

    # -- the port ------------------------------------------------------------------
    async def start(self) -> None:
        self._reader = asyncio.create_task(self._read_loop(), name="redis-bus-reader")
        self._writer = asyncio.create_task(self._write_loop(), name="redis-bus-writer")
        try:  # the first connection is awaited so a node starts ready when Redis is there
            await asyncio.wait_for(self._wait_healthy(), 5)
        except asyncio.TimeoutError:
            log.warning("redis not reachable at start; serving degraded until it is")

    async def close(self) -> None:
        self._closing = True
        for task in (self._reader, self._writer):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in (self._reader, self._writer) if t), return_exceptions=True)
        await self._listener.close()
        await redis_links.close(self.client)

    def publish(self, key: str, event: Event) -> None:
        """Queue an unsequenced event (moves, control); dropped while Redis is away."""
        if not self._healthy:
            return
        try:
            self._outbox.put_nowait((channel_for(key), envelope(None, event)))
        except asyncio.QueueFull:
            log.warning("redis publish queue full; event dropped", extra={"key": key})

    def subscribe(self, key: str, handler: Handler) -> None:
        self._handlers[key] = handler
        self._confirmed[key] = asyncio.Event()
        if self._listening and self._healthy:
            asyncio.get_running_loop().create_task(self._send_subscribe([key]))

    async def subscribed(self, key: str, timeout: float = 3.0) -> bool:
        """Wait until Redis confirms the subscription (events after it will arrive)."""
        confirmed = self._confirmed.get(key)
        if confirmed is None:
            return False
        try:
            await asyncio.wait_for(confirmed.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    def unsubscribe(self, key: str) -> None:
        self._handlers.pop(key, None)
        self._confirmed.pop(key, None)
        if self._listening and self._healthy:
            asyncio.get_running_loop().create_task(self._send_unsubscribe(key))

    @property
    def healthy(self) -> bool:
        return self._healthy

    # -- health ---------------------------------------------------------------------
    def on_health(self, listener: Callable[[bool], Awaitable[None]]) -> None:
        self._listeners.append(listener)

    async def report_failure(self, exc: BaseException) -> None:
        """A command failed: treat the link as broken until the reader reconnects."""
        if self._healthy:
            log.warning("redis link lost", extra={"error": repr(exc)})
            await self._set_healthy(False)
            self._listening = False
            await self._listener.drop()

    async def _set_healthy(self, healthy: bool) -> None:
        if healthy == self._healthy:
            return
        self._healthy = healthy
        for listener in self._listeners:
            try:
                await listener(healthy)
            except Exception:
                log.exception("health listener failed")

    async def _wait_healthy(self) -> None:
        while not self._healthy:
            await asyncio.sleep(0.05)

    # -- loops ------------------------------------------------------------------------
    async def _read_loop(self) -> None:
        attempt = 0
        while not self._closing:
            try:
                await self.client.ping()
                for event in self._confirmed.values():
                    event.clear()
                await self._listener.open(CONTROL_KEY, list(self._handlers), self._deliver)
                self._listening = True
                attempt = 0
                log.info("redis link up", extra={"channels": len(self._handlers), "sharded": self.sharded})
                await self._set_healthy(True)
                await self._listener.pump(lambda: self._healthy and not self._closing)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as exc:
                await self.report_failure(exc)
            except Exception:
                log.exception("redis reader failed")
                await self.report_failure(RuntimeError("reader"))
            if self._closing:
                return
            await asyncio.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
            attempt += 1

    def _deliver(self, kind: str, key: str, data: bytes | None) -> None:
        if kind == "message":
            handler = self._handlers.get(key)
            if handler is not None and data is not None:
                try:
                    handler(key, open_envelope(data))
                except Exception:
                    log.exception("bad event on the bus", extra={"key": key})
        else:
            confirmed = self._confirmed.get(key)
            if confirmed is not None:
                confirmed.set()

    async def _write_loop(self) -> None:
        # not `while True`: redis-py can swallow the cancel of close() inside a pipeline's execute, and the
        # loop would then wait on an empty outbox for ever (found as a 120 s hang in CI)
        while not self._closing:
            channel, data = await self._outbox.get()
            batch = [(channel, data)]
            while not self._outbox.empty() and len(batch) < 256:
                batch.append(self._outbox.get_nowait())
            try:
                await redis_links.publish_all(self.client, batch, self._control, self.sharded)
            except (RedisError, OSError) as exc:
                await self.report_failure(exc)

    async def _send_subscribe(self, keys: list[str]) -> None:
        try:
            await self._listener.subscribe(keys)
        except (RedisError, OSError) as exc:
            await self.report_failure(exc)

    async def _send_unsubscribe(self, key: str) -> None:
        try:
            await self._listener.unsubscribe(key)
        except (RedisError, OSError) as exc:
            await self.report_failure(exc)
