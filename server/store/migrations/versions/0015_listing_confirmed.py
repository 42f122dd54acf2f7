"""When a member last confirmed each listing, and a summary of each directory import (issue 15).

`service.confirmed_ms` is the last time a host of the service's organisation confirmed it (by
editing it, or with 「内容を確認しました」 in the host console); NULL is never. Imports (open data,
HSDS files) never set it. Backfill: a service written before this revision by anything other than an
open-data import (its organisation's document has no `x_source`) gets its organisation's
`updated_ms`, the last time it was written — the benefit of the doubt, so an upgrade does not flag
the whole directory at once; open-data rows stay NULL (never confirmed by a member).

`import_report` keeps one row per import (when, who, file kind, counts): the secretariat's
directory health panel lists the recent ones.

Revision ID: 0015_listing_confirmed
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_listing_confirmed"
down_revision = "0014_matching"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("service", sa.Column("confirmed_ms", sa.BigInteger))
    op.create_index("ix_service_confirmed", "service", ["confirmed_ms"])
    bind = op.get_bind()
    orgs = sa.table("organization", sa.column("id", sa.String), sa.column("doc", sa.JSON),
                    sa.column("updated_ms", sa.BigInteger))
    services = sa.table("service", sa.column("organization_id", sa.String), sa.column("confirmed_ms", sa.BigInteger))
    for row in bind.execute(sa.select(orgs.c.id, orgs.c.doc, orgs.c.updated_ms)).all():
        if not (row.doc or {}).get("x_source"):
            bind.execute(sa.update(services).where(services.c.organization_id == row.id)
                         .values(confirmed_ms=row.updated_ms))
    op.create_table(
        "import_report",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("organizations", sa.Integer, nullable=False),
        sa.Column("services", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("committed", sa.Boolean, nullable=False),
        sa.Column("refused", sa.String(32)),
    )
    op.create_index("ix_import_report_at", "import_report", ["at_ms"])


def downgrade() -> None:
    op.drop_index("ix_import_report_at", "import_report")
    op.drop_table("import_report")
    op.drop_index("ix_service_confirmed", "service")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("confirmed_ms")
