"""Fixtures shared by browser test modules."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.support.browser import chromium


@pytest.fixture
def browser() -> Iterator[Any]:
    """The system Chromium (skipped with the reason printed when missing, failed under CI=true)."""
    yield from chromium()
