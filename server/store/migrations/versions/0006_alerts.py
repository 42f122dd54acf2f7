"""Persistent priority alerts (issue 11): open until a moderator acknowledges them.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("room", sa.String(64), nullable=False),
        sa.Column("sender", sa.JSON, nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("closed_ms", sa.BigInteger),
        sa.Column("closed_by", sa.String(64)),
        sa.Column("note", sa.String(200)),
    )
    op.create_index("ix_alerts_open", "alerts", ["closed_ms", "ts"])


def downgrade() -> None:
    op.drop_index("ix_alerts_open", "alerts")
    op.drop_table("alerts")
