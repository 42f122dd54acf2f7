"""Async Python SDK for the Tsunagaru wire protocol v1 (docs/protocol.md).

Bots, the load generator and the wire tests all need the same fiddly things
done right: hello/welcome, `ref` matching, flattening server batches, tracking
each room's `seq`, and resuming a session after a dropped connection. Doing
them once here keeps every client in step with the contract.

    async with await Client.connect("ws://127.0.0.1:8080/ws", nick="Aoi") as c:
        await c.join("lobby")
        await c.say("lobby", "こんにちは")
        said = await c.next_event("said")

It talks to the server over the wire only: it imports `rooms.protocol` (the
contract in code form) and nothing from `server/`.

The package, a module for each part: `client` (the Client: opening, closing, its state),
`sending` (requests and the typed helpers), `events` (the application's event queue),
`reading` (frames, replies by `ref`, each room's `seq`), `resuming` (losing a connection,
resuming the session, joining again, heartbeats) and `wire` (codecs and errors as values).
`from clients.sdk import Client, ...` is the way in.
"""
from __future__ import annotations

from .client import Client
from .reading import REPLY_TYPES, SEQ_TYPES
from .resuming import FINAL_CLOSES, REJOIN_ATTEMPTS, RESUME_DELAYS
from .wire import ABNORMAL, CODECS, Disconnected, EventHandler, Message, ServerError, check

__all__ = ["Client", "Disconnected", "ServerError", "check", "CODECS", "FINAL_CLOSES", "RESUME_DELAYS"]
