"""The opening handshake on the wire: what the front door upgrades, refuses or passes on."""
from __future__ import annotations

import asyncio
import json

from tests.support.nodes import module_server
from tests.support.rawws import RawWebSocket

server = module_server()  # one node for the module: each test uses its own connections only


async def _http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: str) -> tuple[str, bytes]:
    writer.write(request.encode())
    head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)).decode()
    length = 0
    for line in head.split("\r\n"):
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await asyncio.wait_for(reader.readexactly(length), 5)
    return head, body


async def _hello_works(ws: RawWebSocket) -> None:
    ws.send_frame(json.dumps({"t": "hello", "ref": 1, "nick": "ゆい"}).encode())
    opcode, payload = await ws.recv_frame()
    reply = json.loads(payload)
    assert opcode == 0x1 and reply["t"] == "welcome"


async def test_an_upgrade_on_a_reused_keep_alive_connection_still_works(server):
    """A reverse proxy may send the upgrade on a connection that already carried plain HTTP."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head, body = await _http(reader, writer, f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n")
    assert head.startswith("HTTP/1.1 200")
    ws = await RawWebSocket.upgrade(reader, writer, server.port, "tsunagaru.v1.json")
    assert ws.protocol == "tsunagaru.v1.json"
    await _hello_works(ws)
    ws.send_frame(b"\x03\xe8", 0x8)  # close 1000
    assert await ws.close_code() == 1000


async def test_a_bad_handshake_gets_an_http_error_and_the_server_carries_on(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head, body = await _http(reader, writer, (
        "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-key\r\n\r\n"))
    assert head.startswith("HTTP/1.1 400") and b"Sec-WebSocket-Key" in body
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head, _ = await _http(reader, writer, (
        "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"))
    assert head.startswith("HTTP/1.1 426") and "Sec-WebSocket-Version: 13" in head
    await _hello_works(await RawWebSocket.connect(server.port))


async def test_plain_http_still_reaches_the_application(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head, body = await _http(reader, writer, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith("HTTP/1.1 200") and b"<html" in body.lower()
    head, body = await _http(reader, writer, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")  # keep-alive: same socket
    assert head.startswith("HTTP/1.1 404")


async def test_a_client_ping_gets_its_pong_and_a_fragmented_message_is_one_message(server):
    ws = await RawWebSocket.connect(server.port)
    ws.send_frame(b"are you there", 0x9)
    opcode, payload = await ws.recv_frame()
    assert (opcode, payload) == (0xA, b"are you there")
    hello = json.dumps({"t": "hello", "ref": 1, "nick": "ゆい"}).encode()
    ws.send_frame(hello[:10], 0x1, fin=False)
    ws.send_frame(hello[10:], 0x0, fin=True)
    opcode, payload = await ws.recv_frame()
    assert json.loads(payload)["t"] == "welcome"


async def test_an_unmasked_frame_is_a_protocol_error_1002(server):
    ws = await RawWebSocket.connect(server.port)
    ws.writer.write(b"\x81\x02hi")  # clients must mask
    assert await ws.close_code() == 1002
    await _hello_works(await RawWebSocket.connect(server.port))


async def test_a_ping_flood_from_a_client_that_never_reads_is_closed(server):
    raw = await RawWebSocket.connect(server.port)
    raw.stop_reading()
    for _ in range(2_000):  # bounded: far past FRAMES_BURST (200)
        raw.send_frame(b"p" * 100, 0x9)
    await raw.writer.drain()
    raw.writer.transport.resume_reading()
    assert await raw.close_code() == 4008
