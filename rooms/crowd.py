"""Crowded rooms: one node's picture of a room, and who in it is sent what (area of interest).

A room of up to `Area.page` members is delivered as it always was: every member
gets every `presence` and every move. Past that, the `presence` events of one
turn become one event (`first`..`seq`, with the room's `count`). Past
`Area.filter_from` members, a receiver is sent `presence` and positions only of
members in the cells around its own (a grid of `Area.cell` tiles, `Area.radius`
cells each way, sized to what a phone shows), and one `appear` / `disappear`
when someone comes into or goes out of that area. Chat (`said`, `deleted`) is
never filtered. Staff are never filtered: a moderator sees everyone
(`server.realtime.fanout` decides who is exempt).

A cell shows at most `Area.show` members (the first to arrive in it); the rest of
a packed cell are there, counted and chatting, but not drawn: their joins and
moves go to nobody but staff, and when a shown member leaves the cell the first
one waiting is shown in its place (an `appear`). So what a phone is sent and
draws is bounded by its area (at most show × the cells it sees), however many
crowd one spot: ten thousand at a lobby's entrance cost what a hundred do.

Sans-I/O: `View` is fed the room's events in order and answers what a receiver
standing in a given cell is sent, so receivers in one cell share one encoding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .bus import Event

Cell = tuple[int, int]
NOWHERE: Cell = (1 << 30, 1 << 30)  # the cell of someone this node has no place for: in nobody's area


@dataclass(frozen=True, slots=True)
class Area:
    """The limits of crowded rooms; each has a name in config."""

    page: int = 50  # K (`MEMBERS_PAGE`): past this many members, one turn's presence is one event
    filter_from: int = 100  # `AREA_FROM`: past this many members, presence and moves go by area
    cell: float = 8.0  # `AREA_CELL`: tiles per grid cell
    radius: int = 1  # `AREA_RADIUS`: cells seen each way around one's own (1: a 3x3 block, 24x24 tiles)
    show: int = 12  # `AREA_SHOW`: members shown per cell, the rest wait to be shown (0: no limit)

    def cell_of(self, x: float, y: float) -> Cell:
        return int(x // self.cell), int(y // self.cell)

    def sees(self, a: Cell, b: Cell) -> bool:
        return abs(a[0] - b[0]) <= self.radius and abs(a[1] - b[1]) <= self.radius

    def around(self, c: Cell) -> Iterator[Cell]:
        r = self.radius
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                yield c[0] + dx, c[1] + dy

    def public(self) -> dict[str, Any]:
        """What a client is told (`info.area` of a `join` answer)."""
        return {"from": self.filter_from, "cell": self.cell, "radius": self.radius, "show": self.show}


@dataclass(slots=True)
class Part:
    """One event of a turn, with where the people it names stand (for filtering by area)."""

    event: Event
    cells: list[Cell] | None = None  # presence: joins' cells then leaves' cells; moves: each entry's cell


@dataclass(slots=True)
class Turn:
    """A room's events of one turn as a crowded room delivers them."""

    parts: list[Part]
    crossings: dict[str, tuple[Cell, Cell]]  # members seen elsewhere: (cell shown in before the turn, now);
    # NOWHERE for one not shown (so being shown is an appear, no longer shown a disappear)
    crowded: bool  # presence merged
    filtered: bool  # presence and moves by area
    walked: dict[str, tuple[Cell, Cell]] = field(default_factory=dict)  # members who changed cells: (before, now)

    @property
    def uniform(self) -> bool:
        """Everyone is sent the same (not filtered, or nothing in the turn depends on where one stands)."""
        return not self.filtered or (not self.crossings and not self.walked and all(p.cells is None for p in self.parts))

    @property
    def by_area_only(self) -> bool:
        """Every event of the turn is for some areas only (no chat): only receivers near them get anything."""
        return self.filtered and all(p.cells is not None for p in self.parts)

    def touched(self, area: Area) -> set[Cell]:
        """The cells whose receivers may be sent something this turn (when `by_area_only`)."""
        centres = {c for p in self.parts for c in p.cells or ()}
        for was, now in (*self.crossings.values(), *self.walked.values()):
            centres.update((was, now))
        return {c for centre in centres if centre != NOWHERE for c in area.around(centre)}

    def for_cell(self, view: "View", cell: Cell | None, me: str | None = None) -> list[Event]:
        """What a receiver standing in `cell` is sent (None: everything, as staff are)."""
        if cell is None or not self.filtered:
            return [p.event for p in self.parts]
        area = view.area
        out: list[Event] = []
        for part in self.parts:
            event, cells = part.event, part.cells
            if cells is None:
                out.append(event)
            elif event["t"] == "presence":
                n = len(event["joins"])
                joins = [j for j, c in zip(event["joins"], cells) if area.sees(cell, c)]
                leaves = [m for m, c in zip(event["leaves"], cells[n:]) if area.sees(cell, c)]
                if joins or leaves:
                    out.append({**event, "joins": joins, "leaves": leaves})
            else:  # moves, reacts: one entry per member
                batch = [e for e, c in zip(event["batch"], cells) if area.sees(cell, c)]
                if batch:
                    out.append({**event, "batch": batch})
        if me is not None and me in self.walked:
            appear, gone = self._own_crossing(view, me)
        else:
            appear, gone = [], []
            for mid, (was, now) in self.crossings.items():
                if mid == me:
                    continue
                if area.sees(cell, now) and not area.sees(cell, was) and mid in view.members:
                    appear.append(mid)
                elif area.sees(cell, was) and not area.sees(cell, now):
                    gone.append(mid)
        room = view.room
        if appear:
            out.append({"t": "appear", "room": room, "members": [view.members[m] for m in appear]})
        if gone:
            out.append({"t": "disappear", "room": room, "ids": gone})
        return out

    def _own_crossing(self, view: View, me: str) -> tuple[list[str], list[str]]:
        """A receiver who changed cells: whom it sees now and no longer, against where all were shown before."""
        was, now = self.walked[me]
        area = view.area
        after = {m for m in view.near(now) if m != me}
        before = {m for m in view.near(was) if m != me and m not in self.crossings}
        before.update(m for m, (old, _) in self.crossings.items() if m != me and area.sees(was, old))
        return sorted(after - before), sorted(before - after)


