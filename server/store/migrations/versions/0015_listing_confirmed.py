"""When a member last confirmed each listing (issue 15).

Revision ID: 0015_listing_confirmed
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0015_listing_confirmed"
down_revision = "0014_matching"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
