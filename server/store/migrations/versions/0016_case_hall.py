"""Good-practice hall and case audit (issue 16): the secretariat's note on a case version.

`good_case_version.note` is what the secretariat wrote with a status change (sending a case
back: what to fix; publishing: optional). NULL for every other save and for the versions written
before this revision. Featuring a case (the 好事例ホール) needs no column: `featured` is part of
the versioned document.

Revision ID: 0016_case_hall
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_case_hall"
down_revision = "0015_listing_confirmed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("good_case_version", sa.Column("note", sa.String(1000)))


def downgrade() -> None:
    with op.batch_alter_table("good_case_version") as batch:
        batch.drop_column("note")
