"""Graceful drain on SIGTERM: in-flight messages arrive, then 1001, exit within 10 s."""
from __future__ import annotations

import asyncio
import signal
import time

import pytest

from tests.support.wsclient import WireClient


async def test_sigterm_flushes_closes_1001_and_exits(server_factory):
    server = server_factory({"DRAIN_S": "8"})  # the default: the suite's nodes drain for 0.2 s only
    clients = [await WireClient.hello(server.url, f"v{i}") for i in range(5)]
    for c in clients:
        await c.request({"t": "join", "room": "lobby"})
    speaker = clients[0]
    for i in range(10):  # in flight when the signal lands (within the burst allowance)
        await speaker.send({"t": "say", "room": "lobby", "text": f"last words {i}", "ref": i})
    await asyncio.sleep(0.05)
    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    for c in clients:
        texts = []
        try:
            while True:
                m = await c.recv(8)
                if m["t"] == "said":
                    texts.append(m["text"])
        except Exception:
            pass
        assert texts[-1] == "last words 9" and len(texts) == 10
        assert c.ws.close_code == 1001
    with pytest.raises(OSError):
        await WireClient.open(server.url)  # no longer listening
    code = await asyncio.to_thread(server.proc.wait, 10)
    assert code == 0 and time.monotonic() - started < 10
