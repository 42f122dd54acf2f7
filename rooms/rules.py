"""Every room rule, written once: event shapes, placement, capacity, circles,
age policy, move policy, the history cut-off and the replay window.

Both engines use these: the in-memory `rooms.room.Room` calls them directly,
and the Redis engine (`server.cluster.state_redis`) calls them to build each
event body, to choose the numbers its Lua scripts take as arguments, and to
shape what the scripts return. A rule that must run atomically inside Redis
(admission of a joiner) says so here; the Lua then only applies the numbers
and names it is given, in the order `admit` checks them.

Plain functions over plain values (no `Room`), so that either engine can use
them on its own data without I/O.
"""
from __future__ import annotations

import heapq
import math
import zlib
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

from .bus import Event
from .protocol import BAD_REQUEST, FORBIDDEN, NOT_MEMBER, ROOM_FULL
from .refusal import Refused
from .roles import ACCOUNT_ROLES

T = TypeVar("T")
Reactions = Mapping[str, str]  # member id -> emote

NO_LIMIT = -1  # how "no capacity" / "no circle limit" travels to the Lua as a number
CLAMP, REFUSE = "clamp", "refuse"  # move policies (`Limits.move_policy`)
AGE_CHECKED_KINDS = frozenset({"circle"})  # small rooms where adults and minors never meet
STAFF_ONLY_KINDS = frozenset({"staff"})  # the members' lounge and meeting rooms: staff accounts only (all adults)
MEMBERS_PAGE = 50  # K: members in a `join` answer and in one `members` page (config `MEMBERS_PAGE`)


# -- refusals (one wording for both engines) ---------------------------------------------
def not_member() -> Refused:
    return Refused(NOT_MEMBER, "not_member")


def room_full(overflow: str | None = None) -> Refused:
    return Refused(ROOM_FULL, "room_full", {"overflow": overflow} if overflow else {})


def too_many_circles() -> Refused:
    return Refused(ROOM_FULL, "too_many_circles")


def age_mix() -> Refused:
    return Refused(FORBIDDEN, "age_mix")


def staff_room() -> Refused:
    return Refused(FORBIDDEN, "staff_room")


# -- event shapes ---------------------------------------------------------------------------
def presence(room: str, joins: Sequence[dict[str, Any]] = (), leaves: Sequence[str] = ()) -> Event:
    """Who came and who went (sequenced)."""
    return {"t": "presence", "room": room, "joins": list(joins), "leaves": list(leaves)}


def said(room: str, message_id: str, sender: Mapping[str, Any], text: str, ts: int) -> Event:
    """A chat line (sequenced, kept in history); `from` is the sender's public id, nick and role."""
    return {
        "t": "said",
        "room": room,
        "id": message_id,
        "from": {"id": sender["id"], "nick": sender["nick"], "role": sender["role"]},
        "text": text,
        "ts": ts,
    }


def deleted(room: str, message_id: str) -> Event:
    """A chat line taken out of history (sequenced)."""
    return {"t": "deleted", "room": room, "id": message_id}


def moves(room: str, latest: Mapping[str, tuple[float, float]]) -> Event:
    """One tick's positions, each mover's latest (not sequenced: a lost one is replaced by the next)."""
    return {"t": "moves", "room": room, "batch": [[mid, x, y] for mid, (x, y) in latest.items()]}


def reacts(room: str, latest: Reactions) -> Event:
    """One tick's reactions, each reacting member's latest (not sequenced, never kept: they last seconds)."""
    return {"t": "reacts", "room": room, "batch": [[mid, emote] for mid, emote in latest.items()]}


