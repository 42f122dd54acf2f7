"""The database engine: SQLite file by default, PostgreSQL when DATABASE_URL says so.

The realtime core keeps nothing here (chat is ephemeral by design); the
directory, booths, handoffs, reports and the audit trail will. For now the node
opens the engine and checks it is reachable for `/readyz`.
"""
from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def normalise_url(url: str) -> str:
    """Accept the URLs operators paste (postgres://, sqlite:///) and pick async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        url = "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    return url


def engine_for(url: str) -> AsyncEngine:
    return create_async_engine(normalise_url(url), pool_pre_ping=True)


async def reachable(engine: AsyncEngine, timeout_s: float = 3.0) -> bool:
    try:
        async with asyncio.timeout(timeout_s):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
