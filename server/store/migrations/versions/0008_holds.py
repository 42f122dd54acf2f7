"""Every held message is kept like an alert (issue 12): durable, seen from any node, decided once.

A held message is decided (released or dropped: `decided_ms`); a priority alert is closed when a
moderator acknowledges it (`closed_ms`), which may be later: showing a cry for help to the room
does not mean the person was helped.

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
    op.add_column("alerts", sa.Column("decided_ms", sa.BigInteger))
    op.execute("UPDATE alerts SET decided_ms = closed_ms")
    op.create_index("ix_alerts_message", "alerts", ["message_id"])
    op.create_index("ix_alerts_room_waiting", "alerts", ["room", "decided_ms"])


def downgrade() -> None:
    op.drop_index("ix_alerts_room_waiting", "alerts")
    op.drop_index("ix_alerts_message", "alerts")
    op.drop_column("alerts", "decided_ms")
    op.drop_column("alerts", "reason")
