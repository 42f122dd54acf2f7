"""One node: the connections it holds, its sessions, and the dispatch table their requests go through.

The walk of a message: the socket (`server.ws.websocket`: frames, size) → `Node.receive` (frame
rate, decode, the dispatch table, request rate, staff token) → the handler (`greeting`,
`room_requests`, moderators' requests, booths, handoffs) → `rooms` through the room state (seq,
event) → the bus → each subscribed node's `Fanout` (encode once) → sockets.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from booths import handoff_requests, requests as booth_requests
from moderation import requests as moderation_requests
from moderation.audit import AuditEvent
from moderation.devices import DeviceTokens
from moderation.pipeline import Pipeline
from rooms.age_bands import age_group
from moderation.ratelimit import StrikeWindow, TokenBucket
from moderation.state import AUTO_MUTE_MS
from rooms import control as ctl
from rooms import requests as rq
from rooms.bus import CONTROL_KEY, Bus
from rooms.protocol import BAD_FRAME, BAD_REQUEST, RATE_LIMITED, UNKNOWN_TYPE, Close
from rooms.refusal import Refused
from rooms.registry import Catalogue
from rooms.room import Member
from rooms.session import Session, Sessions

from server import clock
from server.cluster.state import RoomState, Unavailable
from server.config import Config, device_secret
from server.http.client_address import parse_trusted
from server.metrics import Metrics
from server.realtime import dispatch
from server.realtime.campaigns import Campaigns
from server.realtime.connection import Connection
from rooms.crowd import Area
from server.realtime.fanout import Fanout
from server.realtime.greeting import Greeting
from server.realtime.kit import Kit, salted_hash
from server.realtime.jobs import Jobs, realtime_jobs
from server.realtime.moderating import Moderating
from server.realtime.moderator_requests import ModeratorRequests
from server.realtime.people import People
from server.realtime.replies import Replies
from server.realtime.room_requests import RoomRequests
from server.realtime.subscriptions import Subscriptions
from server.ws.codec import DecodeError
from server.tokens import Tokens, token_digest

if TYPE_CHECKING:
    from server.realtime.booth_live import BoothLive
    from server.realtime.handoffs import Handoffs
    from server.realtime.meetings import PinnedMeetings
    from server.store.audit import AuditStore, AuditWriter

log = logging.getLogger("tsunagaru.node")

_STRIKES = {BAD_FRAME, BAD_REQUEST, UNKNOWN_TYPE}
# Close codes after which the session ends at once instead of waiting for a resume.
_ENDS_SESSION = {Close.NORMAL, Close.FLOOD, Close.KICKED, Close.BANNED, Close.UNAUTHORIZED}
# Requests that are not privileged (no staff token re-check) or are rated on their own.
_ROUTE_OPTIONS = {"hello": {"welcomed": False, "privileged": False}, "ping": {"privileged": False},
                  "move": {"privileged": False, "dropped_when_fast": True},
                  "react": {"privileged": False, "rated_apart": True}}


@dataclass
class Node:
    config: Config
    state: RoomState
    bus: Bus
    pipeline: Pipeline
    metrics: Metrics
    tokens: Tokens
    catalogue: Catalogue  # the festival's rooms; booth rooms are added at run time (`BoothLive.refresh_rooms`)

    def __post_init__(self) -> None:
        self.id = self.config.node_id
        self.sessions = Sessions(grace_ms=int(self.config.session_grace_s * 1000))
        self.fanout = Fanout(Area(self.config.members_page, self.config.area_from, self.config.area_cell,
                                  self.config.area_radius, self.config.area_show))
        self.people = People()
        self.connections = self.people.connections
        self.replies = Replies(self.fanout, self.metrics)
        self.subscriptions = Subscriptions(self.bus, self.fanout)
        self.draining = False
        self._spawned: set[asyncio.Task[Any]] = set()
        salt = self.config.ip_hash_salt or secrets.token_hex(16)
        self.room_requests = RoomRequests(self)
        self.kit = Kit(self.config, self.bus, self.catalogue, self.replies, self.people, self.subscriptions,
                       self.audit, self.spawn, partial(salted_hash, salt), self.room_requests)
        self.moderating = Moderating(self.kit, DeviceTokens(device_secret(self.config, salt)))
        self.moderator_requests = ModeratorRequests(self)
        self.greeting = Greeting(self)
        self.trusted_proxies = parse_trusted(self.config.trusted_proxies)
        # Set by the app once the database is configured (server/app.py), before `start`.
        self.audit_writer: AuditWriter | None = None
        self.audit_store: AuditStore | None = None
        self.booths: BoothLive | None = None
        self.handoffs: Handoffs | None = None
        self.meetings: PinnedMeetings | None = None
        self.campaigns = Campaigns()  # counts per campaign code, in memory until the `campaign-counts` job
        self.routes: dict[str, dispatch.Route] = {}
        self._controls: dict[type, Callable[[Any], None]] = {
            ctl.SessionMoved: self._session_moved,
            ctl.Kick: lambda c: self.people.close_user(c.user, Close.KICKED, "kicked"),
            ctl.TokenRevoked: lambda c: self.token_revoked(c.token_hash),
            ctl.AccountDisabled: lambda c: self.people.close_user(c.account, Close.UNAUTHORIZED, "account disabled"),
        }
        m = self.metrics
        m.gauges["connections"] = lambda: len(self.connections)
        m.gauges["rooms"] = self.state.room_count
        m.gauges["members"] = self.state.member_count
        m.gauges["sessions"] = lambda: len(self.sessions.by_id)

    # -- lifecycle ---------------------------------------------------------------
    async def start(self) -> None:
        self.routes = self._route_table()
        self.bus.subscribe(CONTROL_KEY, self._control)
        on_health = getattr(self.bus, "on_health", None)
        if on_health is not None:
            on_health(self._health_changed)
        await self.bus.start()
        self.state.start()
        self.loops = Jobs(realtime_jobs(self), self.metrics)
        self.loops.start()

    async def stop(self) -> None:
        await self.loops.stop()
        await self.state.stop()
        await self.bus.close()

    def _route_table(self) -> dict[str, dispatch.Route]:
        """Every message type this node answers, with its parser and its handler."""
        rooms, mods = self.room_requests, self.moderator_requests

        def session_handler(feature: Any) -> dispatch.Handler:
            if feature is None:  # a feature that needs the database, on a node built without one
                return lambda conn, req: self.fail(conn, req.ref, Refused("internal", "unavailable"))
            return lambda conn, req: feature.handle(conn, conn.session, req)

        handlers: dict[str, dispatch.Handler] = {
            "hello": self.greeting.hello, "join": rooms.join, "leave": rooms.leave, "say": rooms.say,
            "move": rooms.move, "ping": self._pong, "react": rooms.react,
            "members": rooms.members,
        }
        features = ((moderation_requests.PARSERS, mods), (booth_requests.PARSERS, self.booths),
                    (handoff_requests.PARSERS, self.handoffs))
        for parsers, feature in features:
            handlers.update({t: session_handler(feature) for t in parsers})
        return dispatch.routes(rq.PARSERS, *(p for p, _ in features), handlers=handlers, options=_ROUTE_OPTIONS)

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
        if session is None or self.people.holders.get(session.id) is not conn:
            return
        del self.people.holders[session.id]
        for room in session.rooms:
            self.subscriptions.unwatch(room, conn)
        if code in _ENDS_SESSION or not session.rooms:
            await self.end_session(session)
        else:
            self.sessions.detach(session, clock.now_ms())
            await self.save(session)

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
        parsed = dispatch.parse(self.routes, message)
        if isinstance(parsed, rq.BadMessage):
            self._bad(conn, parsed.ref, parsed.refused, now)
            return
        route, request = parsed
        if route.dropped_when_fast:
            if conn.session is not None and not conn.moves.take(now):
                return  # over 20 moves a second: dropped, never punished
        elif not route.rated_apart and not conn.requests.take(now):
            self._rate_limited(conn, request.ref, now)
            return
        if route.privileged and conn.token is not None and not await self._token_still_valid(conn):
            return
        if route.welcomed and conn.session is None:
            self.fail(conn, request.ref, Refused("not_welcomed", "not_welcomed"))
            return
        try:
            pending = route.handle(conn, request)
            if pending is not None:
                await pending
        except Unavailable:
            self.fail(conn, request.ref, Refused("internal", "unavailable"))
        except Exception:  # a bug must cost one reply, not the connection or the room
            log.exception("request failed", extra={"t": type(request).__name__})
            self.fail(conn, request.ref, Refused("internal", "internal"))

    def _rate_limited(self, conn: Connection, ref: rq.Ref, now: float) -> None:
        self.fail(conn, ref, Refused(RATE_LIMITED, "rate_limited"))
        if (conn.session is not None and conn.floods.strike(now)
                and not self.moderating.is_muted(conn.session.user)):
            # Still flooding after being told: muted for a minute first; 4008 only if it goes on.
            user = conn.session.user
            self.moderating.tell(ctl.Mute(user.id, clock.now_ms() + AUTO_MUTE_MS, "system"))
            self.audit(AuditEvent(clock.now_ms(), "system", "system", "mute", user.id, None, None,
                                  "flood", "rate:requests", {"minutes": AUTO_MUTE_MS // 60_000}))

    def _pong(self, conn: Connection, req: rq.Ping) -> None:
        self.send(conn, {"t": "pong", "ref": req.ref, "ts": clock.now_ms()})

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

    def _bad(self, conn: Connection, ref: rq.Ref, refused: Refused, now: float) -> None:
        self.fail(conn, ref, refused)
        if refused.code in _STRIKES and conn.strikes.strike(now):
            self.metrics.floods_closed += 1
            conn.close(Close.FLOOD, "too many bad frames")

    # -- sessions ------------------------------------------------------------------
    def hold(self, conn: Connection, session: Session) -> None:
        conn.session = session
        self.people.holders[session.id] = conn

    async def end_session(self, session: Session) -> None:
        self.sessions.end(session)
        self.moderating.forget_user(session.user.id)
        for room_id in list(session.rooms):
            session.rooms.discard(room_id)
            await self.state.leave(room_id, session.user.id)
            if self.booths is not None:
                self.booths.left(session.user.id, room_id)
        await self.state.drop_session(session.id)

    async def save(self, session: Session) -> None:
        try:
            await self.state.save_session(session)
        except Unavailable:
            pass  # saved again at the next change; a resume elsewhere then starts afresh

    async def sweep_sessions(self) -> None:
        """Sessions whose resume grace has passed end (their rooms see them leave)."""
        for session in self.sessions.expired(clock.now_ms()):
            try:
                await self.end_session(session)
            except Exception:
                log.exception("ending an expired session failed")

    def _session_moved(self, control: ctl.SessionMoved) -> None:
        """Another node resumed this session: close ours (4011) without ending it."""
        if control.node == self.id:
            return
        session = self.sessions.by_id.pop(control.session, None)
        if session is None:
            return
        conn = self.people.holders.pop(session.id, None)
        if conn is not None:
            for room in session.rooms:
                self.subscriptions.unwatch(room, conn)
            conn.session = None
            conn.close(Close.REPLACED, "replaced by a newer connection")
        self.state.forget_local(session)

    # -- node-wide decisions from the bus -----------------------------------------------
    def _control(self, key: str, message: dict[str, Any]) -> None:
        control = ctl.from_message(message)
        if control is None:
            log.warning("unknown control message", extra={"t": str(message.get("t"))[:40]})
            return
        apply = self._controls.get(type(control))
        if apply is not None:
            apply(control)
        else:
            self.moderating.apply(control)

    async def _health_changed(self, healthy: bool) -> None:
        """The shared state went away or came back."""
        if not healthy:
            self.notify_all("degraded", level="warning")
            return
        members: dict[str, list[Member]] = {}
        for room, conns in self.fanout.members.items():
            members[room] = [Member(c.session.user.id, c.session.user.nick, c.session.user.role,
                                    group=age_group(c.session.user.age_band, c.session.user.role),
                                    avatar=c.session.user.avatar)
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

    # -- what features are given -----------------------------------------------------------
    def send(self, conn: Connection, message: dict[str, Any]) -> None:
        self.replies.send(conn, message)

    def ok(self, conn: Connection, ref: rq.Ref, fields: dict[str, Any]) -> None:
        self.replies.ok(conn, ref, fields)

    def fail(self, conn: Connection, ref: rq.Ref, refused: Refused) -> None:
        self.replies.fail(conn, ref, refused)

    def notify_all(self, code: str, level: str = "info") -> None:
        self.replies.notify(self.connections, code, level)

    def spawn(self, coro: Any) -> None:
        """Run a coroutine in the background, keeping a reference until it ends."""
        task = asyncio.get_running_loop().create_task(coro)
        self._spawned.add(task)
        task.add_done_callback(self._spawned.discard)

    def audit(self, event: AuditEvent) -> None:
        if self.audit_writer is not None:
            self.audit_writer.record(event)
