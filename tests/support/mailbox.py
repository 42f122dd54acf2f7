"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives: a node's mail goes here in the tests."""
from __future__ import annotations

import email
import socket
import time
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class Mailbox:
    """Start with `Mailbox()`, point SMTP_URL at `url`, read `messages`, `stop()` at the end."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._keep = _Keep()
        self._controller = Controller(self._keep, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        self._running = True
        self.url = f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Message]:
        return self._keep.messages

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[Message]:
        deadline = time.monotonic() + timeout_s
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def stop(self) -> None:
        """Stop listening (again is fine): a node that sends now is refused the connection."""
        if self._running:
            self._running = False
            self._controller.stop()