def snapshot(room: str, seq: int, members: list[dict[str, Any]], history: list[Event],
             info: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    """What a joiner is given (`ok` of `join`): the state at `seq`; `members` as `nearest` chose
    them (at most K), `count` everyone in the room."""
    return {"room": room, "seq": seq, "count": len(members) if count is None else count, "members": members,
            "history": history, "info": info}


# -- large rooms: a bounded member list -----------------------------------------------------------
def _public_place(m: Mapping[str, Any]) -> tuple[str, float, float]:
    return m["id"], m["x"], m["y"]


def nearest(members: Sequence[T], joiner: str | None, k: int,
            where: Callable[[T], tuple[str, float, float]] = _public_place) -> list[T]:
    """At most `k` members: the joiner first, then the nearest to it (ties by id); all of them,
    in their own order, when there are no more than `k` (small rooms are as they always were).
    `where` reads a member's id and place (public dicts by default; `Room` passes its `Member`s)."""
    if len(members) <= k:
        return list(members)
    me = next((m for m in members if where(m)[0] == joiner), None)
    if me is None:
        return heapq.nsmallest(k, members, key=lambda m: where(m)[0])
    _, x, y = where(me)

    def distance(m: T) -> tuple[bool, float, str]:
        mid, mx, my = where(m)
        return m is not me, (mx - x) ** 2 + (my - y) ** 2, mid

    return heapq.nsmallest(k, members, key=distance)


def page(members: list[dict[str, Any]], after: str | None, k: int) -> dict[str, Any]:
    """One page of a `members` answer: ordered by id, those after `after`; `next` when more follow.

    The order is stable while people come and go: a page never repeats an id of an earlier page,
    and whoever joins later with a greater id is found on a later page (or by their `presence`).
    """
    ordered = sorted((m for m in members if after is None or m["id"] > after), key=lambda m: m["id"])
    shown = ordered[:k]
    reply: dict[str, Any] = {"count": len(members), "members": shown}
    if len(ordered) > k:
        reply["next"] = shown[-1]["id"]
    return reply


# -- placement --------------------------------------------------------------------------------
def place(value: object, size: int) -> float | None:
    """A coordinate inside [0, size], or None if it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        v = float(value)
    except OverflowError:  # an int beyond float range
        return None
    if not math.isfinite(v):
        return None
    if v < 0.0:
        return 0.0
    if v > size:
        return float(size)
    return v


ARRIVAL_SLOTS = 24  # places around the entrance newcomers are spread over


def entrance(width: int, height: int) -> tuple[float, float]:
    """Where people come in: a little below the middle, clear of the stands along the walls (the web client
    draws a welcome mat there)."""
    return width / 2, round(height * 0.6, 2)


def arrival_spot(width: int, height: int, member_id: str) -> tuple[float, float]:
    """A newcomer's place near the entrance, one of `ARRIVAL_SLOTS` on a sunflower spiral chosen by a stable
    hash of the member's id: people arriving together stand apart (names do not stack), the same
    person arrives at the same spot on every node and engine, and no count is needed."""
    cx, cy = entrance(width, height)
    slot = zlib.crc32(member_id.encode("utf-8")) % ARRIVAL_SLOTS
    step = min(0.8, min(width, height) / 24)
    radius = step * math.sqrt(slot + 0.5)
    angle = slot * 2.399963  # the golden angle, in radians
    x = place(round(cx + radius * math.cos(angle), 2), width)
    y = place(round(cy + radius * math.sin(angle), 2), height)
    assert x is not None and y is not None
    return x, y


def join_position(width: int, height: int, x: object, y: object, member_id: str = "") -> tuple[float, float]:
    """Where a joiner stands: its asked place clamped into the room, else its spot near the entrance."""
    px = place(x, width) if x is not None else None
    py = place(y, height) if y is not None else None
    if px is not None and py is not None:
        return px, py
    ax, ay = arrival_spot(width, height, member_id)
    return (px if px is not None else ax, py if py is not None else ay)


def move_position(width: int, height: int, policy: str, x: object, y: object) -> tuple[float, float] | Refused:
    """A move's new place: clamped into the room, or refused outside it under the `refuse` policy."""
    px, py = place(x, width), place(y, height)
    if px is None or py is None:
        return Refused(BAD_REQUEST, "bad_coordinates")
    if policy == REFUSE and (px != x or py != y):
        return Refused(BAD_REQUEST, "outside_room")
    return px, py


# -- admission: capacity, age policy, circles -------------------------------------------
def is_full(capacity: int | None, count: int) -> bool:
    return capacity is not None and count >= capacity


def capacity_arg(capacity: int | None) -> int:
    """The capacity as the Lua takes it (`NO_LIMIT` for none)."""
    return NO_LIMIT if capacity is None else capacity


def clashing_group(kind: str, group: str) -> str | None:
    """The group a joiner may not share this room with: no private channel between an adult and a minor."""
    if kind not in AGE_CHECKED_KINDS or group == "open":
        return None
    return "adult" if group == "minor" else "minor"


def clashes(group: str, others: Iterable[str], kind: str = "circle") -> bool:
    other = clashing_group(kind, group)
    return other is not None and any(g == other for g in others)


def counts_as_circle(kind: str) -> bool:
    """Rooms counted against `max_circles` (festival-wide on Redis)."""
    return kind == "circle"


def circles_full(open_circles: int, max_circles: int) -> bool:
    return open_circles >= max_circles


def role_refusal(kind: str, role: str) -> Refused | None:
    """Staff-only rooms (`STAFF_ONLY_KINDS`) admit staff accounts (host, moderator, admin), never a visitor.

    It depends on nothing in the room, so the Redis engine checks it before its Lua, which keeps
    `admit`'s order (a visitor is not told whether a staff room is full)."""
    if kind in STAFF_ONLY_KINDS and role not in ACCOUNT_ROLES:
        return staff_room()
    return None


def admit(count: int, capacity: int | None, kind: str, group: str, groups: Iterable[str],
          role: str) -> Refused | None:
    """Whether a new member may come in; None if so.

    The order is the rule: the role (staff-only rooms), capacity, then the age policy.
    The Redis engine must check the last two atomically with the join, so its Lua
    (`state_lua.JOIN`) applies this same order to `capacity_arg(capacity)` and
    `clashing_group(kind, group)`, both given to it as arguments.
    """
    refused = role_refusal(kind, role)
    if refused is not None:
        return refused
    if is_full(capacity, count):
        return room_full()
    if clashes(group, groups, kind):
        return age_mix()
    return None


def first_with_space(candidates: Iterable[str], sizes: Mapping[str, int], capacity: int | None) -> str | None:
    """The overflow room to offer: the first candidate not full (an unknown one is empty)."""
    for name in candidates:
        if not is_full(capacity, sizes.get(name, 0)):
            return name
    return None


# -- history and replay --------------------------------------------------------------------------
def is_fresh(event: Event, now_ms: int, history_age_ms: int) -> bool:
    """The history cut-off: a chat line older than the age limit is no longer shown to anyone."""
    return event["ts"] >= now_ms - history_age_ms


def fresh(history: Iterable[Event], now_ms: int, history_age_ms: int) -> list[Event]:
    return [e for e in history if is_fresh(e, now_ms, history_age_ms)]


def events_after(window: Sequence[Event], seq: int, last_seq: int) -> list[Event] | None:
    """The replay window: the events after `last_seq`, or None if the gap cannot be filled.

    `window` is the room's last `replay_events` sequenced events, oldest first,
    and `seq` its current sequence number.
    """
    if last_seq > seq or last_seq < 0:
        return None
    if last_seq == seq:
        return []
    if not window or window[0]["seq"] > last_seq + 1:
        return None
    return [e for e in window if e["seq"] > last_seq]
