"""`REDIS_URL` for a Redis Cluster: what an operator writes, and the sentence a mistake gets at start."""
from __future__ import annotations

import pytest

from server.cluster.redis_links import ClusterAddress, channel_for, is_cluster, key_of, parse_cluster_url
from server.config import ConfigError, load


def test_a_cluster_url_names_its_seeds_credentials_and_tls() -> None:
    assert parse_cluster_url("redis+cluster://a:7000,b:7001, c:7002") == ClusterAddress(
        [("a", 7000), ("b", 7001), ("c", 7002)], None, None, False)
    assert parse_cluster_url("rediss+cluster://tsu:p%40ss@10.0.0.1:6380/") == ClusterAddress(
        [("10.0.0.1", 6380)], "tsu", "p@ss", True)
    assert parse_cluster_url("redis+cluster://:secret@[::1]:7000").password == "secret"
    assert is_cluster("redis+cluster://a:1") and not is_cluster("redis://a:1/0")


@pytest.mark.parametrize("url", ["redis+cluster://", "redis+cluster://a", "redis+cluster://a:x,b:7000",
                                 "redis+cluster://a:70000"])
def test_a_bad_cluster_url_stops_the_node_at_start_with_a_reason(url: str) -> None:
    with pytest.raises(ConfigError, match="is not host:port"):
        load({"REDIS_URL": url})
    assert load({"REDIS_URL": "redis+cluster://a:7000,b:7000"}).redis_url.startswith("redis+cluster://")


def test_a_room_channel_is_in_the_slot_of_the_room_s_keys() -> None:
    from redis.crc import key_slot

    from server.cluster.state_lua import keys

    for room in ("lobby", "hall:1~2", "circle:hanashi"):
        assert key_of(channel_for(room)) == room
        assert {key_slot(k.encode()) for k in [*keys(room), channel_for(room)]} == {key_slot(room.encode())}
