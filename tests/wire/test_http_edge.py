"""The HTTP edge against misbehaving clients and foreign pages (issue 12): read timeouts (slowloris),
allowed origins at `/ws`, the browser headers on every page, the `/metrics` token.

Real server processes on loopback; raw sockets where a real client would behave.
"""
from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request

import pytest

from tests.support.nodes import module_server
from tests.support.rawws import RawWebSocket
from tests.support.wsclient import WireClient

SHORT = {"HTTP_HEAD_TIMEOUT_S": "1", "HTTP_BODY_TIMEOUT_S": "2"}
# One node with SHORT for the timeout tests that only watch their own sockets; the first test
# counts the node's log lines, so it has a node of its own.
short_server = module_server(SHORT)
server = module_server()  # the origin, header and /metrics tests only read


async def _closed_after(reader: asyncio.StreamReader, limit: float) -> float:
    """Seconds until the server closes the connection (reading and dropping what it sends); fails after `limit`."""
    start = time.monotonic()
    deadline = start + limit
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"connection still open after {limit} s")
        try:
            chunk = await asyncio.wait_for(reader.read(65536), remaining)
        except ConnectionResetError:
            return time.monotonic() - start
        except asyncio.TimeoutError:
            raise AssertionError(f"connection still open after {limit} s") from None
        if not chunk:
            return time.monotonic() - start


