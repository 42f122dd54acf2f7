"""The festival's 好事例ホール over HTTP: the stands the visitor client draws in the hall room.

Generated on each request from the published cases the secretariat featured and the booths
in the database (booths.case_hall says how); public, so no contacts.
"""
from __future__ import annotations

import msgspec
from aiohttp import web

from booths.case_hall import CASE_HALL, CASE_HALL_TITLE, hall_stands
from booths.cases import PUBLISHED

from server.http.bodies import json_response
from server.store.booths import BoothStore
from server.store.cases import CaseStore


async def hall(request: web.Request) -> web.Response:
    store: CaseStore = request.app["cases"]
    rooms: dict[str, str] = {}
    for b in await BoothStore(request.app["engine"]).all():
        rooms.setdefault(b.organization_id, b.room)
    stands = hall_stands(await store.heads([PUBLISHED]), rooms)
    return json_response({"room": CASE_HALL, "title": CASE_HALL_TITLE, "stands": msgspec.to_builtins(stands)})
