"""Members' meeting space: staff-only rooms, meetings, breakout groups and the notice board (issue 15).

Revision ID: 0012_meetings
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0012_meetings"
down_revision = "0011_application_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
