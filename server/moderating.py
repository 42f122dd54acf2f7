"""Moderators' decisions applied on this node, and their requests over `/ws`.

Every decision travels as a control message on the bus (`rooms.control`), so
it applies on every node, this one included: a mute set through node A stops
the visitor whose socket is on node B. What must be kept is written to the
audit trail (`moderation.audit`, persisted by `server.audit_store`).
"""
from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from moderation.audit import AuditEvent
from moderation.pipeline import Verdict
from moderation.ngwords import Escalation
from moderation.ratelimit import TokenBucket
from moderation.requests import Ignore, ModAction, Report
from moderation.support import support_items
from rooms import control as ctl
from rooms.bus import CONTROL_KEY
from rooms.protocol import BAD_REQUEST, BLOCKED, FORBIDDEN, RATE_LIMITED, Close
from rooms.refusal import Refused
from rooms.session import Session, User

from . import clock
from .connection import Connection
from .texts import say as text_for

if TYPE_CHECKING:
    from .node import Node

log = logging.getLogger("tsunagaru.moderating")

Reply = dict[str, Any] | Refused

STAFF = ("moderator", "admin")
MAX_HELD = 1_000
EVIDENCE_BEFORE, EVIDENCE_AFTER = 6, 3
AUTO_MUTE_MS = 60_000


