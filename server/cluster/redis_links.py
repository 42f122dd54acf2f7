"""How a node reaches Redis: one server, or a Redis Cluster.

`REDIS_URL=redis://host:6379/0` (or `rediss://`, `unix://`) is one Redis;
`REDIS_URL=redis+cluster://[user:password@]host1:7000,host2:7000,host3:7000`
(or `rediss+cluster://` for TLS) is a Redis Cluster, the hosts being seeds
from which the client learns every shard. One setting, read in one place, so
that nothing else needs to know which it is except through `sharded`.

In cluster mode room channels use sharded pub/sub (`SPUBLISH`/`SSUBSCRIBE`,
Redis 7): a room's events stay on the shard that holds the room's keys
instead of being broadcast over the cluster bus to every shard.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import redis.asyncio as aioredis
from redis.asyncio.cluster import ClusterNode, RedisCluster

CLUSTER_SCHEMES = ("redis+cluster://", "rediss+cluster://")
CHANNEL_PREFIX = "tsu:ch:"
REDIS_CONNECTIONS = 64  # commands in flight per node process (a burst queues, never fails)
TIMEOUTS = {"socket_timeout": 3.0, "socket_connect_timeout": 3.0}


def channel_for(key: str) -> str:
    """`tsu:ch:{<room>}`: the hash tag puts a room's channel in the slot of its keys (`state_lua.keys`),
    which is what lets its scripts `SPUBLISH` in a cluster. The same name in both modes."""
    return CHANNEL_PREFIX + "{" + key + "}"


def key_of(channel: str) -> str:
    return channel[len(CHANNEL_PREFIX) + 1:-1]


def is_cluster(url: str) -> bool:
    return url.startswith(CLUSTER_SCHEMES)


@dataclass(frozen=True)
class ClusterAddress:
    """The seeds and credentials of a `redis+cluster://` URL."""

    seeds: list[tuple[str, int]]
    username: str | None
    password: str | None
    tls: bool


def parse_cluster_url(url: str) -> ClusterAddress:
    """`redis+cluster://[user:password@]host:port[,host:port...]`; ValueError says what is wrong."""
    scheme, _, rest = url.partition("://")
    rest = rest.split("/", 1)[0].split("?", 1)[0]
    auth, at, hosts = rest.rpartition("@")
    username = password = None
    if at:
        user, colon, secret = auth.partition(":")
        username, password = (unquote(user) or None), (unquote(secret) if colon else None)
    seeds = []
    for item in hosts.split(","):
        host, colon, port = item.strip().rpartition(":")
        if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"REDIS_URL: {item.strip() or '(empty)'} is not host:port")
        seeds.append((host.strip("[]"), int(port)))
    return ClusterAddress(seeds, username, password, scheme == "rediss+cluster")


def connect(url: str) -> Any:
    """The command client: a pool that waits for a free connection instead of failing.

    A burst of joins (a hall filling at the start of a session) must queue for
    a moment, not be mistaken for Redis being down. The cluster client has no
    waiting pool, so `RedisState` bounds its commands in flight by
    `REDIS_CONNECTIONS` and each shard allows a few more (the bus and the
    liveness loops).
    """
    if not is_cluster(url):
        pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=REDIS_CONNECTIONS, timeout=5.0, **TIMEOUTS)
        return aioredis.Redis(connection_pool=pool)
    address = parse_cluster_url(url)
    return RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in address.seeds], username=address.username,
                        password=address.password, ssl=address.tls, max_connections=REDIS_CONNECTIONS + 16, **TIMEOUTS)


def subscriber(url: str) -> aioredis.Redis:
    """The client of the one pub/sub connection in single mode."""
    return aioredis.from_url(url, socket_connect_timeout=3.0)


def shard_subscriber(url: str, host: str, port: int) -> aioredis.Redis:
    """A plain client to one shard primary, for its `SSUBSCRIBE` connection."""
    address = parse_cluster_url(url)
    return aioredis.Redis(host=host, port=port, username=address.username, password=address.password,
                          ssl=address.tls, socket_connect_timeout=3.0)


async def publish_all(client: Any, batch: list[tuple[str, bytes]], control: str, sharded: bool) -> None:
    """Publish unsequenced events in one pipeline: room channels with `SPUBLISH` in a cluster (routed to
    the room's shard), the control channel with `PUBLISH` (one command: a cluster pipeline cannot)."""
    async with client.pipeline(transaction=False) as pipe:
        for channel, payload in batch:
            if not sharded:
                pipe.publish(channel, payload)
            elif channel != control:
                pipe.spublish(channel, payload)
        await pipe.execute()
    if sharded:
        for channel, payload in batch:
            if channel == control:
                await client.publish(channel, payload)


async def close(client: Any) -> None:
    """Close a client of either kind with its connections; a broken one is already closed."""
    try:
        if isinstance(client, RedisCluster):
            await client.aclose()
        else:
            await client.aclose(close_connection_pool=True)
    except Exception:
        pass
