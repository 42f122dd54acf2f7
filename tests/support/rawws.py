"""A deliberately minimal WebSocket client for tests that must misbehave.

Real clients refuse to send invalid UTF-8 or to stop reading; this one writes
whatever frame bytes a test asks for, over a plain asyncio stream.
"""
from __future__ import annotations

import asyncio
import base64
import os
import socket
import struct


class RawWebSocket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, protocol: str | None) -> None:
        self.reader, self.writer, self.protocol = reader, writer, protocol

    @classmethod
    async def connect(cls, port: int, subprotocol: str | None = None, rcvbuf: int | None = None) -> "RawWebSocket":
        sock = socket.socket()
        if rcvbuf is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=2**22)
        return await cls.upgrade(reader, writer, port, subprotocol)

    @classmethod
    async def upgrade(cls, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int,
                      subprotocol: str | None = None) -> "RawWebSocket":
        """The opening handshake on an open stream (new, or one that already carried HTTP requests)."""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            "GET /ws HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13",
        ]
        if subprotocol:
            lines.append(f"Sec-WebSocket-Protocol: {subprotocol}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))
        chosen = None
        for line in head.decode().split("\r\n"):
            if line.lower().startswith("sec-websocket-protocol:"):
                chosen = line.split(":", 1)[1].strip()
        return cls(reader, writer, chosen)

    def send_frame(self, payload: bytes, opcode: int = 0x1, fin: bool = True) -> None:
        mask = os.urandom(4)
        n = len(payload)
        first = (0x80 if fin else 0) | opcode
        if n < 126:
            header = struct.pack(">BB", first, 0x80 | n)
        elif n < 65536:
            header = struct.pack(">BBH", first, 0x80 | 126, n)
        else:
            header = struct.pack(">BBQ", first, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(header + mask + masked)

    async def recv_frame(self, timeout: float = 5.0) -> tuple[int, bytes]:
        """(opcode, payload) of the next frame; pings are answered transparently."""
        while True:
            b1, b2 = await asyncio.wait_for(self.reader.readexactly(2), timeout)
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", await self.reader.readexactly(8))[0]
            payload = await asyncio.wait_for(self.reader.readexactly(n), timeout)
            opcode = b1 & 0x0F
            if opcode == 0x9:
                self.send_frame(payload, 0xA)
                continue
            return opcode, payload

    async def close_code(self, timeout: float = 10.0) -> int | None:
        """Read until the server's close frame; its code (None if the socket just ended)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            try:
                opcode, payload = await self.recv_frame(deadline - loop.time())
            except (asyncio.IncompleteReadError, ConnectionError):
                return None
            if opcode == 0x8:
                return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
        raise TimeoutError("no close frame")

    def stop_reading(self) -> None:
        """Read nothing more from the socket: the kernel buffers fill, then the server's."""
        self.writer.transport.pause_reading()

    def abort(self) -> None:
        self.writer.transport.abort()
