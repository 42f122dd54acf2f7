"""Membership applications and one-time sign-in codes (issue 15, the secretariat).

An application is a pending organisation kept apart from the directory's tables, so no public
query can show it; approving copies its public part into the directory. Sign-in codes are kept
only as sha256 digests.

Revision ID: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_application",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("organization_id", sa.String(64), nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("contact", sa.JSON),
        sa.Column("note", sa.String(500)),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("decided_ms", sa.BigInteger),
    )
    op.create_index("ix_application_status", "member_application", ["status", "created_ms"])
    op.create_table(
        "sign_in_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("expires_ms", sa.BigInteger, nullable=False),
        sa.Column("used_ms", sa.BigInteger),
    )
    op.create_index("ix_sign_in_code_account", "sign_in_code", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_code_account", "sign_in_code")
    op.drop_table("sign_in_code")
    op.drop_index("ix_application_status", "member_application")
    op.drop_table("member_application")
