"""`hello`: who the connection is (a staff token, a device token), whether it may come in, and a
new session or the resume of an earlier one (on this node or another, with the missed events)."""
from __future__ import annotations

from moderation.devices import Device
from moderation.pipeline import Subject
from rooms.age_bands import age_group
from rooms import control as ctl
from rooms import requests as rq
from rooms.names import normalize_nick, parse_room_id
from rooms.protocol import BAD_REQUEST, BLOCKED, RATE_LIMITED, Close
from rooms.refusal import Refused
from rooms.roles import VISITOR
from rooms.session import Session, User, new_id

from server import clock
from server.cluster.state import Unavailable
from server.realtime.connection import Connection
from server.realtime.node_view import NodeView


class Greeting:
    def __init__(self, node: NodeView) -> None:
        self.node = node

    async def hello(self, conn: Connection, req: rq.Hello) -> None:
        node, mod = self.node, self.node.moderating
        if conn.session is not None:
            node.replies.fail(conn, req.ref, Refused(BAD_REQUEST, "already_welcomed"))
            return
        conn.lang = req.lang
        role, user_id, organization = VISITOR, None, None
        if req.token is not None:
            identity = await node.tokens.verify(req.token)
            if identity is None:
                conn.close(Close.UNAUTHORIZED, "bad token")
                return
            role, user_id, organization = identity.role, identity.user_id, identity.organization
            conn.token, conn.token_checked = req.token, clock.monotonic()
        if req.resume is None and not mod.allow_hello(conn.limited_peer, clock.monotonic()):
            node.replies.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
            return
        device = mod.devices.verify(req.device)
        if mod.refuses_entry(user_id, device, conn.peer, role):
            conn.close(Close.BANNED, "banned")
            return
        if req.resume is not None:
            session = await self._find_session(req.resume.get("session"))
            if session is not None and mod.refuses_entry(session.user.id, device, conn.peer, session.user.role):
                conn.close(Close.BANNED, "banned")
                return
            # A staff session resumes only with its own valid token; without one it resumes as nothing.
            if session is not None and (session.user.id == user_id
                                        or (user_id is None and session.user.role == VISITOR)):
                await self._resume(conn, req, session, device)
                return
        if device is None:
            if not mod.allow_new_device(conn.limited_peer, clock.monotonic()):
                node.replies.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
                return
            device = mod.devices.issue(clock.now_ms(), req.age_band)
        elif role == VISITOR and age_group(device.age_band, role) != age_group(req.age_band, role):
            node.replies.fail(conn, req.ref, Refused(BAD_REQUEST, "age_band_locked"))  # 25+ cannot come back as 18-24
            return
        nick = normalize_nick(req.nick)
        if isinstance(nick, Refused):
            node.replies.fail(conn, req.ref, nick)
            return
        uid = user_id or new_id("u_")
        verdict = node.pipeline.review(Subject("nick", nick, uid, role, age_band=req.age_band))
        if verdict.action in ("block", "hold"):
            node.replies.fail(conn, req.ref, Refused(BLOCKED, verdict.reason or "blocked"))
            return
        if verdict.action == "modify" and verdict.text:
            nick = verdict.text
        session = node.sessions.open(User(uid, nick, role, req.age_band, req.lang, organization, device.id,
                                               req.avatar))
        mod.sanctions.seen(uid, device.id)
        node.hold(conn, session)
        if role == VISITOR:
            conn.campaign = node.campaigns.registered(req.campaign)
            node.campaigns.count(conn.campaign, "arrivals", clock.now_ms())
        self._welcome(conn, req.ref, session, resumed=False, device=device.token)
        await node.save(session)

    async def _resume(self, conn: Connection, req: rq.Hello, session: Session, device: Device | None) -> None:
        node = self.node
        previous = node.people.holders.get(session.id)
        if previous is not None:
            conn.campaign = previous.campaign  # counted once, when it arrived
            for room in session.rooms:
                node.subscriptions.unwatch(room, previous)
            previous.close(Close.REPLACED, "replaced by a newer connection")
        node.sessions.attach(session)
        session.user.lang = req.lang
        if session.user.device:
            node.moderating.sanctions.seen(session.user.id, session.user.device)
        node.hold(conn, session)
        if device is None or device.id != session.user.device:  # the session's own device stays its device
            device = node.moderating.devices.reissue(session.user.device, clock.now_ms(), session.user.age_band)
        self._welcome(conn, req.ref, session, resumed=True, device=device.token if device else None)
        await node.save(session)
        listed = req.resume.get("rooms") if req.resume else None
        listed = listed if isinstance(listed, dict) else {}
        for room_id in sorted(session.rooms):
            await self._catch_up(conn, session, room_id, listed.get(room_id))
        # A listed room the session is no longer in (a circle removed and opened again since, a room this
        # member was taken out of when its node died): its events after last_seq are not this member's.
        gone = [r for r in listed if isinstance(r, str) and r not in session.rooms]
        for room_id in sorted(gone)[:node.config.max_rooms_per_session]:
            if not isinstance(parse_room_id(room_id), Refused):
                node.replies.send(conn, {"t": "reset", "room": room_id})

    async def _catch_up(self, conn: Connection, session: Session, room_id: str, last: object) -> None:
        """The events of `room_id` after `last`, or `reset` when they are no longer kept."""
        node = self.node
        await node.subscriptions.subscribed(room_id)
        replay = None
        node.fanout.expect(room_id, conn)  # events published while the replay is read are kept
        if isinstance(last, int) and not isinstance(last, bool):
            replay = await node.state.replay(room_id, last, session.user.id)
        if replay is None:
            node.replies.send(conn, {"t": "reset", "room": room_id})
            floor = None
        else:
            for event in replay:
                node.replies.send(conn, event)
            floor = replay[-1]["seq"] if replay else last
            if not node.fanout.pictures(room_id):  # this node's first member of the room: learn who is where
                people = await node.state.everyone(room_id)
                node.fanout.seed(room_id, floor, lambda: people)  # type: ignore[arg-type]  (later events: idempotent)
        node.subscriptions.watch(room_id, conn, floor)  # type: ignore[arg-type]

    def _welcome(self, conn: Connection, ref: rq.Ref, session: Session, resumed: bool, device: str | None) -> None:
        node = self.node
        welcome = {"t": "welcome", "ref": ref, "session": session.id, "resumed": resumed,
                   "user": session.user.public(), "node": node.id, "heartbeat_s": node.config.heartbeat_s}
        if device is not None:
            welcome["device"] = device
        node.replies.send(conn, welcome)

    async def _find_session(self, session_id: object) -> Session | None:
        """A session to resume: this node's own, or one another node held (cluster)."""
        node = self.node
        now = clock.now_ms()
        session = node.sessions.resumable(session_id, now)
        if session is not None or not isinstance(session_id, str):
            return session
        try:
            found = await node.state.load_session(session_id, now)
        except Unavailable:
            return None
        if found is None:
            return None
        session, holder = found
        if holder != node.id:
            node.state.tell(ctl.to_message(ctl.SessionMoved(session.id, node.id)))
            await node.state.adopt(session, holder)
        node.sessions.by_id[session.id] = session
        return session
