"""One node: wires a connection's requests to the rooms, the bus and the fanout.

The walk of a message: gateway (decode, size, rate) → `Node.receive` (parse,
moderation hook) → `rooms` (apply, seq, event) → `Bus.publish` → each
subscribed node's `Fanout` (encode once) → sockets.
"""
from __future__ import annotations

import asyncio
import itertools
import secrets
import logging
from dataclasses import dataclass
from typing import Any

import moderation.requests as mrq
from booths.handoff_requests import HandoffRequest
from booths.requests import BoothRequest
from moderation.audit import AuditEvent
from moderation.personal_data import mask
from moderation.devices import Device, DeviceTokens
from moderation.pipeline import ALLOW, Pipeline, Subject
from moderation.policy import age_group
from moderation.ratelimit import StrikeWindow, TokenBucket
from rooms import control as ctl
from rooms import requests as rq
from rooms.bus import CONTROL_KEY, Bus
from rooms.names import normalize_nick, normalize_text, parse_room_id
from rooms.protocol import (
    BAD_FRAME, BAD_REQUEST, BLOCKED, FORBIDDEN, NOT_MEMBER, RATE_LIMITED, UNKNOWN_TYPE, Close,
)
from rooms.refusal import Refused
from rooms.room import Member
from rooms.session import Session, Sessions, User, new_id

from server import clock
from server.ws.codec import DecodeError
from server.config import Config, device_secret
from server.realtime.connection import Connection
from server.realtime.fanout import Fanout
from server.metrics import Metrics
from server.http.client_address import parse_trusted
from server.realtime.moderating import AUTO_MUTE_MS, Moderating
from server.realtime.moderator_requests import ModeratorRequests
from server.cluster.state import RoomState, Unavailable
from server.texts import say as text_for
from server.tokens import Tokens, token_digest
from server.ws.frames import PING_FRAME

log = logging.getLogger("tsunagaru.node")

_STRIKES = {BAD_FRAME, BAD_REQUEST, UNKNOWN_TYPE}
# Close codes after which the session ends at once instead of waiting for a resume.
_ENDS_SESSION = {Close.NORMAL, Close.FLOOD, Close.KICKED, Close.BANNED, Close.UNAUTHORIZED}


