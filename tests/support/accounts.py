"""Staff accounts made the way an operator makes them: `python -m server admin create-user`."""
from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.support.api import call
from tests.support.nodes import REPO

PASSWORD = "correct horse battery staple"


def create_account(server: Any, username: str, password: str, role: str = "moderator",
                   organization: str | None = None) -> None:
    """An account on the node's database, made with the operator's command line."""
    org = ["--organization", organization] if organization else []
    done = subprocess.run(
        [sys.executable, "-m", "server", "admin", "create-user", "--username", username, "--role", role,
         *org, "--password-stdin"],
        input=password + "\n", capture_output=True, text=True, cwd=REPO, env=server.env, timeout=60)
    assert done.returncode == 0, done.stderr


def create_host(server: Any, username: str, organization: str) -> str:
    """The operator's command line makes the host's account; the host logs in over HTTP: its token."""
    create_account(server, username, PASSWORD, "host", organization)
    status, body, _ = call(server.http, "/api/auth/login",
                           json.dumps({"username": username, "password": PASSWORD}).encode())
    assert status == 200 and body["role"] == "host" and body["organization_id"] == organization
    return body["token"]
