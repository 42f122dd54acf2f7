"""The member directory (issue 4): HSDS documents plus the columns searches filter on.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxonomy",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("x_name_en", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
    )
    op.create_table(
        "taxonomy_term",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("taxonomy_id", sa.String(64), sa.ForeignKey("taxonomy.id"), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("x_name_en", sa.String(200), nullable=False),
        sa.Column("x_min_age", sa.Integer), sa.Column("x_max_age", sa.Integer),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("x_member_category", sa.String(32), nullable=False),
        sa.Column("x_municipality_code", sa.String(6)),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_org_municipality", "organization", ["x_municipality_code"])
    op.create_table(
        "location",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("organization_id", sa.String(64), sa.ForeignKey("organization.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("location_type", sa.String(16), nullable=False),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("x_coordinate_precision", sa.String(16), nullable=False),
        sa.Column("x_municipality_code", sa.String(6)),
        sa.Column("doc", sa.JSON, nullable=False),
    )
    op.create_index("ix_location_org", "location", ["organization_id"])
    op.create_table(
        "service",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("organization_id", sa.String(64), sa.ForeignKey("organization.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("x_kind", sa.String(32)),
        sa.Column("minimum_age", sa.Integer), sa.Column("maximum_age", sa.Integer),
        sa.Column("x_virtual", sa.Boolean, nullable=False),
        sa.Column("x_municipality_code", sa.String(6)),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
    )
    op.create_index("ix_service_org", "service", ["organization_id"])
    op.create_index("ix_service_municipality", "service", ["x_municipality_code"])
    op.create_table(
        "service_term",
        sa.Column("service_id", sa.String(64), sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("term_id", sa.String(64), primary_key=True),
    )
    op.create_index("ix_service_term_term", "service_term", ["term_id"])
    op.create_table(
        "service_area",
        sa.Column("service_id", sa.String(64), sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("municipality_code", sa.String(6), primary_key=True),
    )


def downgrade() -> None:
    for name in ("service_area", "service_term", "service", "location", "organization", "taxonomy_term", "taxonomy"):
        op.drop_table(name)
