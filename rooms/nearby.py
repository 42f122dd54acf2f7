"""Who stands nearest a place, without looking at everyone: a grid of a room's members.

A join answer in a large room lists the K members nearest the joiner
(`rules.nearest`, the rule). Scanning a lobby of ten thousand for each join
costs ~5-10 ms of the event loop; this index visits rings of cells around the
joiner until no unvisited cell can hold anyone nearer than the K-th found, so a
join costs the neighbourhood. The answer is the rule's, tie for tie (nearest
first, ties by id); tests/unit/test_nearby.py checks it against `rules.nearest`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Cell = tuple[int, int]
CELL = 4.0  # tiles per cell: a handful of people per cell in a busy room, few empty rings in a quiet one


@dataclass(slots=True)
class Nearby:
    cell: float = CELL
    cells: dict[Cell, dict[str, tuple[float, float]]] = field(default_factory=dict)  # cell -> id -> place
    where: dict[str, Cell] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.where)

    def put(self, mid: str, x: float, y: float) -> None:
        """Add a member or move one."""
        cell = (int(x // self.cell), int(y // self.cell))
        was = self.where.get(mid)
        if was is not None and was != cell:
            self._drop(mid, was)
        self.where[mid] = cell
        self.cells.setdefault(cell, {})[mid] = (x, y)

    def remove(self, mid: str) -> None:
        cell = self.where.pop(mid, None)
        if cell is not None:
            self._drop(mid, cell)

    def nearest(self, x: float, y: float, k: int, leave_out: str | None = None) -> list[str]:
        """The ids of the `k` members nearest (x, y), nearest first, ties by id (`leave_out` not counted)."""
        if k <= 0 or not self.cells:
            return []
        cx, cy = int(x // self.cell), int(y // self.cell)
        reach = max(max(abs(c[0] - cx), abs(c[1] - cy)) for c in self.cells)  # the farthest ring with anyone
        found: list[tuple[float, str]] = []
        for ring in range(reach + 1):
            for cell in _ring(cx, cy, ring):
                for mid, (mx, my) in self.cells.get(cell, {}).items():
                    if mid != leave_out:
                        found.append(((mx - x) ** 2 + (my - y) ** 2, mid))
            if len(found) >= k:
                found.sort()
                del found[k:]
                # anyone in a ring further out is at least `ring` cells away from (x, y)
                if (ring * self.cell) ** 2 > found[-1][0]:
                    break
        found.sort()
        return [mid for _, mid in found[:k]]

    def _drop(self, mid: str, cell: Cell) -> None:
        here = self.cells[cell]
        del here[mid]
        if not here:
            del self.cells[cell]


def _ring(cx: int, cy: int, r: int) -> list[Cell]:
    """The cells at Chebyshev distance exactly `r` from (cx, cy)."""
    if r == 0:
        return [(cx, cy)]
    top = [(cx + dx, cy - r) for dx in range(-r, r + 1)]
    bottom = [(cx + dx, cy + r) for dx in range(-r, r + 1)]
    sides = [(cx - r, cy + dy) for dy in range(-r + 1, r)] + [(cx + r, cy + dy) for dy in range(-r + 1, r)]
    return top + bottom + sides
