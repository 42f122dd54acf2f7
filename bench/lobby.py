"""S7: many visitors join one lobby, then idle (issue 18): memory per connection and join latency.

wsload (ramp mode, every client into the one room `lobby`) opens the crowd; meanwhile a probe in
this process joins the same lobby with a fresh connection every `PROBE_EVERY_S` and times the
`join` round trip (hello first, untimed), so join latency is sampled while the room fills and
after. Run by bench/run.py (`--scenarios S7`), our server and the reference in the same run.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable

PROBE_EVERY_S = 0.5
S7_MAX_KB = 10.0
S7_MAX_JOIN_P99_MS = 50.0


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class JoinProbe:
    """Joins the lobby again and again on fresh connections; the join round trips in ms."""

    def __init__(self, port: int) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws"
        self.samples: list[float] = []
        self.failures: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from websockets.sync.client import connect

        i = 0
        while not self._stop.wait(PROBE_EVERY_S):
            i += 1
            try:
                with connect(self.url, subprotocols=["tsunagaru.v1.json"], open_timeout=10,  # type: ignore[list-item]
                             max_size=2**24) as ws:
                    ws.send(json.dumps({"t": "hello", "ref": 0, "nick": f"probe{i}"}))
                    self._until(ws, lambda m: m.get("t") == "welcome")
                    t0 = time.perf_counter()
                    ws.send(json.dumps({"t": "join", "ref": 1, "room": "lobby"}))
                    reply = self._until(ws, lambda m: m.get("ref") == 1)
                    if reply.get("t") == "ok":
                        self.samples.append((time.perf_counter() - t0) * 1000)
                    else:
                        self.failures[str(reply.get("code"))] = self.failures.get(str(reply.get("code")), 0) + 1
                    ws.close(1000)
            except Exception as exc:  # a probe that fails is counted, not fatal
                name = type(exc).__name__
                self.failures[name] = self.failures.get(name, 0) + 1

    @staticmethod
    def _until(ws: Any, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            value = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            for m in value if isinstance(value, list) else [value]:
                if wanted(m):
                    return m
        raise TimeoutError("no reply")

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join(timeout=20)
        return {"joins": len(self.samples), "failures": self.failures,
                "p50_ms": percentile(self.samples, 0.5), "p99_ms": percentile(self.samples, 0.99),
                "max_ms": max(self.samples) if self.samples else None}


def scenario_S7(ctx: Any, run_step: Callable[..., dict], clients: int, connect_budget_s: int) -> dict:
    args = ["--mode", "ramp", "--clients", str(clients), "--room-name", "lobby",
            "--connect-budget", str(connect_budget_s), "--join-timeout", "120",
            "--settle", str(ctx.dur["S4_settle"]), "--max-fail", "0"]
    runs: dict[str, list] = {k: [] for k in ctx.servers}
    for kind in ctx.order(0):
        runs[kind].append(run_step(ctx, kind, "S7", f"{clients}lobby", args, traffic=False, during=JoinProbe))
    res: dict[str, Any] = {"what": f"{clients} visitors join one lobby (connect budget {connect_budget_s} s), then "
                                   "idle: server RSS growth per connection, join round trip sampled meanwhile",
                           "runs": runs, "by_server": {}}
    for kind, rs in runs.items():
        rec = rs[0] if rs else {}
        w, probe = rec.get("wsload") or {}, rec.get("probe") or {}
        kb = w.get("server_kb_per_conn")
        p99 = probe.get("p99_ms")
        res["by_server"][kind] = {
            "kb_per_conn": kb, "joined": w.get("joined"), "alive_after_settle": w.get("alive_after_settle"),
            "rss_after_mb": w.get("server_rss_after_mb"), "join_s": w.get("join_s"),
            "probe_joins": probe.get("joins"), "probe_failures": probe.get("failures"),
            "join_p50_ms": probe.get("p50_ms"), "join_p99_ms": p99, "join_max_ms": probe.get("max_ms"),
            "pass": bool(w.get("joined") == clients and w.get("alive_after_settle") == clients and kb is not None
                         and kb <= S7_MAX_KB and p99 is not None and p99 <= S7_MAX_JOIN_P99_MS
                         and not probe.get("failures")),
        }
    o, r = res["by_server"].get("ours", {}), res["by_server"].get("ref", {})
    res["ratio_ours_over_ref"] = (o["kb_per_conn"] / r["kb_per_conn"]
                                  if o.get("kb_per_conn") and r.get("kb_per_conn") else None)
    return res
