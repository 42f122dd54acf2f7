"""Reading a running node from the outside: /metrics and /readyz."""
from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request


def metrics(http: str) -> dict[str, float]:
    body = urllib.request.urlopen(f"{http}/metrics", timeout=5).read().decode()
    values: dict[str, float] = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return values


async def metrics_async(http: str) -> dict[str, float]:
    return await asyncio.to_thread(metrics, http)


async def wait_metric(http: str, name: str, at_least: float, timeout: float = 5.0) -> float:
    """Poll (bounded) until a metric reaches a value; return the last reading."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    value = 0.0
    while loop.time() < deadline:
        value = (await metrics_async(http)).get(name, 0.0)
        if value >= at_least:
            return value
        await asyncio.sleep(0.05)
    return value


def readyz(http: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{http}/readyz", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
