"""Bring the database schema up to date with the Alembic migrations in `server/store/migrations`.

Every node runs this at start; on PostgreSQL an advisory lock makes nodes
that start together take turns instead of racing to create the same tables.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x75_6E_61_67  # any constant shared by all nodes


def lock(connection: Connection) -> None:
    """Hold the schema lock until the transaction ends (nodes starting together take turns).

    PostgreSQL: an advisory lock. SQLite: the database's write lock, taken now (BEGIN IMMEDIATE) rather
    than at the first write, so a second node waits (busy timeout) instead of creating the same tables.
    Call it first in the transaction.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    elif connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command  # here, not at import: a node's start-up pays for it once, tools never
    from alembic.config import Config as AlembicConfig

    lock(connection)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)
