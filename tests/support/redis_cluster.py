"""A private three-shard Redis Cluster for tests, one per test module.

Three `redis-server --cluster-enabled yes` on free ports (their cluster bus
ports too, chosen the same way), each given a third of the slots
(`CLUSTER ADDSLOTSRANGE`), its own config epoch, and introduced to the
first (`CLUSTER MEET`); the fixture waits (bounded) until every shard says
`cluster_state:ok` and knows the other two (the bus ports are not the
default port + 10000, so `MEET` names them). No replicas: what is tested is the
slot and sharded pub/sub behaviour, not failover. A missing `redis-server`, or
one older than 7 (no sharded pub/sub), skips with a reason, or fails under
`CI=true` (`services.missing`).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.services import PortTaken, RedisProcess, free_port, missing

SLOTS = 16384
SHARDS = 3


@dataclass
class Cluster:
    shards: list[RedisProcess]

    @property
    def url(self) -> str:
        """`REDIS_URL` for nodes: every shard as a seed."""
        return "redis+cluster://" + ",".join(f"127.0.0.1:{s.port}" for s in self.shards)

    def flush(self) -> None:
        """Every shard emptied: the next test starts from nothing."""
        for shard in self.shards:
            assert shard.command("FLUSHALL").startswith(b"+OK")

    def key_count(self) -> int:
        return sum(int(s.command("DBSIZE")[1:].strip() or 0) for s in self.shards)

    def stop(self) -> None:
        for shard in self.shards:
            shard.stop()


def _version_ok() -> bool:
    out = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    found = re.search(r"v=(\d+)\.", out)
    return bool(found) and int(found.group(1)) >= 7


def _bus_port(shard: RedisProcess) -> str:
    return shard.args[shard.args.index("--cluster-port") + 1]


def _shard(workdir: Path) -> RedisProcess:
    for attempt in range(3):
        bus = free_port()
        shard = RedisProcess(free_port(), workdir, args=(
            "--cluster-enabled", "yes", "--cluster-port", str(bus), "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "3000"))
        try:
            shard.start()
            return shard
        except PortTaken:
            shard.stop()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _info(shard: RedisProcess) -> dict[str, str]:
    text = shard.command("CLUSTER", "INFO").decode(errors="replace")
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def start_cluster(workdir: Path) -> Cluster:
    shards: list[RedisProcess] = []
    try:
        for i in range(SHARDS):
            folder = workdir / f"shard{i}"
            folder.mkdir()
            shards.append(_shard(folder))
        for i, shard in enumerate(shards):
            first, last = i * SLOTS // SHARDS, (i + 1) * SLOTS // SHARDS - 1
            assert shard.command("CLUSTER", "ADDSLOTSRANGE", str(first), str(last)).startswith(b"+OK")
            assert shard.command("CLUSTER", "SET-CONFIG-EPOCH", str(i + 1)).startswith(b"+OK")
        for shard in shards[1:]:
            assert shard.command("CLUSTER", "MEET", "127.0.0.1", str(shards[0].port),
                                 _bus_port(shards[0])).startswith(b"+OK")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            infos = [_info(s) for s in shards]
            if all(i.get("cluster_state", "").strip() == "ok" and i.get("cluster_known_nodes", "").strip() == "3"
                   for i in infos):
                return Cluster(shards)
            time.sleep(0.1)
        raise RuntimeError(f"the test cluster did not reach cluster_state:ok: {infos}")
    except BaseException:
        for shard in shards:
            shard.stop()
        raise


@pytest.fixture(scope="module")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One three-shard cluster for a test module; tests that share it `flush()` it first."""
    if shutil.which("redis-server") is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    if not _version_ok():
        missing("Redis Cluster tests need redis-server 7 or later (sharded pub/sub)")
    cluster = start_cluster(tmp_path_factory.mktemp("redis-cluster"))
    try:
        yield cluster
    finally:
        cluster.stop()
