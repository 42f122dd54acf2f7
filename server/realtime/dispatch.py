"""The dispatch table: for each message type, how to parse it and who handles it.

Assembled once at start-up from the core's parsers and each feature's (rooms, moderation, booths,
handoffs), so a reader finds every message a node answers in one place (`Node.routes`), and no
module registers anything when it is imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping

from rooms import requests as rq
from rooms.protocol import UNKNOWN_TYPE
from rooms.refusal import Refused

from server.realtime.connection import Connection

Handler = Callable[[Connection, Any], "Awaitable[None] | None"]


@dataclass(frozen=True, slots=True)
class Route:
    parse: rq.Parser
    handle: Handler  # (connection, request); a coroutine function or a plain one (moves, pings)
    welcomed: bool = True  # only after `hello`
    privileged: bool = True  # re-check a staff token first (not for hello, move, ping)
    dropped_when_fast: bool = False  # over its own budget it is dropped, never punished (moves)
    rated_apart: bool = False  # not counted in the request budget: its handler keeps its own (reactions)


def routes(*tables: Mapping[str, rq.Parser], handlers: Mapping[str, Handler],
           options: Mapping[str, dict[str, bool]] | None = None) -> dict[str, Route]:
    """Join parser tables and handlers by message type; every parsed type must have a handler."""
    parsers: dict[str, rq.Parser] = {}
    for table in tables:
        for t, parse in table.items():
            if t in parsers:
                raise ValueError(f"message type {t!r} is parsed twice")
            parsers[t] = parse
    missing = sorted(set(parsers) - set(handlers)) + sorted(set(handlers) - set(parsers))
    if missing:
        raise ValueError(f"message types without both a parser and a handler: {missing}")
    extra = options or {}
    return {t: Route(parsers[t], handlers[t], **extra.get(t, {})) for t in parsers}


def parse(table: Mapping[str, Route], message: object) -> tuple[Route, Any] | rq.BadMessage:
    """The route and request for one decoded message; shape errors as `BadMessage` (see rooms.requests)."""
    head = rq.envelope(message)
    if isinstance(head, rq.BadMessage):
        return head
    t, ref = head
    route = table.get(t)
    if route is None:
        return rq.BadMessage(ref, Refused(UNKNOWN_TYPE, "unknown_type"))
    request = route.parse(message, ref)  # type: ignore[arg-type]  (a map: checked by the envelope)
    if isinstance(request, Refused):
        return rq.BadMessage(ref, request)
    return route, request
