"""Moderators' requests (`mod.*` over `/ws` or `POST /api/moderation/actions`) and visitors' reports.

Each request is answered with the reply's fields or a `Refused`; decisions
that must hold on every node are told on the bus (`Moderating.tell`) and
applied there, this node included. Every action is written to the audit trail.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from moderation import reports
from moderation.alerts import Alert
from moderation.audit import AuditEvent
from moderation.policy import support_room_for
from moderation.requests import Ignore, ModAction, Report
from rooms import control as ctl
from rooms.bus import Bus
from rooms.protocol import BAD_REQUEST, FORBIDDEN, RATE_LIMITED
from rooms.refusal import Refused
from rooms.requests import Ref
from rooms.roles import STAFF
from rooms.session import Session, User

from server import clock
from server.realtime.connection import Connection
from server.cluster.state import RoomState, Unavailable

if TYPE_CHECKING:
    from server.store.audit import AuditStore
    from server.realtime.moderating import Moderating


class Desk(Protocol):
    """What the moderators' desk needs from its node (the node is one; this module does not import it)."""

    moderating: "Moderating"
    state: RoomState
    bus: Bus
    audit_store: "AuditStore | None"

    def audit(self, event: AuditEvent) -> None: ...
    def send(self, conn: Connection, message: dict[str, Any]) -> None: ...
    def ok(self, conn: Connection, ref: Ref, fields: dict[str, Any]) -> None: ...
    def fail(self, conn: Connection, ref: Ref, refused: Refused) -> None: ...

Reply = dict[str, Any] | Refused
EVIDENCE_BEFORE, EVIDENCE_AFTER = 6, 3
# Requests answered from this node or the database alone; every other one is a decision told on the bus.
_LOCAL = frozenset(("watch", "unwatch", "reports", "resolve", "alerts", "delete", "release", "drop"))
MAX_REPORTS_READ = 2_000  # rows read to build the queue; the limits keep real traffic far below it


