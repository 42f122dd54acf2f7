"""Indicators against targets and campaign counts (issue 15).

Revision ID: 0013_indicators
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0013_indicators"
down_revision = "0012_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
