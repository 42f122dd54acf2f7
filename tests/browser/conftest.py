"""Fixtures shared by browser test modules.

One Chromium per module where the module's tests allow it: a launch costs about as much CPU as a
whole short test. Each test still gets a clean browser (every context it opened is closed after
it). A module whose tests run asyncio themselves (`asyncio.run`, `async def` tests) gets a
Chromium per test instead: Playwright's sync API keeps its event loop running until it stops, and
asyncio refuses to start another one meanwhile.
"""
from __future__ import annotations

import inspect
from typing import Any, Iterator

import pytest

from tests.support.browser import chromium


def _runs_asyncio(module: object) -> bool:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    return "asyncio" in source or "async def" in source


@pytest.fixture(scope="module")
def _module_chromium(request: pytest.FixtureRequest) -> Iterator[Any]:
    if _runs_asyncio(request.module):
        yield None
    else:
        yield from chromium()


@pytest.fixture
def browser(_module_chromium: Any) -> Iterator[Any]:
    """The system Chromium (skipped with the reason printed when missing, failed under CI=true)."""
    if _module_chromium is None:
        yield from chromium()
        return
    yield _module_chromium
    for context in list(_module_chromium.contexts):  # what this test opened goes with it
        context.close()
