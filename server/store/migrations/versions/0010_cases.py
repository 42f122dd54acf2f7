"""Good-practice cases (issue 16): the current version of each case and every version, append-only.

Revision ID: 0010_cases
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_cases"
down_revision = "0009"  # 0009_members.py (its revision id is "0009")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "good_case",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_good_case_status", "good_case", ["status", "updated_ms"])
    op.create_table(
        "good_case_version",
        sa.Column("case_id", sa.String(24), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("good_case_version")
    op.drop_index("ix_good_case_status", "good_case")
    op.drop_table("good_case")
