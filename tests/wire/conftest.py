"""Fixtures shared by wire test modules."""
from __future__ import annotations

import pytest

from tests.support import festival as fest


@pytest.fixture
def festival(server_factory):
    """A node with the festival of tests/support/festival.py: two organisations, a host each."""
    return fest.open_festival(server_factory(fest.ENV))
