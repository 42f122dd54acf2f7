"""Minimal reference broadcast server for the benchmark (plain aiohttp, JSON only).

It implements just the subset of wire protocol v1 (shared/design/PROTOCOL.md) that the
wsload load generator uses, in the most straightforward way, so that bench/run.py can put
our server's numbers next to a plain baseline measured on the same box in the same run:

    hello {ref?, nick, lang?}   -> welcome {ref?, session, resumed: false,
                                            user: {id, nick, role: "visitor"}, node, heartbeat_s}
    join  {ref, room, x?, y?}   -> ok {ref, room, seq, members, history: [], info}
                                   (+ presence {room, seq, joins, leaves} to the other members)
    say   {ref, room, text}     -> ok {ref, id, seq} to the sender, then
                                   said {room, seq, id, from, text, ts} to every member,
                                   the sender included
    leave {ref?, room}          -> ok {ref}
    ping  {ref}                 -> pong {ref, ts}

Every broadcast is encoded once (orjson) and sent as one text frame per message per
recipient with ``await ws.send_str(...)``: no batching, no queues, no moderation, no
persistence. It is a yardstick, not a product.

Usage: python bench/reference_server.py --port P [--host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import signal
import time
import uuid

import orjson
from aiohttp import WSMsgType, web

NODE = f"ref-{os.getpid()}"
HEARTBEAT_S = 25
MAX_FRAME = 16384
MAX_TEXT = 500
CIRCLE_CAPACITY = 8

ROOM_RE = re.compile(
    r"^(lobby|hall:\d+(~\d+)?|stage:\d+|booth:[a-z0-9-]{1,32}|circle:[a-z0-9-]{1,32})$"
)

_ids = itertools.count(1)


def _dumps(obj) -> str:
    return orjson.dumps(obj).decode()


class Room:
    __slots__ = ("name", "seq", "members", "info")

    def __init__(self, name: str) -> None:
        self.name = name
        self.seq = 0
        self.members: dict[Conn, dict] = {}
        kind = name.split(":", 1)[0]
        capacity = CIRCLE_CAPACITY if kind == "circle" else None
        self.info = {"kind": kind, "title": name, "capacity": capacity, "width": 64, "height": 48}


class Conn:
    __slots__ = ("ws", "user", "rooms", "__weakref__")

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.user: dict | None = None
        self.rooms: set[str] = set()


class Server:
    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}

    # ------------------------------------------------------------------ sending
    @staticmethod
    async def send(conn: Conn, msg: dict) -> None:
        try:
            await conn.ws.send_str(_dumps(msg))
        except (ConnectionError, RuntimeError):
            pass

    @staticmethod
    async def fanout(members, data: str) -> None:
        # one frame per message per recipient; the message was encoded once by the caller
        for conn in members:
            ws = conn.ws
            if ws.closed:
                continue
            try:
                await ws.send_str(data)
            except (ConnectionError, RuntimeError):
                pass

    async def error(self, conn: Conn, ref, code: str, message: str) -> None:
        msg = {"t": "error", "code": code, "message": message}
        if ref is not None:
            msg["ref"] = ref
        await self.send(conn, msg)

    # ------------------------------------------------------------------ rooms
    async def leave_room(self, conn: Conn, name: str) -> None:
        room = self.rooms.get(name)
        conn.rooms.discard(name)
        if room is None or conn not in room.members:
            return
        del room.members[conn]
        if not room.members:
            del self.rooms[name]
            return
        room.seq += 1
        data = _dumps({"t": "presence", "room": name, "seq": room.seq, "joins": [], "leaves": [conn.user["id"]]})
        await self.fanout(list(room.members), data)

    # ------------------------------------------------------------------ handlers
    async def on_hello(self, conn: Conn, msg: dict, ref) -> None:
        if conn.user is not None:
            await self.error(conn, ref, "bad_request", "already welcomed")
            return
        nick = msg.get("nick")
        if not isinstance(nick, str) or not (1 <= len(nick) <= 20):
            await self.error(conn, ref, "bad_request", "nick must be 1-20 characters")
            return
        conn.user = {"id": f"u{next(_ids)}", "nick": nick, "role": "visitor"}
        welcome = {
            "t": "welcome",
            "session": uuid.uuid4().hex,
            "resumed": False,
            "user": conn.user,
            "node": NODE,
            "heartbeat_s": HEARTBEAT_S,
        }
        if ref is not None:
            welcome["ref"] = ref
        await self.send(conn, welcome)

    async def on_join(self, conn: Conn, msg: dict, ref) -> None:
        name = msg.get("room")
        if not isinstance(name, str) or not ROOM_RE.match(name):
            await self.error(conn, ref, "no_such_room", "no such room")
            return
        room = self.rooms.get(name)
        if room is None:
            room = self.rooms[name] = Room(name)
        if conn not in room.members:
            cap = room.info["capacity"]
            if cap is not None and len(room.members) >= cap:
                await self.error(conn, ref, "room_full", "room is full")
                return
            x, y = msg.get("x", 0), msg.get("y", 0)
            if not isinstance(x, (int, float)) or isinstance(x, bool):
                x = 0
            if not isinstance(y, (int, float)) or isinstance(y, bool):
                y = 0
            member = {**conn.user, "x": x, "y": y}
            others = list(room.members)
            room.members[conn] = member
            conn.rooms.add(name)
            room.seq += 1
            if others:
                data = _dumps({"t": "presence", "room": name, "seq": room.seq, "joins": [member], "leaves": []})
                await self.fanout(others, data)
        await self.send(
            conn,
            {
                "t": "ok",
                "ref": ref,
                "room": name,
                "seq": room.seq,
                "members": list(room.members.values()),
                "history": [],
                "info": room.info,
            },
        )

    async def on_say(self, conn: Conn, msg: dict, ref) -> None:
        name = msg.get("room")
        text = msg.get("text")
        room = self.rooms.get(name) if isinstance(name, str) else None
        if room is None or conn not in room.members:
            await self.error(conn, ref, "not_member", "not a member of that room")
            return
        if not isinstance(text, str) or not text:
            await self.error(conn, ref, "bad_request", "text must be a non-empty string")
            return
        if len(text) > MAX_TEXT:
            await self.error(conn, ref, "too_large", "text is over 500 characters")
            return
        room.seq += 1
        mid = f"m{next(_ids)}"
        u = conn.user
        said = {
            "t": "said",
            "room": name,
            "seq": room.seq,
            "id": mid,
            "from": {"id": u["id"], "nick": u["nick"], "role": u["role"]},
            "text": text,
            "ts": int(time.time() * 1000),
        }
        members = list(room.members)
        if ref is not None:
            await self.send(conn, {"t": "ok", "ref": ref, "id": mid, "seq": room.seq})
        await self.fanout(members, _dumps(said))

    async def on_leave(self, conn: Conn, msg: dict, ref) -> None:
        name = msg.get("room")
        if not isinstance(name, str) or name not in conn.rooms:
            await self.error(conn, ref, "not_member", "not a member of that room")
            return
        await self.leave_room(conn, name)
        if ref is not None:
            await self.send(conn, {"t": "ok", "ref": ref})

    async def on_ping(self, conn: Conn, msg: dict, ref) -> None:
        pong = {"t": "pong", "ts": int(time.time() * 1000)}
        if ref is not None:
            pong["ref"] = ref
        await self.send(conn, pong)

    # ------------------------------------------------------------------ socket
    async def handle_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("tsunagaru.v1.json",), max_msg_size=MAX_FRAME)
        await ws.prepare(request)
        conn = Conn(ws)
        handlers = {
            "join": self.on_join,
            "say": self.on_say,
            "leave": self.on_leave,
            "ping": self.on_ping,
        }
        try:
            async for wmsg in ws:
                if wmsg.type != WSMsgType.TEXT:
                    if wmsg.type == WSMsgType.BINARY:
                        await self.error(conn, None, "bad_frame", "binary frame on a JSON connection")
                    continue
                try:
                    msg = orjson.loads(wmsg.data)
                except orjson.JSONDecodeError:
                    await self.error(conn, None, "bad_frame", "not JSON")
                    continue
                if not isinstance(msg, dict):
                    await self.error(conn, None, "bad_frame", "not a map")
                    continue
                ref = msg.get("ref")
                if isinstance(ref, bool) or not isinstance(ref, (int, str, type(None))):
                    ref = None
                t = msg.get("t")
                if t == "hello":
                    await self.on_hello(conn, msg, ref)
                    continue
                if conn.user is None:
                    await self.error(conn, ref, "not_welcomed", "say hello first")
                    continue
                handler = handlers.get(t)
                if handler is None:
                    await self.error(conn, ref, "unknown_type", "unknown message type")
                    continue
                await handler(conn, msg, ref)
        finally:
            for name in list(conn.rooms):
                await self.leave_room(conn, name)
        return ws


async def healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def make_app() -> web.Application:
    server = Server()
    app = web.Application()
    app.router.add_get("/ws", server.handle_ws)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", healthz)
    return app


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    # SIGTERM -> clean exit (aiohttp's run_app handles SIGINT and SIGTERM)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    web.run_app(make_app(), host=args.host, port=args.port, print=None, access_log=None, backlog=4096)


if __name__ == "__main__":
    main()
