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
        return {"from": self.filter_from, "cell": self.cell, "radius": self.radius}


@dataclass(slots=True)
class Part:
    """One event of a turn, with where the people it names stand (for filtering by area)."""

    event: Event
    cells: list[Cell] | None = None  # presence: joins' cells then leaves' cells; moves: each entry's cell


@dataclass(slots=True)
class Turn:
    """A room's events of one turn as a crowded room delivers them."""

    parts: list[Part]
    crossings: dict[str, tuple[Cell, Cell]]  # members who changed cells: (cell before the turn, cell now)
    crowded: bool  # presence merged
    filtered: bool  # presence and moves by area

    @property
    def uniform(self) -> bool:
        """Everyone is sent the same (not filtered, or nothing in the turn depends on where one stands)."""
        return not self.filtered or (not self.crossings and all(p.cells is None for p in self.parts))

    @property
    def by_area_only(self) -> bool:
        """Every event of the turn is for some areas only (no chat): only receivers near them get anything."""
        return self.filtered and all(p.cells is not None for p in self.parts)

    def touched(self, area: Area) -> set[Cell]:
        """The cells whose receivers may be sent something this turn (when `by_area_only`)."""
        centres = {c for p in self.parts for c in p.cells or ()}
        for was, now in self.crossings.values():
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
        if me is not None and me in self.crossings:
            appear, gone = self._own_crossing(view, me)
        else:
            appear, gone = [], []
            for mid, (was, now) in self.crossings.items():
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
        """A receiver who changed cells: whom it sees now and no longer, against where all stood before."""
        was, now = self.crossings[me]
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
    grid: dict[Cell, set[str]] = field(default_factory=dict)

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
        for c in self.area.around(cell):
            yield from self.grid.get(c, ())

    def digest(self, events: list[Event]) -> Turn:
        """Apply one turn's events in order; what each receiver is then sent comes from the `Turn`."""
        parts: list[Part] = []
        crossings: dict[str, tuple[Cell, Cell]] = {}
        for event in events:
            t = event.get("t")
            if t == "presence":
                parts.append(Part(event, self._presence(event)))
            elif t == "moves":
                parts.append(Part(event, self._moves(event, crossings)))
            elif t == "reacts":  # reactions over avatars: seen where the avatar is seen
                parts.append(Part(event, [self.cells.get(entry[0], NOWHERE) for entry in event["batch"]]))
            else:
                parts.append(Part(event))
        for mid in [m for m, (was, now) in crossings.items() if was == now or m not in self.members]:
            del crossings[mid]
        crowded = self.count > self.area.page
        if crowded:
            parts = _merged(parts, self.count)
        return Turn(parts, crossings, crowded, self.count > self.area.filter_from)

    # -- keeping the picture ---------------------------------------------------------------------
    def _presence(self, event: Event) -> list[Cell]:
        seq = event.get("seq")
        apply = seq is None or seq > self.seq
        if apply and seq is not None:
            self.seq = seq
        cells = []
        for joiner in event["joins"]:
            if apply:
                self._add(dict(joiner))
            cells.append(self.area.cell_of(joiner["x"], joiner["y"]))
        for mid in event["leaves"]:
            cell = self.cells.get(mid)
            if apply:
                self._remove(mid)
            cells.append(cell if cell is not None else NOWHERE)
        return cells

    def _moves(self, event: Event, crossings: dict[str, tuple[Cell, Cell]]) -> list[Cell]:
        cells = []
        for mid, x, y in event["batch"]:
            cell = self.area.cell_of(x, y)
            cells.append(cell)
            member = self.members.get(mid)
            if member is None:
                continue
            member["x"], member["y"] = x, y
            was = self.cells[mid]
            if was != cell:
                self.grid[was].discard(mid)
                self.grid.setdefault(cell, set()).add(mid)
                self.cells[mid] = cell
                first = crossings.get(mid)
                crossings[mid] = (first[0] if first else was, cell)
        return cells

    def _add(self, member: dict[str, Any]) -> None:
        mid = member["id"]
        if mid in self.members:
            self._remove(mid)
        cell = self.area.cell_of(member["x"], member["y"])
        self.members[mid] = member
        self.cells[mid] = cell
        self.grid.setdefault(cell, set()).add(mid)

    def _remove(self, mid: str) -> None:
        if self.members.pop(mid, None) is None:
            return
        cell = self.cells.pop(mid)
        people = self.grid[cell]
        people.discard(mid)
        if not people:
            del self.grid[cell]


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
