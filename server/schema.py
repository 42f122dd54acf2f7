"""Every table the server keeps, in one MetaData that Alembic migrations follow.

The directory is stored as HSDS documents (JSON) plus the columns searches
filter on: the documents keep HSDS field names whole, and the columns keep
queries on SQLite and PostgreSQL simple and indexed.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text)

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
    Index("ix_service_org", "organization_id"), Index("ix_service_municipality", "x_municipality_code"),
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
