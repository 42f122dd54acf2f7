"""Sessions: who a connection is, and how long it may come back (resume).

A session outlives its connection by a grace period (60 s by default): a phone
that drops off the train Wi-Fi stays in its rooms and resumes where it was.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field


@dataclass(slots=True)
class User:
    id: str
    nick: str
    role: str
    age_band: str | None = None
    lang: str = "ja"
    organization: str | None = None  # a host's organisation (the booths it may host); never shown
    device: str | None = None  # the device id sanctions follow (`moderation.devices`); never shown
    avatar: str | None = None  # `rooms.looks.AVATARS`, shown in `members` and `presence`

    def public(self) -> dict[str, str]:
        return {"id": self.id, "nick": self.nick, "role": self.role}


@dataclass(slots=True)
class Session:
    id: str
    user: User
    rooms: set[str] = field(default_factory=set)
    detached_at_ms: int | None = None  # None while a connection holds it
    ignoring: set[str] | None = None  # members this visitor muted for themselves (made on first use)


def new_id(prefix: str) -> str:
    """An unguessable id; session ids are bearer secrets for resume."""
    return f"{prefix}{secrets.token_urlsafe(12)}"


@dataclass
class Sessions:
    grace_ms: int = 60_000
    by_id: dict[str, Session] = field(default_factory=dict)

    def open(self, user: User) -> Session:
        session = Session(new_id("s_"), user)
        self.by_id[session.id] = session
        return session

    def resumable(self, session_id: object, now_ms: int) -> Session | None:
        """The session to resume, if it exists and its grace period has not passed."""
        if not isinstance(session_id, str):
            return None
        session = self.by_id.get(session_id)
        if session is None:
            return None
        if session.detached_at_ms is not None and now_ms - session.detached_at_ms > self.grace_ms:
            return None
        return session

    def detach(self, session: Session, now_ms: int) -> None:
        session.detached_at_ms = now_ms

    def attach(self, session: Session) -> None:
        session.detached_at_ms = None

    def end(self, session: Session) -> None:
        self.by_id.pop(session.id, None)

    def expired(self, now_ms: int) -> list[Session]:
        """Detached sessions whose grace period is over; the caller ends them."""
        return [
            s for s in self.by_id.values()
            if s.detached_at_ms is not None and now_ms - s.detached_at_ms > self.grace_ms
        ]
