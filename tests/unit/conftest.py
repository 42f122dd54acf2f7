"""Fixtures shared by unit test modules."""
from __future__ import annotations

import pytest


@pytest.fixture
async def handoffs(database):
    """Handoffs on the `database` fixture (SQLite and PostgreSQL): tests/support/handoffs.py."""
    # Imported here, not at the top: a unit test of rooms/ must not depend on server/ importing.
    from tests.support.handoffs import build_handoffs

    return await build_handoffs(database)
