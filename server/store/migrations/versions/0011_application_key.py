"""An application's secret key (issue 15): its applicant reads the secretariat's answer and, when asked
for changes, sends the corrected form. Kept as a sha256 digest, like tokens.

Revision ID: 0011_application_key
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_application_key"
down_revision = "0010_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("member_application", sa.Column("key_hash", sa.String(64)))


def downgrade() -> None:
    op.drop_column("member_application", "key_hash")
