#!/usr/bin/env python3
"""Benchmark our server against the plain reference server, in one run, on one box.

    python bench/run.py                      # every scenario, both servers, full durations
    python bench/run.py --quick              # short durations (a smoke run, not a measurement)
    python bench/run.py --scenarios S1,S2 --servers ref --out /tmp/r.json

Each step starts a fresh server process pinned to core 0 (``taskset -c 0``) and runs the
wsload load generator (shared/tools/wsload, C, epoll) pinned to core 1 against it on
127.0.0.1, with the wire protocol v1 envelope from wsload's README. Our server and the
reference (bench/reference_server.py) take turns step by step, so drift on the box hits
both alike. The results go to a JSON file (everything wsload printed, plus verdicts and
flags) and a text table next to it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WSLOAD_SRC = Path("/work/shared/tools/wsload/wsload.c")

# The wire protocol v1 envelope, exactly as in shared/tools/wsload/README.md.
PROTO = [
    "--header", "Sec-WebSocket-Protocol: tsunagaru.v1.json",
    "--hello-tpl", '{"t":"hello","nick":"lg%I","lang":"en"}',
    "--welcome-marker", '"t":"welcome"',
    "--join-tpl", '{"t":"join","ref":1,"room":"%R"}',
    "--ack-marker", '"t":"ok"',
    "--say-tpl", '{"t":"say","ref":%S,"room":"%R","text":"lg %A"}',
    "--said-marker", '"t":"said"',
    "--ts-key", '"text":"lg ',
    "--ts-alpha",
    "--error-marker", '"t":"error"',
]

OURS_CMD = "{python} -m server serve --host 127.0.0.1 --port {port} --demo"
REF_CMD = "{python} bench/reference_server.py --host 127.0.0.1 --port {port}"

# the ladder (0.2, 0.4, 0.6, 0.8, 1.0, 1.4, 1.8, 2.4, 3.0) with finer steps at the bottom,
# where one step of 0.2 is a factor of 2 and would make the ratio too coarse
S5_RATES = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.4, 1.8, 2.4, 3.0]

# targets from the issue
S1_P99_MS = 15.0
S2_MAX_RATIO = 1.0
S5_MIN_RATIO = 1.4
S4_MAX_KB = 15.0
PASS_RATIO = 0.999
PASS_P99_MS = 100.0
# loadgen health: above these the run measured the loadgen, not the server
LG_SEND_LAG_P99_MS = 5.0
LG_CPU_PCT = 85.0

SERVER_LABEL = {"ours": "ours", "ref": "reference"}


class BenchError(Exception):
    pass


# ----------------------------------------------------------------------------- helpers
def log(*a) -> None:
    print(*a, file=sys.stderr, flush=True)


def sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception as e:  # noqa: BLE001 - informational only
        return f"? ({e})"


def machine_info() -> dict:
    model = sh("lscpu | grep 'Model name'")
    model = model.split(":", 1)[1].strip() if ":" in model else model
    try:
        import aiohttp  # noqa: PLC0415

        aiohttp_v = aiohttp.__version__
    except Exception:  # noqa: BLE001
        aiohttp_v = None
    return {
        "hostname": socket.gethostname(),
        "nproc": sh("nproc"),
        "cpu_model": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "aiohttp": aiohttp_v,
        "mem_total_mb": _mem_total_mb(),
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "git_head": sh(f"git -C {shlex.quote(str(REPO))} rev-parse --short HEAD 2>/dev/null") or None,
    }


def _mem_total_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def raise_nofile(need: int) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want_hard = max(hard, need) if hard != resource.RLIM_INFINITY else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want_hard, want_hard))
    except (ValueError, OSError):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    s2, h2 = resource.getrlimit(resource.RLIMIT_NOFILE)
    return {"before": [soft, hard], "after": [s2, h2], "enough": s2 == resource.RLIM_INFINITY or s2 >= need}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_wsload(src: Path, tmp: Path) -> Path:
    if not src.is_file():
        raise BenchError(f"wsload source not found: {src}")
    out = tmp / "wsload"
    r = subprocess.run(["gcc", "-O2", "-o", str(out), str(src)], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise BenchError(f"building wsload failed:\n{r.stderr}")
    return out


def file_sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


def descendants(pid: int) -> list[int]:
    """Pids of all live descendants of pid (scan /proc)."""
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            parent[int(d)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError):
            continue
    out, frontier = [], [pid]
    for _ in range(64):  # bounded depth
        nxt = [c for c, p in parent.items() if p in frontier]
        if not nxt:
            break
        out += nxt
        frontier = nxt
    return out


CODE_DIRS = ("server", "rooms", "moderation", "booths")


def code_fingerprint(root: Path = REPO) -> dict:
    """A cheap fingerprint of our server's source (paths, sizes, mtimes): shows edits made mid-run."""
    h = hashlib.sha256()
    newest = 0
    for d in CODE_DIRS:
        base = root / d
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*.py")):
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            newest = max(newest, st.st_mtime_ns)
    stamp = dt.datetime.fromtimestamp(newest / 1e9, dt.timezone.utc).isoformat(timespec="seconds") if newest else None
    return {"hash": h.hexdigest()[:12], "newest_file_utc": stamp}


SNAPSHOT_IGNORE = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks",
                                         "node_modules", "results", "*.db", "*.db-*", "*.pyc", "*.egg-info")


