"""Device credentials: moderation that follows the person, not the socket.

A visitor is anonymous, so a mute tied to a session or a nickname ends the
moment they leave and come back as someone else. At the first `welcome` the
server issues a signed, opaque device token; the client keeps it and sends it
back as `hello.device`. Mutes, bans and the escalation ladder apply to the
user *and* the device. The token proves only that this server issued it (and
when): a client that drops it is a new visitor, which is why new identities
per address are rate-limited (`server`), and why an address ban spares
devices issued before it.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "d1"
MAX_TOKEN = 200


@dataclass(frozen=True, slots=True)
class Device:
    id: str  # the key sanctions are stored under; never shown to anyone else
    issued_ms: int
    token: str
    age_band: str | None = None  # the band stated when it was issued: kept for the device's lifetime


@dataclass(frozen=True)
class DeviceTokens:
    """Issue and check tokens with one secret (the same on every node of a cluster)."""

    secret: bytes

    def issue(self, now_ms: int, age_band: str | None) -> Device:
        device = self.reissue(secrets.token_hex(8), now_ms, age_band)
        assert device is not None
        return device

    def reissue(self, device_id: str | None, now_ms: int, age_band: str | None) -> Device | None:
        """A fresh token for a known device (a resume that came without its token)."""
        if not device_id:
            return None
        body = f"{PREFIX}.{device_id}.{now_ms:x}.{age_band or '-'}"
        return Device(device_id, now_ms, f"{body}.{self._sign(body)}", age_band)

    def verify(self, token: object) -> Device | None:
        """The device a token names, or None for anything this server did not issue."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN:
            return None
        body, dot, signature = token.rpartition(".")
        parts = body.split(".")
        if not dot or len(parts) != 4 or parts[0] != PREFIX:
            return None
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            issued = int(parts[2], 16)
        except ValueError:
            return None
        return Device(parts[1], issued, token, None if parts[3] == "-" else parts[3])

    def _sign(self, body: str) -> str:
        digest = hmac.new(self.secret, body.encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
