"""Room state shared by every node, in Redis.

Each room keeps, under keys with the hash tag `{room}` (one Redis Cluster slot
per room): `seq` (INCR), `members` (hash id → msgpack member), `pos` (hash id
→ "x,y"), `replay` (list of sequenced envelopes) and `hist` (list of `said`
envelopes). Lua scripts apply the same rules as `rooms.room` (capacity,
membership, one `seq` per event) and publish the event in the same atomic
step, so every node sees one order with no gaps.

Liveness: each node refreshes `tsu:node:<id>` (TTL 8 s) every 2 s and lists
its members in `tsu:node:<id>:m`. Any node that finds a node key gone removes
that node's members (a `presence` event each) — within 15 s of its death.
Sessions live in `tsu:session:<id>` so a resume works on any node.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgpack
from redis.exceptions import RedisError

from rooms.bus import CONTROL_KEY, Event
from rooms.names import parse_room_id
from rooms.protocol import FORBIDDEN, NOT_MEMBER, ROOM_FULL
from rooms.refusal import Refused
from rooms.registry import Catalogue
from rooms.room import Limits, Member, RoomInfo, place
from rooms.session import Session, User

from server import clock
from server.cluster.bus_redis import RedisBus, channel_for, open_envelope
from server.cluster.state import JoinResult, Unavailable

log = logging.getLogger("tsunagaru.state.redis")

ALIVE_TTL_MS = 8_000
ALIVE_EVERY_S = 2.0
REAP_EVERY_S = 3.0
REAP_GRACE_S = 10.0  # a node that just came back waits before judging others dead

_JOIN = """
-- KEYS: members, seq, replay, hist, pos, node_index, groups, open circles
-- ARGV: id, member, capacity(-1 = none), channel, presence body, replay max, index entry, x,y, group, circle(1/0),
--       max circles, room name
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('SADD', KEYS[6], ARGV[7])
  return {0, tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('HVALS', KEYS[1]),
          redis.call('HGETALL', KEYS[5]), redis.call('LRANGE', KEYS[4], 0, -1)}
end
local cap = tonumber(ARGV[3])
if cap >= 0 and redis.call('HLEN', KEYS[1]) >= cap then return {-1} end
if ARGV[10] == '1' and ARGV[9] ~= 'open' then
  local other = 'minor'
  if ARGV[9] == 'minor' then other = 'adult' end
  for _, g in ipairs(redis.call('HVALS', KEYS[7])) do
    if g == other then return {-2} end
  end
end
if ARGV[10] == '1' and redis.call('SISMEMBER', KEYS[8], ARGV[12]) == 0 then
  if redis.call('SCARD', KEYS[8]) >= tonumber(ARGV[11]) then return {-3} end
  redis.call('SADD', KEYS[8], ARGV[12])
end
redis.call('HSET', KEYS[7], ARGV[1], ARGV[9])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[8])
redis.call('SADD', KEYS[6], ARGV[7])
local seq = redis.call('INCR', KEYS[2])
local env = seq .. ':' .. ARGV[5]
redis.call('RPUSH', KEYS[3], env)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[6]), -1)
redis.call('PUBLISH', ARGV[4], env)
return {1, seq, redis.call('HVALS', KEYS[1]), redis.call('HGETALL', KEYS[5]), redis.call('LRANGE', KEYS[4], 0, -1)}
"""

_LEAVE = """
-- KEYS: members, seq, replay, hist, pos, node_index, groups, open circles
-- ARGV: id, channel, presence body, replay max, on demand (1/0), index entry, room name
redis.call('SREM', KEYS[6], ARGV[6])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HDEL', KEYS[7], ARGV[1])
local seq = redis.call('INCR', KEYS[2])
local env = seq .. ':' .. ARGV[3]
redis.call('RPUSH', KEYS[3], env)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
redis.call('PUBLISH', ARGV[2], env)
if ARGV[5] == '1' and redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[7])
  redis.call('SREM', KEYS[8], ARGV[7])
end
return 1
"""

_SAY = """
-- KEYS: members, seq, replay, hist
-- ARGV: id, channel, said body, replay max, history max
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
local seq = redis.call('INCR', KEYS[2])
local env = seq .. ':' .. ARGV[3]
redis.call('RPUSH', KEYS[3], env)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
redis.call('RPUSH', KEYS[4], env)
redis.call('LTRIM', KEYS[4], -tonumber(ARGV[5]), -1)
redis.call('PUBLISH', ARGV[2], env)
return seq
"""

_DELETE = """
-- KEYS: hist, seq, replay; ARGV: message id, channel, deleted body, replay max
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for _, env in ipairs(items) do
  local colon = string.find(env, ':', 1, true)
  local event = cmsgpack.unpack(string.sub(env, colon + 1))
  if event['id'] == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, env)
    local seq = redis.call('INCR', KEYS[2])
    local out = seq .. ':' .. ARGV[3]
    redis.call('RPUSH', KEYS[3], out)
    redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
    redis.call('PUBLISH', ARGV[2], out)
    return seq
  end
