"""Members' meeting space: staff-only rooms, meetings, breakout groups and the notice board (issue 15).

Staff-only rooms and breakout groups are rooms (no table); a meeting remembers how many groups are open.

Revision ID: 0012_meetings
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_meetings"
down_revision = "0011_application_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("agenda", sa.Text, nullable=False),
        sa.Column("starts_ms", sa.BigInteger, nullable=False),
        sa.Column("ends_ms", sa.BigInteger, nullable=False),
        sa.Column("room", sa.String(48), nullable=False),
        sa.Column("video_url", sa.String(500)),
        sa.Column("links", sa.JSON, nullable=False),
        sa.Column("groups", sa.Integer, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
    )
    op.create_index("ix_meeting_ends", "meeting", ["ends_ms"])
    op.create_index("ix_meeting_room", "meeting", ["room", "ends_ms"])
    op.create_table(
        "member_notice",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("posted_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
    )
    op.create_index("ix_member_notice_posted", "member_notice", ["posted_ms"])


def downgrade() -> None:
    op.drop_index("ix_member_notice_posted", "member_notice")
    op.drop_table("member_notice")
    op.drop_index("ix_meeting_room", "meeting")
    op.drop_index("ix_meeting_ends", "meeting")
    op.drop_table("meeting")
