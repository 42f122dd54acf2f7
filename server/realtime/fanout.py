"""Local delivery: room events and replies to this node's sockets, one frame a turn.

Everything bound for one client within one event-loop turn leaves as one frame
(a batch), and a room's batch is encoded and framed once for all its members.
The flush is scheduled with `call_soon`, not a timer, so nothing waits at low
load and batches grow by themselves when the loop is busy.
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterable

from rooms.crowd import Area, Cell, Turn, View
from rooms.roles import is_staff
from server.ws.codec import Codec
from server.realtime.connection import Connection

_PLACED = frozenset({"presence", "moves", "reacts"})  # the events that name where people are (rooms.crowd)
COUNT_EVERY_S = 1.0  # a crowded room's `crowd {count}` is sent at most this often


class Fanout:
    def __init__(self, area: Area | None = None) -> None:
        self.area = area or Area()
        self._views: dict[str, View] = {}  # room -> every member with its cell (rooms.crowd)
        self._counts: dict[str, int] = {}  # room -> the last `crowd` count sent
        self._count_due: set[str] = set()
        # room -> member id -> its local connections, and the local staff connections (never filtered):
        # a turn with only area events (joins, leaves, moves) is written to the cells it touches, not to all
        self._by_member: dict[str, dict[str, set[Connection]]] = {}
        self._staff: dict[str, set[Connection]] = {}
        self.members: dict[str, set[Connection]] = {}  # room -> local connections
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._direct: list[Connection] = []
        self._floors: dict[str, dict[Connection, int]] = {}  # room -> joiner -> snapshot seq
        # room -> joiner -> events that arrived while its join was on its way (`expect`)
        self._joining: dict[str, dict[Connection, list[dict[str, Any]]]] = {}
        self._scheduled = False

    # -- who is here ----------------------------------------------------------
    def expect(self, room: str, conn: Connection) -> None:
        """A join (or resume) of `conn` is on its way: keep the room's events for it meanwhile.

        On a cluster the join's reply and the room's events come on different connections to the
        store, so another member's presence can arrive before this join is done; without this, such
        an event would reach nobody here and the joiner would see a gap in `seq`.
        """
        self._joining.setdefault(room, {})[conn] = []

    def cancel(self, room: str, conn: Connection) -> None:
        joining = self._joining.get(room)
        if joining is not None:
            joining.pop(conn, None)
            if not joining:
                del self._joining[room]

    def add(self, room: str, conn: Connection, floor: int | None = None) -> bool:
        """Add a local member; True if it is the room's first on this node.

        `floor` is the `seq` of the joiner's snapshot (or of its last replayed
        event): events up to it may still be on their way from the bus and are
        not sent to this connection again.
        """
        if floor is None or not self.crowded(room):
            self.flush_room(room)  # the joiner must not receive events older than its snapshot (or: its floor)
        waiting = self._joining.get(room, {}).get(conn) or []
        self.cancel(room, conn)
        for event in waiting if floor is not None else ():  # no floor: the client joins again (reset)
            seq = event.get("seq")
            if seq is not None and seq > floor:
                self.direct(conn, event)  # after its snapshot, before anything that comes next
                floor = seq
        if floor is not None:
            self._floors.setdefault(room, {})[conn] = floor
        self._index(room, conn, True)
        conns = self.members.get(room)
        if conns is None:
            self.members[room] = {conn}
            return True
        conns.add(conn)
        return False

    def _index(self, room: str, conn: Connection, present: bool) -> None:
        session = conn.session
        if session is None:
            return
        if is_staff(session.user.role):
            staff = self._staff.setdefault(room, set())
            if present:
                staff.add(conn)
            else:
                staff.discard(conn)
            return
        mine = self._by_member.setdefault(room, {})
        if present:
            mine.setdefault(session.user.id, set()).add(conn)
        elif conn in mine.get(session.user.id, ()):
            mine[session.user.id].discard(conn)
            if not mine[session.user.id]:
                del mine[session.user.id]

    def pictures(self, room: str) -> bool:
        """Whether this node keeps a picture of `room` (seeded by a join or a resume through it)."""
        return room in self._views

    def crowded(self, room: str) -> bool:
        """More than K members: joins and leaves are not flushed one by one but merged per turn (a
        joiner is given a floor instead), so a crowd joining costs one presence per turn, not per join."""
        view = self._views.get(room)
        return view is not None and view.count > self.area.page

    def seed(self, room: str, seq: int, everyone: Callable[[], list[dict[str, Any]]]) -> None:
        """The room's members at `seq` (from a join): the picture later events keep current."""
        if room not in self._views:
            self._views[room] = View.seed(room, self.area, seq, everyone())

    def shown_members(self, room: str, joiner: dict[str, Any], k: int) -> list[dict[str, Any]] | None:
        """A join answer's members in a room filtered by area: the joiner, then the members shown around it
        (rooms.crowd); None where the room is not filtered (the engine's K nearest stand)."""
        view = self._views.get(room)
        if view is None or not self.area.show or view.count <= self.area.filter_from:
            return None
        return [joiner, *view.shown_around(joiner["id"], joiner["x"], joiner["y"], k - 1)]

    def remove(self, room: str, conn: Connection) -> bool:
        """Remove a local member; True if the room has no local member left."""
        if not self.crowded(room):
            self.flush_room(room)  # (in a crowd, one who leaves may miss its last turn's events)
        conns = self.members.get(room)
        if conns is None:
            return False
        conns.discard(conn)
        self._index(room, conn, False)
        floors = self._floors.get(room)
        if floors is not None:
            floors.pop(conn, None)
        if not conns:
            del self.members[room]
            self._pending.pop(room, None)
            self._floors.pop(room, None)
            self._views.pop(room, None)
            self._counts.pop(room, None)
            self._by_member.pop(room, None)
            self._staff.pop(room, None)
            return True
        return False

    # -- what to send ---------------------------------------------------------
    def room_event(self, room: str, event: dict[str, Any]) -> None:
        """Queue an event for every local member of `room` (a Bus handler)."""
        joining = self._joining.get(room)
        if joining:
            for waiting in joining.values():
                waiting.append(event)
        if room not in self.members:
            return
        batch = self._pending.get(room)
        if batch is None:
            self._pending[room] = [event]
        else:
            batch.append(event)
        self._schedule()

    def direct(self, conn: Connection, message: dict[str, Any]) -> None:
        """Queue a reply or notice for one connection."""
        if not conn.outbox:
            self._direct.append(conn)
            conn.outbox = [conn.codec.encode(message)]
        else:
            conn.outbox.append(conn.codec.encode(message))
        self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    # -- writing ----------------------------------------------------------------
    def flush(self) -> None:
        """Write everything queued: one frame per connection."""
        self._scheduled = False
        pending, self._pending = self._pending, {}
        direct, self._direct = self._direct, []
        extra: dict[Connection, list[bytes]] = {}
        for conn in direct:
            if conn.outbox:
                extra[conn] = conn.outbox
            conn.outbox = None
        for room, events in pending.items():
            conns = self.members.get(room)
            if conns:
                self._write_room(room, events, conns, extra)
        for conn, parts in extra.items():
            conn.write(conn.codec.frame(conn.codec.batch(parts)))

    def flush_room(self, room: str) -> None:
        """Write one room's queued events now (before its membership changes).

        A member with replies still queued for this turn gets the events after them, in its queue:
        writing them straight away would overtake what it was sent first (a joiner's buffered
        events, an `ok`), and a client would see seq 10 before 9.
        """
        events = self._pending.pop(room, None)
        conns = self.members.get(room)
        if events and conns:
            self._write_room(room, events, conns, {c: c.outbox for c in conns if c.outbox})

    def _write_room(
        self, room: str, events: list[dict[str, Any]], conns: set[Connection], extra: dict[Connection, list[bytes]]
    ) -> None:
        view = self._views.get(room)
        if view is not None and any(e["t"] in _PLACED for e in events):  # chat alone leaves the picture as it is
            turn = view.digest(events)
            if turn.crowded and not turn.uniform:
                self._write_crowd(room, view, turn, conns, extra)
                return
            events = [p.event for p in turn.parts]  # as digested: a crowd's presence merged
        self._write_shared(room, events, conns, extra)

    def _write_shared(
        self, room: str, events: list[dict[str, Any]], conns: set[Connection], extra: dict[Connection, list[bytes]]
    ) -> None:
        """A room's turn as one batch for everyone (but the few with a personal view of it)."""
        movers = _movers(events)
        floors = self._floors.get(room)
        parts: dict[Codec, list[bytes]] = {}
        frames: dict[Codec, bytes] = {}
        for conn in tuple(conns):
            codec = conn.codec
            session = conn.session
            if ((movers and session is not None and session.user.id in movers) or (floors and conn in floors)
                    or (session is not None and session.ignoring and _from_any(events, session.ignoring))):
                mine = [codec.encode(e) for e in self._personal(room, events, conn, movers, floors)]
            else:
                mine = parts.get(codec)
                if mine is None:
                    mine = parts[codec] = [codec.encode(e) for e in events]
                    frames[codec] = codec.frame(codec.batch(mine))
                if conn not in extra:
                    conn.write(frames[codec])
                    continue
            own = extra.get(conn)
            if own is not None:
                own.extend(mine)
            elif mine:
                conn.write(codec.frame(codec.batch(mine)))

    def _write_crowd(
        self, room: str, view: View, turn: Turn, conns: set[Connection], extra: dict[Connection, list[bytes]]
    ) -> None:
        """A crowded room's turn: one batch per cell of receivers (rooms.crowd), encoded once per cell.

        Staff (and anyone this node has no place for) get everything. A receiver who changed cells
        this turn is sent whom it sees now and no longer (`appear`/`disappear`), so it is personal.
        """
        floors = self._floors.get(room)
        by_cell: dict[Cell | None, tuple[list[dict[str, Any]], set[str] | None]] = {}
        shared: dict[tuple[Cell | None, Codec], tuple[list[bytes], bytes]] = {}
        for conn in self._receivers(room, view, turn, conns):
            codec, session = conn.codec, conn.session
            me = session.user.id if session is not None else None
            cell = None
            if turn.filtered and session is not None and not is_staff(session.user.role):
                cell = view.cells.get(session.user.id)
            personal = cell is not None and me in turn.walked
            if personal:
                events = turn.for_cell(view, cell, me)
                movers = _movers(events)
            else:
                got = by_cell.get(cell)
                if got is None:
                    listed = turn.for_cell(view, cell)
                    got = by_cell[cell] = (listed, _movers(listed))
                events, movers = got
            if not events:
                continue
            if (personal or (movers and me in movers) or (floors and conn in floors)
                    or (session is not None and session.ignoring and _from_any(events, session.ignoring))):
                mine = [codec.encode(e) for e in self._personal(room, events, conn, movers, floors)]
            else:
                made = shared.get((cell, codec))
                if made is None:
                    parts = [codec.encode(e) for e in events]
                    made = shared[(cell, codec)] = (parts, codec.frame(codec.batch(parts)))
                mine = made[0]
                if conn not in extra:
                    conn.write(made[1])
                    continue
            own = extra.get(conn)
            if own is not None:
                own.extend(mine)
            elif mine:
                conn.write(codec.frame(codec.batch(mine)))
        if turn.filtered and self._counts.get(room) != view.count:
            self._count_soon(room)

    def _receivers(self, room: str, view: View, turn: Turn, conns: set[Connection]) -> Iterable[Connection]:
        """Everyone, or for a turn of area events only, the staff and those standing near them."""
        if not turn.by_area_only:
            return tuple(conns)
        local = self._by_member.get(room, {})
        near: set[Connection] = set(self._staff.get(room, ()))
        for cell in turn.touched(view.area):
            for mid in view.grid.get(cell, ()):
                here = local.get(mid)
                if here:
                    near.update(here)
        return near

    def _count_soon(self, room: str) -> None:
        """The running `count` of a room filtered by area, to everyone in it, at most once a second."""
        if room not in self._count_due:
            self._count_due.add(room)
            asyncio.get_running_loop().call_later(COUNT_EVERY_S, self._send_count, room)

    def _send_count(self, room: str) -> None:
        self._count_due.discard(room)
        view = self._views.get(room)
        if view is not None and room in self.members and self._counts.get(room) != view.count:
            self._counts[room] = view.count
            self.room_event(room, {"t": "crowd", "room": room, "count": view.count})

    def _personal(
        self, room: str, events: list[dict[str, Any]], conn: Connection,
        movers: set[str] | None, floors: dict[Connection, int] | None,
    ) -> list[dict[str, Any]]:
        """This connection's view of a batch: without its own move, without what its snapshot had."""
        session = conn.session
        if movers and session is not None and session.user.id in movers:
            events = _without_own_move(events, session.user.id)
        if session is not None and session.ignoring:
            events = [e for e in events if e.get("t") != "said" or e["from"]["id"] not in session.ignoring]
        floor = floors.get(conn) if floors else None
        if floor is None:
            return events
        kept = [e for e in events if e.get("seq", floor + 1) > floor]
        if any("seq" in e for e in kept):
            del floors[conn]  # past the snapshot: from now on the shared frame fits
            if not floors:
                self._floors.pop(room, None)
        return kept


def _from_any(events: list[dict[str, Any]], people: set[str]) -> bool:
    return any(e.get("t") == "said" and e["from"]["id"] in people for e in events)


def _movers(events: list[dict[str, Any]]) -> set[str] | None:
    """Ids of members whose own position is in these events (they are not sent it)."""
    movers: set[str] | None = None
    for event in events:
        if event["t"] == "moves":
            movers = movers or set()
            movers.update(entry[0] for entry in event["batch"])
    return movers


def _without_own_move(events: list[dict[str, Any]], member_id: str) -> list[dict[str, Any]]:
    out = []
    for event in events:
        if event["t"] == "moves":
            batch = [entry for entry in event["batch"] if entry[0] != member_id]
            if not batch:
                continue
            event = {**event, "batch": batch}
        out.append(event)
    return out