end
return 0
"""

_REPLAY = """
-- KEYS: members, seq, replay; ARGV: id
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
return {tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('LRANGE', KEYS[3], 0, -1)}
"""


def _keys(room: str) -> list[str]:
    """members, seq, replay, hist, pos, groups — one hash tag, one cluster slot."""
    tag = "tsu:{" + room + "}:"
    return [tag + "members", tag + "seq", tag + "replay", tag + "hist", tag + "pos", tag + "grp"]


def _room_keys(room: str, node: str) -> list[str]:
    """The KEYS of the join and leave scripts."""
    k = _keys(room)
    return k[:5] + [_node_index(node), k[5], OPEN_CIRCLES]


OPEN_CIRCLES = "tsu:circles"  # every node counts the same circles: MAX_CIRCLES holds for the festival


def _node_index(node: str) -> str:
    return f"tsu:node:{node}:m"


def _pack(value: Any) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


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
        self._join = self.redis.register_script(_JOIN)
        self._leave = self.redis.register_script(_LEAVE)
        self._say = self.redis.register_script(_SAY)
        self._replay = self.redis.register_script(_REPLAY)
        self._delete = self.redis.register_script(_DELETE)
        self._pending_moves: dict[str, dict[str, tuple[float, float]]] = {}
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
        px = place(x, info.width) if x is not None else None
        py = place(y, info.height) if y is not None else None
        member.x = px if px is not None else info.width / 2
        member.y = py if py is not None else info.height / 2
        public = member.public()
        body = _pack({"t": "presence", "room": name, "joins": [public], "leaves": []})
        result = await self._call(self._join, _room_keys(name, self.node), [
            member.id, _pack(public), -1 if info.capacity is None else info.capacity, channel_for(name), body,
            self.limits.replay_events, f"{name}\t{member.id}", f"{member.x},{member.y}", member.group,
            "1" if info.kind == "circle" else "0", self.catalogue.max_circles, name,
        ])
        if result[0] == -3:
            return Refused(ROOM_FULL, "too_many_circles")
        if result[0] == -2:
            return Refused(FORBIDDEN, "age_mix")
        if result[0] == -1:
            overflow = await self._overflow(name)
            return Refused(ROOM_FULL, "room_full", {"overflow": overflow} if overflow else {})
        self._local_members.setdefault(name, set()).add(member.id)
        status, seq, members, positions, history = result
        return JoinResult(name, self._snapshot(name, info, int(seq), members, positions, history, now_ms), status == 1)

    async def _overflow(self, name: str) -> str | None:
        rid = parse_room_id(name)
        if isinstance(rid, Refused):
            return None
        base = self.catalogue.info_for(rid)
        if isinstance(base, Refused) or base.capacity is None:
            return None
        for candidate in self.catalogue.overflow_names(rid):
            count = await self.redis.hlen(_keys(candidate)[0])
            if count < base.capacity:
                return candidate
        return None

    def _snapshot(self, name: str, info: RoomInfo, seq: int, members: list[bytes], positions: list[bytes],
                  history: list[bytes], now_ms: int) -> dict[str, Any]:
        where = {positions[i].decode(): positions[i + 1].decode() for i in range(0, len(positions), 2)}
        people = []
        for raw in members:
            m = msgpack.unpackb(raw, raw=False)
            xy = where.get(m["id"])
            if xy:
                m["x"], m["y"] = (float(v) for v in xy.split(","))
            people.append(m)
        cutoff = now_ms - self.limits.history_age_ms
        said = [e for e in (open_envelope(h) for h in history) if e["ts"] >= cutoff]
        return {"room": name, "seq": seq, "members": people, "history": said, "info": info.public()}

    async def leave(self, room_id: str, member_id: str) -> None:
        await self._leave_as(self.node, room_id, member_id)
        local = self._local_members.get(room_id)
        if local is not None:
            local.discard(member_id)
            if not local:
                del self._local_members[room_id]
        self._pending_moves.get(room_id, {}).pop(member_id, None)

    async def _leave_as(self, node: str, room_id: str, member_id: str) -> None:
        found = self._info(room_id)
        if isinstance(found, Refused):
            return
        name, info = found
        body = _pack({"t": "presence", "room": name, "joins": [], "leaves": [member_id]})
        await self._call(self._leave, _room_keys(name, node), [
            member_id, channel_for(name), body, self.limits.replay_events, "1" if info.on_demand else "0",
            f"{name}\t{member_id}", name,
        ])

    async def leave_many(self, room_id: str, member_ids: list[str]) -> None:
        for member_id in member_ids:
            await self.leave(room_id, member_id)

    async def say(self, room_id: str, sender: dict[str, str], message_id: str, text: str, now_ms: int) -> int | Refused:
        body = _pack({"t": "said", "room": room_id, "id": message_id, "from": sender, "text": text, "ts": now_ms})
        seq = await self._call(self._say, _keys(room_id)[:4], [
            sender["id"], channel_for(room_id), body, self.limits.replay_events, self.limits.history_count,
        ])
        if seq == -1:
            return Refused(NOT_MEMBER, "not_member")
        return int(seq)

    async def replay(self, room_id: str, last_seq: int, member_id: str) -> list[Event] | None:
        result = await self._call(self._replay, _keys(room_id)[:3], [member_id])
        if not result:
            return None
        seq, envelopes = int(result[0]), result[1]
        if last_seq > seq or last_seq < 0:
            return None
        events = [open_envelope(e) for e in envelopes]
        if last_seq == seq:
            return []
        if not events or events[0]["seq"] > last_seq + 1:
            return None
        return [e for e in events if e["seq"] > last_seq]

    async def delete(self, room_id: str, message_id: str) -> int | None:
        keys = _keys(room_id)
        body = _pack({"t": "deleted", "room": room_id, "id": message_id})
        seq = await self._call(self._delete, [keys[3], keys[1], keys[2]], [
            message_id, channel_for(room_id), body, self.limits.replay_events,
        ])
        return int(seq) or None

    async def history(self, room_id: str, now_ms: int) -> list[Event]:
        raw = await self._call_plain(self.redis.lrange(_keys(room_id)[3], 0, -1))
        cutoff = now_ms - self.limits.history_age_ms
        return [e for e in (open_envelope(h) for h in raw) if e["ts"] >= cutoff]

    def move(self, room_id: str, member_id: str, x: object, y: object) -> bool | Refused:
        found = self._info(room_id)
        if isinstance(found, Refused):
            return found
        _, info = found
        px, py = place(x, info.width), place(y, info.height)
        if px is None or py is None:
            return Refused("bad_request", "bad_coordinates")
        self._pending_moves.setdefault(room_id, {})[member_id] = (px, py)
        return True

    async def tick(self) -> None:
        if not self._pending_moves or not self.bus.healthy:
            return
        pending, self._pending_moves = self._pending_moves, {}
        async with self.redis.pipeline(transaction=False) as pipe:
            for room_id, moved in pending.items():
                pipe.hset(_keys(room_id)[4], mapping={m: f"{x},{y}" for m, (x, y) in moved.items()})
            await self._call_plain(pipe.execute())
        for room_id, moved in pending.items():
            self.bus.publish(room_id, {"t": "moves", "room": room_id, "batch": [[m, x, y] for m, (x, y) in moved.items()]})

    def room_count(self) -> int:
        return len(self._local_members)

    def member_count(self) -> int:
        return sum(len(m) for m in self._local_members.values())

    async def room_sizes(self, room_ids: list[str]) -> dict[str, int]:
        rooms = list(dict.fromkeys([*room_ids, *self._local_members]))
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for rid in rooms:
                    pipe.hlen(_keys(rid)[0])
                counts = await pipe.execute()
        except Exception as exc:
            raise Unavailable(str(exc)) from exc
        return dict(zip(rooms, (int(c) for c in counts)))

    # -- sessions ------------------------------------------------------------------------------
    async def save_session(self, session: Session) -> None:
        record = {
            "user": {"id": session.user.id, "nick": session.user.nick, "role": session.user.role,
                     "age_band": session.user.age_band, "lang": session.user.lang,
                     "organization": session.user.organization, "device": session.user.device},
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
                                            u.get("organization"), u.get("device")),
                          set(record["rooms"]), detached)
        return session, record["node"]

    async def drop_session(self, session_id: str) -> None:
        await self._call_plain(self.redis.delete(f"tsu:session:{session_id}"))

    async def adopt(self, session: Session, from_node: str) -> None:
        """Move a resumed session's memberships to this node's index."""
        if from_node == self.node:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for room in session.rooms:
                entry = f"{room}\t{session.user.id}"
                pipe.smove(_node_index(from_node), _node_index(self.node), entry)
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
            entries = await self.redis.smembers(_node_index(node))
            log.warning("node gone; removing its members", extra={"dead": node, "members": len(entries)})
            for entry in entries:
                room_id, _, member_id = entry.decode().partition("\t")
                await self._leave_as(node, room_id, member_id)
            await self.redis.delete(_node_index(node))
            await self.redis.srem("tsu:nodes", node)

    # -- calls ---------------------------------------------------------------------------------------
    async def _call(self, script, keys: list[str], args: list[Any]) -> Any:  # type: ignore[no-untyped-def]
        return await self._call_plain(script(keys=keys, args=args))

    async def _call_plain(self, awaitable) -> Any:  # type: ignore[no-untyped-def]
        try:
            return await awaitable
        except (RedisError, OSError) as exc:
            await self.bus.report_failure(exc)
            raise Unavailable() from exc
