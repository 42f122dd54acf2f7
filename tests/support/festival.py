"""A small festival for booth tests: two organisations, each with a booth and a host account."""
from __future__ import annotations

import json
from typing import Any

from tests.support.accounts import create_host
from tests.support.api import call

ADMIN = "admin-secret-for-booth-tests-0001"
ORGS = [
    {"id": "kawagoe-npo", "name": "川越ユースミュージック(架空)", "x_member_category": "npo",
     "x_municipality_code": "112011", "x_booth": {"slug": "kawagoe-band", "title": "週末バンド / Weekend band"},
     "services": [{"id": "kw-band", "name": "週末バンド"}]},
    {"id": "other-npo", "name": "別の団体(架空)", "x_member_category": "npo",
     "x_booth": {"slug": "other-booth", "title": "別のブース"}},
]
ENV = {"STATIC_TOKENS": f"admin:{ADMIN}"}


def open_festival(server: Any) -> Any:
    """Import ORGS on a node started with ENV; its `host_token` and `other_token` are the two hosts'."""
    status, report, _ = call(server.http, "/api/directory/import?format=hsds", json.dumps(ORGS).encode(), ADMIN)
    assert status == 200 and report["rejected"] == []
    server.host_token = create_host(server, "kawagoe-host", "kawagoe-npo")
    server.other_token = create_host(server, "other-host", "other-npo")
    return server
