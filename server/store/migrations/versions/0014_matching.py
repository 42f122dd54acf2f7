"""NPO–company matching: needs, offers and introductions (issue 16).

Revision ID: 0014_matching
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_matching"
down_revision = "0013_indicators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_listing",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("organization_id", sa.String(64), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_match_listing_side", "match_listing", ["side", "status"])
    op.create_index("ix_match_listing_org", "match_listing", ["organization_id"])
    op.create_table(
        "introduction",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("need_id", sa.String(24), nullable=False),
        sa.Column("offer_id", sa.String(24), nullable=False),
        sa.Column("asker", sa.String(64), nullable=False),
        sa.Column("answerer", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("message", sa.String(1000), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.Column("nudged_ms", sa.BigInteger),
    )
    op.create_index("ix_introduction_status", "introduction", ["status", "updated_ms"])
    op.create_index("ix_introduction_pair", "introduction", ["need_id", "offer_id"])
    op.create_table(
        "introduction_contact",
        sa.Column("introduction_id", sa.String(24), primary_key=True),
        sa.Column("organization_id", sa.String(64), primary_key=True),
        sa.Column("contact", sa.JSON, nullable=False),
    )
    op.create_table(
        "introduction_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("introduction_id", sa.String(24), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("actor_part", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_introduction_event", "introduction_event", ["introduction_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_introduction_event", "introduction_event")
    op.drop_table("introduction_event")
    op.drop_table("introduction_contact")
    op.drop_index("ix_introduction_pair", "introduction")
    op.drop_index("ix_introduction_status", "introduction")
    op.drop_table("introduction")
    op.drop_index("ix_match_listing_org", "match_listing")
    op.drop_index("ix_match_listing_side", "match_listing")
    op.drop_table("match_listing")
