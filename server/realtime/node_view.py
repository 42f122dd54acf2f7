"""What the node's own request handlers (`greeting`, `room_requests`) and its job tables see of it.

A Protocol, so those modules name what they use without importing `server.realtime.node` (which
builds them): the node is one, and no two modules import each other, not even for types.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from moderation.audit import AuditEvent
from moderation.pipeline import Pipeline
from rooms.session import Session, Sessions

from server.cluster.state import RoomState
from server.realtime.campaigns import Campaigns
from server.config import Config
from server.metrics import Metrics
from server.realtime.connection import Connection
from server.realtime.fanout import Fanout
from server.realtime.people import People
from server.realtime.replies import Replies
from server.realtime.subscriptions import Subscriptions
from server.tokens import Tokens

if TYPE_CHECKING:
    from rooms.bus import Bus

    from server.realtime.booth_live import BoothLive
    from server.realtime.handoffs import Handoffs
    from server.realtime.meetings import PinnedMeetings
    from server.realtime.moderating import Moderating


class NodeView(Protocol):
    id: str
    config: Config
    state: RoomState
    bus: "Bus"
    sessions: Sessions
    fanout: Fanout
    people: People
    connections: set[Connection]
    replies: Replies
    subscriptions: Subscriptions
    moderating: "Moderating"
    pipeline: Pipeline
    tokens: Tokens
    metrics: Metrics
    booths: "BoothLive | None"
    handoffs: "Handoffs | None"
    meetings: "PinnedMeetings | None"
    campaigns: Campaigns

    def hold(self, conn: Connection, session: Session) -> None: ...

    async def save(self, session: Session) -> None: ...

    async def sweep_sessions(self) -> None: ...

    def audit(self, event: AuditEvent) -> None: ...

    def spawn(self, coro: Any) -> None: ...