@dataclass
class View:
    """Every member of one room with its cell, as this node last heard (fed the room's events)."""

    room: str
    area: Area
    seq: int = 0
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> public member, position current
    cells: dict[str, Cell] = field(default_factory=dict)
    grid: dict[Cell, set[str]] = field(default_factory=dict)  # everyone by cell, shown or not (the receivers)
    waiting: dict[Cell, dict[str, None]] = field(default_factory=dict)  # past a cell's `show`, in arrival order
    hidden: set[str] = field(default_factory=set)  # every member waiting in some cell

    @classmethod
    def seed(cls, room: str, area: Area, seq: int, everyone: Iterable[dict[str, Any]]) -> "View":
        view = cls(room, area, seq)
        for member in everyone:
            view._add(dict(member))
        return view

    @property
    def count(self) -> int:
        return len(self.members)

    def near(self, cell: Cell) -> Iterator[str]:
        """The members shown around `cell` (whom a receiver standing there sees)."""
        hidden = self.hidden
        for c in self.area.around(cell):
            for mid in self.grid.get(c, ()):
                if mid not in hidden:
                    yield mid

    def shown_around(self, me: str, x: float, y: float, k: int) -> list[dict[str, Any]]:
        """At most `k` of the members shown around (x, y), nearest first: a join answer in a room filtered
        by area lists these, not the nearest of everyone (one waiting to be shown would never move there)."""
        found = [m for m in self.near(self.area.cell_of(x, y)) if m != me]
        found.sort(key=lambda m: ((self.members[m]["x"] - x) ** 2 + (self.members[m]["y"] - y) ** 2, m))
        return [self.members[m] for m in found[:k]]

    def seen_at(self, mid: str) -> Cell:
        """Where others see a member: its cell, or NOWHERE while it waits to be shown (or is not here)."""
        return NOWHERE if mid in self.hidden else self.cells.get(mid, NOWHERE)

    def digest(self, events: list[Event]) -> Turn:
        """Apply one turn's events in order; what each receiver is then sent comes from the `Turn`."""
        parts: list[Part] = []
        crossings: dict[str, tuple[Cell, Cell]] = {}
        walked: dict[str, tuple[Cell, Cell]] = {}
        for event in events:
            t = event.get("t")
            if t == "presence":
                parts.append(Part(event, self._presence(event, crossings)))
            elif t == "moves":
                parts.append(Part(event, self._moves(event, crossings, walked)))
            elif t == "reacts":  # reactions over avatars: seen where the avatar is seen
                parts.append(Part(event, [self.seen_at(entry[0]) for entry in event["batch"]]))
            else:
                parts.append(Part(event))
        for changes in (crossings, walked):
            for mid in [m for m, (was, now) in changes.items() if was == now or m not in self.members]:
                del changes[mid]
        crowded = self.count > self.area.page
        if crowded:
            parts = _merged(parts, self.count)
        return Turn(parts, crossings, crowded, self.count > self.area.filter_from, walked)

    # -- keeping the picture ---------------------------------------------------------------------
    def _presence(self, event: Event, crossings: dict[str, tuple[Cell, Cell]]) -> list[Cell]:
        """Joins are sent where the joiner is shown (nowhere while it waits); leaves where the leaver
        stood, shown or not, so that nobody keeps someone who has gone (a join answer lists the nearest)."""
        seq = event.get("seq")
        apply = seq is None or seq > self.seq
        if apply and seq is not None:
            self.seq = seq
        cells = []
        for joiner in event["joins"]:
            mid = joiner["id"]
            if apply:
                self._add(dict(joiner), crossings)
            cells.append(self.seen_at(mid) if mid in self.members else self.area.cell_of(joiner["x"], joiner["y"]))
        for mid in event["leaves"]:
            cell = self.cells.get(mid, NOWHERE)
            if apply:
                self._remove(mid, crossings)
            cells.append(cell)
        return cells

    def _moves(self, event: Event, crossings: dict[str, tuple[Cell, Cell]],
               walked: dict[str, tuple[Cell, Cell]]) -> list[Cell]:
        cells = []
        for mid, x, y in event["batch"]:
            member = self.members.get(mid)
            if member is None:
                cells.append(NOWHERE)
                continue
            member["x"], member["y"] = x, y
            was, cell = self.cells[mid], self.area.cell_of(x, y)
            if was != cell:
                seen_before = self.seen_at(mid)
                self._leave_cell(mid, was, crossings)
                self.cells[mid] = cell
                self._enter_cell(mid, cell)
                _cross(crossings, mid, seen_before, self.seen_at(mid))
                _cross(walked, mid, was, cell)
            cells.append(self.seen_at(mid))
        return cells

    def _add(self, member: dict[str, Any], crossings: dict[str, tuple[Cell, Cell]] | None = None) -> None:
        mid = member["id"]
        if mid in self.members:
            self._remove(mid, crossings)
        cell = self.area.cell_of(member["x"], member["y"])
        self.members[mid] = member
        self.cells[mid] = cell
        self._enter_cell(mid, cell)

    def _remove(self, mid: str, crossings: dict[str, tuple[Cell, Cell]] | None = None) -> None:
        if self.members.pop(mid, None) is None:
            return
        self._leave_cell(mid, self.cells.pop(mid), crossings)

    def _enter_cell(self, mid: str, cell: Cell) -> None:
        people = self.grid.setdefault(cell, set())
        show = self.area.show
        if show and len(people) - len(self.waiting.get(cell, ())) >= show:
            self.waiting.setdefault(cell, {})[mid] = None
            self.hidden.add(mid)
        people.add(mid)

    def _leave_cell(self, mid: str, cell: Cell, crossings: dict[str, tuple[Cell, Cell]] | None) -> None:
        """Out of `cell`; a shown member's place goes to the first waiting there (shown: an appear)."""
        people = self.grid[cell]
        people.discard(mid)
        if not people:
            del self.grid[cell]
        queue = self.waiting.get(cell)
        if mid in self.hidden:
            self.hidden.discard(mid)
            assert queue is not None
            del queue[mid]
        elif queue:
            first = next(iter(queue))
            del queue[first]
            self.hidden.discard(first)
            if crossings is not None:
                _cross(crossings, first, NOWHERE, cell)
        if queue is not None and not queue:
            del self.waiting[cell]


