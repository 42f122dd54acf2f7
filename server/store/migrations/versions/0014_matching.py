"""NPO–company matching: needs, offers and introductions (issue 16).

Revision ID: 0014_matching
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0014_matching"
down_revision = "0013_indicators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
