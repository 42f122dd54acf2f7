"""What moderators and the escalation have decided on this node, and the checks that follow from
it, without I/O: who may speak where (mutes, slow mode, a person's own pace), which rooms are
locked, and the escalation of repeated harassment. `server.realtime.moderating` feeds it the
control messages from the bus and carries out what it answers (notices, closes, holds).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rooms.protocol import BLOCKED, FORBIDDEN, RATE_LIMITED
from rooms.refusal import Refused
from rooms.session import User

from .ngwords import Escalation
from .pipeline import Verdict
from .policy import STAFF, may_enter
from .ratelimit import TokenBucket
from .sanctions import Sanctions

AUTO_MUTE_MS = 60_000  # a person still flooding after being told
ESCALATION_MUTE_MS = 10 * 60_000
# Repeated harassment or NG words by one person within 10 minutes: warned, then held for a moderator, then muted.
ESCALATION_STEPS = ("warn", "hold", "mute", "mute", "kick")


def is_offence(verdict: Verdict) -> bool:
    """Harassment and NG words escalate; a crisis, personal data or a sexual approach does not."""
    rule = verdict.rule or ""
    return verdict.action == "block" and (rule == "ngword" or rule.startswith(("ngword", "harassment:")))


def person(user: User) -> str:
    """The key a person's record is kept under: the device when known (a new nickname changes nothing)."""
    return f"d:{user.device}" if user.device else f"u:{user.id}"


@dataclass
class ModerationState:
    says_per_s: float
    says_burst: int
    sanctions: Sanctions = field(default_factory=Sanctions)
    slow: dict[str, int] = field(default_factory=dict)  # room -> seconds
    last_said: dict[tuple[str, str], int] = field(default_factory=dict)  # (user, room) -> ms, in slow rooms
    locked: set[str] = field(default_factory=set)
    escalation: Escalation = field(default_factory=lambda: Escalation(steps=ESCALATION_STEPS))
    user_says: dict[str, TokenBucket] = field(default_factory=dict)

    def say_refusal(self, user: User, room: str, now_ms: int) -> Refused | None:
        """A person's own pace, then a mute, then the room's slow mode (staff are exempt from it)."""
        bucket = self.user_says.get(user.id)
        if bucket is None:
            bucket = self.user_says[user.id] = TokenBucket(self.says_per_s, self.says_burst)
        if not bucket.take(now_ms / 1000):
            return Refused(RATE_LIMITED, "rate_limited")
        if self.sanctions.muted_until(user.id, user.device, now_ms) is not None:
            return Refused(BLOCKED, "muted")
        seconds = self.slow.get(room)
        if seconds and user.role not in STAFF:
            last = self.last_said.get((user.id, room), 0)
            if now_ms - last < seconds * 1000:
                return Refused(RATE_LIMITED, "slow_mode")
            self.last_said[(user.id, room)] = now_ms
        return None

    def entry_refusal(self, user: User, room: str) -> Refused | None:
        """Rooms closed to this person: someone else's support room, a locked room (staff pass)."""
        if not may_enter(room, user.id, user.role):
            return Refused(FORBIDDEN, "support_private")
        if room in self.locked and user.role not in STAFF:
            return Refused(FORBIDDEN, "room_locked")
        return None

    def is_muted(self, user: User, now_ms: int) -> bool:
        return self.sanctions.muted_until(user.id, user.device, now_ms) is not None

    def offend(self, user: User, verdict: Verdict, now: float) -> str | None:
        """The escalation step an offence brings (warn, hold, mute, kick), None for anything else."""
        if not is_offence(verdict):
            return None
        return self.escalation.offend(person(user), now)

    def set_slow(self, room: str, seconds: int) -> None:
        if seconds:
            self.slow[room] = seconds
        else:
            self.slow.pop(room, None)

    def set_lock(self, room: str, locked: bool) -> None:
        (self.locked.add if locked else self.locked.discard)(room)

    def forget_user(self, user: str) -> None:
        self.user_says.pop(user, None)
