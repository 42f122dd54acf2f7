"""A migrated, empty SQLite file made once per test process and copied for each node or test.

Running the migrations costs a node about 0.07 s of CPU and a few fsyncs at every start, and
the suite starts hundreds of nodes and empty databases on a 2-core machine. A copy of a file the
real migrations made once is the same schema (`alembic_version` included), so the node's own
`upgrade` at start finds nothing to do, as it does on every restart of a deployed node. The first
start on an empty file is still tested: by the nodes that get a `DATABASE_URL` of their own
(tests/cluster/test_wire_demo_nodes.py, tests/wire/test_commands.py, tests/wire/test_release.py)
and by the PostgreSQL runs of the `database` fixture.
"""
from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
from pathlib import Path

_made: Path | None = None
_lock = threading.Lock()


def copy_migrated(dest: Path) -> None:
    """Put a migrated, empty SQLite database at `dest` (a file no node has open)."""
    shutil.copyfile(_template(), dest)


def _template() -> Path:
    global _made
    with _lock:
        if _made is None:
            path = Path(tempfile.mkdtemp(prefix="tsunagaru-template-")) / "migrated.db"
            failure: list[BaseException] = []
            # A thread of its own: the caller may be inside a running event loop (an async test).
            thread = threading.Thread(target=_migrate, args=(path, failure))
            thread.start()
            thread.join()
            if failure:
                raise failure[0]
            _made = path
    return _made


def _migrate(path: Path, failure: list[BaseException]) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    from server.store.migrate import upgrade

    async def run() -> None:
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except BaseException as exc:  # handed to the caller's thread
        failure.append(exc)
