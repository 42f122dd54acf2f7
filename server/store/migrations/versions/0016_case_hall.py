"""Good-practice hall and case audit (issue 16).

Revision ID: 0016_case_hall
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0016_case_hall"
down_revision = "0015_listing_confirmed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