@dataclass
class Node:
    config: Config
    state: RoomState
    bus: Bus
    pipeline: Pipeline
    metrics: Metrics
    tokens: Tokens

    def __post_init__(self) -> None:
        self.id = self.config.node_id
        self.sessions = Sessions(grace_ms=int(self.config.session_grace_s * 1000))
        self.fanout = Fanout()
        self.connections: set[Connection] = set()
        self.holders: dict[str, Connection] = {}  # session id -> connection holding it
        self._subscribed: set[str] = set()  # rooms this node listens to on the bus
        self.draining = False
        self._message_ids = itertools.count(1)
        self._tasks: list[asyncio.Task[None]] = []
        self._spawned: set[asyncio.Task[Any]] = set()
        salt = self.config.ip_hash_salt or secrets.token_hex(16)
        self.moderating = Moderating(self, salt, DeviceTokens(device_secret(self.config, salt)))
        self.moderator_requests = ModeratorRequests(self)
        self.trusted_proxies = parse_trusted(self.config.trusted_proxies)
        self.audit_writer: Any = None  # set by the app: server.store.audit.AuditWriter
        self.audit_store: Any = None  # set by the app: server.store.audit.AuditStore
        self.booths: Any = None  # set by the app: server.realtime.booth_live.BoothLive (needs the database)
        self.handoffs: Any = None  # set by the app: server.realtime.handoffs.Handoffs (needs the database)
        self.catalogue: Any = None  # set by build_node: rooms.registry.Catalogue (booth rooms are added at run time)
        m = self.metrics
        m.gauges["connections"] = lambda: len(self.connections)
        m.gauges["rooms"] = self.state.room_count
        m.gauges["members"] = self.state.member_count
        m.gauges["sessions"] = lambda: len(self.sessions.by_id)

    # -- lifecycle ---------------------------------------------------------------
    async def start(self) -> None:
        self.bus.subscribe(CONTROL_KEY, self._control)
        on_health = getattr(self.bus, "on_health", None)
        if on_health is not None:
            on_health(self._health_changed)
        await self.bus.start()
        self.state.start()
        self._tasks = [
            asyncio.create_task(self._tick_loop(), name="moves-tick"),
            asyncio.create_task(self._sweep_loop(), name="session-sweep"),
            asyncio.create_task(self._heartbeat_loop(), name="heartbeat"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.state.stop()
        await self.bus.close()

    def new_connection(self, **kwargs: Any) -> Connection:
        c = self.config
        conn = Connection(
            metrics=self.metrics,
            send_queue_bytes=c.send_queue_bytes,
            requests=TokenBucket(c.requests_per_s, c.requests_burst),
            moves=TokenBucket(c.moves_per_s, c.moves_per_s),
            frames=TokenBucket(c.frames_per_s, c.frames_burst),
            strikes=StrikeWindow(c.bad_frames_limit, c.bad_frames_window_s),
            floods=StrikeWindow(c.flood_strikes, 10.0),
            **kwargs,
        )
        conn.opened = conn.seen = clock.monotonic()
        self.connections.add(conn)
        return conn

    async def connection_lost(self, conn: Connection, code: int | None) -> None:
        """The socket is gone. Keep the session for a resume unless it ended for good."""
        self.connections.discard(conn)
        self.moderating.forget(conn)
        if self.booths is not None:
            self.booths.forget(conn)
        session = conn.session
        if session is None or self.holders.get(session.id) is not conn:
            return
        del self.holders[session.id]
        for room in session.rooms:
            self.unwatch(room, conn)
        if code in _ENDS_SESSION or not session.rooms:
            await self._end_session(session)
        else:
            self.sessions.detach(session, clock.now_ms())
            await self._save(session)

    # -- inbound -------------------------------------------------------------------
    async def receive(self, conn: Connection, data: bytes | str) -> None:
        """One data frame from a client."""
        self.metrics.frames_in += 1
        now = clock.monotonic()
        if not conn.frames.take(now):
            self.metrics.floods_closed += 1
            conn.close(Close.FLOOD, "flood")
            return
        try:
            message = conn.codec.decode(data)
        except DecodeError:
            self._bad(conn, None, Refused(BAD_FRAME, "bad_frame"), now)
            return
        request = rq.parse(message)
        if isinstance(request, rq.BadMessage):
            self._bad(conn, request.ref, request.refused, now)
            return
        if isinstance(request, rq.Move):
            if conn.session is not None and not conn.moves.take(now):
                return  # over 20 moves a second: dropped, never punished
        elif not conn.requests.take(now):
            self.fail(conn, request.ref, Refused(RATE_LIMITED, "rate_limited"))
            if (conn.session is not None and conn.floods.strike(now)
                    and not self.moderating.is_muted(conn.session.user)):
                # Still flooding after being told: muted for a minute first; 4008 only if it goes on.
                user = conn.session.user
                self.moderating.tell(ctl.Mute(user.id, clock.now_ms() + AUTO_MUTE_MS, "system"))
                self.audit(AuditEvent(clock.now_ms(), "system", "system", "mute", user.id, None, None,
                                      "flood", "rate:requests", {"minutes": AUTO_MUTE_MS // 60_000}))
            return
        if conn.token is not None and not isinstance(request, (rq.Hello, rq.Move, rq.Ping)) \
                and not await self._token_still_valid(conn):
            return
        try:
            await self._dispatch(conn, request)
        except Unavailable:
            self.fail(conn, request.ref, Refused("internal", "unavailable"))
        except Exception:  # a bug must cost one reply, not the connection or the room
            log.exception("request failed", extra={"t": type(request).__name__})
            self.fail(conn, request.ref, Refused("internal", "internal"))

    async def _token_still_valid(self, conn: Connection) -> bool:
        """Staff powers end with the token: logout, expiry or a disabled account close the socket (4001).

        Checked again at most every `TOKEN_RECHECK_S` seconds; a logout is also pushed to every
        node over the bus (`ctl.TokenRevoked`), which closes such sockets at once.
        """
        now = clock.monotonic()
        if now - conn.token_checked < self.config.token_recheck_s:
            return True
        assert conn.token is not None
        if await self.tokens.verify(conn.token) is None:
            conn.close(Close.UNAUTHORIZED, "token no longer valid")
            return False
        conn.token_checked = now
        return True

    def token_revoked(self, token_hash: str) -> None:
        for conn in self.connections:
            if conn.token is not None and token_digest(conn.token) == token_hash:
                conn.close(Close.UNAUTHORIZED, "logged out")

    async def _dispatch(self, conn: Connection, request: rq.Request) -> None:
        if isinstance(request, rq.Hello):
            await self._hello(conn, request)
        elif conn.session is None:
            self.fail(conn, request.ref, Refused("not_welcomed", "not_welcomed"))
        elif isinstance(request, rq.Move):
            self._move(conn, conn.session, request)
        elif isinstance(request, rq.Say):
            await self._say(conn, conn.session, request)
        elif isinstance(request, rq.Join):
            await self._join(conn, conn.session, request)
        elif isinstance(request, rq.Leave):
            await self._leave(conn, conn.session, request)
        elif isinstance(request, rq.Ping):
            self.send(conn, {"t": "pong", "ref": request.ref, "ts": clock.now_ms()})
        elif isinstance(request, (mrq.ModAction, mrq.Report, mrq.Ignore)):
            await self.moderator_requests.handle(conn, conn.session, request)
        elif isinstance(request, HandoffRequest):
            if self.handoffs is None:
                self.fail(conn, request.ref, Refused("internal", "unavailable"))
            else:
                await self.handoffs.handle(conn, conn.session, request)
        elif isinstance(request, BoothRequest):
            if self.booths is None:
                self.fail(conn, request.ref, Refused("internal", "unavailable"))
            else:
                await self.booths.handle(conn, conn.session, request)

    def _bad(self, conn: Connection, ref: rq.Ref, refused: Refused, now: float) -> None:
        self.fail(conn, ref, refused)
        if refused.code in _STRIKES and conn.strikes.strike(now):
            self.metrics.floods_closed += 1
            conn.close(Close.FLOOD, "too many bad frames")

    # -- requests ------------------------------------------------------------------
    async def _hello(self, conn: Connection, req: rq.Hello) -> None:
        if conn.session is not None:
            self.fail(conn, req.ref, Refused(BAD_REQUEST, "already_welcomed"))
            return
        conn.lang = req.lang
        role, user_id, organization = "visitor", None, None
        if req.token is not None:
            identity = await self.tokens.verify(req.token)
            if identity is None:
                conn.close(Close.UNAUTHORIZED, "bad token")
                return
            role, user_id, organization = identity.role, identity.user_id, identity.organization
            conn.token, conn.token_checked = req.token, clock.monotonic()
        if req.resume is None and not self.moderating.allow_hello(conn.limited_peer, clock.monotonic()):
            self.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
            return
        device = self.moderating.devices.verify(req.device)
        if self.moderating.refuses_entry(user_id, device, conn.peer, role):
            conn.close(Close.BANNED, "banned")
            return
        if req.resume is not None:
            session = await self._find_session(req.resume.get("session"))
            if session is not None and self.moderating.refuses_entry(session.user.id, device, conn.peer,
                                                                     session.user.role):
                conn.close(Close.BANNED, "banned")
                return
            # A staff session resumes only with its own valid token; without one it resumes as nothing.
            if session is not None and (session.user.id == user_id
                                        or (user_id is None and session.user.role == "visitor")):
                await self._resume(conn, req, session, device)
                return
        if device is None:
            if not self.moderating.allow_new_device(conn.limited_peer, clock.monotonic()):
                self.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
                return
            device = self.moderating.devices.issue(clock.now_ms(), req.age_band)
        elif role == "visitor" and age_group(device.age_band, role) != age_group(req.age_band, role):
            self.fail(conn, req.ref, Refused(BAD_REQUEST, "age_band_locked"))  # 25+ cannot come back as 18-24
            return
        nick = normalize_nick(req.nick)
        if isinstance(nick, Refused):
            self.fail(conn, req.ref, nick)
            return
        uid = user_id or new_id("u_")
        verdict = self.pipeline.review(Subject("nick", nick, uid, role, age_band=req.age_band))
        if verdict.action in ("block", "hold"):
            self.fail(conn, req.ref, Refused(BLOCKED, verdict.reason or "blocked"))
            return
        if verdict.action == "modify" and verdict.text:
            nick = verdict.text
        session = self.sessions.open(User(uid, nick, role, req.age_band, req.lang, organization, device.id))
        self.moderating.sanctions.seen(uid, device.id)
        self._hold(conn, session)
        self._welcome(conn, req.ref, session, resumed=False, device=device.token)
        await self._save(session)

    async def _resume(self, conn: Connection, req: rq.Hello, session: Session, device: Device | None) -> None:
        previous = self.holders.get(session.id)
        if previous is not None:
            for room in session.rooms:
                self.unwatch(room, previous)
            previous.close(Close.REPLACED, "replaced by a newer connection")
        self.sessions.attach(session)
        session.user.lang = req.lang
        if session.user.device:
            self.moderating.sanctions.seen(session.user.id, session.user.device)
        self._hold(conn, session)
        if device is None or device.id != session.user.device:  # the session's own device stays its device
            device = self.moderating.devices.reissue(session.user.device, clock.now_ms(), session.user.age_band)
        self._welcome(conn, req.ref, session, resumed=True, device=device.token if device else None)
        await self._save(session)
        listed = req.resume.get("rooms") if req.resume else None
        listed = listed if isinstance(listed, dict) else {}
        for room_id in sorted(session.rooms):
            last = listed.get(room_id)
            self._subscribe(room_id)
            if self.bus.healthy:
                await self.bus.subscribed(room_id)
            replay = None
            self.fanout.expect(room_id, conn)  # events published while the replay is read are kept
            if isinstance(last, int) and not isinstance(last, bool):
                replay = await self.state.replay(room_id, last, session.user.id)
            if replay is None:
                self.send(conn, {"t": "reset", "room": room_id})
                floor = None
            else:
                for event in replay:
                    self.send(conn, event)
                floor = replay[-1]["seq"] if replay else last
            self.watch(room_id, conn, floor)
        # A listed room the session is no longer in (a circle removed and opened again since, a room this
        # member was taken out of when its node died): its events after last_seq are not this member's.
        gone = [r for r in listed if isinstance(r, str) and r not in session.rooms]
        for room_id in sorted(gone)[:self.config.max_rooms_per_session]:
            if not isinstance(parse_room_id(room_id), Refused):
                self.send(conn, {"t": "reset", "room": room_id})

    def _hold(self, conn: Connection, session: Session) -> None:
        conn.session = session
        self.holders[session.id] = conn

    def _welcome(self, conn: Connection, ref: rq.Ref, session: Session, resumed: bool, device: str | None) -> None:
        welcome = {"t": "welcome", "ref": ref, "session": session.id, "resumed": resumed,
                   "user": session.user.public(), "node": self.id, "heartbeat_s": self.config.heartbeat_s}
        if device is not None:
            welcome["device"] = device
        self.send(conn, welcome)

    async def _join(self, conn: Connection, session: Session, req: rq.Join) -> None:
        user = session.user
        if req.room not in session.rooms:
            if len(session.rooms) >= self.config.max_rooms_per_session:
                self.fail(conn, req.ref, Refused(FORBIDDEN, "too_many_rooms"))
                return
            refused = self.moderating.join_refusal(session, conn.limited_peer, req.room)
            if refused is not None:
                self.fail(conn, req.ref, refused)
                return
            verdict = self.pipeline.review(Subject("join", req.room, user.id, user.role, req.room, user.age_band))
            if verdict.action in ("block", "hold"):
                self.fail(conn, req.ref, Refused(FORBIDDEN, verdict.reason or "blocked"))
                return
        rid = parse_room_id(req.room)
        if isinstance(rid, Refused):
            self.fail(conn, req.ref, rid)
            return
        self._subscribe(req.room)  # before the join: no event after the snapshot may be missed
        if self.bus.healthy:
            await self.bus.subscribed(req.room)
        booth_state = await self.booths.entering(conn, session, req.room) \
            if self.booths is not None and req.room not in session.rooms else None
        member = Member(user.id, user.nick, user.role, group=age_group(user.age_band, user.role))
        waiting = not self.state.synchronous and conn not in self.fanout.members.get(req.room, ())
        if waiting:
            self.fanout.expect(req.room, conn)
        try:
            joined = await self.state.join(req.room, member, req.x, req.y, clock.now_ms())
        except BaseException:
            self.fanout.cancel(req.room, conn)
            raise
        if isinstance(joined, Refused):
            self.fanout.cancel(req.room, conn)
            self._unsubscribe_if_unused(req.room)
            if booth_state is not None:
                self.booths.left(user.id, req.room, conn)
            self.fail(conn, req.ref, joined)
            return
        if joined.room not in session.rooms:
            session.rooms.add(joined.room)
            if self.booths is not None:
                self.booths.entered(session, joined.room)
            await self._save(session)
        new_here = conn not in self.fanout.members.get(joined.room, ())
        self.ok(conn, req.ref, joined.snapshot)  # first: what arrived during the join comes after it
        if new_here:
            floor = None if self.state.synchronous else joined.snapshot["seq"]
            self.watch(joined.room, conn, floor)  # the joiner is not sent its own presence
        if booth_state is not None:
            self.send(conn, booth_state)  # right after the ok, in the same frame

    async def _leave(self, conn: Connection, session: Session, req: rq.Leave) -> None:
        if req.room not in session.rooms:
            self.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        self.unwatch(req.room, conn)
        session.rooms.discard(req.room)
        await self.state.leave(req.room, session.user.id)
        if self.booths is not None:
            self.booths.left(session.user.id, req.room, conn)
        await self._save(session)
        self.ok(conn, req.ref, {})

    async def _say(self, conn: Connection, session: Session, req: rq.Say) -> None:
        message_id = self.new_message_id()
        text = self.screen(conn, session, req.room, req.text, req.ref, message_id)
        if text is None:
            return
        user = session.user
        seq = await self.state.say(req.room, user.public(), message_id, text, clock.now_ms())
        if isinstance(seq, Refused):
            self.fail(conn, req.ref, seq)
            return
        self.metrics.messages_said += 1
        if req.room.startswith("support:"):  # the one private channel: every line kept for the audit (short)
            self.audit(AuditEvent(clock.now_ms(), user.id, user.role, "support_line", None, req.room, message_id,
                                  None, None, {"excerpt": text[:500]}))
        self.ok(conn, req.ref, {"id": message_id, "seq": seq})

    def _move(self, conn: Connection, session: Session, req: rq.Move) -> None:
        if req.room not in session.rooms:
            self.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        moved = self.state.move(req.room, session.user.id, req.x, req.y)
        if isinstance(moved, Refused):
            self.fail(conn, req.ref, moved)
            return
        if req.ref is not None:
            self.ok(conn, req.ref, {})

    def new_message_id(self) -> str:
        return f"m{self.id[2:]}{next(self._message_ids):x}"

    def screen(self, conn: Connection, session: Session, room: str, raw: object, ref: rq.Ref,
               message_id: str) -> str | None:
        """A text a visitor wants shown in `room` (chat, a question, an announcement), through moderation.

        Returns the text to show, or None once the sender has been answered
        (refused, blocked, or held for a moderator with the support notice).
        """
        if room not in session.rooms:
            self.fail(conn, ref, Refused(NOT_MEMBER, "not_member"))
            return None
        text = normalize_text(raw)
        if isinstance(text, Refused):
            self.fail(conn, ref, text)
            return None
        user = session.user
        mod = self.moderating
        refused = mod.say_refusal(user, room, clock.now_ms())
        if refused is not None:
            self.fail(conn, ref, refused)
            return None
        now = clock.monotonic()
        recent = mod.recent.recent(user.id, room, now)
        mod.recent.add(user.id, room, text, now)
        verdict = self.pipeline.review(Subject("say", text, user.id, user.role, room, user.age_band, recent))
        if verdict.reason == "support" and room.startswith("support:"):
            verdict = ALLOW  # already talking with staff, who read it at once; kept in the audit trail
        verdict = mod.escalate(conn, session, verdict)
        if verdict.action == "block":
            self.audit(AuditEvent(clock.now_ms(), "system", "system", "block", user.id, room, message_id,
                                  verdict.reason, verdict.rule, {"excerpt": mask(text)[:200]}))
            self.fail(conn, ref, Refused(BLOCKED, verdict.reason or "blocked"))
            return None
        if verdict.action == "hold":
            mod.hold(conn, session, room, message_id, verdict.text or text, verdict)
            reply: dict[str, Any] = {"id": message_id, "held": True}
            if verdict.reason == "support":
                reply["support"] = True  # the client shows the support notice, not "shown after review"
            self.ok(conn, ref, reply)
            return None
        if verdict.action == "modify" and verdict.text:
            modified = normalize_text(verdict.text)  # a hook's text obeys the same rules as a person's
            if isinstance(modified, Refused):
                self.fail(conn, ref, Refused(BLOCKED, "blocked"))
                return None
            text = modified
        return text

    # -- rooms and sessions ----------------------------------------------------------
    def _subscribe(self, room: str) -> None:
        if room not in self.fanout.members and room not in self._subscribed:
            self._subscribed.add(room)
            self.bus.subscribe(room, self.fanout.room_event)

    def _unsubscribe_if_unused(self, room: str) -> None:
        if room not in self.fanout.members and room in self._subscribed:
            self._subscribed.discard(room)
            self.bus.unsubscribe(room)

    def watch(self, room: str, conn: Connection, floor: int | None = None) -> None:
        self._subscribe(room)
        self.fanout.add(room, conn, floor)

    def unwatch(self, room: str, conn: Connection) -> None:
        if self.fanout.remove(room, conn):
            self._unsubscribe_if_unused(room)

    async def _end_session(self, session: Session) -> None:
        self.sessions.end(session)
        self.moderating.forget_user(session.user.id)
        for room_id in list(session.rooms):
            session.rooms.discard(room_id)
            await self.state.leave(room_id, session.user.id)
            if self.booths is not None:
                self.booths.left(session.user.id, room_id)
        await self.state.drop_session(session.id)

    async def _save(self, session: Session) -> None:
        try:
            await self.state.save_session(session)
        except Unavailable:
            pass  # saved again at the next change; a resume elsewhere then starts afresh

    async def _find_session(self, session_id: object) -> Session | None:
        """A session to resume: this node's own, or one another node held (cluster)."""
        now = clock.now_ms()
        session = self.sessions.resumable(session_id, now)
        if session is not None or not isinstance(session_id, str):
            return session
        try:
            found = await self.state.load_session(session_id, now)
        except Unavailable:
            return None
        if found is None:
            return None
        session, holder = found
        if holder != self.id:
            self.state.tell(ctl.to_message(ctl.SessionMoved(session.id, self.id)))
            await self.state.adopt(session, holder)
        self.sessions.by_id[session.id] = session
        return session

    def _control(self, key: str, message: dict[str, Any]) -> None:
        """Node-wide decisions from the bus; each applies to this node's connections."""
        control = ctl.from_message(message)
        if isinstance(control, ctl.SessionMoved):
            if control.node != self.id:
                self._let_go(control.session)
        elif isinstance(control, ctl.Kick):
            self._close_user(control.user, Close.KICKED, "kicked")
        elif isinstance(control, ctl.TokenRevoked):
            self.token_revoked(control.token_hash)
        elif control is None:
            log.warning("unknown control message", extra={"t": str(message.get("t"))[:40]})
        else:
            self.moderating.apply(control)

    def _let_go(self, session_id: str) -> None:
        """Another node resumed this session: close ours (4011) without ending it."""
        session = self.sessions.by_id.pop(session_id, None)
        if session is None:
            return
        conn = self.holders.pop(session.id, None)
        if conn is not None:
            for room in session.rooms:
                self.unwatch(room, conn)
            conn.session = None
            conn.close(Close.REPLACED, "replaced by a newer connection")
        self.state.forget_local(session)

    def _close_user(self, user_id: str, code: int, reason: str) -> None:
        for conn in self.connections_of(user_id):
            conn.close(code, reason)

    def device_of(self, user_id: str) -> str | None:
        """The device a user came with through this node (its session may have ended since)."""
        return self.moderating.sanctions.device_of(user_id)

    def connections_of(self, user_id: str) -> list[Connection]:
        return [c for c in self.connections if c.session is not None and c.session.user.id == user_id]

    def spawn(self, coro: Any) -> None:
        """Run a coroutine in the background, keeping a reference until it ends."""
        task = asyncio.get_running_loop().create_task(coro)
        self._spawned.add(task)
        task.add_done_callback(self._spawned.discard)

    def audit(self, event: AuditEvent) -> None:
        if self.audit_writer is not None:
            self.audit_writer.record(event)

    async def _health_changed(self, healthy: bool) -> None:
        """The shared state went away or came back."""
        if not healthy:
            self.notify_all("degraded", level="warning")
            return
        members: dict[str, list[Member]] = {}
        for room, conns in self.fanout.members.items():
            members[room] = [Member(c.session.user.id, c.session.user.nick, c.session.user.role,
                                    group=age_group(c.session.user.age_band, c.session.user.role))
                             for c in conns if c.session is not None and room in c.session.rooms]
        try:
            await self.state.restore(members)
        except Unavailable:
            return
        for room, conns in list(self.fanout.members.items()):
            for conn in conns:
                self.send(conn, {"t": "reset", "room": room})
        self.notify_all("restored")
        self.spawn(self.moderating.redeliver())

    async def _tick_loop(self) -> None:
        period = 1.0 / self.config.tick_hz
        while True:
            await asyncio.sleep(period)
            try:
                await self.state.tick()
            except Exception:
                log.exception("move tick failed")

    async def _sweep_loop(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            deadline = clock.monotonic() - self.config.hello_timeout_s
            for conn in [c for c in self.connections if c.session is None and c.opened < deadline]:
                conn.close(Close.UNAUTHORIZED, "no hello")
            for session in self.sessions.expired(clock.now_ms()):
                try:
                    await self._end_session(session)
                except Exception:
                    log.exception("ending an expired session failed")

    async def _heartbeat_loop(self) -> None:
        """Ping every socket each `heartbeat_s`; drop one that has sent nothing for two periods.

        One loop for the whole node instead of two timers per socket: an idle
        connection then costs no timer handles at all.
        """
        period = self.config.heartbeat_s
        while True:
            await asyncio.sleep(period)
            silent_since = clock.monotonic() - 2 * period
            for conn in list(self.connections):
                if conn.seen < silent_since:
                    self.metrics.heartbeat_timeouts += 1
                    conn.transport.abort()  # the peer is gone: nothing to say goodbye to
                elif not conn.closing and not conn.transport.is_closing():
                    conn.transport.write(PING_FRAME)

    # -- replies -------------------------------------------------------------------------
    def send(self, conn: Connection, message: dict[str, Any]) -> None:
        if message.get("ref", 0) is None:
            del message["ref"]
        self.fanout.direct(conn, message)

    def ok(self, conn: Connection, ref: rq.Ref, fields: dict[str, Any]) -> None:
        if ref is None:
            return
        self.send(conn, {"t": "ok", "ref": ref, **fields})

    def fail(self, conn: Connection, ref: rq.Ref, refused: Refused) -> None:
        self.metrics.error(refused.code)
        message: dict[str, Any] = {"t": "error", "code": refused.code, "message": text_for(refused.reason, conn.lang)}
        if ref is not None:
            message["ref"] = ref
        message.update(refused.extra)
        self.send(conn, message)

    # -- drain ---------------------------------------------------------------------------
    def notify_all(self, code: str, level: str = "info") -> None:
        for conn in self.connections:
            if conn.welcomed:
                self.send(conn, {"t": "notice", "level": level, "code": code, "text": text_for(code, conn.lang)})
