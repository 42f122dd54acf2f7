"""Who is connected to this node: every connection, and which one holds each session.

Features ask it for "the connections of this user" or "the staff here" instead of walking the
node's sets themselves.
"""
from __future__ import annotations

from rooms.roles import STAFF

from server.realtime.connection import Connection


class People:
    def __init__(self) -> None:
        self.connections: set[Connection] = set()
        self.holders: dict[str, Connection] = {}  # session id -> the connection holding it

    def connections_of(self, user_id: str) -> list[Connection]:
        return [c for c in self.connections if c.session is not None and c.session.user.id == user_id]

    def with_device(self, device: str, except_user: str) -> list[Connection]:
        """The same person under another user id (a new nickname since): sanctions follow the device."""
        return [c for c in self.connections
                if c.session is not None and c.session.user.device == device and c.session.user.id != except_user]

    def staff(self) -> list[Connection]:
        return [c for c in self.connections if c.session is not None and c.session.user.role in STAFF]

    def close_user(self, user_id: str, code: int, reason: str) -> None:
        for conn in self.connections_of(user_id):
            conn.close(code, reason)
