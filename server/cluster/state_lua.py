"""The Redis engine's keys and Lua scripts: storage and atomicity, no rules.

Each room keeps, under keys with the hash tag `{room}` (one Redis Cluster slot
per room): `seq` (INCR), `members` (hash id → msgpack member), `pos` (hash id
→ "x,y"), `grp` (hash id → age group), `replay` (list of sequenced envelopes)
and `hist` (list of `said` envelopes).

What the scripts do not decide: every event body is built by `rooms.rules`
and passed in whole (a script only prefixes `<seq>:` and appends/publishes
it), and every number or name a check needs (capacity, replay and history
length, the clashing age group, the circle limit) comes as an argument chosen
by `rooms.rules`. What they must do inside Redis is the part that has to be
atomic: check membership and admission, assign the `seq`, store and publish
the event in one step, so every node sees one order with no gaps.

The hash-slot rule (Redis Cluster): a script touches only the keys it is
given in KEYS, and those of one room's slot — `keys(room)`, and the room's
channel `tsu:ch:{room}` for `SPUBLISH`. The join and leave scripts also keep
two keys outside the room (the node's index and the open circles) up to date
when they are given them, as one Redis does; a cluster passes only the room's
six keys and `server.cluster.state_slots` updates those two in steps of their
own (docs/architecture.md, "Redis Cluster").
"""
from __future__ import annotations

OPEN_CIRCLES = "tsu:circles"  # every node counts the same circles: MAX_CIRCLES holds for the festival


def keys(room: str) -> list[str]:
    """members, seq, replay, hist, pos, groups — one hash tag, one cluster slot."""
    tag = "tsu:{" + room + "}:"
    return [tag + "members", tag + "seq", tag + "replay", tag + "hist", tag + "pos", tag + "grp"]


def room_keys(room: str, node: str, sharded: bool) -> list[str]:
    """The KEYS of the join and leave scripts: the room's six, and on one Redis the node's index and
    the open circles too (in a cluster those are in other slots)."""
    return keys(room) if sharded else keys(room) + [node_index(node), OPEN_CIRCLES]


def node_index(node: str) -> str:
    """The set of `room\\tmember` entries a node holds (removed by any node when it dies)."""
    return f"tsu:node:{node}:m"


def index_entry(room: str, member_id: str) -> str:
    return f"{room}\t{member_id}"


# Appends a sequenced event to the replay window and publishes it: the one
# place the envelope `<seq>:<body>` is made. Prepended to each writing script.
_SEQUENCED = """
local function sequenced(seq_key, replay_key, replay_max, channel, body)
  local seq = redis.call('INCR', seq_key)
  local env = seq .. ':' .. body
  redis.call('RPUSH', replay_key, env)
  redis.call('LTRIM', replay_key, -tonumber(replay_max), -1)
  redis.call('PUBLISH_COMMAND', channel, env)
  return seq, env
end
"""


def for_bus(script: str, sharded: bool) -> str:
    """The script as run: `SPUBLISH` (the room's shard only) in a cluster, `PUBLISH` on one Redis."""
    return script.replace("PUBLISH_COMMAND", "SPUBLISH" if sharded else "PUBLISH")


JOIN = _SEQUENCED + """
-- KEYS: members, seq, replay, hist, pos, groups[, node_index, open circles]
-- ARGV: 1 id, 2 member, 3 capacity (-1 none), 4 channel, 5 presence body, 6 replay max, 7 index entry,
--       8 "x,y", 9 group, 10 clashing group ('' none), 11 max circles (-1: not a circle), 12 room name
-- Admission in the order of rooms.rules.admit (the role was checked before, in Python): already in,
-- capacity, age group; then the circle limit (in a cluster: claimed before, with CLAIM).
local index, circles = KEYS[7], KEYS[8]
local function state(status, seq)
  return {status, seq, redis.call('HVALS', KEYS[1]), redis.call('HGETALL', KEYS[5]),
          redis.call('LRANGE', KEYS[4], 0, -1)}
end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  if index then redis.call('SADD', index, ARGV[7]) end
  return state(0, tonumber(redis.call('GET', KEYS[2]) or '0'))
end
local cap = tonumber(ARGV[3])
if cap >= 0 and redis.call('HLEN', KEYS[1]) >= cap then return {-1} end
if ARGV[10] ~= '' then
  for _, g in ipairs(redis.call('HVALS', KEYS[6])) do
    if g == ARGV[10] then return {-2} end
  end
end
local max_circles = tonumber(ARGV[11])
if circles and max_circles >= 0 and redis.call('SISMEMBER', circles, ARGV[12]) == 0 then
  if redis.call('SCARD', circles) >= max_circles then return {-3} end
  redis.call('SADD', circles, ARGV[12])
end
redis.call('HSET', KEYS[6], ARGV[1], ARGV[9])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[8])
if index then redis.call('SADD', index, ARGV[7]) end
local seq = sequenced(KEYS[2], KEYS[3], ARGV[6], ARGV[4], ARGV[5])
return state(1, seq)
"""

