"""`join`, `leave`, `say` and `move`: a session's requests about rooms, through moderation to the
room state, and `screen`, the one way any text a person wants shown passes moderation."""
from __future__ import annotations

import itertools
from typing import Any

from moderation.audit import AuditEvent
from moderation.ratelimit import TokenBucket
from moderation.personal_data import mask
from moderation.pipeline import ALLOW, Subject
from rooms.age_bands import age_group
from rooms import requests as rq
from rooms.names import normalize_text, parse_room_id
from rooms import looks
from rooms.protocol import BLOCKED, FORBIDDEN, NOT_MEMBER, RATE_LIMITED
from rooms.refusal import Refused
from rooms.roles import is_staff
from rooms.room import Member
from rooms.session import Session

from server import clock
from server.realtime.connection import Connection
from server.realtime.node_view import NodeView


class RoomRequests:
    def __init__(self, node: NodeView) -> None:
        self.node = node
        self._message_ids = itertools.count(1)

    async def join(self, conn: Connection, req: rq.Join) -> None:
        node, session = self.node, conn.session
        assert session is not None
        user = session.user
        if req.room not in session.rooms:
            if len(session.rooms) >= node.config.max_rooms_per_session:
                node.replies.fail(conn, req.ref, Refused(FORBIDDEN, "too_many_rooms"))
                return
            refused = node.moderating.join_refusal(session, conn.limited_peer, req.room)
            if refused is not None:
                node.replies.fail(conn, req.ref, refused)
                return
            verdict = node.pipeline.review(Subject("join", req.room, user.id, user.role, req.room, user.age_band))
            if verdict.action in ("block", "hold"):
                node.replies.fail(conn, req.ref, Refused(FORBIDDEN, verdict.reason or "blocked"))
                return
        rid = parse_room_id(req.room)
        if isinstance(rid, Refused):
            node.replies.fail(conn, req.ref, rid)
            return
        await node.subscriptions.subscribed(req.room)  # before the join: no event after the snapshot is missed
        booths = node.booths
        booth_state = await booths.entering(conn, session, req.room) \
            if booths is not None and req.room not in session.rooms else None
        pinned = await node.meetings.pinned(req.room) if node.meetings is not None and rid.kind == "staff" else None
        member = Member(user.id, user.nick, user.role, group=age_group(user.age_band, user.role), avatar=user.avatar)
        fanout = node.fanout
        if not node.state.synchronous and conn not in fanout.members.get(req.room, ()):
            fanout.expect(req.room, conn)
        try:
            joined = await node.state.join(req.room, member, req.x, req.y, clock.now_ms())
        except BaseException:
            fanout.cancel(req.room, conn)
            raise
        if isinstance(joined, Refused):
            fanout.cancel(req.room, conn)
            node.subscriptions.unsubscribe_if_unused(req.room)
            if booth_state is not None and booths is not None:
                booths.left(user.id, req.room, conn)
            node.replies.fail(conn, req.ref, joined)
            return
        if joined.room not in session.rooms:
            session.rooms.add(joined.room)
            if booths is not None and booths.entered(session, joined.room):
                node.campaigns.count(conn.campaign, "booth_visits", clock.now_ms())
            await node.save(session)
        new_here = conn not in fanout.members.get(joined.room, ())
        if new_here:
            fanout.seed(joined.room, joined.state["seq"], joined.everyone)
        # staff are sent everyone's events: the engine's K nearest; a visitor in a room filtered by area,
        # those shown around it (the engine's choice is then never made)
        shown = None if is_staff(user.role) or not joined.new else fanout.shown_members(
            joined.room, member.public(), node.config.members_page)  # (the engine has placed `member`)
        answer = {**joined.state, "members": joined.nearest() if shown is None else shown, "area": fanout.area.public()}
        node.replies.ok(conn, req.ref, answer)  # first: what arrived during the join comes after it
        if new_here:
            floor = None if node.state.synchronous and not fanout.crowded(joined.room) else joined.state["seq"]
            node.subscriptions.watch(joined.room, conn, floor)  # the joiner is not sent its own presence
        if booth_state is not None:
            node.replies.send(conn, booth_state)  # right after the ok, in the same frame
        if pinned is not None:
            node.replies.send(conn, pinned)  # a meeting room's agenda and links, each time one enters

    async def members(self, conn: Connection, req: rq.Members) -> None:
        """A page of a room's members by id, for a member of it or staff (who may watch any room)."""
        node, session = self.node, conn.session
        assert session is not None
        if req.room not in session.rooms and not is_staff(session.user.role):
            node.replies.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        page = await node.state.members(req.room, req.after)
        if isinstance(page, Refused):
            node.replies.fail(conn, req.ref, page)
            return
        node.replies.ok(conn, req.ref, {"room": req.room, **page})

    async def leave(self, conn: Connection, req: rq.Leave) -> None:
        node, session = self.node, conn.session
        assert session is not None
        if req.room not in session.rooms:
            node.replies.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        node.subscriptions.unwatch(req.room, conn)
        session.rooms.discard(req.room)
        await node.state.leave(req.room, session.user.id)
        if node.booths is not None:
            node.booths.left(session.user.id, req.room, conn)
        await node.save(session)
        node.replies.ok(conn, req.ref, {})

    async def say(self, conn: Connection, req: rq.Say) -> None:
        node, session = self.node, conn.session
        assert session is not None
        message_id = self.new_message_id()
        text = self.screen(conn, session, req.room, req.text, req.ref, message_id)
        if text is None:
            return
        user = session.user
        seq = await node.state.say(req.room, user.public(), message_id, text, clock.now_ms())
        if isinstance(seq, Refused):
            node.replies.fail(conn, req.ref, seq)
            return
        node.metrics.messages_said += 1
        if req.room.startswith("support:"):  # the one private channel: every line kept for the audit (short)
            node.audit(AuditEvent(clock.now_ms(), user.id, user.role, "support_line", None, req.room, message_id,
                                  None, None, {"excerpt": text[:500]}))
        node.replies.ok(conn, req.ref, {"id": message_id, "seq": seq})

    def move(self, conn: Connection, req: rq.Move) -> None:
        node, session = self.node, conn.session
        assert session is not None
        if req.room not in session.rooms:
            node.replies.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        moved = node.state.move(req.room, session.user.id, req.x, req.y)
        if isinstance(moved, Refused):
            node.replies.fail(conn, req.ref, moved)
            return
        node.replies.ok(conn, req.ref, {})

    def react(self, conn: Connection, req: rq.React) -> None:
        """An emote over the avatar: its own small budget (over it refused, never a flood strike); a muted
        person's reactions are refused too, since a mute silences someone in the room."""
        node, session = self.node, conn.session
        assert session is not None
        now = clock.monotonic()
        if conn.reacts is None:
            conn.reacts = TokenBucket(looks.REACTS_PER_S, looks.REACTS_BURST, stamp=now)
        if not conn.reacts.take(now):
            if req.ref is not None:  # without a ref, dropped quietly like a move: a flood gets no echo
                node.replies.fail(conn, req.ref, Refused(RATE_LIMITED, "rate_limited"))
            return
        if req.room not in session.rooms:
            node.replies.fail(conn, req.ref, Refused(NOT_MEMBER, "not_member"))
            return
        if node.moderating.is_muted(session.user):
            node.replies.fail(conn, req.ref, Refused(FORBIDDEN, "muted"))
            return
        reacted = node.state.react(req.room, session.user.id, req.emote)
        if isinstance(reacted, Refused):
            node.replies.fail(conn, req.ref, reacted)
            return
        node.replies.ok(conn, req.ref, {})

    def new_message_id(self) -> str:
        return f"m{self.node.id[2:]}{next(self._message_ids):x}"

    def screen(self, conn: Connection, session: Session, room: str, raw: object, ref: rq.Ref,
               message_id: str) -> str | None:
        """A text a visitor wants shown in `room` (chat, a question, an announcement), through moderation.

        Returns the text to show, or None once the sender has been answered
        (refused, blocked, or held for a moderator with the support notice).
        """
        node, mod, replies = self.node, self.node.moderating, self.node.replies
        if room not in session.rooms:
            replies.fail(conn, ref, Refused(NOT_MEMBER, "not_member"))
            return None
        text = normalize_text(raw)
        if isinstance(text, Refused):
            replies.fail(conn, ref, text)
            return None
        user = session.user
        refused = mod.say_refusal(user, room, clock.now_ms())
        if refused is not None:
            replies.fail(conn, ref, refused)
            return None
        now = clock.monotonic()
        recent = mod.recent.recent(user.id, room, now)
        mod.recent.add(user.id, room, text, now)
        verdict = node.pipeline.review(Subject("say", text, user.id, user.role, room, user.age_band, recent))
        if verdict.reason == "support" and room.startswith("support:"):
            verdict = ALLOW  # already talking with staff, who read it at once; kept in the audit trail
        verdict = mod.escalate(conn, session, verdict)
        if verdict.action == "block":
            node.audit(AuditEvent(clock.now_ms(), "system", "system", "block", user.id, room, message_id,
                                  verdict.reason, verdict.rule, {"excerpt": mask(text)[:200]}))
            replies.fail(conn, ref, Refused(BLOCKED, verdict.reason or "blocked"))
            return None
        if verdict.action == "hold":
            mod.hold(conn, session, room, message_id, verdict.text or text, verdict)
            reply: dict[str, Any] = {"id": message_id, "held": True}
            if verdict.reason == "support":
                reply["support"] = True  # the client shows the support notice, not "shown after review"
            replies.ok(conn, ref, reply)
            return None
        if verdict.action == "modify" and verdict.text:
            modified = normalize_text(verdict.text)  # a hook's text obeys the same rules as a person's
            if isinstance(modified, Refused):
                replies.fail(conn, ref, Refused(BLOCKED, "blocked"))
                return None
            text = modified
        return text
