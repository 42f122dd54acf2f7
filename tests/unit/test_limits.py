"""The edge's limit tables without I/O (server/limits.py): the clock is an argument, so time is moved, not waited."""
from __future__ import annotations

from server.limits import Backoff, Budget, address_key


def test_backoff_is_free_then_doubles_up_to_its_cap_and_is_forgotten() -> None:
    b = Backoff(free=3, max_s=10, forget_s=3600)
    for _ in range(3):
        assert b.wait("k", 0) == 0
        b.failed("k", 0)
    assert b.wait("k", 0) == 0  # three free failures cost nothing
    waits = []
    for _ in range(6):
        b.failed("k", 100)
        waits.append(b.wait("k", 100))
    assert waits == [1, 2, 4, 8, 10, 10]
    assert b.wait("other", 100) == 0
    assert b.wait("k", 105) == 5
    assert b.wait("k", 100 + 3601) == 0  # an hour after the last failure it is forgotten
    b.failed("k", 100 + 3602)
    assert b.wait("k", 100 + 3602) == 0  # and counts from the start again


def test_backoff_undo_and_success() -> None:
    b = Backoff(free=1, max_s=60)
    b.failed("k", 0)
    b.failed("k", 0)
    assert b.wait("k", 0) == 1
    b.undo("k")
    assert b.wait("k", 0) == 0
    b.failed("k", 0)
    b.failed("k", 0)
    b.succeeded("k")
    assert b.wait("k", 0) == 0 and "k" not in b.table


def test_tables_stay_bounded() -> None:
    b = Backoff(free=0, max_s=60, max_keys=100)
    budget = Budget(rate=1, burst=1, max_keys=100)
    for i in range(1000):
        b.failed(f"k{i}", 0)
        budget.take(f"k{i}", 0)
    assert len(b.table) == 100 and len(budget.table) == 100
    assert "k999" in b.table and "k0" not in b.table  # the oldest go first


def test_budget_refund_and_retry_after() -> None:
    budget = Budget(rate=0.5, burst=2)
    assert budget.take("a", 0) and budget.take("a", 0) and not budget.take("a", 0)
    assert budget.retry_after("a") == 2.0
    budget.refund("a")
    assert budget.take("a", 0) and not budget.take("a", 0)
    assert budget.take("a", 2.0)  # one token every two seconds


def test_an_ipv6_host_counts_as_its_64() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("192.0.2.1") == "192.0.2.1" and address_key("?") == "?"