def snapshot_tree(dest: Path) -> Path:
    """Copy the working tree (without .git, caches, results) so every step runs the same code,
    even while people keep editing the repo. `python -m server` run from it imports the copy."""
    shutil.copytree(REPO, dest, ignore=SNAPSHOT_IGNORE, symlinks=True)
    return dest


def cpu_snapshot() -> dict:
    """CPU ticks now: {"procs": {pid: (comm, user+system, reaped children's user+system)},
    "sys": user+nice+system of all cores (from /proc/stat)}."""
    procs = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
        except OSError:
            continue
        i = stat.rfind(")")
        f = stat[i + 2 :].split()
        try:
            procs[int(d)] = (stat[stat.find("(") + 1 : i], int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
        except (ValueError, IndexError):
            continue
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:4]]
    return {"procs": procs, "sys": sum(v)}


def interference(before: dict, after: dict, server_pids: set[int], wall_s: float) -> dict:
    """CPU that processes other than ours used between two snapshots, in % of one core.

    other = (user + nice + system of the whole box) - the server's own - this driver's own and that of
    the children it reaped in the window (wsload). Softirq is not in it. `top` names the biggest
    other consumers (processes alive at the end; short-lived ones show only in the total)."""
    hz = os.sysconf("SC_CLK_TCK")
    k = 100.0 / hz / max(wall_s, 1e-3)
    b, a = before["procs"], after["procs"]

    def own(pid, with_children=False):
        if pid not in a:
            return 0
        d = a[pid][1] - (b[pid][1] if pid in b else 0)
        if with_children:
            d += a[pid][2] - (b[pid][2] if pid in b else 0)
        return max(d, 0)

    ours = sum(own(p) for p in server_pids) + own(os.getpid(), with_children=True)
    other = max(after["sys"] - before["sys"] - ours, 0)
    per: dict[str, float] = {}
    for pid, (comm, ticks, _) in a.items():
        if pid in server_pids or pid == os.getpid():
            continue
        d = ticks - b[pid][1] if pid in b else ticks  # a process born in the window: all of it
        if d > 0:
            per[comm] = per.get(comm, 0) + d
    top = sorted(per.items(), key=lambda kv: -kv[1])[:4]
    return {"other_cpu_pct": round(other * k, 1), "top": [[c, round(v * k, 1)] for c, v in top]}


def busy_fraction(interval: float) -> float:
    """Share of all cores busy over the next `interval` seconds (from /proc/stat)."""
    def read():
        f = Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
        v = [int(x) for x in f]
        return sum(v) - v[3] - v[4], sum(v)
    b0, t0 = read()
    time.sleep(interval)
    b1, t1 = read()
    return (b1 - b0) / max(t1 - t0, 1)


def wait_quiet(max_s: float, threshold: float = 0.12) -> float:
    """Wait (bounded) until the box is quiet before a step; returns the last busy share seen."""
    deadline = time.monotonic() + max_s
    b = 0.0
    for _ in range(int(max_s / 0.5) + 1):
        b = busy_fraction(0.5)
        if b < threshold or time.monotonic() >= deadline:
            break
    return b


def tail(path: Path, n: int = 30) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


# ----------------------------------------------------------------------------- server
class ServerProc:
    """One server process for one step: started fresh, pinned, killed afterwards."""

    def __init__(self, kind: str, cmd_tpl: str, workdir: Path, pin: str | None, step_tag: str,
                 cwd: Path = REPO) -> None:
        self.cwd = cwd
        self.kind = kind
        self.cmd_tpl = cmd_tpl
        self.workdir = workdir
        self.pin = pin
        self.tag = step_tag
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log_path = workdir / f"{step_tag}-{kind}.log"
        self.db_path = workdir / f"{step_tag}-{kind}.db"
        self.children: list[int] = []

    def start(self, ready_timeout: float) -> None:
        self.port = free_port()
        cmd = shlex.split(self.cmd_tpl.format(python=shlex.quote(sys.executable), port=self.port))
        if self.pin is not None:
            cmd = ["taskset", "-c", self.pin] + cmd
        env = dict(os.environ)
        env.setdefault("PYTHONUNBUFFERED", "1")
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{self.db_path}"
        self.cmd = cmd
        self._logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._logf, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + ready_timeout
        url = f"http://127.0.0.1:{self.port}/healthz"
        for _ in range(int(ready_timeout / 0.1) + 1):
            if self.proc.poll() is not None:
                raise BenchError(f"{self.kind} server exited with {self.proc.returncode} before it was ready:\n"
                                 + tail(self.log_path))
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"{self.kind} server did not answer GET /healthz within {ready_timeout:.0f} s:\n"
                                 + tail(self.log_path))
            time.sleep(0.1)
        time.sleep(0.3)  # let startup work finish before the RSS baseline is taken
        self.children = descendants(self.proc.pid)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 8.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.proc.pid, sig)  # its own session: the server and its children only
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:
            try:  # the leader is gone; make sure nothing it left behind lingers
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self._logf.close()
        except Exception:  # noqa: BLE001
            pass
        for p in (self.db_path, Path(str(self.db_path) + "-wal"), Path(str(self.db_path) + "-shm")):
            try:
                p.unlink()
            except OSError:
                pass
        return self.proc.returncode


