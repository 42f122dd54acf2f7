"""Every table the server keeps, in one MetaData that Alembic migrations follow.

The directory is stored as HSDS documents (JSON) plus the columns searches
filter on: the documents keep HSDS field names whole, and the columns keep
queries on SQLite and PostgreSQL simple and indexed.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

audit_events = Table(
    "audit_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("action", String(16), nullable=False),
    Column("target_user", String(64)),
    Column("room", String(64)),
    Column("message_id", String(64)),
    Column("reason", String(200)),
    Column("rule", String(64)),
    Column("detail", JSON, nullable=False),
    Index("ix_audit_at", "at_ms"), Index("ix_audit_action", "action"), Index("ix_audit_room", "room"),
    Index("ix_audit_target", "target_user"),
)

# Every held message, until a moderator decides on it; the crisis, abuse and safety ones are priority alerts.
alerts = Table(
    "alerts", metadata,
    Column("id", String(24), primary_key=True),
    Column("category", String(16), nullable=False),
    Column("room", String(64), nullable=False),
    Column("sender", JSON, nullable=False),
    Column("message_id", String(64), nullable=False),
    Column("text", Text),  # erased SENSITIVE_RETENTION_H after the alert is closed
    Column("rule", String(64), nullable=False),
    Column("ts", BigInteger, nullable=False),
    Column("closed_ms", BigInteger),
    Column("closed_by", String(64)),
    Column("note", String(200)),
    Column("reason", String(32)),  # why it was held (a key in server/texts.py)
    Column("decided_ms", BigInteger),  # the message released or dropped (a priority alert stays open until acked)
    Index("ix_alerts_open", "closed_ms", "ts"), Index("ix_alerts_message", "message_id"),
    Index("ix_alerts_room_waiting", "room", "decided_ms"),
)

taxonomy = Table(
    "taxonomy", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("x_name_en", String(200), nullable=False),
    Column("description", Text, nullable=False),
)

taxonomy_term = Table(
    "taxonomy_term", metadata,
    Column("id", String(64), primary_key=True),
    Column("taxonomy_id", String(64), ForeignKey("taxonomy.id"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("x_name_en", String(200), nullable=False),
    Column("x_min_age", Integer), Column("x_max_age", Integer),
)

organization = Table(
    "organization", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("x_member_category", String(32), nullable=False),
    Column("x_municipality_code", String(6)),
    Column("doc", JSON, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Index("ix_org_municipality", "x_municipality_code"),
)

location = Table(
    "location", metadata,
    Column("id", String(64), primary_key=True),
    Column("organization_id", String(64), ForeignKey("organization.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("location_type", String(16), nullable=False),
    Column("latitude", Float), Column("longitude", Float),  # public point only (see booths.hsds)
    Column("x_coordinate_precision", String(16), nullable=False),
    Column("x_municipality_code", String(6)),
    Column("doc", JSON, nullable=False),
    Index("ix_location_org", "organization_id"),
)

service = Table(
    "service", metadata,
    Column("id", String(64), primary_key=True),
    Column("organization_id", String(64), ForeignKey("organization.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("status", String(32), nullable=False),
    Column("x_kind", String(32)),
    Column("minimum_age", Integer), Column("maximum_age", Integer),
    Column("x_virtual", Boolean, nullable=False),
    Column("x_municipality_code", String(6)),
    Column("latitude", Float), Column("longitude", Float),  # public point of its first physical place
    Column("search_text", Text, nullable=False),  # folded (width, kana) for free-text search
    Column("doc", JSON, nullable=False),
    Column("confirmed_ms", BigInteger),  # last confirmed by a host of its organisation; NULL: never (issue 15)
    Index("ix_service_org", "organization_id"), Index("ix_service_municipality", "x_municipality_code"),
    Index("ix_service_confirmed", "confirmed_ms"),
)

# One row per directory import, file or upload (issue 15): the secretariat's directory health panel.
import_report = Table(
    "import_report", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),  # the admin's user id, or "cli"
    Column("kind", String(16), nullable=False),  # hsds | ods-facility | ods-event
    Column("organizations", Integer, nullable=False),
    Column("services", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),  # rows or documents left out
    Column("committed", Boolean, nullable=False),
    Column("refused", String(32)),  # the code when the file as a whole was refused
    Index("ix_import_report_at", "at_ms"),
)

service_term = Table(
    "service_term", metadata,
    Column("service_id", String(64), ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", String(64), primary_key=True),
    Index("ix_service_term_term", "term_id"),
)

service_area = Table(
    "service_area", metadata,
    Column("service_id", String(64), ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", String(6), primary_key=True),
)

booth = Table(
    "booth", metadata,
    Column("slug", String(40), primary_key=True),
    Column("organization_id", String(64), nullable=False),
    Column("doc", JSON, nullable=False),  # booths.booth.Booth content
    Column("live", JSON, nullable=False),  # {"presenting": item id or null, "announcements": [...]}
    Column("updated_ms", BigInteger, nullable=False),
    Index("ix_booth_org", "organization_id"),
)

booth_question = Table(
    "booth_question", metadata,
    Column("id", String(24), primary_key=True),
    Column("booth", String(40), nullable=False),
    Column("asker", String(64), nullable=False),  # pseudonymous session user id, kept as evidence until purged
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False),  # waiting, answered, dismissed
    Column("answer", Text),
    Column("created_ms", BigInteger, nullable=False),
    Column("closed_ms", BigInteger),
    Index("ix_question_booth", "booth", "status", "created_ms"),
)

booth_visit = Table(
    "booth_visit", metadata,
    Column("booth", String(40), primary_key=True),
    Column("hour_ms", BigInteger, primary_key=True),  # start of the hour (UTC ms)
    Column("entries", Integer, nullable=False),
    Column("dwell_s", BigInteger, nullable=False),  # total seconds spent by those who left within the hour
)

# Staff accounts (issue 4); visitors stay anonymous and have no row here.
account = Table(
    "account", metadata,
    Column("id", String(64), primary_key=True),  # "u_<12 hex>"
    Column("username", String(64), nullable=False),  # NFKC-normalised and case-folded
    Column("role", String(16), nullable=False),  # admin | moderator | host
    Column("organization_id", String(64)),  # set for hosts only
    Column("password_hash", String(255), nullable=False),  # "scrypt$n$r$p$salt$hash"
    Column("created_ms", BigInteger, nullable=False),
    Column("disabled", Boolean, nullable=False),
    UniqueConstraint("username", name="uq_account_username"),
)

auth_token = Table(
    "auth_token", metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 hex; the token itself is never stored
    Column("account_id", String(64), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger),
    Index("ix_auth_token_account", "account_id"),
)

handoff = Table(
    "handoff", metadata,
    Column("id", String(24), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),  # what the visitor shows on arrival (12; 8 before)
    Column("mode", String(16), nullable=False),  # self_connect, live_referral (info leaves no row)
    Column("service_id", String(64), nullable=False),
    Column("organization_id", String(64), nullable=False),
    Column("municipality_code", String(6)),  # the visitor's, for the funnel; never an address
    Column("age_band", String(8)),
    Column("status", String(16), nullable=False),
    Column("reason", String(200)),
    Column("proposed_ms", BigInteger),  # a time the organisation proposed, or the event's date
    Column("holds_seat", Boolean, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("responded_ms", BigInteger),  # first answer from the organisation
    Column("closed_ms", BigInteger),
    Column("follow_up", String(16)),  # the visitor's answer: went, not_yet, not_going
    Column("holder", String(24)),  # a hash of the device that asked (one live ticket per device and service)
    Index("ix_handoff_org", "organization_id", "status"),
    Index("ix_handoff_holder", "service_id", "holder"),
    Index("ix_handoff_service", "service_id"),
)

handoff_contact = Table(
    "handoff_contact", metadata,  # only for live referrals; purged on withdrawal and after closure + retention
    Column("handoff_id", String(24), primary_key=True),
    Column("shared", JSON, nullable=False),  # {"nickname": "...", "contact": {"channel": "...", "value": "..."}}
    Column("guardian_consent", Boolean, nullable=False),
    Column("consented_ms", BigInteger, nullable=False),
)

handoff_event = Table(
    "handoff_event", metadata,  # append-only
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handoff_id", String(24), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", String(200)),
    Column("detail", JSON, nullable=False),
    Index("ix_handoff_event", "handoff_id", "id"),
)

handoff_count = Table(
    "handoff_count", metadata,  # "information only" handoffs: a count, no person
    Column("service_id", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("count", Integer, nullable=False),
)

# NPO–company matching (issue 16): members' needs and offers (booths/matching_listing.py) ...
match_listing = Table(
    "match_listing", metadata,
    Column("id", String(24), primary_key=True),
    Column("organization_id", String(64), nullable=False),
    Column("side", String(8), nullable=False),  # need | offer
    Column("kind", String(16), nullable=False),
    Column("status", String(8), nullable=False),  # open | closed
    Column("doc", JSON, nullable=False),  # booths.matching_listing.ListingInput as JSON
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Index("ix_match_listing_side", "side", "status"), Index("ix_match_listing_org", "organization_id"),
)

# ... introductions between a need and an offer (booths/introductions.py) ...
introduction = Table(
    "introduction", metadata,
    Column("id", String(24), primary_key=True),
    Column("need_id", String(24), nullable=False),
    Column("offer_id", String(24), nullable=False),
    Column("asker", String(64), nullable=False),  # organisation ids
    Column("answerer", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(200)),
    Column("message", String(1000), nullable=False),  # the asker's note to the other side (screened)
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("nudged_ms", BigInteger),  # the secretariat's last nudge
    Index("ix_introduction_status", "status", "updated_ms"), Index("ix_introduction_pair", "need_id", "offer_id"),
)

# ... each side's contact person, shown to the other side once both accepted, deleted on decline or cancel ...
introduction_contact = Table(
    "introduction_contact", metadata,
    Column("introduction_id", String(24), primary_key=True),
    Column("organization_id", String(64), primary_key=True),
    Column("contact", JSON, nullable=False),  # {"name", "email", "phone"}
)

# ... and every step, append-only.
introduction_event = Table(
    "introduction_event", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("introduction_id", String(24), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("actor_part", String(16), nullable=False),  # asker | answerer | secretariat
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", String(200)),
    Column("detail", JSON, nullable=False),
    Index("ix_introduction_event", "introduction_id", "id"),
)

service_seat = Table(
    "service_seat", metadata,  # seats of a capacity-limited service, taken by handoffs atomically
    Column("service_id", String(64), primary_key=True),
    Column("seats", Integer, nullable=False),
    Column("taken", Integer, nullable=False),
)

# A membership application (issue 15): a pending organisation that nothing public reads. `doc` is the
# public part it becomes on approval; `contact` the contact person, erased CONTACT_RETENTION_DAYS after
# the decision (server/store/members.py).
member_application = Table(
    "member_application", metadata,
    Column("id", String(24), primary_key=True),
    Column("status", String(24), nullable=False),  # pending changes_requested declined approved
    Column("organization_id", String(64), nullable=False),  # the id it has in the directory once approved
    Column("doc", JSON, nullable=False),
    Column("contact", JSON),
    Column("note", String(500)),  # the secretariat's note (changes) or reason (decline)
    Column("created_ms", BigInteger, nullable=False),
    Column("decided_ms", BigInteger),
    Column("key_hash", String(64)),  # the applicant's secret key (sha256): reads the answer, resubmits
    Index("ix_application_status", "status", "created_ms"),
)

# One-time sign-in codes: the first sign-in of an account made by the secretariat (kept as sha256).
sign_in_code = Table(
    "sign_in_code", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("used_ms", BigInteger),
    Index("ix_sign_in_code_account", "account_id"),
)

# Members' meetings (issue 15, booths/meetings.py): held in a staff-only room; `groups` is the number of
# breakout groups open now (0: everyone in the meeting room).
meeting = Table(
    "meeting", metadata,
    Column("id", String(24), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("agenda", Text, nullable=False),
    Column("starts_ms", BigInteger, nullable=False),
    Column("ends_ms", BigInteger, nullable=False),
    Column("room", String(48), nullable=False),
    Column("video_url", String(500)),  # https only; the server runs no video
    Column("links", JSON, nullable=False),  # [{title, url}], pinned with the agenda
    Column("groups", Integer, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Index("ix_meeting_ends", "ends_ms"), Index("ix_meeting_room", "room", "ends_ms"),
)

# The secretariat's notice board: announcements to members, shown in the host console.
member_notice = Table(
    "member_notice", metadata,
    Column("id", String(24), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("body", Text, nullable=False),
    Column("posted_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Index("ix_member_notice_posted", "posted_ms"),
)

# Good-practice cases (issue 16): the current version of each, for listing and search ...
good_case = Table(
    "good_case", metadata,
    Column("id", String(24), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # draft | submitted | published
    Column("doc", JSON, nullable=False),  # booths.cases.CaseInput as JSON
    Column("updated_ms", BigInteger, nullable=False),
    Index("ix_good_case_status", "status", "updated_ms"),
)

# ... and every version ever written, append-only: who changed what, when.
good_case_version = Table(
    "good_case_version", metadata,
    Column("case_id", String(24), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("doc", JSON, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("note", String(1000)),  # the secretariat's note with a status change (sending back: what to fix)
)

# Indicators against targets (issue 15): one target per measure (booths/indicators.py) ...
indicator_target = Table(
    "indicator_target", metadata,
    Column("measure", String(32), primary_key=True),
    Column("value", Float, nullable=False),
    Column("deadline", String(10), nullable=False),  # YYYY-MM-DD, a day in Japan
    Column("note", String(200)),
    Column("updated_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
)

# ... and campaign codes with their counts per month: aggregate only, nothing per person (booths/campaigns.py).
campaign = Table(
    "campaign", metadata,
    Column("code", String(32), primary_key=True),
    Column("label", String(80), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)

campaign_count = Table(
    "campaign_count", metadata,
    Column("code", String(32), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM in Japan
    Column("measure", String(16), primary_key=True),  # arrivals | booth_visits | handoffs
    Column("count", Integer, nullable=False),
)
