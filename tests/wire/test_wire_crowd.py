"""Wire tests: crowded rooms on one node — paged members, aggregated presence, area of interest.

The scenarios are in tests/support/crowd.py (each in a room of its own, so they share one node);
tests/cluster/test_cluster_crowd.py runs them on two nodes and Redis.
"""
from __future__ import annotations

from tests.support import crowd
from tests.support.nodes import module_server

crowd_node = module_server(crowd.ENV)


async def test_join_answers_the_count_and_k_nearest_and_members_pages_the_rest(crowd_node):
    await crowd.paged_members([crowd_node.url])


async def test_presence_in_a_crowded_room_is_aggregated_with_the_count(crowd_node):
    await crowd.aggregated_presence([crowd_node.url])


async def test_moves_and_presence_go_by_area_and_staff_see_everyone(crowd_node):
    await crowd.area_of_interest([crowd_node.url])


async def test_a_resume_keeps_the_area(crowd_node):
    await crowd.resume_onto_another_node([crowd_node.url])


async def test_a_packed_cell_shows_its_first_members_and_the_next_when_one_leaves(crowd_node):
    await crowd.packed_cell([crowd_node.url])
