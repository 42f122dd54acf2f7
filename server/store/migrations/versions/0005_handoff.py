"""Handoffs (issue 6): referrals, their append-only events, consent data, anonymous counts, seats.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("organization_id", sa.String(64), nullable=False),
        sa.Column("municipality_code", sa.String(6)),
        sa.Column("age_band", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("proposed_ms", sa.BigInteger),
        sa.Column("holds_seat", sa.Boolean, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("responded_ms", sa.BigInteger),
        sa.Column("closed_ms", sa.BigInteger),
        sa.Column("follow_up", sa.String(16)),
    )
    op.create_index("ix_handoff_org", "handoff", ["organization_id", "status"])
    op.create_index("ix_handoff_service", "handoff", ["service_id"])
    op.create_table(
        "handoff_contact",
        sa.Column("handoff_id", sa.String(24), primary_key=True),
        sa.Column("shared", sa.JSON, nullable=False),
        sa.Column("guardian_consent", sa.Boolean, nullable=False),
        sa.Column("consented_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "handoff_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("handoff_id", sa.String(24), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_handoff_event", "handoff_event", ["handoff_id", "id"])
    op.create_table(
        "handoff_count",
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "service_seat",
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.Column("taken", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("service_seat", "handoff_count", "handoff_event", "handoff_contact", "handoff"):
        op.drop_table(name)
