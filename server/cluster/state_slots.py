"""What the Redis engine does around a room's script on a Redis Cluster.

On one Redis the join and leave scripts also update the node's index
(`tsu:node:<id>:m`) and the open circles (`tsu:circles`) in the same atomic
step. In a cluster those two keys are in other slots than the room, and a
script may touch one slot only, so they are kept here, in steps of their own,
ordered so that a node dying between two steps leaves nothing wrong that
lasts:

- the index entry is written before the join and removed after the leave:
  the reaper may find an entry for nobody (its leave then does nothing),
  never a member without an entry (who would never be removed);
- a circle is claimed (`state_lua.CLAIM`) before its join and closed after
  the leave that emptied it; if someone opened it again in between, it is
  counted again. The circle limit is therefore exact at rest but can be
  passed by a join that races a closing circle (docs/architecture.md).
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from server.cluster import state_lua as lua

Call = Callable[[Awaitable[Any]], Awaitable[Any]]


class ClusterSteps:
    def __init__(self, redis: Any, call: Call, node: str) -> None:
        self.redis = redis
        self.call = call  # the engine's `_call_plain`: a failure marks the link down
        self.node = node
        self._claim = redis.register_script(lua.CLAIM)

    async def before_join(self, name: str, entry: str, max_circles: int) -> bool:
        """The index entry, and the circle claimed; False: too many circles are open."""
        index = self.redis.sadd(lua.node_index(self.node), entry)
        if max_circles < 0:
            await self.call(index)
            return True
        claim = self._claim(keys=[lua.OPEN_CIRCLES], args=[name, max_circles])
        _, claimed = await self.call(asyncio.gather(index, claim))  # two slots, no order needed between them
        return claimed != -3

    async def unindex(self, node: str, entries: list[str]) -> None:
        """Index entries removed after the memberships they stood for."""
        if entries:
            await self.call(self.redis.srem(lua.node_index(node), *entries))

    async def close_circle(self, name: str) -> None:
        """An emptied circle no longer counts; if someone opened it again meanwhile, it does."""
        await self.call(self.redis.srem(lua.OPEN_CIRCLES, name))
        if await self.call(self.redis.hlen(lua.keys(name)[0])):
            await self.call(self.redis.sadd(lua.OPEN_CIRCLES, name))

    async def adopt(self, from_node: str, entries: list[str]) -> None:
        """A resumed session's entries: into this node's index first, then out of the other's."""
        if entries:
            await self.call(self.redis.sadd(lua.node_index(self.node), *entries))
            await self.unindex(from_node, entries)
