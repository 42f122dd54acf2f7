"""Many nodes, one room: the cluster benchmark of the Redis issue.

    python bench/cluster.py            # about 3 minutes; writes bench/results/cluster-<date>-<host>.{json,txt}
    python bench/cluster.py --quick

In one run, with a private `redis-server` on a free port (never 6379):
  A  one node, in-process bus       (the single-node reference of this run)
  B  one node over Redis
  C  three nodes over one Redis, the room's visitors spread over the nodes
Each: one room (`lobby`), 100 visitors × 2 messages/s = 20,000 deliveries/s,
driven by the Python load generator (`python -m clients.loadgen`, one process,
its clients spread round-robin over the nodes with repeated `--url`), which
counts every copy of its own messages. 20,000 deliveries/s is well within
what it can receive on one core.
Redis commands per chat message come from `INFO commandstats`, reset after
10, 100 or 300 visitors have joined one node's room and read after 300
`say`s, so that only the says are counted: the figure must not grow with the
room.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: wsload envelope and helpers)

REPO = Path(__file__).resolve().parent.parent
P99_MAX_MS = 150.0
MIN_RATIO = 0.6


def redis_cmd(port: int, *args: str) -> bytes:
    parts = [b"*%d\r\n" % len(args)] + [b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in args]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"".join(parts))
        data = b""
        s.settimeout(1.0)
        try:
            while True:
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                data += chunk
                if data.startswith(b"$"):
                    n = int(data[1:data.index(b"\r\n")])
                    if len(data) >= data.index(b"\r\n") + 2 + n + 2:
                        break
                elif data.endswith(b"\r\n"):
                    break
        except socket.timeout:
            pass
        return data


def commandstats(port: int) -> dict[str, int]:
    text = redis_cmd(port, "INFO", "commandstats").decode(errors="replace")
    calls: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("cmdstat_"):
            name, _, rest = line.partition(":")
            fields = dict(kv.split("=") for kv in rest.split(","))
            calls[name[len("cmdstat_"):]] = int(fields["calls"])
    return calls


class Procs:
    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, cmd: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
        out = open(log, "wb") if log else subprocess.DEVNULL
        proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **(env or {})}, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(12)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            self.stop(proc)


def wait_http(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"node on {port} not ready within {timeout} s")


def start_nodes(procs: Procs, tmp: Path, count: int, redis_url: str | None, tag: str) -> list[tuple[int, subprocess.Popen]]:
    nodes = []
    for i in range(count):
        port = bench.free_port()
        env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/{tag}-{i}.db", "NODE_ID": f"{tag}-{i}"}
        if redis_url:
            env["REDIS_URL"] = redis_url
        proc = procs.start([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port),
                            "--demo"], env, tmp / f"{tag}-{i}.log")
        nodes.append((port, proc))
    for port, _ in nodes:
        wait_http(port)
    return nodes


def drive(nodes: list[tuple[int, subprocess.Popen]], clients: int, rate: float, warmup: float,
          duration: float) -> dict:
    """The Python load generator, its clients spread round-robin over the nodes; its JSON line."""
    cmd = [sys.executable, "-m", "clients.loadgen", "--clients", str(clients), "--rooms", "1", "--room", "lobby",
           "--rate", str(rate), "--seconds", str(duration), "--warmup", str(warmup)]
    for port, _ in nodes:
        cmd += ["--url", f"ws://127.0.0.1:{port}/ws"]
    cpu_before = {proc.pid: _cpu_s(proc.pid) for _, proc in nodes}
    started = time.monotonic()
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=warmup + duration + 120)
    wall = time.monotonic() - started
    last = [line for line in out.stdout.splitlines() if line.startswith("{")]
    r = json.loads(last[-1]) if last else {"error": out.stderr[-800:]}
    r["nodes"] = len(nodes)
    r["server_cpu_pct"] = [round(100 * (_cpu_s(proc.pid) - cpu_before[proc.pid]) / wall, 1) for _, proc in nodes]
    return r


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def count_commands(port: int, rport: int, members: int, messages: int) -> dict[str, float]:
    """Redis commands per `say` with `members` in the room: only the says are in the window."""
    from clients.sdk import Client

    url = f"ws://127.0.0.1:{port}/ws"
    people = [await Client.connect(url, nick=f"k{i}") for i in range(members)]
    try:
        for p in people:
            await p.join("lobby")
        await asyncio.sleep(0.5)
        redis_cmd(rport, "CONFIG", "RESETSTAT")
        sent = 0
        for _ in range(max(1, messages // members) + 1):  # paced: 1 message per member per round
            for p in people:
                if sent < messages:
                    await p.say("lobby", f"k{sent}")
                    sent += 1
            if sent >= messages:
                break
            await asyncio.sleep(0.25)
        calls = commandstats(rport)
    finally:
        for p in people:
            await p.close()
    background = {k: calls.pop(k, 0) for k in ("set", "sadd", "smembers", "exists", "config|resetstat", "info", "ping")}
    per = {k: round(v / sent, 2) for k, v in sorted(calls.items(), key=lambda kv: -kv[1])}
    per["total"] = round(sum(calls.values()) / sent, 2)
    per["liveness (not per message)"] = sum(background.values())
    return per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    warmup, duration = (1.0, 4.0) if args.quick else (2.0, 10.0)
    if shutil.which("redis-server") is None:
        print("redis-server is not installed", file=sys.stderr)
        return 2
    bench.raise_nofile(4096)
    tmp = Path(tempfile.mkdtemp(prefix="tsu-cluster-"))
    procs = Procs()
    results: dict = {"machine": bench.machine_info(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "quick": args.quick, "scenarios": {}, "commands_per_message": {}}
    try:
        rport = bench.free_port()
        procs.start(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", str(tmp)])
        time.sleep(0.5)
        redis_url = f"redis://127.0.0.1:{rport}/0"
        for label, count, url in (("A", 1, None), ("B", 1, redis_url), ("C", 3, redis_url)):
            redis_cmd(rport, "FLUSHALL")
            nodes = start_nodes(procs, tmp, count, url, label)
            r = drive(nodes, 100, 2.0, warmup, duration)
            results["scenarios"][label] = r
            for _, proc in nodes:
                procs.stop(proc)
            print(f"{label}: {r['nodes']} node(s) delivered {r.get('delivered_ratio')} at {r.get('delivered_per_s')}/s "
                  f"p99 {r.get('latency_ms', {}).get('p99')} ms errors {r.get('errors')}", flush=True)
        for members in (10, 100, 300):  # commands per chat message, measured alone, as the room grows
            redis_cmd(rport, "FLUSHALL")
            nodes = start_nodes(procs, tmp, 1, redis_url, f"K{members}")
            per = asyncio.run(count_commands(nodes[0][0], rport, members, 300))
            results["commands_per_message"][f"say, {members} in room"] = per
            for _, proc in nodes:
                procs.stop(proc)
    finally:
        procs.stop_all()
    a, c = results["scenarios"]["A"], results["scenarios"]["C"]
    results["ratio_C_over_A"] = c["delivered_per_s"] / a["delivered_per_s"] if a["delivered_per_s"] else None
    text = render(results)
    print(text)
    stamp = time.strftime("%Y-%m-%d")
    host = socket.gethostname()
    out = Path(args.out) if args.out else REPO / "bench" / "results" / f"cluster-{stamp}-{host}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    out.with_suffix(".txt").write_text(text)
    return 0


def render(results: dict) -> str:
    m = results["machine"]
    lines = [f"Tsunagaru cluster bench {results['started']}  {m}", "",
             "scen  nodes  clients  delivered/expected   ratio    deliv/s   p50 ms  p99 ms  max ms  errors  server cpu % (wall)",
             "----  -----  -------  ------------------  -------  --------  ------  ------  ------  ------  ------------------"]
    for label, r in results["scenarios"].items():
        lat = r.get("latency_ms", {})
        lines.append(f"{label:<5} {r['nodes']:>5}  {r.get('clients', 0):>7}  {r.get('delivered', 0):>8}/{r.get('expected', 0):<9}  "
                     f"{r.get('delivered_ratio', 0):7.4f}  {r.get('delivered_per_s', 0):8.0f}  {lat.get('p50', 0):6.2f}  "
                     f"{lat.get('p99', 0):6.2f}  {lat.get('max', 0):6.1f}  {str(r.get('errors')):>6}  {r['server_cpu_pct']}")
    ratio = results.get("ratio_C_over_A")
    c = results["scenarios"]["C"]
    lines += ["", f"C/A delivered per second: {ratio:.2f} (target >= {MIN_RATIO})" if ratio else "C/A: n/a",
              f"C: every message delivered: {c.get('delivered') == c.get('expected')}; "
              f"p99 {c.get('latency_ms', {}).get('p99')} ms (target < {P99_MAX_MS} ms)",
              "", "Redis commands per chat message (INFO commandstats; the scripts' own calls included):"]
    for label, per in results["commands_per_message"].items():
        lines.append(f"  {label:<18} total {per['total']:>6}   " + ", ".join(f"{k} {v}" for k, v in per.items() if k != "total"))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
