"""One live ticket per device and service, held on SQLite and PostgreSQL even by two nodes at once (issue 12)."""
from __future__ import annotations

import asyncio

from rooms.refusal import Refused
from server.app import build_node
from server.config import load
from server.store.handoffs import HandoffStore
from server.realtime.handoffs import Handoffs, holder_of
from tests.support.handoffs import EVENT, NOW, start

TEN_SEATS = {**EVENT, "id": "ten-org", "services": [{**EVENT["services"][0], "id": "ten-seats",
                                                     "capacities": [{"maximum": 10, "unit": {"name": "人"}}]}]}


async def test_one_device_asking_twenty_times_through_two_nodes_holds_one_seat(handoffs):
    await handoffs.directory.import_organizations([TEN_SEATS])
    other_node = Handoffs(build_node(load({}, {"demo": True})).kit, handoffs.directory, HandoffStore(handoffs.store.engine))
    me = holder_of("device-one")
    outcomes = await asyncio.gather(*[(handoffs if i % 2 else other_node).begin(start("ten-seats"), NOW + i, me)
                                      for i in range(20)])
    made = [o for o in outcomes if not isinstance(o, Refused)]
    held = [o for o in outcomes if isinstance(o, Refused) and o.code == "already_holding"]
    assert len(made) == 1 and len(held) == 19, outcomes
    assert {h.extra["ticket"]["code"] for h in held} == {made[0]["code"]}
    assert await handoffs.store.seats_taken("ten-seats") == 1  # the refused ones gave their seat back
    # someone else still gets a seat; the holder gets another once theirs is cancelled
    assert not isinstance(await handoffs.begin(start("ten-seats"), NOW + 50, holder_of("device-two")), Refused)
    await handoffs.cancel(made[0]["code"], NOW + 60)
    again = await handoffs.begin(start("ten-seats"), NOW + 70, me)
    assert not isinstance(again, Refused) and again["code"] != made[0]["code"]
    assert await handoffs.store.seats_taken("ten-seats") == 2
    # no holder: the rule cannot apply (the per-address cap does, at the edge)
    assert not isinstance(await handoffs.begin(start("ten-seats"), NOW + 80), Refused)
