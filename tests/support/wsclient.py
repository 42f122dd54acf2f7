"""A small test client on `websockets` that speaks either codec.

The SDK in `clients/` is what applications use; wire tests use this thinner
client so that each test controls exactly which frames are sent.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

import msgpack
from websockets.asyncio.client import ClientConnection, connect

from rooms.protocol import SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK


class WireClient:
    def __init__(self, ws: ClientConnection, codec: str) -> None:
        self.ws, self.codec = ws, codec
        self.inbox: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}

    @classmethod
    async def open(cls, url: str, codec: str = "json", subprotocols: list[str] | None = None,
                   headers: dict[str, str] | None = None) -> "WireClient":
        if subprotocols is None:
            subprotocols = [SUBPROTOCOL_MSGPACK if codec == "msgpack" else SUBPROTOCOL_JSON]
        ws = await connect(url, subprotocols=subprotocols or None, max_size=2**22, open_timeout=5,  # type: ignore[arg-type]
                           additional_headers=headers)
        return cls(ws, codec)

    @classmethod
    async def hello(cls, url: str, nick: str = "たろう", codec: str = "json", headers: dict[str, str] | None = None,
                    **fields: Any) -> "WireClient":
        client = await cls.open(url, codec, headers=headers)
        await client.send({"t": "hello", "ref": 0, "nick": nick, **fields})
        client.welcome = await client.expect("welcome")
        return client

    async def send(self, message: Any) -> None:
        if self.codec == "msgpack":
            await self.ws.send(msgpack.packb(message, use_bin_type=True))
        else:
            await self.ws.send(json.dumps(message, ensure_ascii=False))

    async def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        """The next message, taking batches apart."""
        while not self.inbox:
            frame = await asyncio.wait_for(self.ws.recv(), timeout)
            value = msgpack.unpackb(frame, raw=False) if isinstance(frame, bytes) else json.loads(frame)
            self.inbox.extend(value if isinstance(value, list) else [value])
        return self.inbox.pop(0)

    async def expect(self, t: str, timeout: float = 5.0, **match: Any) -> dict[str, Any]:
        """Skip messages until one of type `t` (with the given field values) arrives."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"no {t} {match}")
            message = await self.recv(remaining)
            if message.get("t") == t and all(message.get(k) == v for k, v in match.items()):
                return message

    async def request(self, message: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Send with a ref and return the ok/error/pong that echoes it.

        Events that arrive meanwhile stay queued, in order, for `recv`/`expect`.
        """
        ref = message.setdefault("ref", id(message) % 1_000_000)
        await self.send(message)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        skipped: list[dict[str, Any]] = []
        try:
            while True:
                reply = await self.recv(max(0.01, deadline - loop.time()))
                if reply.get("ref") == ref and reply.get("t") in ("ok", "error", "pong", "welcome"):
                    return reply
                skipped.append(reply)
        finally:
            self.inbox[:0] = skipped

    async def quiet(self, seconds: float = 0.3) -> list[dict[str, Any]]:
        """Everything that arrives within `seconds` (to check nothing unexpected did)."""
        got: list[dict[str, Any]] = []
        try:
            while True:
                got.append(await self.recv(seconds))
        except (TimeoutError, asyncio.TimeoutError):
            return got

    async def close(self, code: int = 1000) -> None:
        await self.ws.close(code)