@dataclass
class ModeratorRequests:
    node: Desk

    @property
    def moderating(self) -> "Moderating":
        return self.node.moderating

    async def handle(self, conn: Connection, session: Session, req: ModAction | Report | Ignore) -> None:
        """A request over `/ws`: answered with `ok` or `error` on the same socket."""
        if isinstance(req, Report):
            reply = await self._report(conn, session, req)
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
        if req.kind not in _LOCAL and not self.node.bus.healthy:
            # Told on the bus, it would be lost: a decision is applied on every node or not acknowledged at all.
            return Refused("internal", "unavailable")
        return await getattr(self, f"_mod_{req.kind}")(conn, actor, req)

    def _audit(self, actor: User, action: str, req: ModAction, **detail: Any) -> None:
        self.node.audit(AuditEvent(clock.now_ms(), actor.id, actor.role, action, req.user, req.room,
                                   req.id, req.text or req.note or None, None, detail))

    def _tell(self, control: ctl.Control) -> None:
        self.moderating.tell(control)

    async def _mod_watch(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None and conn is not None
        held = await self.moderating.watch(req.room, conn)
        history = await self.node.state.history(req.room, clock.now_ms())
        return {"room": req.room, "history": history, "held": held}

    async def _mod_unwatch(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None and conn is not None
        self.moderating.unwatch(req.room, conn)
        return {}

    async def _mod_delete(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """A shown message is removed for everyone; a held one is dropped."""
        assert req.room is not None and req.id is not None
        seq = await self.node.state.delete(req.room, req.id)
        if seq is None:
            return await self._mod_drop(conn, actor, req)
        self._audit(actor, "delete", req)
        return {"seq": seq}

    async def _decide(self, actor: User, message_id: str) -> Alert | Refused:
        """Close the hold of a message, once, whichever node holds it."""
        store = self.moderating.alert_store
        if store is None:
            return Refused("internal", "unavailable")
        hold = await store.close_message(message_id, actor.id, clock.now_ms())
        if hold is None:
            return Refused(BAD_REQUEST, "unknown_message")
        return hold  # a priority alert stays open until a moderator acknowledges it (`mod.ack`)

    async def _mod_release(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """Show a held message now, as its sender wrote it (from any node: the hold is in the database)."""
        assert req.id is not None
        hold = await self._decide(actor, req.id)
        if isinstance(hold, Refused):
            return hold
        try:
            seq = await self.node.state.say(hold.room, hold.sender, hold.message_id, hold.text or "", clock.now_ms())
        except Unavailable:
            await self.moderating.alert_store.reopen(hold)  # not shown: it waits for the next decision
            raise
        self._audit(actor, "release", req)
        return {"seq": seq} if isinstance(seq, int) else {}

    async def _mod_drop(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.id is not None
        hold = await self._decide(actor, req.id)
        if isinstance(hold, Refused):
            return hold
        self._audit(actor, "delete", req, held=True)
        return {}

    async def _mod_warn(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self._tell(ctl.Warn(req.user, req.text, actor.id))
        self._audit(actor, "warn", req)
        return {}

    async def _mod_mute(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        until = clock.now_ms() + req.minutes * 60_000 if req.minutes else 0
        self._tell(ctl.Mute(req.user, until, actor.id))
        self._audit(actor, "mute" if until else "unmute", req, minutes=req.minutes)
        return {"until": until}

    async def _mod_unmute(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self._tell(ctl.Mute(req.user, 0, actor.id))
        self._audit(actor, "unmute", req)
        return {}

    async def _mod_kick(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self._tell(ctl.Kick(req.user, actor.id, req.text))
        self._audit(actor, "kick", req)
        return {}

    async def _mod_ban(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """By user and device; with `address`, new identities from the target's address too (≤ 60 min)."""
        assert req.user is not None
        minutes = req.minutes or 24 * 60
        now = clock.now_ms()
        until = now + minutes * 60_000
        self._tell(ctl.Ban(req.user, None, until, actor.id, req.text, None, now if req.address else 0))
        self._audit(actor, "ban", req, minutes=minutes, address=req.address)
        return {"until": until}

    async def _mod_unban(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.user is not None
        self._tell(ctl.Unban(req.user, actor.id))
        self._audit(actor, "unban", req)
        return {}

    async def _mod_slow(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None
        self._tell(ctl.SlowMode(req.room, req.seconds, actor.id))
        self._audit(actor, "slow_mode", req, seconds=req.seconds)
        return {}

    async def _mod_lock(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.room is not None
        self._tell(ctl.Lock(req.room, req.locked, actor.id))
        self._audit(actor, "lock", req, locked=req.locked)
        return {}

    async def _mod_alerts(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """Every open alert, oldest first, whoever was online when it was raised."""
        store = self.moderating.alert_store
        alerts = await store.open() if store is not None else []
        return {"alerts": [a.view() for a in alerts]}

    async def _mod_ack(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.alert is not None
        store = self.moderating.alert_store
        if store is None:
            return Refused("internal", "unavailable")
        closed = await store.close(req.alert, actor.id, req.note or None, clock.now_ms())
        if closed is None:
            return Refused(BAD_REQUEST, "unknown_alert")
        self._tell(ctl.AlertClosed(closed.id, actor.id))  # handled: the held words stay unpublished
        self.node.audit(AuditEvent(clock.now_ms(), actor.id, actor.role, "ack", closed.sender.get("id"),
                                   closed.room, closed.message_id, req.note or None, closed.rule,
                                   {"alert": closed.id}))
        return {}

    async def _mod_support(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """Open the visitor's support room and tell them who is there; the moderator joins it next."""
        assert req.user is not None
        room = support_room_for(req.user)
        self._tell(ctl.SupportInvite(req.user, room, actor.public()))
        self._audit(actor, "support", req, room=room)
        return {"room": room}

    async def _open_reports(self) -> list[dict[str, Any]]:
        store = self.node.audit_store
        if store is None:
            return []
        rows = [_report_row(e) for e in await store.query(action="report", limit=MAX_REPORTS_READ)]
        resolved = {e.detail.get("report") for e in await store.query(action="resolve", limit=MAX_REPORTS_READ)}
        return reports.queue(rows, resolved)

    async def _mod_reports(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        """Open reports merged by what they report, those from people in the conversation first, paged."""
        items, next_offset = reports.page(await self._open_reports(), req.offset)
        return {"reports": items, **({"next": next_offset} if next_offset is not None else {})}

    async def _mod_resolve(self, conn: Connection | None, actor: User, req: ModAction) -> Reply:
        assert req.report is not None
        for report_id in reports.group_of(await self._open_reports(), req.report):
            self.node.audit(AuditEvent(clock.now_ms(), actor.id, actor.role, "resolve", None, None, None,
                                       req.text or None, None, {"report": report_id}))
        return {}

    async def _report(self, conn: Connection, session: Session, req: Report) -> Reply:
        if req.room not in session.rooms:
            return Refused("not_member", "not_member")
        if not self.moderating.allow_report(session.user, conn.limited_peer):
            return Refused(RATE_LIMITED, "rate_limited")
        history = await self.node.state.history(req.room, clock.now_ms())
        evidence, target = _evidence(history, req.message, req.user)
        now = clock.now_ms()
        report_id = now * 1000 + (hash(session.id) % 1000)
        self.node.audit(AuditEvent(now, session.user.id, session.user.role, "report", target, req.room, req.message,
                                   req.reason, None, {"report_id": report_id, "note": req.note, "evidence": evidence,
                                    "participant": reports.took_part(evidence, session.user.id)}))
        for staff in self.moderating.staff():
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


def _report_row(event: AuditEvent) -> reports.ReportRow:
    d = event.detail
    return reports.ReportRow(d.get("report_id", 0), event.room, event.message_id, event.target_user, event.reason,
                             d.get("note", ""), d.get("evidence", []), event.actor, event.at_ms,
                             bool(d.get("participant")))
