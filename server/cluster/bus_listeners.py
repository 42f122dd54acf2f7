"""The Redis bus's receiving side: one pub/sub connection, or one per shard.

`PlainListener` (one Redis) is one pub/sub connection with `SUBSCRIBE` for
the control channel and every room channel the node has members in.

`ShardedListener` (Redis Cluster) holds one pub/sub connection per shard
primary that owns a room channel this node needs, with `SSUBSCRIBE` for the
rooms whose slot that shard owns, and one reader task per connection that
waits on its socket. The control channel is classic `SUBSCRIBE` on one of
them (classic pub/sub reaches every node of a cluster). redis-py's own
asyncio `ClusterPubSub` was not used: it reads its per-shard connections in
turn with a timeout split between them, so a message on one shard waits
while another is polled; a reader per connection delivers at once.

A shard that fails, a `MOVED` answer to a `SSUBSCRIBE`, or Redis taking a
channel away because its slot moved (an unasked `sunsubscribe`) ends `pump`
with an error: the bus then reconnects everything as after any outage, with
the cluster's slot map read afresh (`RedisBus._read_loop`).
"""
from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, Callable

from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError

from server.cluster import redis_links
from server.cluster.redis_links import channel_for, key_of

# (kind, key, data): kind "message" with the envelope, or "subscribed" once Redis confirmed a channel
Deliver = Callable[[str, str, bytes | None], None]
_MESSAGES = ("message", "smessage")
_CONFIRMS = ("subscribe", "ssubscribe")


def _text(channel: bytes | str) -> str:
    return channel.decode() if isinstance(channel, bytes) else channel


class PlainListener:
    """One pub/sub connection to one Redis."""

    def __init__(self, url: str) -> None:
        self._client = redis_links.subscriber(url)
        self._pubsub: Any = None
        self._deliver: Deliver | None = None

    async def open(self, control: str, keys: list[str], deliver: Deliver) -> None:
        self._deliver = deliver
        self._pubsub = self._client.pubsub()
        await self._pubsub.subscribe(channel_for(control), *[channel_for(k) for k in keys])

    async def subscribe(self, keys: list[str]) -> None:
        await self._pubsub.subscribe(*[channel_for(k) for k in keys])

    async def unsubscribe(self, key: str) -> None:
        await self._pubsub.unsubscribe(channel_for(key))

    async def pump(self, alive: Callable[[], bool]) -> None:
        """Deliver until the link is found broken (`alive` turns false or a read fails)."""
        pubsub, deliver = self._pubsub, self._deliver
        assert deliver is not None
        while True:
            message = await pubsub.get_message(timeout=1.0)
            if message is None:
                if not alive():
                    return
                continue
            kind = message["type"]
            if kind in _MESSAGES:
                deliver("message", key_of(_text(message["channel"])), message["data"])
            elif kind in _CONFIRMS:
                deliver("subscribed", key_of(_text(message["channel"])), None)

    async def drop(self) -> None:
        """The link broke: close this connection (the next `open` makes a new one)."""
        if self._pubsub is not None:
            try:
                await self._pubsub.aclose()
            except Exception:
                pass

    async def close(self) -> None:
        await self.drop()
        await redis_links.close(self._client)


class ShardedListener:
    """One `SSUBSCRIBE` connection per shard primary, each read by its own task."""

    def __init__(self, url: str, cluster: RedisCluster) -> None:
        self.url = url
        self.cluster = cluster
        self._clients: dict[str, Any] = {}  # shard name -> its client
        self._shards: dict[str, Any] = {}  # shard name -> its pub/sub connection
        self._readers: dict[str, asyncio.Task[None]] = {}
        self._owner: dict[str, str] = {}  # channel -> shard name, for every channel wanted
        self._leaving: Counter[str] = Counter()  # our own SUNSUBSCRIBEs not yet confirmed
        self._deliver: Deliver | None = None
        self._ended: asyncio.Future[None] | None = None
        self._opening = asyncio.Lock()  # two subscribes for one new shard make one connection

    async def open(self, control: str, keys: list[str], deliver: Deliver) -> None:
        await self.drop()
        await self.cluster.nodes_manager.initialize()  # the slot map as it is now (after a failover or a move)
        self._deliver = deliver
        self._ended = asyncio.get_running_loop().create_future()
        channel = channel_for(control)
        _, pubsub = await self._shard_for(channel)
        await pubsub.subscribe(channel)
        await self.subscribe(keys)

    async def subscribe(self, keys: list[str]) -> None:
        for key in keys:
            channel = channel_for(key)
            self._owner[channel], pubsub = await self._shard_for(channel)
            await pubsub.ssubscribe(channel)  # one per channel: a SSUBSCRIBE may name one slot only

    async def unsubscribe(self, key: str) -> None:
        channel = channel_for(key)
        name = self._owner.pop(channel, None)
        pubsub = self._shards.get(name or "")
        if pubsub is not None:
            self._leaving[channel] += 1
            await pubsub.sunsubscribe(channel)

    async def pump(self, alive: Callable[[], bool]) -> None:
        """Wait until a shard's reader ends: an error is raised, a link found broken returns."""
        assert self._ended is not None
        try:
            await self._ended
        except Exception:
            if alive():
                raise

    async def drop(self) -> None:
        if self._ended is not None and self._ended.done() and not self._ended.cancelled():
            self._ended.exception()  # seen by `pump`, or not needed: the link is being rebuilt anyway
        readers, self._readers = list(self._readers.values()), {}
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        shards, clients = list(self._shards.values()), list(self._clients.values())
        self._shards, self._clients = {}, {}
        self._owner.clear()
        self._leaving.clear()
        for pubsub in shards:
            try:
                await pubsub.aclose()
            except Exception:
                pass
        for client in clients:
            await redis_links.close(client)

    async def close(self) -> None:
        await self.drop()

    def _name_for(self, channel: str) -> str:
        node = self.cluster.get_node_from_key(channel)
        if node is None:
            raise RedisConnectionError(f"no shard serves the slot of {channel}")
        return node.name

    async def _shard_for(self, channel: str) -> tuple[str, Any]:
        """The shard that owns the channel's slot, and its pub/sub connection (made and read the first time)."""
        name = self._name_for(channel)
        async with self._opening:
            pubsub = self._shards.get(name)
            if pubsub is None:
                node = self.cluster.get_node(node_name=name)
                client = self._clients[name] = redis_links.shard_subscriber(self.url, node.host, node.port)
                pubsub = client.pubsub()
                await pubsub.connect()
                self._shards[name] = pubsub
                self._readers[name] = asyncio.create_task(self._read(name, pubsub), name=f"redis-shard-{name}")
        return name, pubsub

    async def _read(self, name: str, pubsub: Any) -> None:
        deliver, ended = self._deliver, self._ended
        assert deliver is not None and ended is not None
        try:
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                kind, channel = message["type"], _text(message["channel"])
                if kind in _MESSAGES:
                    deliver("message", key_of(channel), message["data"])
                elif kind in _CONFIRMS:
                    deliver("subscribed", key_of(channel), None)
                elif kind == "sunsubscribe":
                    if self._leaving[channel] > 0:
                        self._leaving[channel] -= 1
                    elif self._owner.get(channel) == name:
                        raise RedisConnectionError(f"the slot of {channel} moved off {name}")
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not ended.done():
                ended.set_exception(exc)
