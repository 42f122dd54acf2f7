"""Reading a connection: frames decoded and batches flattened, replies matched to their requests by
`ref`, each room's `seq` tracked (and gaps counted), the welcome taken in."""
from __future__ import annotations

from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from rooms.protocol import SUBPROTOCOL_MSGPACK

from .wire import CODECS, _Codec, Message, _abort, _code_of, log


REPLY_TYPES = frozenset({"ok", "error", "pong", "welcome"})
SEQ_TYPES = frozenset({"presence", "said", "deleted"})


class _Reading:
    """Part of `Client` (client.py): the reader. The state it uses is set up in `Client.__init__`."""

    async def _read(self, ws: ClientConnection, codec: _Codec) -> None:
        try:
            async for frame in ws:
                self.frames_in += 1
                self.bytes_in += len(frame)  # payload size: bytes, or characters of a text frame (= bytes for ASCII)
                if self.skim is not None and (not self._pending or self.skim(frame)):
                    continue  # counted, not read (a load generator's silent majority): no reply awaited, or none in it
                try:
                    value = codec.decode(frame)
                except Exception as exc:
                    log.warning("undecodable server frame: %s", exc)
                    continue
                if isinstance(value, list):  # a batch: messages in order
                    for m in value:
                        if isinstance(m, dict):
                            self._dispatch(ws, m)
                elif isinstance(value, dict):
                    self._dispatch(ws, value)
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("reader failed; dropping the connection")
            await _abort(ws)
        self._lost(ws, _code_of(ws))

    def _dispatch(self, ws: ClientConnection, m: Message) -> None:
        t = m.get("t")
        ref = m.get("ref")
        if ref is not None and t in REPLY_TYPES and not isinstance(ref, bool):
            entry = self._pending.get(ref)
            if entry is not None and entry[2] is ws:
                del self._pending[ref]
                fut, sent, _ws, tag = entry
                self._on_reply(ws, sent, m, tag)
                if not fut.done():
                    fut.set_result(m)
                return
        if t in SEQ_TYPES:
            self._track(m.get("room"), m.get("seq"))
        elif t == "reset":
            room = m.get("room")
            self.seqs.pop(room, None)
            if room in self.rooms:
                self._spawn(self._rejoin(room))
        self._emit(m)

    def _track(self, room: Any, seq: Any) -> None:
        if not isinstance(seq, int) or not isinstance(room, str):
            return
        last = self.seqs.get(room)
        if last is None or seq > last:
            if last is not None and seq > last + 1:
                self.gaps += 1
            self.seqs[room] = seq

    def _on_reply(self, ws: ClientConnection, sent: Message, reply: Message, tag: str | None) -> None:
        """Keep our view of rooms in step, in the same order the server's frames came in."""
        kind, ok = sent.get("t"), reply.get("t") == "ok"
        room = sent.get("room")
        if reply.get("t") == "welcome":
            self._welcomed(ws, reply, resumed_attempt=tag == "resume")
        elif kind == "join" and ok:
            self.rooms.add(room)
            seq = reply.get("seq")
            if isinstance(seq, int):
                self.seqs[room] = max(seq, self.seqs.get(room, seq))
            if tag == "rejoin":
                self._emit({**{k: v for k, v in reply.items() if k != "ref"}, "t": "rejoined", "room": room})
        elif kind == "join" and tag == "rejoin" and reply.get("t") == "error":
            self.rooms.discard(room)
            self._emit({"t": "rejoin_failed", "room": room, "code": reply.get("code"),
                        "message": reply.get("message")})
        elif kind == "leave" and (ok or reply.get("code") == "not_member"):
            self.rooms.discard(room)
            self.seqs.pop(room, None)
            self._positions.pop(room, None)

    def _welcomed(self, ws: ClientConnection, welcome: Message, *, resumed_attempt: bool) -> None:
        self.welcome = welcome
        self.session = welcome.get("session")
        self.user = welcome.get("user")
        self.node = welcome.get("node")
        self.device = welcome.get("device", self.device)
        self._live = ws
        self._live_codec = CODECS["msgpack"] if ws.subprotocol == SUBPROTOCOL_MSGPACK else CODECS["json"]
        self._ready.set()
        heartbeat = welcome.get("heartbeat_s")
        if isinstance(heartbeat, (int, float)) and heartbeat > 0:
            self._stop_heartbeat()
            self._heartbeat_task = self._spawn(self._heartbeat(ws, float(heartbeat)))
        if not resumed_attempt:
            return
        self.resumes += 1
        self._emit(welcome)  # tells the application it is back, before any replay
        if not welcome.get("resumed"):  # the session expired: every room must be joined again
            for room in sorted(self.rooms):
                self.seqs.pop(room, None)
                self._emit({"t": "reset", "room": room, "reason": "session_expired"})
                self._spawn(self._rejoin(room))
