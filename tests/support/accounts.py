"""Staff accounts on a running node's database, made by the same store call as the operator's
`python -m server admin create-user` (tests/wire/test_commands.py runs that command itself).

In process rather than a command per account: a second Python starting up for each account cost
about two seconds a test under load.
"""
from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from tests.support.api import call

PASSWORD = "correct horse battery staple"


def create_account(server: Any, username: str, password: str, role: str = "moderator",
                   organization: str | None = None) -> None:
    """An account on the node's database (`server.env["DATABASE_URL"]`)."""
    from server.store import db
    from server.store.accounts import AccountError, Accounts

    async def create() -> object:
        engine = db.engine_for(server.env["DATABASE_URL"])
        try:
            return await Accounts(engine).create_user(username, password, role, organization)
        finally:
            await engine.dispose()

    # A thread of its own: the caller may be inside a running event loop (an async test, Playwright).
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(create()))
        except Exception as exc:  # noqa: BLE001  (reported by the assert below)
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert outcome and not isinstance(outcome[0], (AccountError, Exception)), outcome


def create_host(server: Any, username: str, organization: str) -> str:
    """The host's account is made; the host logs in over HTTP: its token."""
    create_account(server, username, PASSWORD, "host", organization)
    status, body, _ = call(server.http, "/api/auth/login",
                           json.dumps({"username": username, "password": PASSWORD}).encode())
    assert status == 200 and body["role"] == "host" and body["organization_id"] == organization
    return body["token"]
