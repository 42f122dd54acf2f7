"""Who may not speak or enter, and until when: mutes, bans, address bans (sans-I/O).

A sanction names a person: the user id and, when known, the device id
(`moderation.devices`). It is kept under both, so a new nickname, a new
session, or leaving and coming back clears nothing; and the device a user was
last seen with is remembered, so `unmute`/`unban` by user id lifts both even
when the person is offline. An address ban is a separate, explicit and short
choice (at most 60 minutes): it refuses *new* identities from that address (no
device token, or one issued after the ban began), so a bystander behind the
same school or station network is never closed by someone else's ban.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_ADDRESS_BAN_MS = 60 * 60_000
MAX_ENTRIES = 200_000  # per table; the oldest entries go first


@dataclass
class Sanctions:
    muted: dict[str, int] = field(default_factory=dict)  # "u:<user>" / "d:<device>" -> until (ms)
    banned: dict[str, int] = field(default_factory=dict)
    address_bans: dict[str, tuple[int, int]] = field(default_factory=dict)  # ip hash -> (since, until) ms
    devices: dict[str, str] = field(default_factory=dict)  # user -> the device it was last seen with (bounded)
    addresses: dict[str, str] = field(default_factory=dict)  # user -> the ip hash banned with it

    # -- deciding ------------------------------------------------------------------------
    def seen(self, user: str, device: str) -> None:
        """Remember which device a user came with, so a sanction of a past nickname reaches the device."""
        _put(self.devices, (user,), device)

    def device_of(self, user: str) -> str | None:
        return self.devices.get(user)

    def mute(self, user: str, device: str | None, until_ms: int) -> None:
        _put(self.muted, self._keys(user, device), until_ms)

    def unmute(self, user: str) -> None:
        for key in self._keys(user, None):
            self.muted.pop(key, None)

    def ban(self, user: str, device: str | None, until_ms: int) -> None:
        _put(self.banned, self._keys(user, device), until_ms)

    def unban(self, user: str) -> None:
        for key in self._keys(user, None):
            self.banned.pop(key, None)
        address = self.addresses.pop(user, None)
        if address is not None:
            self.address_bans.pop(address, None)

    def ban_address(self, user: str, ip_hash: str, since_ms: int, until_ms: int) -> None:
        self.address_bans[ip_hash] = (since_ms, min(until_ms, since_ms + MAX_ADDRESS_BAN_MS))
        _put(self.addresses, (user,), ip_hash)

    # -- asking --------------------------------------------------------------------------
    def muted_until(self, user: str | None, device: str | None, now_ms: int) -> int | None:
        return _until(self.muted, _keys(user, device), now_ms)

    def banned_until(self, user: str | None, device: str | None, now_ms: int) -> int | None:
        return _until(self.banned, _keys(user, device), now_ms)

    def address_refuses(self, ip_hash: str, device_issued_ms: int | None, now_ms: int) -> bool:
        """True for a new identity from a banned address; devices from before the ban pass.

        A device issued in the very millisecond the ban was decided counts as before it: a
        bystander's hello, join and the moderator's ban can all fall in one millisecond, while the
        banned person cannot be closed, reconnect and get a new token in that time.
        """
        entry = self.address_bans.get(ip_hash)
        if entry is None:
            return False
        since, until = entry
        if until <= now_ms:
            del self.address_bans[ip_hash]
            return False
        return device_issued_ms is None or device_issued_ms > since

    def _keys(self, user: str, device: str | None) -> tuple[str, ...]:
        if device:
            _put(self.devices, (user,), device)
        return _keys(user, device or self.devices.get(user))


def _keys(user: str | None, device: str | None) -> tuple[str, ...]:
    return tuple(k for k in ((f"u:{user}" if user else None), (f"d:{device}" if device else None)) if k)


def _put(table: dict, keys: tuple[str, ...], value: object) -> None:
    for key in keys:
        table.pop(key, None)
        table[key] = value
    while len(table) > MAX_ENTRIES:
        del table[next(iter(table))]


def _until(table: dict[str, int], keys: tuple[str, ...], now_ms: int) -> int | None:
    latest = None
    for key in keys:
        until = table.get(key)
        if until is None:
            continue
        if until <= now_ms:
            del table[key]
        elif latest is None or until > latest:
            latest = until
    return latest
