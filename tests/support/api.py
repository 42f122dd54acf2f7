"""Calling a node's HTTP API from a test: JSON in, (status, JSON body, ...) out, errors as statuses."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any


def call(base: str, path: str, body: bytes | None = None, token: str | None = None,
         lang: str = "ja") -> tuple[int, Any, str]:
    """GET, or POST when there is a body: (status, JSON body, Content-Type)."""
    req = urllib.request.Request(base + path, data=body, method="POST" if body is not None else "GET")
    req.add_header("Accept-Language", lang)
    if body is not None:
        req.add_header("Content-Type", "application/json")  # POST /api/handoff refuses anything else (issue 12)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read()), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), e.headers.get("Content-Type", "")


def call_put(base: str, path: str, body: bytes, token: str | None) -> tuple[int, Any]:
    """PUT: (status, JSON body)."""
    req = urllib.request.Request(base + path, data=body, method="PUT")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def audited(base: str, token: str, expected: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """The audit trail once it holds every (action, target) of `expected` (the node's audit writer stores
    events a moment after the answer); bounded by a deadline, then asserted."""
    deadline = time.monotonic() + 10
    while True:
        events = call(base, "/api/moderation/audit?limit=500", token=token)[1]["items"]
        seen = {(e["action"], e.get("target_user")) for e in events}
        if expected <= seen or time.monotonic() > deadline:
            assert expected <= seen, expected - seen
            return events
        time.sleep(0.1)