async def _open(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


def _request(port: int, body: bytes, path: str = "/api/handoff/match") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


# -- slowloris -------------------------------------------------------------------------------------
def test_partial_heads_and_missing_bodies_are_closed_within_the_timeouts(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory(SHORT)
    port = server.port

    async def main() -> None:
        partial_head = []
        for _ in range(40):
            r, w = await _open(port)
            w.write(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-")
            partial_head.append((r, w))
        no_body = []
        for _ in range(40):
            r, w = await _open(port)
            w.write(_request(port, b'{"age": 16, "interests"')[:-5] + b"")  # head complete, body short
            no_body.append((r, w))
        r, w = await _open(port)  # chunked body that never ends
        w.write(f"POST /api/handoff/match HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"age\r\n".encode())
        chunked = (r, w)
        # heads closed after ~1 s, bodies after ~2 s (timed from here, all watched at once); never "forever"
        heads_and_bodies = await asyncio.gather(*(_closed_after(r, 8) for r, _ in partial_head + no_body + [chunked]))
        heads, bodies = heads_and_bodies[:40], heads_and_bodies[40:]
        assert max(heads) < 4, heads
        assert min(bodies) > 1.5 and max(bodies) < 6, bodies
        for _, w in partial_head + no_body + [chunked]:
            w.close()

    asyncio.run(main())
    log = server.log()
    aborted = [line for line in log.splitlines() if "request aborted" in line]
    assert len(aborted) == 81, log[-3000:]
    assert all("127.0.0.1" not in line for line in aborted)
    assert "Traceback" not in log and "Error handling request" not in log, log[-3000:]


def test_a_head_sent_byte_by_byte_is_closed_at_the_head_timeout(short_server) -> None:  # type: ignore[no-untyped-def]
    server = short_server

    async def drip(w: asyncio.StreamWriter) -> None:
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000:
            if w.is_closing():
                return
            w.write(bytes([byte]))  # one byte every 50 ms: always "making progress", never done
            await asyncio.sleep(0.05)

    async def main() -> None:
        r, w = await _open(server.port)
        dripping = asyncio.create_task(drip(w))
        assert await _closed_after(r, 6) < 3
        dripping.cancel()
        w.close()

    asyncio.run(main())


def test_keep_alive_then_a_stalled_second_request_is_closed(short_server) -> None:  # type: ignore[no-untyped-def]
    server = short_server

    async def main() -> None:
        r, w = await _open(server.port)
        w.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        status = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        assert status.startswith(b"HTTP/1.1 200")
        await asyncio.wait_for(r.readexactly(int(status.lower().split(b"content-length: ")[1].split(b"\r\n")[0])), 5)
        await asyncio.sleep(1.5)  # idle between requests is aiohttp's keep-alive, not the head timeout
        w.write(b"POST /api/handoff/match HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")
        took = await _closed_after(r, 6)
        assert 1.0 < took < 5, took
        w.close()

    asyncio.run(main())


def test_slow_but_complete_requests_are_answered(short_server) -> None:  # type: ignore[no-untyped-def]
    server = short_server
    port = server.port
    body = b'{"interests": ["interest.games"], "age": 16}'

    async def main() -> None:
        r, w = await _open(port)
        request = _request(port, body)
        head, rest = request[: request.index(b"\r\n\r\n") + 4], request[request.index(b"\r\n\r\n") + 4:]
        w.write(head[:20])
        await asyncio.sleep(0.5)
        w.write(head[20:])
        await asyncio.sleep(1.2)  # more than the head timeout in all, but the head was complete in time
        w.write(rest)
        answer = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        assert answer.startswith(b"HTTP/1.1 200"), answer
        # and a chunked body in time is answered too
        w.write(f"POST /api/handoff/match HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n".encode())
        await asyncio.sleep(0.3)
        w.write(f"{len(body):x}\r\n".encode() + body + b"\r\n")
        await asyncio.sleep(0.3)
        w.write(b"0\r\n\r\n")
        length = int(answer.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        await r.readexactly(length)
        second = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        assert second.startswith(b"HTTP/1.1 200"), second
        w.close()

    asyncio.run(main())


def test_a_socket_that_sends_nothing_is_dropped(short_server) -> None:  # type: ignore[no-untyped-def]
    server = short_server

    async def main() -> None:
        r, w = await _open(server.port)
        assert await _closed_after(r, 5) < 3
        w.close()

    asyncio.run(main())


# -- origins at /ws ---------------------------------------------------------------------------------
def _handshake_status(port: int, origin: str | None, host: str | None = None) -> int:
    async def main() -> int:
        r, w = await _open(port)
        lines = ["GET /ws HTTP/1.1", f"Host: {host or f'127.0.0.1:{port}'}", "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        w.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        w.close()
        return int(head.split(b" ")[1])

    return asyncio.run(main())


def test_ws_accepts_no_origin_its_own_and_the_allowed_ones_only(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory({"ALLOWED_ORIGINS": "https://festival.example.jp, https://app.example.jp:8443"})
    port = server.port
    assert _handshake_status(port, None) == 101  # the SDK, bots, curl
    assert _handshake_status(port, f"http://127.0.0.1:{port}") == 101  # the node's own pages
    assert _handshake_status(port, "https://festival.example.jp") == 101
    assert _handshake_status(port, "https://FESTIVAL.example.jp/") == 101
    assert _handshake_status(port, "https://app.example.jp:8443") == 101
    assert _handshake_status(port, "https://festival.example.jp", host="festival.example.jp") == 101
    for bad in ("https://evil.example", "null", f"http://127.0.0.1:{port + 1}", "https://app.example.jp",
                "https://festival.example.jp.evil.example", f"http://127.0.0.1:{port}.evil.example"):
        assert _handshake_status(port, bad) == 403, bad

    async def refused_body() -> bytes:
        r, w = await _open(port)
        w.write((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 "Origin: https://evil.example\r\n\r\n").encode())
        data = await asyncio.wait_for(r.read(), 5)  # answered, then closed
        w.close()
        return data

    assert b"origin_not_allowed" in asyncio.run(refused_body())

    async def real_client() -> None:  # a browser-like client from the node's own origin can chat
        c = await WireClient.hello(server.url, headers={"Origin": f"http://127.0.0.1:{port}"})
        assert c.welcome["t"] == "welcome"
        await c.ws.close()

    asyncio.run(real_client())


def test_ws_origin_is_checked_on_a_keep_alive_connection_too(server) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        r, w = await _open(server.port)
        w.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        await r.readexactly(int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0]))
        w.write((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 "Origin: https://evil.example\r\n\r\n").encode())
        second = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)
        assert second.startswith(b"HTTP/1.1 403"), second
        w.close()
        ws = await RawWebSocket.connect(server.port)  # without Origin: still fine
        ws.writer.close()

    asyncio.run(main())


# -- browser headers and /metrics --------------------------------------------------------------------
def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def test_pages_carry_a_content_security_policy_and_no_framing(server) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/host", "/mod", "/static/app.js", "/healthz", "/api/handoff/AAAA-AAAA", "/nope"):
        status, headers, _ = _get(server.http + path)
        assert status in (200, 404), (path, status)
        csp = headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, (path, csp)
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, (path, csp)
        assert f"ws://127.0.0.1:{server.port}" in csp, csp
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "no-referrer", path
        assert headers.get("x-frame-options") == "DENY", path
    # a forged Host cannot write into the policy
    status, headers, _ = _get(server.http + "/", {"Host": "a; script-src *"})
    assert "script-src *" not in headers.get("content-security-policy", "")


def test_metrics_needs_its_token_when_one_is_set(server_factory, server) -> None:  # type: ignore[no-untyped-def]
    assert _get(server.http + "/metrics")[0] == 200  # unset: open, as before (bind it privately)
    locked = server_factory({"METRICS_TOKEN": "s3cret-scrape"})
    status, headers, body = _get(locked.http + "/metrics")
    assert status == 401 and headers.get("www-authenticate") == "Bearer"
    assert json.loads(body)["error"]["code"] == "unauthorized"
    assert _get(locked.http + "/metrics", {"Authorization": "Bearer wrong"})[0] == 401
    status, _, body = _get(locked.http + "/metrics", {"Authorization": "Bearer s3cret-scrape"})
    assert status == 200 and b"connections" in body


# -- the framing the guard follows (sans-I/O) ----------------------------------------------------------
def _phases(chunks: list[bytes]) -> list[str]:
    from server.http.guard import RequestFraming

    framing = RequestFraming()
    seen: list[str] = []
    for chunk in chunks:
        seen += framing.feed(chunk)
    return seen + [framing.phase]


def test_framing_follows_pipelined_split_and_chunked_requests() -> None:
    get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    post = b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    chunked = (b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5;ext=1\r\nhello\r\n4\r\n\r\n\r\n\r\n0\r\nTrailer: t\r\n\r\n")  # data may hold CRLFs
    assert _phases([get + post + get]) == ["idle", "head", "body", "idle", "head", "idle", "idle"]
    for stream in (post, chunked, get + chunked + post):
        whole = _phases([stream])
        assert whole[-1] == "idle", whole
        assert _phases([stream[i:i + 1] for i in range(len(stream))]) == whole  # byte by byte, same story
    assert _phases([post[:-1]])[-1] == "body"
    assert _phases([chunked[:-2]])[-1] == "body"  # the trailers have not ended
    assert _phases([b"\r\n" + get])[-1] == "idle"
    assert _phases([b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"])[-1] == "broken"
    assert _phases([b"GET / HTTP/1.1\r\nX: " + b"a" * 20_000])[-1] == "broken"