LEAVE = _SEQUENCED + """
-- KEYS: members, seq, replay, hist, pos, groups[, node_index, open circles]
-- ARGV: 1 channel, 2 presence body, 3 replay max, 4 on demand (1/0), 5 room name, 6 n,
--       7..6+n member ids, 7+n..6+2n their index entries
-- The body names exactly the ids given; if some are no longer members the
-- script changes nothing and returns those that are, for a body naming them.
-- Returns {2} when it emptied and removed an on-demand room (a cluster then closes the circle).
local index, circles = KEYS[7], KEYS[8]
local n = tonumber(ARGV[6])
local present = {}
for i = 1, n do
  if index then redis.call('SREM', index, ARGV[6 + n + i]) end
  if redis.call('HEXISTS', KEYS[1], ARGV[6 + i]) == 1 then table.insert(present, ARGV[6 + i]) end
end
if #present == 0 then return {0} end
if #present < n then return {-1, present} end
for i = 1, n do
  redis.call('HDEL', KEYS[1], ARGV[6 + i])
  redis.call('HDEL', KEYS[5], ARGV[6 + i])
  redis.call('HDEL', KEYS[6], ARGV[6 + i])
end
sequenced(KEYS[2], KEYS[3], ARGV[3], ARGV[1], ARGV[2])
if ARGV[4] == '1' and redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
  if circles then redis.call('SREM', circles, ARGV[5]) end
  return {2}
end
return {1}
"""

SAY = _SEQUENCED + """
-- KEYS: members, seq, replay, hist
-- ARGV: 1 id, 2 channel, 3 said body, 4 replay max, 5 history max
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
local seq, env = sequenced(KEYS[2], KEYS[3], ARGV[4], ARGV[2], ARGV[3])
redis.call('RPUSH', KEYS[4], env)
redis.call('LTRIM', KEYS[4], -tonumber(ARGV[5]), -1)
return seq
"""

DELETE = _SEQUENCED + """
-- KEYS: hist, seq, replay; ARGV: 1 message id, 2 channel, 3 deleted body, 4 replay max
for _, env in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local colon = string.find(env, ':', 1, true)
  local event = cmsgpack.unpack(string.sub(env, colon + 1))
  if event['id'] == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, env)
    return (sequenced(KEYS[2], KEYS[3], ARGV[4], ARGV[2], ARGV[3]))
  end
end
return 0
"""

MOVES = """
-- KEYS: members, pos; ARGV: id, "x,y", id, "x,y", ...
-- One tick's positions, of members only: a move queued before its mover's leave (the leave's script
-- ran first) must not put the leaver back into `pos`, which would then grow with everyone who walked.
-- Two calls per 500 movers (HMGET, HSET), not two per mover: a tick of a crowded room stays cheap.
for first = 1, #ARGV, 1000 do
  local ids = {}
  for i = first, math.min(first + 998, #ARGV - 1), 2 do table.insert(ids, ARGV[i]) end
  local found = redis.call('HMGET', KEYS[1], unpack(ids))
  local write = {}
  for k, id in ipairs(ids) do
    if found[k] then
      table.insert(write, id)
      table.insert(write, ARGV[first + 2 * k - 1])
    end
  end
  if #write > 0 then redis.call('HSET', KEYS[2], unpack(write)) end
end
return 0
"""

REPLAY = """
-- KEYS: members, seq, replay; ARGV: 1 id
-- The window as stored; rooms.rules.events_after decides what of it answers.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
return {tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('LRANGE', KEYS[3], 0, -1)}
"""

CLAIM = """
-- KEYS: open circles; ARGV: 1 circle name, 2 max circles
-- A cluster's circle limit, before its join (the set is in another slot than the room):
-- 0 open already, 1 opened now, -3 too many open.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -3 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""
