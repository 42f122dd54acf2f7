"""Live booths (issue 4): content, live state, the Q&A queue, visit counts per hour.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booth",
        sa.Column("slug", sa.String(40), primary_key=True),
        sa.Column("organization_id", sa.String(64), nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("live", sa.JSON, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_booth_org", "booth", ["organization_id"])
    op.create_table(
        "booth_question",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("booth", sa.String(40), nullable=False),
        sa.Column("asker", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answer", sa.Text),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("closed_ms", sa.BigInteger),
    )
    op.create_index("ix_question_booth", "booth_question", ["booth", "status", "created_ms"])
    op.create_table(
        "booth_visit",
        sa.Column("booth", sa.String(40), primary_key=True),
        sa.Column("hour_ms", sa.BigInteger, primary_key=True),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("dwell_s", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for name in ("booth_visit", "booth_question", "booth"):
        op.drop_table(name)
