"""How a node answers one connection: a message, `ok` for a ref, `error` for a refusal, a notice.

This is the narrow interface every feature is given (with `People` for finding connections), so a
feature never needs the node itself.
"""
from __future__ import annotations

from typing import Any, Iterable

from rooms.refusal import Refused
from rooms.requests import Ref

from server.metrics import Metrics
from server.realtime.connection import Connection
from server.realtime.fanout import Fanout
from server.texts import error_of, say as text_for


class Replies:
    def __init__(self, fanout: Fanout, metrics: Metrics) -> None:
        self.fanout = fanout
        self.metrics = metrics

    def send(self, conn: Connection, message: dict[str, Any]) -> None:
        if message.get("ref", 0) is None:
            del message["ref"]
        self.fanout.direct(conn, message)

    def ok(self, conn: Connection, ref: Ref, fields: dict[str, Any]) -> None:
        """Nothing for a request sent without a ref (a fire-and-forget move)."""
        if ref is None:
            return
        self.send(conn, {"t": "ok", "ref": ref, **fields})

    def fail(self, conn: Connection, ref: Ref, refused: Refused) -> None:
        self.metrics.error(refused.code)
        message: dict[str, Any] = {"t": "error", **error_of(refused, conn.lang)}
        if ref is not None:
            message["ref"] = ref
        self.send(conn, message)

    def notify(self, conns: Iterable[Connection], code: str, level: str = "info") -> None:
        """A notice in each person's language (the node degraded, restored, draining)."""
        for conn in conns:
            if conn.welcomed:
                self.send(conn, {"t": "notice", "level": level, "code": code, "text": text_for(code, conn.lang)})