def _cross(changes: dict[str, tuple[Cell, Cell]], mid: str, was: Cell, now: Cell) -> None:
    """Record a change of cell within a turn: from where it was at the turn's start to where it is now."""
    first = changes.get(mid)
    changes[mid] = (first[0] if first else was, now)


def _merged(parts: list[Part], count: int) -> list[Part]:
    """Consecutive `presence` events as one: `first`..`seq`, leaves before joins, and the `count`.

    Someone who came and went within them is in neither list; someone who went and came back is in both.
    """
    out: list[Part] = []
    run: list[Part] = []

    def close() -> None:
        if not run:
            return
        joins: dict[str, tuple[dict[str, Any], Cell]] = {}
        leaves: dict[str, Cell] = {}
        for part in run:
            event, cells = part.event, part.cells or []
            n = len(event["joins"])
            for mid, cell in zip(event["leaves"], cells[n:]):
                if joins.pop(mid, None) is None:
                    leaves[mid] = cell
            for joiner, cell in zip(event["joins"], cells[:n]):
                joins[joiner["id"]] = (joiner, cell)
        head, last = run[0].event, run[-1].event
        merged: Event = {"t": "presence", "room": head["room"], "joins": [j for j, _ in joins.values()],
                         "leaves": list(leaves), "count": count}
        if "seq" in last:
            merged["seq"] = last["seq"]
            merged["first"] = head.get("seq", last["seq"])
        out.append(Part(merged, [c for _, c in joins.values()] + list(leaves.values())))
        run.clear()

    for part in parts:
        if part.event.get("t") == "presence":
            run.append(part)
        else:
            close()
            out.append(part)
    close()
    return out
