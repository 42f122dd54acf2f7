"""Handoff limits (issue 12): longer ticket codes (12 characters) and the device that holds a ticket.

Revision ID: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff") as batch:
        batch.alter_column("code", existing_type=sa.String(8), type_=sa.String(16), existing_nullable=False)
        batch.add_column(sa.Column("holder", sa.String(24)))
    op.create_index("ix_handoff_holder", "handoff", ["service_id", "holder"])


def downgrade() -> None:
    op.drop_index("ix_handoff_holder", "handoff")
    with op.batch_alter_table("handoff") as batch:
        batch.drop_column("holder")
        batch.alter_column("code", existing_type=sa.String(16), type_=sa.String(8), existing_nullable=False)