@dataclass
class Moderating:
    node: "Node"
    ip_salt: str
    held: "OrderedDict[str, ctl.Held]" = field(default_factory=OrderedDict)  # held here, by message id
    muted: dict[str, int] = field(default_factory=dict)  # user -> until (ms)
    slow: dict[str, int] = field(default_factory=dict)  # room -> seconds
    last_said: dict[tuple[str, str], int] = field(default_factory=dict)  # (user, room) -> ms, in slow rooms
    locked: set[str] = field(default_factory=set)
    banned_users: dict[str, int] = field(default_factory=dict)
    banned_ips: dict[str, int] = field(default_factory=dict)
    watchers: dict[str, set[Connection]] = field(default_factory=dict)
    escalation: Escalation = field(default_factory=Escalation)
    user_says: dict[str, TokenBucket] = field(default_factory=dict)
    ip_hellos: dict[str, TokenBucket] = field(default_factory=dict)

    # -- checks on the hot path ------------------------------------------------------
    def say_refusal(self, user: str, role: str, room: str, now_ms: int) -> Refused | None:
        c = self.node.config
        bucket = self.user_says.get(user)
        if bucket is None:
            bucket = self.user_says[user] = TokenBucket(c.user_says_per_s, c.user_says_burst)
        if not bucket.take(now_ms / 1000):
            return Refused(RATE_LIMITED, "rate_limited")
        until = self.muted.get(user)
        if until is not None:
            if until > now_ms:
                return Refused(BLOCKED, "muted")
            del self.muted[user]
        seconds = self.slow.get(room)
        if seconds and role not in STAFF:
            last = self.last_said.get((user, room), 0)
            if now_ms - last < seconds * 1000:
                return Refused(RATE_LIMITED, "slow_mode")
            self.last_said[(user, room)] = now_ms
        return None

    def allow_hello(self, peer: str, now: float) -> bool:
        """New sessions per address. Loopback is exempt: local tools, benchmarks, a proxy on this host."""
        if peer in ("127.0.0.1", "::1") or peer.startswith("127."):
            return True
        c = self.node.config
        key = self.ip_hash(peer)
        bucket = self.ip_hellos.get(key)
        if bucket is None:
            if len(self.ip_hellos) > 100_000:
                self.ip_hellos.clear()
            bucket = self.ip_hellos[key] = TokenBucket(c.hellos_per_ip_per_s, c.hellos_per_ip_burst)
        return bucket.take(now)

    def forget_user(self, user: str) -> None:
        self.user_says.pop(user, None)

    def join_refusal(self, role: str, room: str) -> Refused | None:
        if room in self.locked and role not in STAFF:
            return Refused(FORBIDDEN, "room_locked")
        return None

    def ip_hash(self, peer: str) -> str:
        """A salted hash: bans by address without keeping addresses."""
        return hashlib.sha256(f"{self.ip_salt}|{peer}".encode()).hexdigest()[:24]

    def is_banned(self, user: str | None, peer: str, now_ms: int, role: str = "visitor") -> bool:
        """Staff (who sign in with a token) are never refused by an address ban: they share networks."""
        checks = [(self.banned_users, user)]
        if role not in STAFF:
            checks.append((self.banned_ips, self.ip_hash(peer)))
        for table, key in checks:
            until = table.get(key) if key else None
            if until is not None and until > now_ms:
                return True
        return False

    # -- held messages and crisis --------------------------------------------------------
    def hold(self, conn: Connection, session: Session, room: str, message_id: str, text: str, verdict: Verdict) -> None:
        """Keep a message back for a moderator; a crisis also gets the sender help at once."""
        now = clock.now_ms()
        crisis = verdict.reason == "support"
        held = ctl.Held(room, message_id, session.user.public(), text, verdict.reason or "held", verdict.rule or "",
                        now, session.id, crisis)
        self.held[message_id] = held
        while len(self.held) > MAX_HELD:
            self.held.popitem(last=False)
        if crisis:
            self.node.send(conn, {
                "t": "notice", "level": "info", "code": "support", "text": text_for("support", conn.lang),
                "items": support_items(datetime.now(timezone.utc), conn.lang),
            })
        self.node.audit(AuditEvent(now, "system", "system", "hold", session.user.id, room, message_id,
                                   verdict.reason, verdict.rule, {"excerpt": text[:200]}))
        self.tell(held)

    def offended(self, conn: Connection, session: Session, verdict: Verdict) -> None:
        """An NG word: warn, then mute, then kick, for repeated offences."""
        if not (verdict.rule or "").startswith("ngword"):
            return
        user = session.user
        step = self.escalation.offend(user.id, clock.monotonic())
        now = clock.now_ms()
        if step == "warn":
            self.node.send(conn, {"t": "notice", "level": "warning", "code": "warned",
                                  "text": text_for("warned_language", conn.lang)})
        elif step == "mute":
            self.tell(ctl.Mute(user.id, now + 10 * 60_000, "system"))
        else:
            self.tell(ctl.Kick(user.id, "system", "ngword"))
        self.node.audit(AuditEvent(now, "system", "system", "kick" if step == "kick" else step, user.id, None, None,
                                   "ngword", "escalation", {}))

    def tell(self, control: ctl.Control) -> None:
        self.node.bus.publish(CONTROL_KEY, ctl.to_message(control))

    # -- control messages from any node (this one included) --------------------------------------
    def apply(self, control: ctl.Control) -> None:
        node = self.node
        if isinstance(control, ctl.Held):
            message = {"t": "held", "room": control.room, "id": control.id, "from": control.sender,
                       "text": control.text, "reason": control.reason, "rule": control.rule, "ts": control.ts}
            for conn in self.watchers.get(control.room, ()):
                node.send(conn, message)
            if control.alert:
                alert = {"t": "alert", "level": "priority", "code": "crisis", "room": control.room,
                         "session": control.session, "from": control.sender, "id": control.id,
                         "text": control.text, "rule": control.rule, "ts": control.ts}
                for conn in self.staff():
                    node.send(conn, alert)
        elif isinstance(control, ctl.Release):
            held = self.held.pop(control.id, None)
            if held is not None and control.publish:
                node.spawn(node.publish_held(held))
        elif isinstance(control, ctl.Mute):
            if control.until_ms:
                self.muted[control.user] = control.until_ms
            else:
                self.muted.pop(control.user, None)
            for conn in node.connections_of(control.user):
                node.send(conn, {"t": "notice", "level": "warning", "code": "muted" if control.until_ms else "unmuted",
                                 "text": text_for("muted" if control.until_ms else "unmuted", conn.lang),
                                 "until": control.until_ms})
        elif isinstance(control, ctl.SlowMode):
            if control.seconds:
                self.slow[control.room] = control.seconds
            else:
                self.slow.pop(control.room, None)
        elif isinstance(control, ctl.Lock):
            (self.locked.add if control.locked else self.locked.discard)(control.room)
        elif isinstance(control, ctl.Ban):
            if control.user:
                self.banned_users[control.user] = control.until_ms
                for conn in node.connections_of(control.user):
                    self.tell(ctl.Ban(None, self.ip_hash(conn.peer), control.until_ms, control.by, control.reason))
                    conn.close(Close.BANNED, "banned")
            if control.ip_hash:
                self.banned_ips[control.ip_hash] = control.until_ms
                for conn in list(node.connections):
                    staff = conn.session is not None and conn.session.user.role in STAFF
                    if not staff and self.ip_hash(conn.peer) == control.ip_hash:
                        conn.close(Close.BANNED, "banned")
        elif isinstance(control, ctl.Warn):
            for conn in node.connections_of(control.user):
                node.send(conn, {"t": "notice", "level": "warning", "code": "warned", "text": control.text})

    def staff(self) -> list[Connection]:
        return [c for c in self.node.connections if c.session is not None and c.session.user.role in STAFF]

    # -- requests ----------------------------------------------------------------------------------
    async def handle(self, conn: Connection, session: Session, req: ModAction | Report | Ignore) -> None:
        """A request over `/ws`: answered with `ok` or `error` on the same socket."""
        if isinstance(req, Report):
            reply = await self._report(session, req)
        elif isinstance(req, Ignore):
            if req.on:
                session.ignoring = (session.ignoring or set()) | {req.user}
            elif session.ignoring:
                session.ignoring.discard(req.user)
            reply = {"ignoring": sorted(session.ignoring or ())}
        else:
            reply = await self.act(session.user, req, conn)
        if isinstance(reply, Refused):
            self.node.fail(conn, req.ref, reply)
        else:
            self.node.ok(conn, req.ref, reply)

    async def act(self, actor: User, req: ModAction, conn: Connection | None = None) -> Reply:
        """A moderator's action, from `/ws` or HTTP: the reply's fields, or why not."""
        if actor.role not in STAFF:
            return Refused(FORBIDDEN, "staff_only")
        if conn is None and req.kind in ("watch", "unwatch"):
            return Refused(BAD_REQUEST, "ws_only")
        return await getattr(self, f"_mod_{req.kind}")(conn, actor, req)

    def _audit(self, actor: User, action: str, req: ModAction, **detail: Any) -> None:
        self.node.audit(AuditEvent(clock.now_ms(), actor.id, actor.role, action, req.user, req.room,
                                   req.id, req.text or None, None, detail))

    async def _mod_watch(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None and conn is not None
        self.watchers.setdefault(req.room, set()).add(conn)
        self.node.watch(req.room, conn)
        held = [{"id": h.id, "from": h.sender, "text": h.text, "reason": h.reason, "ts": h.ts}
                for h in self.held.values() if h.room == req.room]
        history = await self.node.state.history(req.room, clock.now_ms())
        return {"room": req.room, "history": history, "held": held}

    async def _mod_unwatch(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None and conn is not None
        self.unwatch(req.room, conn)
        return {}

    def unwatch(self, room: str, conn: Connection) -> None:
        watching = self.watchers.get(room)
        if watching is not None and conn in watching:
            watching.discard(conn)
            if not watching:
                del self.watchers[room]
            if conn.session is None or room not in conn.session.rooms:
                self.node.unwatch(room, conn)

    def forget(self, conn: Connection) -> None:
        for room in [r for r, watching in self.watchers.items() if conn in watching]:
            self.unwatch(room, conn)

    async def _mod_delete(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None and req.id is not None
        seq = await self.node.state.delete(req.room, req.id)
        if seq is None and req.id not in self.held:
            return Refused(BAD_REQUEST, "unknown_message")
        if seq is None:
            self.tell(ctl.Release(req.id, False, actor.id))
        self._audit(actor, "delete", req)
        return {"seq": seq} if seq is not None else {}

    async def _mod_release(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.id is not None
        self.tell(ctl.Release(req.id, True, actor.id))
        self._audit(actor, "release", req)
        return {}

    async def _mod_drop(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.id is not None
        self.tell(ctl.Release(req.id, False, actor.id))
        self._audit(actor, "delete", req, held=True)
        return {}

    async def _mod_warn(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self.tell(ctl.Warn(req.user, req.text, actor.id))
        self._audit(actor, "warn", req)
        return {}

    async def _mod_mute(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        until = clock.now_ms() + req.minutes * 60_000 if req.minutes else 0
        self.tell(ctl.Mute(req.user, until, actor.id))
        self._audit(actor, "mute", req, minutes=req.minutes)
        return {"until": until}

    async def _mod_kick(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self.tell(ctl.Kick(req.user, actor.id, req.text))
        self._audit(actor, "kick", req)
        return {}

    async def _mod_ban(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        minutes = req.minutes or 24 * 60
        until = clock.now_ms() + minutes * 60_000
        self.tell(ctl.Ban(req.user, None, until, actor.id, req.text))
        self._audit(actor, "ban", req, minutes=minutes)
        return {"until": until}

    async def _mod_slow(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None
        self.tell(ctl.SlowMode(req.room, req.seconds, actor.id))
        self._audit(actor, "slow_mode", req, seconds=req.seconds)
        return {}

    async def _mod_lock(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None
        self.tell(ctl.Lock(req.room, req.locked, actor.id))
        self._audit(actor, "lock", req, locked=req.locked)
        return {}

    async def _mod_reports(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        store = self.node.audit_store
        if store is None:
            return {"reports": []}
            return
        reports = await store.query(action="report", limit=200)
        resolved = {e.detail.get("report") for e in await store.query(action="resolve", limit=1000)}
        open_ = [_report_view(e) for e in reports if e.detail.get("report_id") not in resolved]
        return {"reports": open_}

    async def _mod_resolve(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        self.node.audit(AuditEvent(clock.now_ms(), actor.id, actor.role, "resolve", None, None, None,
                                   req.text or None, None, {"report": req.report}))
        return {}

    async def _report(self, session: Session, req: Report) -> Reply:
        if req.room not in session.rooms:
            return Refused("not_member", "not_member")
        history = await self.node.state.history(req.room, clock.now_ms())
        evidence, target = _evidence(history, req.message, req.user)
        now = clock.now_ms()
        report_id = now * 1000 + (hash(session.id) % 1000)
        self.node.audit(AuditEvent(now, session.user.id, session.user.role, "report", target, req.room, req.message,
                                   req.reason, None, {"report_id": report_id, "note": req.note, "evidence": evidence}))
        for staff in self.staff():
            self.node.send(staff, {"t": "alert", "level": "info", "code": "report", "room": req.room,
                                   "report": report_id, "reason": req.reason, "ts": now})
        return {"report": report_id}


def _evidence(history: list[dict[str, Any]], message: str | None, user: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """The messages around the reported one (or the reported member's latest), as kept proof."""
    index = next((i for i, e in enumerate(history) if e["id"] == message), None)
    if index is None and user is not None:
        index = next((i for i in range(len(history) - 1, -1, -1) if history[i]["from"]["id"] == user), None)
    if index is None:
        window = history[-(EVIDENCE_BEFORE + EVIDENCE_AFTER):]
        target = user
    else:
        window = history[max(0, index - EVIDENCE_BEFORE):index + EVIDENCE_AFTER + 1]
        target = history[index]["from"]["id"]
    return [{"id": e["id"], "from": e["from"], "text": e["text"][:200], "ts": e["ts"]} for e in window], target


def _report_view(event: AuditEvent) -> dict[str, Any]:
    return {"report": event.detail.get("report_id"), "room": event.room, "id": event.message_id,
            "user": event.target_user, "reason": event.reason, "note": event.detail.get("note", ""),
            "evidence": event.detail.get("evidence", []), "by": event.actor, "ts": event.at_ms}
