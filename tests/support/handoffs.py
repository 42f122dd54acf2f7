"""Handoffs built on real stores for unit tests: a one-seat event, a fixed "now", a request maker.

The `handoffs` fixture (tests/unit/conftest.py) builds them on the `database` fixture.
"""
from __future__ import annotations

import datetime as dt

from booths.demo_directory import demo_organizations
from booths.handoff_input import start_from
from rooms.jst import JST
from server.app import build_node
from server.config import load
from server.realtime.handoffs import Handoffs
from server.store.directory import DirectoryStore
from server.store.handoffs import HandoffStore

NOW = int(dt.datetime(2026, 12, 2, 16, 0, tzinfo=JST).timestamp() * 1000)
EVENT = {"id": "seat-org", "name": "ライブ会場(架空)", "x_member_category": "npo", "x_municipality_code": "112011",
         "services": [{"id": "last-seat", "name": "ミニライブ", "x_kind": "event",
                       "capacities": [{"maximum": 1, "unit": {"name": "人"}}],
                       "attributes": [{"taxonomy_term_id": "interest.music"}],
                       "schedules": [{"valid_from": "2026-12-12", "valid_to": "2026-12-12",
                                      "opens_at": "14:00:00+09:00", "closes_at": "16:00:00+09:00"}]}]}


async def build_handoffs(database) -> Handoffs:
    """Handoffs of a built (not started) demo node, on the demo directory and EVENT."""
    directory = DirectoryStore(database)
    await directory.seed_vocabulary()
    report = await directory.import_organizations(demo_organizations() + [EVENT])
    assert report.rejected == []
    node = build_node(load({}, {"demo": True}))
    return Handoffs(node.kit, directory, HandoffStore(database))


def start(service_id: str, **fields) -> object:
    return start_from({"service_id": service_id, "mode": "self_connect", **fields})
