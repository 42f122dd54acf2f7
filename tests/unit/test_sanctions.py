"""Sanctions, device tokens and the trusted client address: the pure rules behind issue 11."""
from __future__ import annotations

from moderation.devices import DeviceTokens
from moderation.sanctions import MAX_ADDRESS_BAN_MS, Sanctions
from server.http.client_address import client_address, parse_trusted

import pytest


def test_a_mute_follows_user_and_device_and_lifts_by_user_even_offline():
    s = Sanctions()
    s.mute("u_1", "d_1", until_ms=10_000)
    assert s.muted_until("u_2", "d_1", 5_000) == 10_000  # a new nickname on the same device
    assert s.muted_until("u_1", None, 5_000) == 10_000  # the same user without a token
    assert s.muted_until("u_3", "d_3", 5_000) is None
    assert s.muted_until("u_2", "d_1", 10_000) is None  # over
    s.mute("u_1", "d_1", until_ms=20_000)
    s.unmute("u_1")  # the device is remembered with the user
    assert s.muted_until("u_9", "d_1", 11_000) is None


def test_an_address_ban_is_capped_and_spares_older_devices():
    s = Sanctions()
    s.ban("u_1", "d_1", until_ms=10**9)
    s.ban_address("u_1", "ip", since_ms=1_000, until_ms=10**9)
    assert s.address_refuses("ip", None, 2_000)  # a new identity
    assert s.address_refuses("ip", 1_500, 2_000)  # a device issued after the ban
    assert not s.address_refuses("ip", 500, 2_000)  # a bystander from before
    assert not s.address_refuses("ip", 1_000, 2_000)  # issued in the ban's own millisecond: before it
    assert s.address_refuses("ip", 1_001, 2_000)
    assert not s.address_refuses("other", None, 2_000)
    assert not s.address_refuses("ip", None, 1_000 + MAX_ADDRESS_BAN_MS)  # at most 60 minutes
    s.ban_address("u_1", "ip", since_ms=5_000, until_ms=10**9)
    s.unban("u_1")
    assert not s.address_refuses("ip", None, 6_000) and s.banned_until("u_1", "d_1", 6_000) is None


def test_device_tokens_verify_only_what_this_secret_signed():
    tokens = DeviceTokens(b"k" * 32)
    device = tokens.issue(1_700_000_000_000, "15-17")
    again = tokens.verify(device.token)
    assert again is not None and again.id == device.id and again.issued_ms == 1_700_000_000_000
    assert again.age_band == "15-17" and tokens.verify(tokens.issue(1, None).token).age_band is None
    assert DeviceTokens(b"x" * 32).verify(device.token) is None
    body, _, sig = device.token.rpartition(".")
    head, _, band = body.rpartition(".")
    older = head.rsplit(".", 1)[0] + ".1." + band  # an attacker backdating the token to pass an address ban
    adult = f"{head}.25+"  # or changing the age band inside it
    for bad in (f"{older}.{sig}", f"{adult}.{sig}", device.token + "x", "", "d1..", None, 12, "a" * 500):
        assert tokens.verify(bad) is None


def test_forwarded_for_is_read_only_from_trusted_proxies():
    nets = parse_trusted("10.0.0.0/8, 127.0.0.1")
    xff = {"x-forwarded-for": "198.51.100.7, 10.1.2.3"}
    assert client_address("127.0.0.1", xff, nets) == "198.51.100.7"  # the right-most untrusted hop
    assert client_address("203.0.113.9", xff, nets) == "203.0.113.9"  # not a proxy of ours: header ignored
    assert client_address("127.0.0.1", xff, ()) == "127.0.0.1"  # nothing trusted by default
    spoofed = {"x-forwarded-for": "1.2.3.4, 198.51.100.7"}  # the client wrote its own header first
    assert client_address("127.0.0.1", spoofed, nets) == "198.51.100.7"
    assert client_address("127.0.0.1", {"forwarded": 'for="[2001:db8::1]:4711";proto=https'}, nets) == "2001:db8::1"
    assert client_address("127.0.0.1", {"x-forwarded-for": "junk"}, nets) == "127.0.0.1"
    with pytest.raises(ValueError, match="not an address"):
        parse_trusted("10.0.0.0/8,nonsense")


def test_only_a_local_tool_without_proxy_headers_is_exempt():
    from server.http.client_address import direct_local

    assert direct_local("127.0.0.1", {}) and direct_local("::1", {})
    assert not direct_local("127.0.0.1", {"x-forwarded-for": "198.51.100.7"})  # a proxy on this host
    assert not direct_local("127.0.0.1", {"forwarded": "for=198.51.100.7"})
    assert not direct_local("198.51.100.7", {}) and not direct_local("?", {})
