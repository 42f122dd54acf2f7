"""Moderation on this node: the checks on the hot path, held messages and alerts, and
moderators' decisions applied from the bus.

Every decision travels as a control message on the bus (`rooms.control`), so
it applies on every node, this one included: a mute set through node A stops
the visitor whose socket is on node B. Sanctions follow the person — user and
device (`moderation.sanctions`) — not the socket or the nickname. What must be
kept is written to the audit trail; open alerts are kept in the database
(`server.store.alerts`) until a moderator acknowledges them.
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from moderation.personal_data import mask
from moderation.alerts import Alert, alert_id, category_of
from moderation.audit import AuditEvent
from moderation.context import RecentLines
from moderation.devices import Device, DeviceTokens
from moderation.pipeline import Verdict
from rooms.roles import STAFF
from moderation.state import ESCALATION_MUTE_MS, ModerationState, person
from moderation.support import support_items
from rooms import control as ctl
from rooms.bus import CONTROL_KEY
from rooms.protocol import FORBIDDEN, RATE_LIMITED, Close
from rooms.refusal import Refused
from rooms.session import Session, User

from server import clock
from server.realtime.connection import Connection
from server.realtime.kit import Kit
from server.limits import Budget, address_key
from server.texts import say as text_for

if TYPE_CHECKING:
    from server.store.alerts import AlertStore

log = logging.getLogger("tsunagaru.moderating")

@dataclass
class Moderating:
    kit: Kit
    devices: DeviceTokens
    decided: ModerationState = field(init=False)  # mutes, bans, slow mode, locks, escalation (moderation.state)
    watchers: dict[str, set[Connection]] = field(default_factory=dict)
    recent: RecentLines = field(default_factory=RecentLines)
    # per-address budgets (salted hashes of the address unit) and one per person
    ip_hellos: Budget = field(init=False)
    ip_devices: Budget = field(init=False)
    ip_circles: Budget = field(init=False)
    ip_reports: Budget = field(init=False)
    user_reports: Budget = field(init=False)
    alert_store: "AlertStore | None" = None  # set by the app (needs the database)

    def __post_init__(self) -> None:
        self._alert_count = itertools.count()
        c = self.kit.config
        self.decided = ModerationState(c.user_says_per_s, c.user_says_burst)
        self.sanctions = self.decided.sanctions
        self.ip_hellos = Budget(c.hellos_per_ip_per_s, c.hellos_per_ip_burst)
        self.ip_devices = Budget(c.new_devices_per_ip_per_min / 60, c.new_devices_per_ip_burst)
        self.ip_circles = Budget(c.circle_joins_per_ip_per_min / 60, c.circle_joins_per_ip_burst)
        self.ip_reports = Budget(c.reports_per_ip_per_min / 60, c.reports_per_ip_burst)
        self.user_reports = Budget(c.reports_per_user_per_min / 60, c.reports_per_user_burst)

    # -- checks on the hot path ------------------------------------------------------
    def say_refusal(self, user: User, room: str, now_ms: int) -> Refused | None:
        return self.decided.say_refusal(user, room, now_ms)

    def is_muted(self, user: User) -> bool:
        return self.decided.is_muted(user, clock.now_ms())

    # `peer` below is the address a per-address limit counts, None for exempt local tools
    # (`Connection.limited_peer`, `server.http.client_address.direct_local`).
    def allow_hello(self, peer: str | None, now: float) -> bool:
        """New sessions per address."""
        return self._take(self.ip_hellos, peer, now)

    def allow_new_device(self, peer: str | None, now: float) -> bool:
        """New anonymous identities per address: dropping the device token is not a way around a mute."""
        return self._take(self.ip_devices, peer, now)

    def _take(self, budget: Budget, peer: str | None, now: float) -> bool:
        return peer is None or budget.take(self.ip_hash(address_key(peer)), now)

    def allow_report(self, user: User, peer: str | None) -> bool:
        """Reports per person (user or device) and per address: junk must not bury a real report."""
        now = clock.monotonic()
        return self.user_reports.take(person(user), now) and self._take(self.ip_reports, peer, now)

    def forget_user(self, user: str) -> None:
        self.decided.forget_user(user)
        self.recent.forget_user(user)

    def join_refusal(self, session: Session, peer: str | None, room: str) -> Refused | None:
        user = session.user
        refused = self.decided.entry_refusal(user, room)
        if refused is not None:
            return refused
        if room.startswith("circle:") and user.role not in STAFF:
            # Circles are few and shared by the festival: nobody holds many of them (per session and address).
            c = self.kit.config
            if sum(1 for r in session.rooms if r.startswith("circle:")) >= c.circles_per_session:
                return Refused(FORBIDDEN, "too_many_circles_joined")
            if not self._take(self.ip_circles, peer, clock.monotonic()):
                return Refused(RATE_LIMITED, "rate_limited")
        return None

    def ip_hash(self, peer: str) -> str:
        """A salted hash: bans by address without keeping addresses."""
        return self.kit.address_hash(peer)

    def refuses_entry(self, user_id: str | None, device: Device | None, peer: str, role: str) -> bool:
        """A ban of this person (user or device), or an address ban that catches a new identity.

        Staff (who sign in with a token) are never refused by an address ban: they share networks.
        """
        now = clock.now_ms()
        if self.sanctions.banned_until(user_id, device.id if device else None, now) is not None:
            return True
        if role in STAFF:
            return False
        return self.sanctions.address_refuses(self.ip_hash(peer), device.issued_ms if device else None, now)

    # -- what a text's verdict does ----------------------------------------------------
    def escalate(self, conn: Connection, session: Session, verdict: Verdict) -> Verdict:
        """Harassment and NG words, again and again: warn, then hold for a moderator, then mute, then kick."""
        user = session.user
        step = self.decided.offend(user, verdict, clock.monotonic())
        if step is None:
            return verdict
        now = clock.now_ms()
        self.kit.audit(AuditEvent(now, "system", "system", step, user.id, None, None, verdict.reason,
                                   "escalation", {}))
        if step == "warn":
            self.kit.replies.send(conn, {"t": "notice", "level": "warning", "code": "warned",
                                  "text": text_for("warned_language", conn.lang)})
        elif step == "hold":
            return Verdict("hold", reason="held", rule=verdict.rule)
        elif step == "mute":
            self.tell(ctl.Mute(user.id, now + ESCALATION_MUTE_MS, "system"))
        else:
            self.tell(ctl.Kick(user.id, "system", "escalation"))
        return verdict

    def hold(self, conn: Connection, session: Session, room: str, message_id: str, text: str, verdict: Verdict) -> None:
        """Keep a message back for a moderator; a crisis also gets the sender help at once and raises an alert."""
        now = clock.now_ms()
        category = category_of(verdict)
        alert = Alert(alert_id(now, next(self._alert_count)), category, room, session.user.public(), message_id, text,
                      verdict.rule or "",
                      now, verdict.reason or "held")
        if verdict.reason == "support":
            self.kit.replies.send(conn, {
                "t": "notice", "level": "info", "code": "support", "text": text_for("support", conn.lang),
                "items": support_items(datetime.now(timezone.utc), conn.lang, abuse=category == "abuse"),
            })
        # The words of a cry for help live in the alert (erased after it closes), not in the 180-day trail.
        detail = {"alert": alert.id} if alert.priority else {"excerpt": mask(text)[:200]}
        self.kit.audit(AuditEvent(now, "system", "system", "hold", session.user.id, room, message_id,
                                   verdict.reason, verdict.rule, detail))
        self.kit.spawn(self._raise(alert))

    async def _raise(self, alert: Alert) -> None:
        """Stored first, so that any node can show and decide it (and a moderator who signs in later
        sees it); then told live on the bus."""
        if self.alert_store is not None:
            try:
                await self.alert_store.add(alert)
            except Exception:
                log.exception("hold not stored; sent live only", extra={"alert": alert.id})
        self.tell(ctl.Held(alert.room, alert.message_id, alert.sender, alert.text or "", alert.reason, alert.rule,
                           alert.ts, alert.id, alert.category))

    async def redeliver(self) -> None:
        """After the bus came back: every open priority alert to this node's staff, and every open hold
        to the watchers of its room (consoles drop repeats), so nothing held while the bus was away is
        seen only by those who sign in later."""
        if self.alert_store is None:
            return
        try:
            alerts = await self.alert_store.open()
            holds = await self.alert_store.open_in(list(self.watchers))
        except Exception:
            log.warning("open holds not redelivered", exc_info=True)
            return
        for conn in self.staff():
            for alert in alerts:
                self.kit.replies.send(conn, {"t": "alert", "level": "priority", **alert.view()})
        for hold in holds:
            for conn in self.watchers.get(hold.room, ()):
                self.kit.replies.send(conn, {"t": "held", **hold.held_view()})

    def tell(self, control: ctl.Control) -> None:
        self.kit.bus.publish(CONTROL_KEY, ctl.to_message(control))

    # -- control messages from any node (this one included) --------------------------------------
    def apply(self, control: ctl.Control) -> None:
        handler = getattr(self, f"_apply_{type(control).__name__.lower()}", None)
        if handler is not None:
            handler(control)

    def _apply_held(self, control: ctl.Held) -> None:
        alert = Alert(control.alert or "", control.category or "held", control.room, control.sender, control.id,
                      control.text, control.rule, control.ts, control.reason)
        for conn in self.watchers.get(control.room, ()):
            self.kit.replies.send(conn, {"t": "held", **alert.held_view()})
        if alert.priority:
            for conn in self.staff():
                self.kit.replies.send(conn, {"t": "alert", "level": "priority", **alert.view()})

    def _apply_alertclosed(self, control: ctl.AlertClosed) -> None:
        for conn in self.staff():
            self.kit.replies.send(conn, {"t": "alert.closed", "alert": control.alert, "by": control.by})

    def _apply_mute(self, control: ctl.Mute) -> None:
        if control.device is None and (device := self.sanctions.device_of(control.user)):
            self.tell(ctl.Mute(control.user, control.until_ms, control.by, device))  # every node learns the device
        if control.until_ms:
            self.sanctions.mute(control.user, control.device, control.until_ms)
        else:
            self.sanctions.unmute(control.user)
        code = "muted" if control.until_ms else "unmuted"
        for conn in self._reached(control.user, control.device):
            self.kit.replies.send(conn, {"t": "notice", "level": "warning", "code": code, "text": text_for(code, conn.lang),
                                  "until": control.until_ms})

    def _reached(self, user: str, device: str | None) -> list[Connection]:
        """The first message reaches the user's connections; the one with the device, the same person
        under another user id (a new nickname since), once."""
        if device is None:
            return self.kit.people.connections_of(user)
        return self.kit.people.with_device(device, except_user=user)

    def _apply_slowmode(self, control: ctl.SlowMode) -> None:
        self.decided.set_slow(control.room, control.seconds)

    def _apply_lock(self, control: ctl.Lock) -> None:
        self.decided.set_lock(control.room, control.locked)

    def _apply_ban(self, control: ctl.Ban) -> None:
        if control.ip_hash and control.user:
            self.sanctions.ban_address(control.user, control.ip_hash, control.since_ms, control.until_ms)
        if not control.user or control.ip_hash:
            return
        if control.device is None and (device := self.sanctions.device_of(control.user)):
            self.tell(ctl.Ban(control.user, None, control.until_ms, control.by, control.reason, device,
                              control.since_ms))
        self.sanctions.ban(control.user, control.device, control.until_ms)
        for conn in self._reached(control.user, control.device):
            if control.since_ms:  # asked to stop new identities from the person's address too
                self.tell(ctl.Ban(control.user, self.ip_hash(conn.peer), control.until_ms, control.by,
                                  control.reason, None, control.since_ms))
            conn.close(Close.BANNED, "banned")

    def _apply_unban(self, control: ctl.Unban) -> None:
        self.sanctions.unban(control.user)

    def _apply_warn(self, control: ctl.Warn) -> None:
        for conn in self.kit.people.connections_of(control.user):
            self.kit.replies.send(conn, {"t": "notice", "level": "warning", "code": "warned", "text": control.text})

    def _apply_supportinvite(self, control: ctl.SupportInvite) -> None:
        for conn in self.kit.people.connections_of(control.user):
            self.kit.replies.send(conn, {"t": "notice", "level": "info", "code": "support_invite", "room": control.room,
                                  "from": control.staff, "text": text_for("support_invite", conn.lang)})

    def staff(self) -> list[Connection]:
        return self.kit.people.staff()

    # -- watching rooms (moderator consoles) ---------------------------------------------------------
    async def watch(self, room: str, conn: Connection) -> list[dict[str, Any]]:
        """Start sending `room`'s events and holds to `conn`; the holds waiting in it now, on any node."""
        self.watchers.setdefault(room, set()).add(conn)
        self.kit.subscriptions.watch(room, conn)
        holds = await self.alert_store.open_in([room]) if self.alert_store is not None else []
        return [h.held_view() for h in holds]

    def unwatch(self, room: str, conn: Connection) -> None:
        watching = self.watchers.get(room)
        if watching is not None and conn in watching:
            watching.discard(conn)
            if not watching:
                del self.watchers[room]
            if conn.session is None or room not in conn.session.rooms:
                self.kit.subscriptions.unwatch(room, conn)

    def forget(self, conn: Connection) -> None:
        for room in [r for r, watching in self.watchers.items() if conn in watching]:
            self.unwatch(room, conn)