# ----------------------------------------------------------------------------- wsload
def wsload_timeout(args: list[str]) -> float:
    vals = {"--connect-budget": 60, "--join-timeout": 20, "--join-settle": 1, "--settle": 0.5,
            "--warmup": 2, "--duration": 10, "--drain": 5}
    for i, a in enumerate(args[:-1]):
        if a in vals:
            vals[a] = float(args[i + 1])
    return sum(vals.values()) + 60


def run_wsload(ctx, srv: ServerProc, args: list[str]) -> tuple[dict | None, dict]:
    out = ctx.workdir / f"{srv.tag}-{srv.kind}.wsload.json"
    cmd = [str(ctx.wsload), "--url", f"ws://127.0.0.1:{srv.port}/ws", "--server-pid", str(srv.pid)] + PROTO + args
    cmd += ["--json", str(out)]
    if ctx.pin_loadgen is not None:
        cmd = ["taskset", "-c", ctx.pin_loadgen] + cmd
    meta = {"cmd": " ".join(shlex.quote(c) for c in cmd)}
    snap0 = cpu_snapshot()
    t0 = time.monotonic()
    errf = open(ctx.workdir / f"{srv.tag}-{srv.kind}.wsload.err", "w+")
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errf)
    try:
        meta["rc"] = p.wait(timeout=wsload_timeout(args))
    except subprocess.TimeoutExpired:
        meta["rc"] = "timeout"
        p.kill()
        p.wait(timeout=10)
    wall = time.monotonic() - t0
    server_pids = {srv.pid, *srv.children, *descendants(srv.pid)}
    meta["interference"] = interference(snap0, cpu_snapshot(), server_pids, wall)
    errf.seek(0)
    err = errf.read().strip()
    errf.close()
    if err:
        meta["stderr"] = err[-2000:]
    try:
        text = out.read_text().strip()
        return (json.loads(text.splitlines()[-1]) if text else None), meta
    except (OSError, ValueError, IndexError):
        return None, meta


def health_flags(w: dict | None, srv_ok: bool, traffic: bool) -> list[str]:
    """Why a run may not measure what it meant to (empty = clean)."""
    if w is None:
        return ["no wsload result"]
    f = []
    if w.get("error"):
        f.append(f"wsload: {w['error']}")
    n = w.get("clients")
    if w.get("connected") != n:
        f.append(f"connected {w.get('connected')}/{n} {w.get('connect_errors') or ''}".strip())
    if w.get("joined") != n:
        f.append(f"joined {w.get('joined')}/{n}")
    if w.get("join_failed"):
        f.append(f"join_failed {w['join_failed']}")
    if w.get("error_msgs"):
        f.append(f"errors {w['error_msgs']}: {w.get('first_error')}")
    if w.get("server_close_codes"):
        f.append(f"close codes {w['server_close_codes']}")
    if w.get("disconnects"):
        f.append(f"disconnects {w['disconnects']}")
    if traffic:
        lag = (w.get("send_lag_ms") or {}).get("p99")
        if lag is not None and lag > LG_SEND_LAG_P99_MS:
            f.append(f"loadgen lagging: send_lag p99 {lag:.1f} ms")
        lg = w.get("loadgen_cpu_pct")
        if lg is not None and lg > LG_CPU_PCT:
            f.append(f"LOADGEN-BOUND: loadgen cpu {lg:.0f}%")
        if w.get("send_fail"):
            f.append(f"send_fail {w['send_fail']}")
    if not srv_ok:
        f.append("server died during the run")
    return f


def setup_ok(w: dict | None) -> bool:
    return bool(w) and not w.get("error") and w.get("connected") == w.get("clients") == w.get("joined")


def kept_up(w: dict | None) -> bool:
    """The issue's pass rule: delivered_ratio >= 0.999 and p99 <= 100 ms (and a clean setup)."""
    if not setup_ok(w):
        return False
    p99 = (w.get("lat_ms") or {}).get("p99")
    return w.get("delivered_ratio", 0) >= PASS_RATIO and p99 is not None and p99 <= PASS_P99_MS


def us_per_msg(w: dict | None) -> float | None:
    if not w or not w.get("out_per_s") or w.get("server_cpu_pct") is None:
        return None
    return w["server_cpu_pct"] / 100.0 / w["out_per_s"] * 1e6


# ----------------------------------------------------------------------------- steps
class Ctx:
    pass


