"""The Redis engine: room state shared by every node.

The rules are `rooms.rules`, as for the in-memory engine; this module builds
each event with them, hands the Lua of `server.cluster.state_lua` the numbers
and bodies it needs, and shapes what comes back (snapshot, replay window,
history cut-off) with them again. The scripts assign `seq`, store and publish
in one atomic step, so every node sees one order with no gaps.

Liveness: each node refreshes `tsu:node:<id>` (TTL 8 s) every 2 s and lists
its members in `tsu:node:<id>:m`. Any node that finds a node key gone removes
that node's members (one `presence` event per room) — within 15 s of its death.
Sessions live in `tsu:session:<id>` so a resume works on any node.
On a Redis Cluster (`bus.sharded`) the node's index and the open circles are
in other slots than the room: `server.cluster.state_slots` keeps them around
the room's scripts.
"""
from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from typing import Any

import msgpack
from redis.exceptions import RedisError

from rooms import rules
from rooms.bus import CONTROL_KEY, Event
from rooms.names import parse_room_id
from rooms.refusal import Refused
from rooms.registry import Catalogue
from rooms.room import Limits, Member, RoomInfo
from rooms.session import Session, User

from server import clock
from server.cluster import state_lua as lua
from server.cluster.bus_redis import RedisBus, channel_for, open_envelope
from server.cluster.redis_links import REDIS_CONNECTIONS
from server.cluster.state import JoinResult, Unavailable
from server.cluster.state_slots import ClusterSteps

log = logging.getLogger("tsunagaru.state.redis")

ALIVE_TTL_MS = 8_000
ALIVE_EVERY_S = 2.0
REAP_EVERY_S = 3.0
REAP_GRACE_S = 10.0  # a node that just came back waits before judging others dead
LEAVE_ATTEMPTS = 5  # a leave whose members changed under it is retried with a body naming those still in

_JOIN_REFUSED = {-1: rules.room_full, -2: rules.age_mix, -3: rules.too_many_circles}


def _pack(value: Any) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def _people(members: list[bytes], positions: list[bytes]) -> list[dict[str, Any]]:
    """Public members with their latest positions, from the `members` and `pos` hashes."""
    where = {positions[i].decode(): positions[i + 1].decode() for i in range(0, len(positions), 2)}
    people = []
    for raw in members:
        m = msgpack.unpackb(raw, raw=False)
        xy = where.get(m["id"])
        if xy:
            m["x"], m["y"] = (float(v) for v in xy.split(","))
        people.append(m)
    return people


