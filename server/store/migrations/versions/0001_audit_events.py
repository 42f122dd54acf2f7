"""The audit trail (issue 5). Databases made before migrations existed already have it.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("audit_events"):
        return
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target_user", sa.String(64)),
        sa.Column("room", sa.String(64)),
        sa.Column("message_id", sa.String(64)),
        sa.Column("reason", sa.String(200)),
        sa.Column("rule", sa.String(64)),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_at", "audit_events", ["at_ms"])
    op.create_index("ix_audit_action", "audit_events", ["action"])
    op.create_index("ix_audit_room", "audit_events", ["room"])
    op.create_index("ix_audit_target", "audit_events", ["target_user"])


def downgrade() -> None:
    op.drop_table("audit_events")
