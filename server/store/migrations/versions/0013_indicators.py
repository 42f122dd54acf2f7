"""Indicators against targets and campaign counts (issue 15).

Revision ID: 0013_indicators
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_indicators"
down_revision = "0012_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_target",
        sa.Column("measure", sa.String(32), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("deadline", sa.String(10), nullable=False),
        sa.Column("note", sa.String(200)),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
    )
    op.create_table(
        "campaign",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "campaign_count",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("measure", sa.String(16), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_count")
    op.drop_table("campaign")
    op.drop_table("indicator_target")
