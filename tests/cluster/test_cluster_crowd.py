"""Crowded rooms on two nodes and Redis: the scenarios of tests/support/crowd.py with the visitors
spread over both nodes (each node keeps its own picture of the room from the events on the bus)."""
from __future__ import annotations

import pytest

from tests.support import crowd


@pytest.fixture
def two_nodes(redis_server, server_factory):
    env = {**crowd.ENV, "REDIS_URL": redis_server.url}
    return [n.url for n in server_factory.many([{**env, "NODE_ID": f"crowd-{i}"} for i in range(2)])]


async def test_paged_members_across_nodes(two_nodes):
    await crowd.paged_members(two_nodes)


async def test_aggregated_presence_across_nodes(two_nodes):
    await crowd.aggregated_presence(two_nodes)


async def test_area_of_interest_across_nodes(two_nodes):
    await crowd.area_of_interest(two_nodes)


async def test_a_resume_onto_another_node_keeps_the_area(two_nodes):
    await crowd.resume_onto_another_node(two_nodes)


async def test_a_packed_cell_across_nodes(two_nodes):
    await crowd.packed_cell(two_nodes)
