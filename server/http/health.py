"""HTTP beside the socket: health, readiness, metrics and the web clients."""
from __future__ import annotations

import hmac
from pathlib import Path

from aiohttp import web

from server.realtime.node import Node

WEB_ROOT = Path(__file__).resolve().parents[2] / "clients" / "web"


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    node: Node = request.app["node"]
    checks = request.app["readiness"]
    ready = not node.draining and checks.get("bus", False) and checks.get("database", False)
    body = {"ready": ready, "draining": node.draining, **checks}
    return web.json_response(body, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    node: Node = request.app["node"]
    token = node.config.metrics_token  # METRICS_TOKEN: when set, scrapers send it as a bearer token
    if token and not hmac.compare_digest(request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()):
        return web.json_response({"error": {"code": "unauthorized", "message": "/metrics needs the METRICS_TOKEN"}},
                                 status=401, headers={"WWW-Authenticate": "Bearer"})
    return web.Response(text=node.metrics.render(), content_type="text/plain", charset="utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})


def _page(name: str):  # type: ignore[no-untyped-def]
    async def serve(request: web.Request) -> web.StreamResponse:
        page = WEB_ROOT / name
        if not page.is_file():
            raise web.HTTPNotFound(text=f"{name} is not installed")
        return web.FileResponse(page, headers={"Cache-Control": "no-cache"})

    return serve


index = _page("index.html")
host = _page("host/index.html")
mod = _page("mod/index.html")
admin = _page("admin/index.html")
apply_page = _page("apply/index.html")
public_map = _page("finder/map.html")