class RedisState:
    """`RoomState` over Redis; one instance per node."""

    synchronous = False

    def __init__(self, bus: RedisBus, catalogue: Catalogue, limits: Limits, node_id: str, session_grace_s: float) -> None:
        self.bus = bus
        self.redis = bus.client
        self.catalogue = catalogue
        self.limits = limits
        self.node = node_id
        self.session_grace_s = session_grace_s
        self.sharded = bus.sharded
        self._join, self._leave, self._say, self._replay, self._delete = (
            self.redis.register_script(lua.for_bus(text, self.sharded))
            for text in (lua.JOIN, lua.LEAVE, lua.SAY, lua.REPLAY, lua.DELETE))
        self._moves = self.redis.register_script(lua.MOVES)
        # the cluster client fails when its pool is used up instead of waiting: commands in flight wait here
        self._gate = asyncio.Semaphore(REDIS_CONNECTIONS) if self.sharded else None
        self._slots = ClusterSteps(self.redis, self._call_plain, node_id) if self.sharded else None
        self._joining: Counter[str] = Counter()  # index entries of joins in flight (a cluster's leave keeps them)
        self._pending_moves: dict[str, dict[str, tuple[float, float]]] = {}
        self._pending_reacts: dict[str, dict[str, str]] = {}  # never stored in Redis: they last seconds
        self._local_members: dict[str, set[str]] = {}  # room -> members held by this node
        self._tasks: list[asyncio.Task[None]] = []
        self._healthy_since: float | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._alive_loop(), name="redis-alive"),
            asyncio.create_task(self._reap_loop(), name="redis-reaper"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- rooms -----------------------------------------------------------------------------
    def _info(self, room_id: str) -> tuple[str, RoomInfo] | Refused:
        rid = parse_room_id(room_id)
        if isinstance(rid, Refused):
            return rid
        info = self.catalogue.info_for(rid)
        if isinstance(info, Refused):
            return info
        return str(rid), info

    async def join(self, room_id: str, member: Member, x: object, y: object, now_ms: int) -> JoinResult | Refused:
        found = self._info(room_id)
        if isinstance(found, Refused):
            return found
        name, info = found
        refused_role = rules.role_refusal(info.kind, member.role)
        if refused_role is not None:
            return refused_role
        member.x, member.y = rules.join_position(info.width, info.height, x, y, member.id)
        public = member.public()
        clash = rules.clashing_group(info.kind, member.group)
        max_circles = self.catalogue.max_circles if rules.counts_as_circle(info.kind) else rules.NO_LIMIT
        entry = lua.index_entry(name, member.id)
        self._joining[entry] += 1
        try:
            result = await self._join_script(name, info, member, public, clash, max_circles, entry)
        finally:
            self._joining[entry] -= 1
            if not self._joining[entry]:
                del self._joining[entry]
        refused = _JOIN_REFUSED.get(result[0])
        if refused is not None and self._slots is not None and entry not in self._joining:
            await self._slots.unindex(self.node, [entry])  # not a member: the entry written ahead goes
        if refused is rules.room_full:
            return rules.room_full(await self._overflow(name, info))
        if refused is not None:
            return refused()
        self._local_members.setdefault(name, set()).add(member.id)
        status, seq, members, positions, history = result
        people = _people(members, positions)
        said = rules.fresh((open_envelope(h) for h in history), now_ms, self.limits.history_age_ms)
        state = rules.snapshot(name, int(seq), [], said, info.public(), len(people))
        return JoinResult(name, state, status == 1, lambda: people,
                          lambda: rules.nearest(people, member.id, self.limits.members_page))

    async def _join_script(self, name: str, info: RoomInfo, member: Member, public: dict[str, Any], clash: str | None,
                           max_circles: int, entry: str) -> list[Any]:
        if self._slots is not None and not await self._slots.before_join(name, entry, max_circles):
            return [-3]
        return await self._call(self._join, lua.room_keys(name, self.node, self.sharded), [
            member.id, _pack(public), rules.capacity_arg(info.capacity), channel_for(name),
            _pack(rules.presence(name, joins=[public])), self.limits.replay_events,
            entry, f"{member.x},{member.y}", member.group, clash or "", max_circles, name,
        ])

    async def members(self, room_id: str, after: str | None) -> dict[str, Any] | Refused:
        """A page of members by id. Reads the whole hash (O(N) inside Redis, one page on the wire)."""
        return rules.page(await self.everyone(room_id), after, self.limits.members_page)

    async def everyone(self, room_id: str) -> list[dict[str, Any]]:
        keys = lua.keys(room_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hvals(keys[0])
            pipe.hgetall(keys[4])
            members, positions = await self._call_plain(pipe.execute())
        return _people(members, [v for pair in positions.items() for v in pair])

    async def _overflow(self, name: str, info: RoomInfo) -> str | None:
        rid = parse_room_id(name)
        if isinstance(rid, Refused):
            return None
        candidates = self.catalogue.overflow_names(rid)
        if not candidates:
            return None
        async with self.redis.pipeline(transaction=False) as pipe:
            for candidate in candidates:
                pipe.hlen(lua.keys(candidate)[0])
            counts = await self._call_plain(pipe.execute())
        return rules.first_with_space(candidates, dict(zip(candidates, (int(c) for c in counts))), info.capacity)

    async def leave(self, room_id: str, member_id: str) -> None:
        await self.leave_many(room_id, [member_id])

    async def leave_many(self, room_id: str, member_ids: list[str]) -> None:
        """One `presence` event for all of them, as the core's `Room.leave_many`."""
        await self._leave_as(self.node, room_id, member_ids)
        local = self._local_members.get(room_id)
        pending = self._pending_moves.get(room_id, {})
        reacting = self._pending_reacts.get(room_id, {})
        for member_id in member_ids:
            pending.pop(member_id, None)
            reacting.pop(member_id, None)
            if local is not None:
                local.discard(member_id)
        if local is not None and not local:
            del self._local_members[room_id]

    async def _leave_as(self, node: str, room_id: str, member_ids: list[str]) -> None:
        found = self._info(room_id)
        if isinstance(found, Refused):
            return
        name, info = found
        keys = lua.room_keys(name, node, self.sharded)
        entries = [lua.index_entry(name, m) for m in member_ids]
        for _ in range(LEAVE_ATTEMPTS):
            result = await self._call(self._leave, keys, [
                channel_for(name), _pack(rules.presence(name, leaves=member_ids)), self.limits.replay_events,
                "1" if info.on_demand else "0", name, len(member_ids), *member_ids,
                *(lua.index_entry(name, m) for m in member_ids),
            ])
            if result[0] != -1:
                break
            member_ids = [m.decode() for m in result[1]]  # some left meanwhile: name only those still in
        if self._slots is not None:  # a rejoin in flight on this node keeps its entry
            await self._slots.unindex(node, [e for e in entries if node != self.node or e not in self._joining])
            if result[0] == 2 and rules.counts_as_circle(info.kind):
                await self._slots.close_circle(name)

    async def say(self, room_id: str, sender: dict[str, str], message_id: str, text: str, now_ms: int) -> int | Refused:
        body = _pack(rules.said(room_id, message_id, sender, text, now_ms))
        seq = await self._call(self._say, lua.keys(room_id)[:4], [
            sender["id"], channel_for(room_id), body, self.limits.replay_events, self.limits.history_count,
        ])
        if seq == -1:
            return rules.not_member()
        return int(seq)

    async def replay(self, room_id: str, last_seq: int, member_id: str) -> list[Event] | None:
        result = await self._call(self._replay, lua.keys(room_id)[:3], [member_id])
        if not result:
            return None
        return rules.events_after([open_envelope(e) for e in result[1]], int(result[0]), last_seq)

    async def delete(self, room_id: str, message_id: str) -> int | None:
        keys = lua.keys(room_id)
        seq = await self._call(self._delete, [keys[3], keys[1], keys[2]], [
            message_id, channel_for(room_id), _pack(rules.deleted(room_id, message_id)), self.limits.replay_events,
        ])
        return int(seq) or None

    async def history(self, room_id: str, now_ms: int) -> list[Event]:
        raw = await self._call_plain(self.redis.lrange(lua.keys(room_id)[3], 0, -1))
        return rules.fresh((open_envelope(h) for h in raw), now_ms, self.limits.history_age_ms)

    def move(self, room_id: str, member_id: str, x: object, y: object) -> bool | Refused:
        """Kept on this node until the tick; only this node's own members move through it."""
        if member_id not in self._local_members.get(room_id, ()):
            return rules.not_member()
        found = self._info(room_id)
        if isinstance(found, Refused):
            return found
        _, info = found
        where = rules.move_position(info.width, info.height, self.limits.move_policy, x, y)
        if isinstance(where, Refused):
            return where
        self._pending_moves.setdefault(room_id, {})[member_id] = where
        return True

    def react(self, room_id: str, member_id: str, emote: str) -> bool | Refused:
        """Kept on this node until the tick, like a move; only published, never stored."""
        if member_id not in self._local_members.get(room_id, ()):
            return rules.not_member()
        self._pending_reacts.setdefault(room_id, {})[member_id] = emote
        return True

    async def tick(self) -> None:
        reacts, self._pending_reacts = self._pending_reacts, {}
        if self.bus.healthy:
            for room_id, latest in reacts.items():
                self.bus.publish(room_id, rules.reacts(room_id, latest))
        if not self._pending_moves or not self.bus.healthy:
            return
        pending, self._pending_moves = self._pending_moves, {}
        await asyncio.gather(*(  # members only: a leave may have reached Redis since these moves were queued
            self._call(self._moves, lua.keys(room_id)[0:5:4], [v for m, (x, y) in moved.items() for v in (m, f"{x},{y}")])
            for room_id, moved in pending.items()))
        for room_id, moved in pending.items():
            self.bus.publish(room_id, rules.moves(room_id, moved))

    def room_count(self) -> int:
        return len(self._local_members)

    def member_count(self) -> int:
        return sum(len(m) for m in self._local_members.values())

    async def room_sizes(self, room_ids: list[str]) -> dict[str, int]:
        rooms = list(dict.fromkeys([*room_ids, *self._local_members]))
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for rid in rooms:
                    pipe.hlen(lua.keys(rid)[0])
                counts = await pipe.execute()
        except Exception as exc:
            raise Unavailable(str(exc)) from exc
        return dict(zip(rooms, (int(c) for c in counts)))

    # -- sessions ------------------------------------------------------------------------------
    async def save_session(self, session: Session) -> None:
        record = {
            "user": {"id": session.user.id, "nick": session.user.nick, "role": session.user.role,
                     "age_band": session.user.age_band, "lang": session.user.lang,
                     "organization": session.user.organization, "device": session.user.device,
                     "avatar": session.user.avatar},
            "rooms": sorted(session.rooms), "node": self.node, "detached_at_ms": session.detached_at_ms,
        }
        ttl = int(self.session_grace_s + 5) if session.detached_at_ms is not None else 24 * 3600
        await self._call_plain(self.redis.set(f"tsu:session:{session.id}", _pack(record), ex=ttl))

    async def load_session(self, session_id: str, now_ms: int) -> tuple[Session, str] | None:
        """A session held (or left) by any node, and the node that held it."""
        raw = await self._call_plain(self.redis.get(f"tsu:session:{session_id}"))
        if raw is None:
            return None
        record = msgpack.unpackb(raw, raw=False)
        detached = record.get("detached_at_ms")
        if detached is not None and now_ms - detached > self.session_grace_s * 1000:
            return None
        u = record["user"]
        session = Session(session_id, User(u["id"], u["nick"], u["role"], u.get("age_band"), u.get("lang", "ja"),
                                            u.get("organization"), u.get("device"), u.get("avatar")),
                          set(record["rooms"]), detached)
        return session, record["node"]

    async def drop_session(self, session_id: str) -> None:
        await self._call_plain(self.redis.delete(f"tsu:session:{session_id}"))

    async def adopt(self, session: Session, from_node: str) -> None:
        """Move a resumed session's memberships to this node's index."""
        if from_node == self.node:
            return
        entries = [lua.index_entry(room, session.user.id) for room in session.rooms]
        if self._slots is not None:
            await self._slots.adopt(from_node, entries)
        elif entries:
            async with self.redis.pipeline(transaction=False) as pipe:
                for entry in entries:
                    pipe.smove(lua.node_index(from_node), lua.node_index(self.node), entry)
                await self._call_plain(pipe.execute())
        for room in session.rooms:
            self._local_members.setdefault(room, set()).add(session.user.id)

    def forget_local(self, session: Session) -> None:
        """Another node took this session over: it is no longer held here."""
        for room in session.rooms:
            local = self._local_members.get(room)
            if local is not None:
                local.discard(session.user.id)
                if not local:
                    del self._local_members[room]

    def tell(self, message: dict[str, Any]) -> None:
        """A control message to every node (session moves; moderator actions later)."""
        self.bus.publish(CONTROL_KEY, message)

    # -- recovery ----------------------------------------------------------------------------------
    async def restore(self, members: dict[str, list[Member]]) -> None:
        """After an outage: put this node's members back (a restarted Redis forgot them)."""
        now = clock.now_ms()
        for room_id, people in members.items():
            for member in people:
                await self.join(room_id, member, None, None, now)

    # -- liveness ------------------------------------------------------------------------------------
    async def _alive_loop(self) -> None:
        while True:
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    pipe.set(f"tsu:node:{self.node}", "1", px=ALIVE_TTL_MS)
                    pipe.sadd("tsu:nodes", self.node)
                    await pipe.execute()
                if self._healthy_since is None:
                    self._healthy_since = asyncio.get_running_loop().time()
            except (RedisError, OSError) as exc:
                self._healthy_since = None
                await self.bus.report_failure(exc)
            await asyncio.sleep(ALIVE_EVERY_S)

    async def _reap_loop(self) -> None:
        while True:
            await asyncio.sleep(REAP_EVERY_S)
            since = self._healthy_since
            if since is None or asyncio.get_running_loop().time() - since < REAP_GRACE_S or not self.bus.healthy:
                continue
            try:
                await self._reap_dead_nodes()
            except (RedisError, OSError) as exc:
                await self.bus.report_failure(exc)
            except Exception:
                log.exception("reaper failed")

    async def _reap_dead_nodes(self) -> None:
        for raw in await self.redis.smembers("tsu:nodes"):
            node = raw.decode()
            if node == self.node or await self.redis.exists(f"tsu:node:{node}"):
                continue
            if not await self.redis.set(f"tsu:reap:{node}", self.node, nx=True, px=30_000):
                continue  # another node is on it
            entries = await self.redis.smembers(lua.node_index(node))
            log.warning("node gone; removing its members", extra={"dead": node, "members": len(entries)})
            by_room: dict[str, list[str]] = defaultdict(list)
            for entry in entries:
                room_id, _, member_id = entry.decode().partition("\t")
                by_room[room_id].append(member_id)
            for room_id, member_ids in by_room.items():
                await self._leave_as(node, room_id, member_ids)
            await self.redis.delete(lua.node_index(node))
            await self.redis.srem("tsu:nodes", node)

    # -- calls ---------------------------------------------------------------------------------------
    async def _call(self, script, keys: list[str], args: list[Any]) -> Any:  # type: ignore[no-untyped-def]
        return await self._call_plain(script(keys=keys, args=args))

    async def _call_plain(self, awaitable) -> Any:  # type: ignore[no-untyped-def]
        try:
            if self._gate is None:
                return await awaitable
            async with self._gate:
                return await awaitable
        except (RedisError, OSError) as exc:
            await self.bus.report_failure(exc)
            raise Unavailable() from exc
