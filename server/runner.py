"""Run one node until SIGTERM/SIGINT, then drain gracefully.

Drain: stop accepting, report not ready, flush what is in flight, close every
socket with 1001 (clients resume elsewhere), and exit within 10 s.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from aiohttp import web

from rooms.protocol import Close

from server.app import build_app
from server.banner import base_url, ready_text
from server.config import Config
from server.ws.frontdoor import FrontDoor
from server.realtime.node import Node

log = logging.getLogger("tsunagaru.runner")


async def serve(config: Config, ready: asyncio.Event | None = None) -> None:
    app = build_app(config)
    node: Node = app["node"]
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    loop = asyncio.get_running_loop()
    http_factory = runner.server
    assert http_factory is not None
    listener = await loop.create_server(lambda: FrontDoor(node, http_factory), config.host, config.port,
                                        backlog=4096, reuse_address=True)
    port = listener.sockets[0].getsockname()[1] if listener.sockets else config.port
    log.info("listening", extra={"host": config.host, "port": port, "node": node.id, "demo": config.demo})
    # on stdout, for the person who started it (the logs are JSON lines on stderr, for a shipper)
    sys.stdout.write(ready_text(base_url(config.host, port), app.get("demo_logins", [])))
    sys.stdout.flush()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("draining", extra={"connections": len(node.connections)})
    try:
        await asyncio.wait_for(drain(node, listener), config.drain_s)
    except asyncio.TimeoutError:
        log.warning("drain timed out; closing what is left")
        for conn in list(node.connections):
            conn.transport.abort()
    await runner.cleanup()
    log.info("stopped")


async def drain(node: Node, listener: asyncio.Server) -> None:
    node.draining = True
    listener.close()  # no new connections
    node.notify_all("draining")
    node.fanout.flush()  # in-flight messages leave before the close frames
    for conn in list(node.connections):
        conn.close(Close.GOING_AWAY, "server going away")
    while node.connections:  # each leaves when its client answers the close frame (or after CLOSE_TIMEOUT_S)
        await asyncio.sleep(0.05)
