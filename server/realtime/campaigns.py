"""Campaign counts on a node: in memory, added to the database once a minute (the `campaign-counts` job).

A visitor's `hello` may carry the code of the entry URL (`/?c=sns-2026-12`). A code the
secretariat registered is kept on the connection (in memory, gone when it closes; a resume on
this node carries it over) so that the connection's booth visits count for it too; a handoff is
started over HTTP and names the code in its body. Nothing is written per person: the counts are
sums per (code, month), and an unknown or malformed code is dropped without a word.

The registered codes are read from the database on each pass of the job, so a code registered
on another node counts here within a minute; the node where it was registered knows it at once.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

from booths.campaigns import code_of
from server.store.handoffs import month_of
from server.store.indicators import IndicatorStore

log = logging.getLogger("tsunagaru.campaigns")


class Campaigns:
    def __init__(self) -> None:
        self.known: frozenset[str] = frozenset()
        self.pending: dict[tuple[str, str, str], int] = {}  # (code, month, measure) → n since the last pass

    def registered(self, value: Any) -> str | None:
        """`value` if it is a code the secretariat registered, else None (and it is not repeated anywhere)."""
        code = code_of(value)
        return code if code in self.known else None

    def count(self, code: str | None, measure: str, at_ms: int) -> None:
        """One more `measure` for `code` (None: nothing happens)."""
        if code is None or code not in self.known:
            return
        key = (code, month_of(at_ms), measure)
        self.pending[key] = self.pending.get(key, 0) + 1

    def learn(self, codes: Iterable[str]) -> None:
        self.known = self.known | frozenset(codes)

    async def sync(self, store: IndicatorStore) -> int:
        """This node's counts to the database, the registered codes from it; the number of counts added."""
        pending, self.pending = self.pending, {}
        try:
            await store.add_counts(pending)
        except Exception:
            for key, n in pending.items():  # kept for the next pass
                self.pending[key] = self.pending.get(key, 0) + n
            raise
        self.known = frozenset(c.code for c in await store.campaigns())
        return sum(pending.values())
