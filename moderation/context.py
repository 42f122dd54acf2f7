"""The sender's last few lines in a room, for screening messages split over several sends.

People who want to slip a phone number or a LINE ID past a filter send it in pieces
("090-1234" … "5678"). The server keeps each sender's last few lines per room here and passes
them to the pipeline as `Subject.recent`; the filters screen them joined with the new line, and
hold the later half when only the joined form matches. The earlier half was already shown to the
room and cannot be recalled — that is why the window is short and the later half is held for a
moderator rather than silently dropped.

Sans-I/O: the caller passes the time (seconds on a monotonic clock). Memory is bounded: at most
`keep` lines per (user, room) and at most `max_keys` pairs, the least recently written dropped
first, so a flood of new users cannot grow it. Chat is ephemeral: nothing here outlives the
window, and `forget_user` drops a person's lines at once (when they leave or are removed).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class RecentLines:
    window_s: float = 30.0  # a split message is sent within seconds; older lines are another topic
    keep: int = 3  # enough for a number in three pieces (090 / 1234 / 5678)
    max_keys: int = 50_000  # bounded: the least recently written (user, room) is dropped first
    _lines: OrderedDict[tuple[str, str], list[tuple[float, str]]] = field(default_factory=OrderedDict, repr=False)
    _rooms_of: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def recent(self, user: str, room: str, now: float) -> tuple[str, ...]:
        """The user's lines in the room within the window, oldest first (expired ones are dropped)."""
        key = (user, room)
        lines = self._lines.get(key)
        if not lines:
            return ()
        fresh = [(t, text) for t, text in lines if now - t <= self.window_s]
        if len(fresh) != len(lines):
            if fresh:
                self._lines[key] = fresh
            else:
                self._drop(key)
        return tuple(text for _, text in fresh)

    def add(self, user: str, room: str, text: str, now: float) -> None:
        """Remember a line the user sent in the room (shown or not: the next piece joins it either way)."""
        key = (user, room)
        lines = [(t, x) for t, x in self._lines.pop(key, ()) if now - t <= self.window_s]
        lines.append((now, text))
        self._lines[key] = lines[-self.keep:]  # re-inserted: now the most recently written
        self._rooms_of.setdefault(user, set()).add(room)
        while len(self._lines) > self.max_keys:
            oldest = next(iter(self._lines))
            self._drop(oldest)

    def forget_user(self, user: str) -> None:
        """Drop everything kept for the user (left, kicked, banned, or asked to be forgotten)."""
        for room in self._rooms_of.pop(user, set()):
            self._lines.pop((user, room), None)

    def __len__(self) -> int:
        return len(self._lines)

    def _drop(self, key: tuple[str, str]) -> None:
        self._lines.pop(key, None)
        rooms = self._rooms_of.get(key[0])
        if rooms is not None:
            rooms.discard(key[1])
            if not rooms:
                del self._rooms_of[key[0]]