def run_step(ctx, kind: str, scenario: str, label: str, args: list[str], traffic: bool = True, during=None) -> dict:
    """One server, one wsload run. `during(port)` starts something beside the load (S7's join probe);
    its `stop()` result is kept as `probe`."""
    ctx.step_no += 1
    tag = f"{ctx.step_no:03d}-{scenario}-{label}".replace(".", "_")
    rec: dict = {"server": kind, "scenario": scenario, "label": label, "args": args}
    if kind == "ours":
        rec["code"] = code_fingerprint(ctx.src)
        ctx.code_versions.setdefault(rec["code"]["hash"], []).append(tag_of(ctx, scenario, label))
    srv = ServerProc(kind, ctx.cmds[kind], ctx.workdir, ctx.pin_server, tag, ctx.src)
    rec["background_busy_before"] = round(wait_quiet(ctx.quiet_max_s), 3)
    ctx.live = srv
    t0 = time.monotonic()
    try:
        try:
            srv.start(ctx.ready_timeout)
        except BenchError as e:
            rec["start_error"] = str(e)
            rec["flags"] = ["server did not start"]
            log(f"  [{kind}] {scenario} {label}: START FAILED: {str(e).splitlines()[0]}")
            return rec
        rec["server_cmd"] = " ".join(srv.cmd)
        if srv.children:
            rec["server_children"] = srv.children
        beside = during(srv.port) if during is not None else None
        try:
            w, meta = run_wsload(ctx, srv, args)
        finally:
            if beside is not None:
                rec["probe"] = beside.stop()
        rec["wsload"] = w
        rec["wsload_meta"] = meta
        alive = srv.alive()
        rec["flags"] = health_flags(w, alive, traffic)
        itf = meta.get("interference") or {}
        if itf.get("other_cpu_pct", 0) > ctx.noisy_pct:
            rec["flags"].append(f"busy box: other processes used {itf['other_cpu_pct']:.0f}% CPU during the run "
                                f"(top: {', '.join(f'{c} {v:.0f}%' for c, v in itf.get('top', [])[:3])})")
        if srv.children:
            rec["flags"].append(f"server has {len(srv.children)} child process(es): server_cpu_pct covers the main pid only")
        if not alive or w is None or rec["flags"]:
            rec["server_log_tail"] = tail(srv.log_path, 40)
    finally:
        rc = srv.stop()
        ctx.live = None
        rec["server_exit"] = rc
        rec["step_s"] = round(time.monotonic() - t0, 1)
    log("  " + one_line(rec))
    return rec


def tag_of(ctx, scenario: str, label: str) -> str:
    return f"{scenario} {label}"


def one_line(rec: dict) -> str:
    w = rec.get("wsload") or {}
    head = f"[{rec['server']:>4}] {rec['scenario']} {rec['label']:<10}"
    if rec.get("start_error"):
        return head + " START FAILED"
    if w.get("mode") == "ramp":
        s = (f" conn {w.get('connected')}/{w.get('clients')} joined {w.get('joined')} alive {w.get('alive_after_settle')}"
             f" rss {w.get('server_rss_before_mb')}->{w.get('server_rss_after_mb')} MB"
             f" {w.get('server_kb_per_conn')} KB/conn")
        probe = rec.get("probe")
        if probe:
            s += f" join p50 {fmt(probe.get('p50_ms'))} p99 {fmt(probe.get('p99_ms'))} ms ({probe.get('joins')} probes)"
    else:
        lat = w.get("lat_ms") or {}
        upm = us_per_msg(w)
        s = (f" out {w.get('out_per_s', 0):>9.0f}/s of {w.get('expected_out_per_s', 0):>9.0f}"
             f" ratio {w.get('delivered_ratio', 0):.4f} p50 {fmt(lat.get('p50'))} p99 {fmt(lat.get('p99'))} ms"
             f" cpu {fmt(w.get('server_cpu_pct'), 0)}% {fmt(upm)} us/msg lg {fmt(w.get('loadgen_cpu_pct'), 0)}%"
             f" lag99 {fmt((w.get('send_lag_ms') or {}).get('p99'))} ms"
             f" core0 {fmt(w.get('cpu0_busy_pct'), 0)}% core1 {fmt(w.get('cpu1_busy_pct'), 0)}%"
             f" said/frame {fmt(w.get('said_per_frame'), 1)}")
    itf = (rec.get("wsload_meta") or {}).get("interference") or {}
    if itf:
        s += f" others {itf.get('other_cpu_pct', 0):.0f}%"
    fl = rec.get("flags") or []
    return head + s + (("  !! " + "; ".join(fl)) if fl else "")


def fmt(v, nd: int = 2) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def durations(quick: bool) -> dict:
    if quick:
        return {"S1": (1, 3), "S2": (1, 4), "S5": (1, 3), "S4_settle": 1, "repeat": 1}
    return {"S1": (2, 10), "S2": (3, 10), "S5": (2, 8), "S4_settle": 3, "repeat": 5}


def timing(w_d) -> list[str]:
    warm, dur = w_d
    return ["--warmup", str(warm), "--duration", str(dur), "--drain", "5"]


