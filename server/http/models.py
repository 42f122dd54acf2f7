"""Request and response bodies of the HTTP API outside the directory, as msgspec types.

Request models are what `server.http.bodies.read_body` decodes and validates; response models
describe what the handlers answer (they build plain dicts and encode them with orjson; the
models are the documented shape that the fuzzer in tests/unit/test_openapi.py holds them to).
The handoff's visitor bodies are checked by `booths.handoff_input` (the same rules serve `/ws`),
so their models here describe them; they do not restate those checks.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from booths.funnel import GROUPS
from booths.handoff_input import AGE_BANDS
from booths.hsds import BOOTH_SLUG
from booths.referral import CONTACT_CHANNELS, MODES
from moderation.audit import ACTIONS, TARGET_KIND_NAMES

from server.http.models_directory import Code, DateTime, Schedule
from booths.tickets import FOLLOW_UP_ANSWERS
from server.store.audit import MAX_LIMIT

HANDOFF_CODE = "^[2-9A-HJ-NP-Za-hj-np-z]{4}-?[2-9A-HJ-NP-Za-hj-np-z]{4}(-?[2-9A-HJ-NP-Za-hj-np-z]{4})?$"  # 12 (8 before issue 12)
Flag = Literal["true", "false"]


def _d(kind: Any, description: str, **meta: Any) -> Any:
    return Annotated[kind, Meta(description=description, **meta)]


# -- meta ------------------------------------------------------------------------------------------------------
class Health(Struct):
    status: str


class Readiness(Struct, kw_only=True):
    ready: bool
    draining: bool
    bus: bool | UnsetType = UNSET
    database: bool | UnsetType = UNSET


class Ok(Struct, kw_only=True):
    ok: bool | UnsetType = UNSET


# -- auth ------------------------------------------------------------------------------------------------------
class Login(Struct):
    username: str
    password: Annotated[str, Meta(extra_json_schema={"format": "password"})]


class LoggedIn(Struct, kw_only=True):
    token: str
    expires_ms: int
    user_id: str
    role: str
    organization_id: str | None | UnsetType = UNSET


# -- moderation ------------------------------------------------------------------------------------------------
class ModerationAction(Struct):
    """Exactly the `mod.*` message sent on /ws (other fields as that message has them)"""

    t: Annotated[str, Meta(pattern=r"^mod\.", examples=["mod.mute"])]


class ActionDone(Struct):
    ok: _d(dict[str, Any], "The reply /ws would give")  # type: ignore[valid-type]


class RoomCount(Struct):
    room: str
    title: str
    kind: str
    members: int
    locked: bool = False  # closed to visitors by a moderator (staff still enter)


class RoomList(Struct):
    rooms: list[RoomCount]


class AuditQuery(Struct, kw_only=True):
    action: _d(Literal[ACTIONS], "Only this action.") | UnsetType = UNSET  # type: ignore[valid-type]
    room: _d(str, "Only this room.") | UnsetType = UNSET  # type: ignore[valid-type]
    actor: _d(str, "Only this actor's user id.") | UnsetType = UNSET  # type: ignore[valid-type]
    target_user: _d(str, "Only actions on this user id.") | UnsetType = UNSET  # type: ignore[valid-type]
    since: _d(Annotated[int, Meta(ge=0)], "From this time (Unix ms).") | UnsetType = UNSET  # type: ignore[valid-type]
    until: _d(Annotated[int, Meta(ge=0)], "Before this time (Unix ms).") | UnsetType = UNSET  # type: ignore[valid-type]
    limit: _d(Annotated[int, Meta(ge=0, le=MAX_LIMIT)], "At most this many events.") = 100  # type: ignore[valid-type]
    offset: _d(Annotated[int, Meta(ge=0)], "Skip this many events.") = 0  # type: ignore[valid-type]


class AuditEvent(Struct):
    at_ms: int
    actor: str
    actor_role: str
    action: Literal[ACTIONS]  # type: ignore[valid-type]
    target_user: str | None
    room: str | None
    message_id: str | None
    reason: str | None
    rule: str | None
    detail: dict[str, Any]
    actor_name: _d(str, "A staff actor's account name; null for anyone else") | None = None  # type: ignore[valid-type]
    target_kind: _d(Literal[TARGET_KIND_NAMES],  # type: ignore[valid-type]
                    "What `target_user` names: a person, or a record of that kind") = "person"


class AuditPage(Struct):
    items: list[AuditEvent]
    limit: Annotated[int, Meta(ge=0, le=MAX_LIMIT)]
    offset: Annotated[int, Meta(ge=0)]


# -- booths ----------------------------------------------------------------------------------------------------
class Booth(Struct, kw_only=True):
    slug: Annotated[str, Meta(pattern=BOOTH_SLUG.pattern)]
    room: str
    organization_id: str
    title: str  # Japanese, what clients show by default
    title_en: str | UnsetType = UNSET  # English ("" if none), shown when English is chosen: one language at a time
    description: str | UnsetType = UNSET
    items: list[dict[str, Any]] | UnsetType = UNSET
    service_ids: list[str] | UnsetType = UNSET
    live_sessions: list[Schedule] | UnsetType = UNSET
    open_hours: list[Schedule] | UnsetType = UNSET


class BoothStatus(Booth, kw_only=True):
    """The booth, its live state and whether it is open"""

    live: dict[str, Any]
    open: bool
    next_open: DateTime | None


class BoothSummary(Struct):
    slug: str
    room: str
    title: str
    organization_id: str
    open: bool
    next_open: DateTime | None
    title_en: str = ""  # the title in English, "" if the host wrote none


class BoothList(Struct):
    booths: list[BoothSummary]


class Question(Struct):
    id: str
    text: str
    status: str
    answer: str | None
    ts: int


class Questions(Struct):
    questions: list[Question]


class VisitsQuery(Struct, kw_only=True):
    since_ms: _d(int, "Only hours from this time (Unix ms).") = 0  # type: ignore[valid-type]


class VisitHour(Struct):
    hour_ms: int
    entries: int
    dwell_s: int


class Visits(Struct):
    booth: str
    hours: list[VisitHour]


# -- handoff ---------------------------------------------------------------------------------------------------
Terms = Annotated[list[str], Meta(max_length=20)]


class FreeSlot(Struct):
    days: list[Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]]
    start: Annotated[str, Meta(examples=["13:00"])]
    end: Annotated[str, Meta(examples=["17:00"])]


class Profile(Struct, kw_only=True):
    concerns: _d(Terms, "concern codes, e.g. school") | UnsetType = UNSET  # type: ignore[valid-type]
    interests: _d(Terms, "interest codes, e.g. music") | UnsetType = UNSET  # type: ignore[valid-type]
    age: Annotated[int, Meta(ge=0, le=120)] | UnsetType = UNSET
    age_band: Literal[AGE_BANDS] | UnsetType = UNSET  # type: ignore[valid-type]
    municipality: Code | UnsetType = UNSET
    free: Annotated[list[FreeSlot], Meta(max_length=14)] | UnsetType = UNSET
    languages: list[str] | UnsetType = UNSET
    anonymous_first: bool | UnsetType = UNSET
    free_of_charge: bool | UnsetType = UNSET
    online_first: bool | UnsetType = UNSET
    wants_company: bool | UnsetType = UNSET
    crisis: bool | UnsetType = UNSET


class Match(Struct, kw_only=True):
    service_id: str
    name: str
    explanation: Annotated[str, Meta(examples=["土曜の午後・川越市内・無料"])]
    next_step: Literal["walk_in", "chat_first", "book", "call"]
    organization_id: str | UnsetType = UNSET
    organization: str | UnsetType = UNSET
    next_step_text: str | UnsetType = UNSET
    next_time: DateTime | None | UnsetType = UNSET
    distance_km: float | None | UnsetType = UNSET
    hours_known: bool | UnsetType = UNSET
    waiting_list: bool | UnsetType = UNSET
    reasons: list[str] | UnsetType = UNSET


class Matches(Struct, kw_only=True):
    results: list[Match] | UnsetType = UNSET
    crisis: bool | UnsetType = UNSET


class Contact(Struct, kw_only=True):
    channel: Literal[CONTACT_CHANNELS] | UnsetType = UNSET  # type: ignore[valid-type]
    value: str | UnsetType = UNSET


class Consent(Struct, kw_only=True):
    nickname: str | UnsetType = UNSET
    contact: Contact | UnsetType = UNSET


class Start(Struct, kw_only=True):
    service_id: str
    mode: Literal[MODES] | UnsetType = UNSET  # type: ignore[valid-type]
    age: int | UnsetType = UNSET
    age_band: str | UnsetType = UNSET
    municipality: Code | UnsetType = UNSET
    guardian_consent: bool | UnsetType = UNSET
    device: _d(str, "`welcome.device` from /ws: one live ticket per device and service "  # type: ignore[valid-type]
                    "(409 `already_holding`)") | UnsetType = UNSET
    consent: Consent | UnsetType = UNSET
    campaign: _d(str, "The entry URL's campaign code (`/?c=`): counted for that code if the secretariat "  # type: ignore[valid-type]
                      "registered it, never stored with the handoff") | UnsetType = UNSET


class Ticket(Struct, kw_only=True):
    code: Annotated[str, Meta(examples=["ABCD-EFGH-JKMN"])] | UnsetType = UNSET
    mode: str | UnsetType = UNSET
    service_id: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    reason: str | None | UnsetType = UNSET
    proposed_ms: int | None | UnsetType = UNSET
    follow_up: str | None | UnsetType = UNSET
    follow_up_due: bool | UnsetType = UNSET
    alternatives: list[Match] | UnsetType = UNSET


class InfoOnly(Struct, kw_only=True):
    """Information only: counted, nothing kept"""

    mode: str | UnsetType = UNSET
    service_id: str | UnsetType = UNSET


class HostView(Struct, kw_only=True):
    id: str | UnsetType = UNSET
    code: str | UnsetType = UNSET
    mode: str | UnsetType = UNSET
    service_id: str | UnsetType = UNSET
    service_name: _d(str, "The activity the ticket is for; null if it was removed") | None | UnsetType = (  # type: ignore[valid-type]
        UNSET)
    status: str | UnsetType = UNSET
    shared: dict[str, Any] | None | UnsetType = UNSET


class Inbox(Struct, kw_only=True):
    organization_id: str | UnsetType = UNSET
    handoffs: list[HostView] | UnsetType = UNSET


class InboxQuery(Struct, kw_only=True):
    organization: _d(str, "For admins: whose inbox.") | UnsetType = UNSET  # type: ignore[valid-type]
    all: _d(Flag, "Closed ones too.") | UnsetType = UNSET  # type: ignore[valid-type]


class FunnelQuery(Struct, kw_only=True):
    group: _d(Literal[GROUPS], "Rows by") | UnsetType = UNSET  # type: ignore[valid-type]
    month: _d(str, "One month (JST)", pattern="^[0-9]{4}-[0-9]{2}$") | UnsetType = UNSET  # type: ignore[valid-type]
    format: _d(Literal["json", "csv"], "csv for a download") | UnsetType = UNSET  # type: ignore[valid-type]


class Funnel(Struct, kw_only=True):
    rows: list[dict[str, Any]] | UnsetType = UNSET


class Redeem(Struct):
    code: str


class HostAnswer(Struct, kw_only=True):
    reason: Annotated[str, Meta(max_length=200)] | None = None
    proposed: DateTime | None = None


class HostActionPath(Struct):
    id: _d(str, "Handoff id", pattern="^[A-Za-z0-9_-]{1,24}$")  # type: ignore[valid-type]
    action: _d(str, "What to do",  # type: ignore[valid-type]
               pattern="^(accept|propose|decline|hold|resume|complete|fail|cancel)$")


class CodePath(Struct):
    code: _d(str, "The handoff code on the visitor's ticket.", pattern=HANDOFF_CODE)  # type: ignore[valid-type]


class VisitorActionPath(CodePath):
    action: _d(str, "What to do", pattern="^(cancel|withdraw|follow-up)$")  # type: ignore[valid-type]


class FollowUp(Struct, kw_only=True):
    answer: Literal[FOLLOW_UP_ANSWERS] | UnsetType = UNSET  # type: ignore[valid-type]
