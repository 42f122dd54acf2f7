"""Live booths on a node: the booth's state for who enters, Q&A, presenting, announcements, visit counts.

Everything visitors see travels as room events on the bus (`booth.state`,
`qa.line`, `qa.answered`), so every node's visitors see the same booth. Host
presence is not kept anywhere: hosts are members with role `host`, and
presence already tells everyone who is in the room. The waiting line is
published as question ids only: a visitor knows their own id (the `ok` of
`qa.ask`) and finds their place; nobody learns who asked what.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from booths.booth import Booth, openness
from booths.requests import BoothRequest
from rooms.protocol import BAD_REQUEST, FORBIDDEN, NO_SUCH_ROOM
from rooms.refusal import Refused
from rooms.roles import HOST, STAFF, VISITOR
from rooms.room import RoomInfo
from rooms.session import Session

from server import clock
from server.realtime.kit import Kit
from server.store.booths import HOUR_MS, BoothStore

if TYPE_CHECKING:
    from server.realtime.connection import Connection

log = logging.getLogger("tsunagaru.booths")
NOT_FOUND = "not_found"


def slug_of(room: str) -> str | None:
    if not room.startswith("booth:"):
        return None
    return room[len("booth:"):].split("~", 1)[0]


class BoothLive:
    def __init__(self, kit: Kit, store: BoothStore) -> None:
        self.kit = kit
        self.store = store
        self.entered_at: dict[tuple[str, str], int] = {}  # (user id, slug) → ms; only while in the booth
        self.counts: dict[tuple[str, int], list[int]] = {}  # (slug, hour) → [entries, dwell seconds]
        self.host_keys: dict["Connection", set[str]] = {}  # the question feeds a host's connection watches

    # -- lifecycle (the periodic pass is the `booth-visits` job in server/realtime/jobs.py) ----------------
    async def stop(self) -> None:
        await self.flush()

    async def housekeeping(self, now_ms: int) -> None:
        """One pass of the `booth-visits` job: this node's counts to the database, old questions purged."""
        await self.flush()
        await self.store.purge_questions(now_ms, self.kit.config.question_retention_days)

    async def flush(self) -> None:
        counts, self.counts = self.counts, {}
        try:
            await self.store.add_visits({k: (v[0], v[1]) for k, v in counts.items()})
        except Exception:  # kept for the next flush (another node may have created the same hour row first)
            log.warning("visit counts not stored yet", exc_info=True)
            for key, (entries, dwell) in counts.items():
                slot = self.counts.setdefault(key, [0, 0])
                slot[0] += entries
                slot[1] += dwell

    async def refresh_rooms(self) -> int:
        """Every booth in the database is a room `booth:<slug>` on this node."""
        added = 0
        rooms = self.kit.catalogue.rooms
        for b in await self.store.all():
            if b.room not in rooms:
                rooms[b.room] = RoomInfo("booth", b.title, self.kit.config.booth_capacity, 12, 10)
                added += 1
        return added

    # -- visitors entering and leaving -------------------------------------------------------
    async def entering(self, conn: "Connection", session: Session, room: str) -> dict[str, Any] | None:
        """Before a join: let a host watch the question feed, and make the booth's state for the newcomer.

        Done before the room join so that nothing awaits between the join and
        the node's watch of the room (no event may be missed), and so that a
        host watches the feed before anyone can know it is there. The node
        sends the state right after the join's `ok`; `entered` counts it.
        """
        slug = slug_of(room)
        if slug is None:
            return None
        booth = await self.store.get(slug)
        if booth is None:
            return None
        if self.may_host(session, booth):
            key = _host_key(slug)
            self.kit.subscriptions.watch(key, conn)
            self.host_keys.setdefault(conn, set()).add(key)
        return await self._state(booth, room)

    def entered(self, session: Session, room: str) -> bool:
        """A visitor is in: one entry for this hour; the time is kept (in memory) for the dwell count.

        True if that was a booth visit (the caller counts it for the visitor's campaign too)."""
        slug = slug_of(room)
        if slug is not None and session.user.role == VISITOR:
            now = clock.now_ms()
            self.entered_at[(session.user.id, slug)] = now
            self._count(slug, now, entries=1)
            return True
        return False

    def left(self, user_id: str, room: str, conn: "Connection | None" = None) -> None:
        slug = slug_of(room)
        if conn is not None and slug is not None:
            key = _host_key(slug)
            if key in self.host_keys.get(conn, ()):
                self.host_keys[conn].discard(key)
                self.kit.subscriptions.unwatch(key, conn)
        started = self.entered_at.pop((user_id, slug), None) if slug else None
        if slug is not None and started is not None:
            now = clock.now_ms()
            self._count(slug, now, dwell_s=max(0, (now - started) // 1000))

    def forget(self, conn: "Connection") -> None:
        """A connection is gone: it watches no question feed any more."""
        for key in self.host_keys.pop(conn, ()):
            self.kit.subscriptions.unwatch(key, conn)

    def _count(self, slug: str, at_ms: int, entries: int = 0, dwell_s: int = 0) -> None:
        slot = self.counts.setdefault((slug, at_ms - at_ms % HOUR_MS), [0, 0])
        slot[0] += entries
        slot[1] += dwell_s

    async def _state(self, booth: Booth, room: str) -> dict[str, Any]:
        live = await self.store.live(booth.slug)
        waiting = await self.store.waiting(booth.slug)
        now = dt.datetime.now(dt.timezone.utc)
        status = openness(booth, now)
        return {"t": "booth.state", "room": room, "title": booth.title, "title_en": booth.title_en,
                "presenting": live.get("presenting"),
                "announcements": live.get("announcements") or [], "open": status.open,
                "next_open": status.next_open.isoformat() if status.next_open else None,
                "line": [q.id for q in waiting]}

    # -- requests -------------------------------------------------------------------------
    async def handle(self, conn: "Connection", session: Session, req: BoothRequest) -> None:
        slug = slug_of(req.room)
        booth = await self.store.get(slug) if slug else None
        if booth is None:
            self.kit.replies.fail(conn, req.ref, Refused(NO_SUCH_ROOM, "room_unknown"))
            return
        if req.kind == "qa.ask":
            await self._ask(conn, session, booth, req)
            return
        if not self.may_host(session, booth):
            self.kit.replies.fail(conn, req.ref, Refused(FORBIDDEN, "host_only"))
            return
        if req.kind == "qa.queue":
            waiting = await self.store.waiting(booth.slug)
            self.kit.replies.ok(conn, req.ref, {"room": req.room, "questions": [q.for_host() for q in waiting]})
        elif req.kind in ("qa.answer", "qa.dismiss"):
            await self._close(conn, session, booth, req)
        elif req.kind == "booth.present":
            if req.id is not None and req.id not in {item["id"] for item in booth.items}:
                self.kit.replies.fail(conn, req.ref, Refused(BAD_REQUEST, "bad_field"))
                return
            live = await self.store.set_presenting(booth.slug, req.id)
            self._publish_state(req.room, booth, live)
            self.kit.replies.ok(conn, req.ref, {"presenting": req.id})
        elif req.kind == "booth.announce":
            message_id = self.kit.room_requests.new_message_id()
            text = self.kit.room_requests.screen(conn, session, req.room, req.text, req.ref, message_id)
            if text is None:
                return
            live = await self.store.announce(booth.slug, text, clock.now_ms())
            self._publish_state(req.room, booth, live)
            self.kit.replies.ok(conn, req.ref, {})

    def may_host(self, session: Session, booth: Booth) -> bool:
        """Staff, or a host of the organisation the booth belongs to."""
        user = session.user
        return user.role in STAFF or (user.role == HOST and user.organization == booth.organization_id)

    async def _ask(self, conn: "Connection", session: Session, booth: Booth, req: BoothRequest) -> None:
        question_id = self.kit.room_requests.new_message_id()
        text = self.kit.room_requests.screen(conn, session, req.room, req.text, req.ref, question_id)
        if text is None:
            return
        q = await self.store.ask(booth.slug, session.user.id, text, clock.now_ms())
        waiting = await self.store.waiting(booth.slug)
        line = [w.id for w in waiting]
        self.kit.replies.ok(conn, req.ref, {"id": q.id, "place": line.index(q.id) + 1 if q.id in line else None})
        self._publish(req.room, {"t": "qa.line", "room": req.room, "line": line})
        self._publish(_host_key(booth.slug), {"t": "qa.asked", "room": req.room, "question": q.for_host()})

    async def _close(self, conn: "Connection", session: Session, booth: Booth, req: BoothRequest) -> None:
        answer = None
        if req.kind == "qa.answer" and req.text is not None:
            message_id = self.kit.room_requests.new_message_id()
            answer = self.kit.room_requests.screen(conn, session, req.room, req.text, req.ref, message_id)
            if answer is None:
                return
        status = "dismissed" if req.kind == "qa.dismiss" else "answered"
        assert req.id is not None
        q = await self.store.close(booth.slug, req.id, status, answer, clock.now_ms())
        if q is None:
            self.kit.replies.fail(conn, req.ref, Refused(NOT_FOUND, "question_unknown"))
            return
        self.kit.replies.ok(conn, req.ref, {"id": q.id, "status": q.status})
        if answer is not None:
            self._publish(req.room, {"t": "qa.answered", "room": req.room, "id": q.id, "question": q.text,
                                     "answer": answer, "by": session.user.public()})
        waiting = await self.store.waiting(booth.slug)
        self._publish(req.room, {"t": "qa.line", "room": req.room, "line": [w.id for w in waiting]})

    def _publish_state(self, room: str, booth: Booth, live: dict[str, Any]) -> None:
        self._publish(room, {"t": "booth.state", "room": room, "title": booth.title, "title_en": booth.title_en,
                             "presenting": live.get("presenting"), "announcements": live.get("announcements") or []})

    def _publish(self, key: str, event: dict[str, Any]) -> None:
        self.kit.bus.publish(key, event)


def _host_key(slug: str) -> str:
    """The bus key hosts of a booth watch for new questions (visitors never see the queue)."""
    return f"booth:{slug}#hosts"
