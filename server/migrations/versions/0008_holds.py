"""Every held message is kept like an alert (issue 12): durable, seen from any node, decided once.

Revision ID: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alerts", sa.Column("reason", sa.String(32)))
    op.create_index("ix_alerts_message", "alerts", ["message_id"])
    op.create_index("ix_alerts_room_open", "alerts", ["room", "closed_ms"])


def downgrade() -> None:
    op.drop_index("ix_alerts_room_open", "alerts")
    op.drop_index("ix_alerts_message", "alerts")
    op.drop_column("alerts", "reason")