def median_run(runs: list[dict], key) -> dict | None:
    good = [r for r in runs if r.get("wsload") and key(r["wsload"]) is not None]
    if not good:
        return runs[0] if runs else None
    good.sort(key=lambda r: key(r["wsload"]))
    return good[(len(good) - 1) // 2]


def scenario_S1(ctx) -> dict:
    args = ["--room-name", "lobby", "--clients", "100", "--rate", "2"] + timing(ctx.dur["S1"])
    runs: dict[str, list] = {k: [] for k in ctx.servers}
    for i in range(ctx.repeat):
        for kind in ctx.order(i):
            runs[kind].append(run_step(ctx, kind, "S1", f"run{i + 1}", args))
    res = {"what": "one room (lobby), 100 clients x 2 msg/s = 20,000 deliveries/s", "runs": runs, "by_server": {}}
    for kind, rs in runs.items():
        m = median_run(rs, lambda w: (w.get("lat_ms") or {}).get("p99"))
        w = (m or {}).get("wsload") or {}
        p99 = (w.get("lat_ms") or {}).get("p99")
        res["by_server"][kind] = {
            "delivered_ratio": w.get("delivered_ratio"),
            "p50_ms": (w.get("lat_ms") or {}).get("p50"),
            "p99_ms": p99,
            "p99_ms_all_runs": [((r.get("wsload") or {}).get("lat_ms") or {}).get("p99") for r in rs],
            "out_per_s": w.get("out_per_s"),
            "said_per_frame": w.get("said_per_frame"),
            "server_cpu_pct": w.get("server_cpu_pct"),
            "pass": bool(setup_ok(w) and (w.get("delivered_ratio") or 0) >= PASS_RATIO
                         and p99 is not None and p99 <= S1_P99_MS),
            "flags": sorted({f for r in rs for f in r.get("flags") or []}),
        }
    return res


def scenario_S2(ctx) -> dict:
    args = ["--room-name", "lobby", "--clients", "500", "--rate", "0.2", "--join-timeout", "60"] + timing(ctx.dur["S2"])
    runs: dict[str, list] = {k: [] for k in ctx.servers}
    for i in range(ctx.repeat):
        for kind in ctx.order(i):
            runs[kind].append(run_step(ctx, kind, "S2", f"run{i + 1}", args))
    res = {"what": "one room of 500, fixed 50,000 deliveries/s: server CPU per delivered message",
           "runs": runs, "by_server": {}}
    for kind, rs in runs.items():
        m = median_run(rs, us_per_msg)
        w = (m or {}).get("wsload") or {}
        res["by_server"][kind] = {
            "us_per_msg": us_per_msg(w),
            "us_per_msg_all_runs": [us_per_msg(r.get("wsload")) for r in rs],
            "server_cpu_pct": w.get("server_cpu_pct"),
            "out_per_s": w.get("out_per_s"),
            "expected_out_per_s": w.get("expected_out_per_s"),
            "delivered_ratio": w.get("delivered_ratio"),
            "p99_ms": (w.get("lat_ms") or {}).get("p99"),
            "said_per_frame": w.get("said_per_frame"),
            "kept_up": kept_up(w),
            "flags": sorted({f for r in rs for f in r.get("flags") or []}),
        }
    o, r = res["by_server"].get("ours", {}), res["by_server"].get("ref", {})
    res["ratio_ours_over_ref"] = ratio(o.get("us_per_msg"), r.get("us_per_msg"))
    res["pass"] = None if res["ratio_ours_over_ref"] is None else res["ratio_ours_over_ref"] <= S2_MAX_RATIO
    return res


def scenario_S5(ctx) -> dict:
    warm, dur = ctx.dur["S5"]
    steps: dict[str, list] = {k: [] for k in ctx.servers}
    climbing = set(ctx.servers)
    for i, rate in enumerate(ctx.s5_rates):
        if not climbing:
            break
        for kind in [k for k in ctx.order(i) if k in climbing]:
            args = ["--room-name", "lobby", "--clients", "500", "--rate", f"{rate:g}", "--join-timeout", "60"]
            args += timing((warm, dur))
            rec = run_step(ctx, kind, "S5", f"rate{rate:g}", args)
            rec["rate"] = rate
            rec["pass"] = kept_up(rec.get("wsload"))
            for k in range(ctx.s5_retries):  # the box is shared: a failed step gets another fresh try
                if rec["pass"] or rec.get("start_error"):
                    break
                again = run_step(ctx, kind, "S5", f"rate{rate:g}-retry{k + 1}", args)
                again["rate"] = rate
                again["pass"] = kept_up(again.get("wsload"))
                again["earlier_attempts"] = [rec] + rec.pop("earlier_attempts", [])
                rec = again
            steps[kind].append(rec)
            if not rec["pass"]:
                climbing.discard(kind)  # stop this server's ladder at its first failure
    res = {"what": "one room of 500, offered load stepped up; pass = delivered_ratio >= 0.999 and p99 <= 100 ms",
           "rates": ctx.s5_rates, "steps": steps, "by_server": {}}
    for kind, st in steps.items():
        best = None
        for rec in st:
            if rec["pass"]:
                best = rec
            else:
                break
        bw = (best or {}).get("wsload") or {}
        first_fail = next((rec for rec in st if not rec["pass"]), None)
        peak = max((((rec.get("wsload") or {}).get("out_per_s") or 0) for rec in st), default=None)
        res["by_server"][kind] = {
            "max_rate_passed": (best or {}).get("rate"),
            "peak_out_per_s_any_step": peak,
            "max_out_per_s": bw.get("out_per_s"),
            "max_expected_out_per_s": bw.get("expected_out_per_s"),
            "p99_ms_at_max": (bw.get("lat_ms") or {}).get("p99"),
            "first_failed_rate": (first_fail or {}).get("rate"),
            "retried_steps": [rec["rate"] for rec in st if rec.get("earlier_attempts")],
            "ladder_topped_out": first_fail is None and bool(st),
            "flags": sorted({f for r in st for f in r.get("flags") or []}
                            | {f"(failed attempt before a retry) {f}" for r in st for e in r.get("earlier_attempts") or []
                               for f in e.get("flags") or []}),
        }
    o, r = res["by_server"].get("ours", {}), res["by_server"].get("ref", {})
    res["ratio_ours_over_ref"] = ratio(o.get("max_out_per_s"), r.get("max_out_per_s"))
    # a ladder that never failed only gives a lower bound for that server
    res["ratio_is_lower_bound"] = bool(o.get("ladder_topped_out")) and not r.get("ladder_topped_out")
    res["ratio_is_upper_bound"] = bool(r.get("ladder_topped_out")) and not o.get("ladder_topped_out")
    res["pass"] = None if res["ratio_ours_over_ref"] is None else res["ratio_ours_over_ref"] >= S5_MIN_RATIO
    res["peak_ratio_ours_over_ref"] = ratio(o.get("peak_out_per_s_any_step"), r.get("peak_out_per_s_any_step"))
    return res


def scenario_S4(ctx) -> dict:
    n = ctx.s4_clients
    args = ["--mode", "ramp", "--clients", str(n), "--room-prefix", "circle:ramp-", "--room-size", "8",
            "--connect-budget", "120", "--join-timeout", "90", "--settle", str(ctx.dur["S4_settle"]),
            "--max-fail", "0"]
    runs: dict[str, list] = {k: [] for k in ctx.servers}
    for kind in ctx.order(0):
        runs[kind].append(run_step(ctx, kind, "S4", f"{n}conn", args, traffic=False))
    res = {"what": f"{n} idle connections (hello + join, circles of 8): server RSS growth per connection",
           "runs": runs, "by_server": {}}
    for kind, rs in runs.items():
        w = (rs[0] if rs else {}).get("wsload") or {}
        kb = w.get("server_kb_per_conn")
        res["by_server"][kind] = {
            "kb_per_conn": kb,
            "connected": w.get("connected"),
            "joined": w.get("joined"),
            "alive_after_settle": w.get("alive_after_settle"),
            "rss_before_mb": w.get("server_rss_before_mb"),
            "rss_after_mb": w.get("server_rss_after_mb"),
            "conn_per_s": w.get("conn_per_s"),
            "pass": bool(setup_ok(w) and w.get("alive_after_settle") == n and kb is not None and kb <= S4_MAX_KB),
            "flags": sorted({f for r in rs for f in r.get("flags") or []}),
        }
    o, r = res["by_server"].get("ours", {}), res["by_server"].get("ref", {})
    res["ratio_ours_over_ref"] = ratio(o.get("kb_per_conn"), r.get("kb_per_conn"))
    return res


def scenario_S7(ctx) -> dict:
    import lobby  # bench/lobby.py, beside this script

    return lobby.scenario_S7(ctx, run_step, ctx.s7_clients, 60)


SCENARIOS = {"S1": scenario_S1, "S2": scenario_S2, "S5": scenario_S5, "S4": scenario_S4, "S7": scenario_S7}


# ----------------------------------------------------------------------------- report
def table(results: dict) -> str:
    servers = results["config"]["servers"]
    sc = results["scenarios"]
    rows: list[tuple] = []

    def get(s, kind, key):
        return ((sc.get(s) or {}).get("by_server") or {}).get(kind, {}).get(key)

    def row(s, metric, key, target, verdict, nd=2, ratio_key=None):
        o = get(s, "ours", key) if "ours" in servers else None
        r = get(s, "ref", key) if "ref" in servers else None
        rt = (sc[s].get(ratio_key) if ratio_key else ratio(o, r)) if isinstance(o, (int, float)) and isinstance(r, (int, float)) else None
        rows.append((s, metric, fmt(o, nd) if "ours" in servers else "n/a", fmt(r, nd) if "ref" in servers else "n/a",
                     fmt(rt, 2) if rt is not None else "-", target, verdict))

    def pf(v):
        return "-" if v is None else ("PASS" if v else "FAIL")

    if "S1" in sc:
        row("S1", "delivered_ratio", "delivered_ratio", ">= 0.999", "", 5)
        row("S1", "p99 latency (ms)", "p99_ms", "<= 15 ms", f"ours {pf(get('S1', 'ours', 'pass'))}" if "ours" in servers else f"ref {pf(get('S1', 'ref', 'pass'))}")
        row("S1", "p50 latency (ms)", "p50_ms", "", "")
        row("S1", "said per frame", "said_per_frame", "", "", 1)
        row("S1", "server CPU %", "server_cpu_pct", "", "", 1)
    if "S2" in sc:
        row("S2", "CPU us per delivered msg", "us_per_msg", "ours/ref <= 1.0", pf(sc["S2"].get("pass")), 2, "ratio_ours_over_ref")
        row("S2", "server CPU %", "server_cpu_pct", "", "", 1)
        row("S2", "out per s", "out_per_s", "50,000", "", 0)
        row("S2", "delivered_ratio", "delivered_ratio", "", "", 5)
        row("S2", "p99 latency (ms)", "p99_ms", "", "")
    if "S5" in sc:
        v5 = pf(sc["S5"].get("pass"))
        if sc["S5"].get("ratio_is_lower_bound"):
            v5 += " (ours topped the ladder: ratio is a lower bound)"
        elif sc["S5"].get("ratio_is_upper_bound"):
            v5 += " (ref topped the ladder: ratio is an upper bound)"
        row("S5", "max sustained out/s", "max_out_per_s", "ours/ref >= 1.4", v5, 0, "ratio_ours_over_ref")
        row("S5", "max rate passed (msg/s/cl)", "max_rate_passed", "", "", 1)
        row("S5", "peak out/s, any step", "peak_out_per_s_any_step", "(info)", "", 0, "peak_ratio_ours_over_ref")
        row("S5", "first failed rate", "first_failed_rate", "", "", 1)
        row("S5", "p99 at max (ms)", "p99_ms_at_max", "<= 100 ms", "")
    if "S4" in sc:
        row("S4", "server KB per connection", "kb_per_conn", "<= 15 KB",
            f"ours {pf(get('S4', 'ours', 'pass'))}" if "ours" in servers else f"ref {pf(get('S4', 'ref', 'pass'))}", 2)
        row("S4", "connections alive", "alive_after_settle", "", "", 0)
        row("S4", "RSS after (MB)", "rss_after_mb", "", "", 1)
    if "S7" in sc:
        row("S7", "server KB per connection", "kb_per_conn", "<= 10 KB",
            f"ours {pf(get('S7', 'ours', 'pass'))}" if "ours" in servers else f"ref {pf(get('S7', 'ref', 'pass'))}", 2)
        row("S7", "join p99 (ms), probe", "join_p99_ms", "<= 50 ms", "")
        row("S7", "join p50 (ms), probe", "join_p50_ms", "", "")
        row("S7", "joined", "joined", "all", "", 0)
        row("S7", "seconds to join all", "join_s", "<= 60", "", 1)
    hdr = ("scen", "metric", "ours", "reference", "ours/ref", "target", "verdict")
    widths = [max(len(str(x[i])) for x in rows + [hdr]) for i in range(len(hdr))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(hdr, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def run_details(results: dict) -> str:
    lines = []
    for s, res in results["scenarios"].items():
        groups = res.get("runs") or res.get("steps") or {}
        recs = [r for rs in groups.values() for r in rs]
        recs += [e for r in list(recs) for e in r.get("earlier_attempts") or []]
        recs.sort(key=lambda r: (r["server"], r.get("rate") or 0, r["label"]))
        for r in recs:
            lines.append(one_line(r))
    return "\n".join(lines)


def flags_summary(results: dict) -> str:
    out = []
    for s, res in results["scenarios"].items():
        for kind, b in (res.get("by_server") or {}).items():
            for f in b.get("flags") or []:
                out.append(f"{s} {SERVER_LABEL.get(kind, kind)}: {f}")
    return "\n".join(out)


def render_text(results: dict) -> str:
    m = results["machine"]
    c = results["config"]
    head = [
        f"Tsunagaru bench {m['date_utc']}  host {m['hostname']}  nproc {m['nproc']}  cpu {m['cpu_model']}",
        f"kernel {m['kernel']}  python {m['python']}  aiohttp {m['aiohttp']}  mem {m['mem_total_mb']} MB",
        f"pinning: server core {c['pin_server']}, wsload core {c['pin_loadgen']}  quick={c['quick']}  repeat={c['repeat']}"
        f"  wsload sha256:{c['wsload_sha256']}",
        f"ours: {c['cmds'].get('ours', '-')}",
        f"ref:  {c['cmds'].get('ref', '-')}",
        *[f"NOTE: {n}" for n in c.get("notes") or []],
        "",
        table(results),
        "",
        "runs:",
        run_details(results),
    ]
    fl = flags_summary(results)
    head += ["", "flags (anything that makes a run measure something other than intended):", fl or "  none"]
    return "\n".join(head) + "\n"


# ----------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short durations, one run per scenario (smoke test)")
    ap.add_argument("--scenarios", default="S1,S2,S5,S4", help="comma-separated subset of S1,S2,S5,S4,S7")
    ap.add_argument("--servers", default="ours,ref", help="ours,ref (default both); 'ref' runs the reference alone")
    ap.add_argument("--ours-cmd", default=OURS_CMD,
                    help="command for our server; {port} and {python} are substituted (default: %(default)s)")
    ap.add_argument("--ref-cmd", default=REF_CMD, help="command for the reference server (default: %(default)s)")
    ap.add_argument("--out", default=None,
                    help="results JSON (default bench/results/<date>-<hostname>.json); a .txt table is written beside it")
    ap.add_argument("--wsload", default=None, help="prebuilt wsload binary (default: build into a temp dir)")
    ap.add_argument("--wsload-src", default=str(DEFAULT_WSLOAD_SRC))
    ap.add_argument("--repeat", type=int, default=None, help="runs of S1 and S2 per server; the median is reported")
    ap.add_argument("--s5-rates", default=",".join(f"{r:g}" for r in S5_RATES))
    ap.add_argument("--s4-clients", type=int, default=10000)
    ap.add_argument("--s7-clients", type=int, default=None, help="visitors in one lobby (default 10000; quick 2000)")
    ap.add_argument("--ready-timeout", type=float, default=30.0, help="seconds to wait for GET /healthz")
    ap.add_argument("--no-pin", action="store_true", help="do not use taskset")
    ap.add_argument("--s5-retries", type=int, default=1, help="fresh retries of a failed S5 step (default 1)")
    ap.add_argument("--quiet-wait", type=float, default=None,
                    help="seconds to wait at most, before each step, for other load on the box to settle")
    ap.add_argument("--noisy-pct", type=float, default=15.0,
                    help="flag a run when other processes used more than this %% of a core during it")
    ap.add_argument("--keep-logs", action="store_true", help="keep server logs and wsload outputs (temp dir)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the servers from the live repo instead of a copy taken at the start")
    a = ap.parse_args(argv)

    scen = [s.strip().upper() for s in a.scenarios.split(",") if s.strip()]
    bad = [s for s in scen if s not in SCENARIOS]
    if bad:
        ap.error(f"unknown scenario(s): {bad}")
    servers = [s.strip() for s in a.servers.split(",") if s.strip()]
    if not servers or any(s not in ("ours", "ref") for s in servers):
        ap.error("--servers takes ours, ref or ours,ref")

    ctx = Ctx()
    ctx.servers = servers
    ctx.cmds = {"ours": a.ours_cmd, "ref": a.ref_cmd}
    ctx.quick = a.quick
    ctx.dur = durations(a.quick)
    ctx.repeat = a.repeat if a.repeat else ctx.dur["repeat"]
    ctx.s5_rates = [float(x) for x in a.s5_rates.split(",") if x.strip()]
    ctx.s4_clients = a.s4_clients
    ctx.s7_clients = a.s7_clients or (2000 if a.quick else 10000)
    ctx.ready_timeout = a.ready_timeout
    ctx.s5_retries = max(0, a.s5_retries)
    ctx.quiet_max_s = a.quiet_wait if a.quiet_wait is not None else (3.0 if a.quick else 20.0)
    ctx.noisy_pct = a.noisy_pct
    ctx.step_no = 0
    ctx.code_versions = {}
    ctx.live = None
    # alternate who goes first, so slow drift on the box hits both servers alike
    ctx.order = lambda i: (servers if i % 2 == 0 else list(reversed(servers)))

    ncpu = os.cpu_count() or 1
    pin_ok = not a.no_pin and shutil.which("taskset") is not None and ncpu >= 2
    ctx.pin_server = "0" if pin_ok else None
    ctx.pin_loadgen = "1" if pin_ok else None
    notes = []
    if not pin_ok:
        notes.append("not pinned (no taskset, fewer than 2 cores, or --no-pin): server and loadgen share cores")
    nofile = raise_nofile(max(a.s4_clients, ctx.s7_clients) + 512)
    if not nofile["enough"]:
        notes.append(f"RLIMIT_NOFILE {nofile['after']} is below {a.s4_clients + 512}: S4 may fail to connect")

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)

    workdir = Path(tempfile.mkdtemp(prefix="tsunagaru-bench-"))
    ctx.workdir = workdir
    results: dict = {}
    try:
        ctx.wsload = Path(a.wsload) if a.wsload else build_wsload(Path(a.wsload_src), workdir)
        ctx.src = REPO if a.no_snapshot else snapshot_tree(workdir / "src")
        code_at_start = code_fingerprint(REPO)
        results = {
            "machine": machine_info(),
            "config": {
                "quick": a.quick, "servers": servers, "scenarios": scen, "repeat": ctx.repeat,
                "cmds": {k: ctx.cmds[k] for k in servers}, "pin_server": ctx.pin_server,
                "pin_loadgen": ctx.pin_loadgen, "durations": ctx.dur, "s5_rates": ctx.s5_rates,
                "s4_clients": ctx.s4_clients, "s5_retries": ctx.s5_retries,
                "quiet_wait_s": ctx.quiet_max_s, "wsload": str(ctx.wsload), "wsload_sha256": file_sha256(ctx.wsload),
                "wsload_envelope": PROTO, "rlimit_nofile": nofile, "notes": notes,
                "targets": {"S1_p99_ms": S1_P99_MS, "S2_max_ratio": S2_MAX_RATIO, "S5_min_ratio": S5_MIN_RATIO,
                            "S4_max_kb_per_conn": S4_MAX_KB, "pass_ratio": PASS_RATIO, "pass_p99_ms": PASS_P99_MS},
            },
            "scenarios": {},
        }
        for n in notes:
            log("note:", n)
        for s in scen:
            log(f"== {s}")
            results["scenarios"][s] = SCENARIOS[s](ctx)
        results["config"]["ours_code_versions"] = ctx.code_versions
        results["config"]["source"] = {
            "ran_from": "live repo" if ctx.src == REPO else "copy of the repo taken at the start",
            "repo_at_start": code_at_start, "repo_at_end": code_fingerprint(REPO)}
        if ctx.src != REPO and code_at_start["hash"] != results["config"]["source"]["repo_at_end"]["hash"]:
            results["config"]["notes"].append(
                "the repo's server source changed during the run; every step ran the copy taken at the start "
                f"(newest file {code_at_start['newest_file_utc']})")
        if len(ctx.code_versions) > 1:
            results["config"]["notes"].append(
                f"our server's source changed during the run: {len(ctx.code_versions)} versions were measured "
                "(see ours_code_versions / each run's 'code')")
    except BenchError as e:
        log(f"error: {e}")
        return 2
    except KeyboardInterrupt:
        log("interrupted")
        results.setdefault("config", {})["interrupted"] = True
    finally:
        if ctx.live is not None:
            ctx.live.stop()
        if a.keep_logs:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    if not results.get("scenarios"):
        return 1
    date = dt.date.today().isoformat()
    out = Path(a.out) if a.out else REPO / "bench" / "results" / f"{date}-{socket.gethostname()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, sort_keys=False) + "\n")
    text = render_text(results)
    out.with_suffix(".txt").write_text(text)
    print(text)
    log(f"results: {out}  table: {out.with_suffix('.txt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
