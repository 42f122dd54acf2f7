"""Every periodic background job of a node, in one table.

A job is a name, a period and one pass, `run(now_ms)`, given the time so a test moves the clock
instead of sleeping. `Jobs` runs each job's pass at start and then once per period until the
node stops, at a fixed rate (`next_due`: a pass's own time does not stretch the period). A pass that fails is logged (with its traceback the first time, one line while it
keeps failing), counted in `/metrics` (`tsunagaru_job_failures_total{job=...}`) and tried again
next period: a database away for a while costs passes, not the node.

Every node runs every job. Each pass is safe to run on several nodes at once: it changes rows
only with conditional statements (a handoff moves only from the status it was read in; a purge
deletes what is past its cutoff), so two nodes doing the same pass do it once.

| job | period | one pass |
|---|---|---|
| `readiness` | 2 s | is the bus healthy, does the database answer (`/readyz`) |
| `booth-rooms` | 30 s | booths created elsewhere (another node, an import) become rooms here |
| `booth-visits` | 60 s | this node's visit counts to the database; questions past `QUESTION_RETENTION_DAYS` deleted |
| `handoffs` | 1 h | unanswered requests expire (`HANDOFF_EXPIRE_DAYS`), idle open handoffs close (`HANDOFF_IDLE_DAYS`), contact data of handoffs closed `CONTACT_RETENTION_DAYS` ago deleted |
| `audit-retention` | 10 min | audit trail past `AUDIT_RETENTION_DAYS`; support-room lines and crisis words past `SENSITIVE_RETENTION_H` |
| `login-tokens` | 1 h | login tokens expired or revoked more than a day ago deleted |
| `campaign-counts` | 60 s | this node's campaign counts added to the database; the registered codes read back |
| `introduction-contacts` | 1 h | contact persons of introductions that ended (completed, failed) `CONTACT_RETENTION_DAYS` ago deleted |

The realtime loops are a second table, `realtime_jobs`, started and stopped with the node itself
(they need no database, and a pass never touches one):

| job | period | one pass |
|---|---|---|
| `moves-tick` | 1 / `TICK_HZ` (0.1 s) | the moves gathered since the last tick, one `moved` batch per room |
| `session-sweep` | 1 s | sessions whose resume grace (`SESSION_GRACE_S`) has passed end |
| `hello-sweep` | 1 s | sockets that never said hello within `HELLO_TIMEOUT_S` are closed (4001) |
| `heartbeat` | `HEARTBEAT_S` | a ping to every socket; one silent for two periods is dropped (`server.ws.heartbeat`) |
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from server import clock
from server.ws.heartbeat import heartbeat, sweep_silent_hellos
from server.store import db
from server.store.alerts import AlertStore
from server.store.audit import AuditStore, purge_expired
from server.store.indicators import IndicatorStore
from server.store.matching import MatchingStore
from server.realtime.node_view import NodeView

if TYPE_CHECKING:
    from server.metrics import Metrics

log = logging.getLogger("tsunagaru.jobs")


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    period_s: float
    run: Callable[[int], Awaitable[Any]]  # one pass at `now_ms`


async def check_readiness(node: NodeView, engine: AsyncEngine, readiness: dict[str, bool]) -> None:
    readiness["bus"] = node.bus.healthy
    readiness["database"] = await db.reachable(engine)


def node_jobs(node: NodeView, engine: AsyncEngine, readiness: dict[str, bool]) -> list[Job]:
    """The table. `node.booths`, `node.handoffs` and `node.tokens.accounts` are set before it is built."""
    c = node.config
    audit, alerts, indicators = AuditStore(engine), AlertStore(engine), IndicatorStore(engine)

    async def readiness_pass(now_ms: int) -> None:
        await check_readiness(node, engine, readiness)

    async def booth_rooms(now_ms: int) -> int:
        return await node.booths.refresh_rooms()

    async def campaign_counts(now_ms: int) -> int:
        return await node.campaigns.sync(indicators)

    async def introduction_contacts(now_ms: int) -> int:
        return await MatchingStore(engine).purge_contacts(now_ms, c.contact_retention_days)

    async def audit_retention(now_ms: int) -> int:
        return await purge_expired(audit, alerts, c.audit_retention_days, c.sensitive_retention_h, now_ms)

    return [
        Job("readiness", 2.0, readiness_pass),
        Job("booth-rooms", 30.0, booth_rooms),
        Job("booth-visits", 60.0, node.booths.housekeeping),
        Job("handoffs", 3600.0, node.handoffs.housekeeping),
        Job("audit-retention", 600.0, audit_retention),
        Job("login-tokens", 3600.0, node.tokens.accounts.purge_expired),
        Job("campaign-counts", 60.0, campaign_counts),
        Job("introduction-contacts", 3600.0, introduction_contacts),
    ]


def realtime_jobs(node: NodeView) -> list[Job]:
    """The node's own loops; each pass is quick and touches no database."""
    c = node.config

    async def moves_tick(now_ms: int) -> None:
        await node.state.tick()

    async def hello_sweep(now_ms: int) -> None:
        sweep_silent_hellos(node.connections, clock.monotonic(), c.hello_timeout_s)

    async def heartbeats(now_ms: int) -> None:
        node.metrics.heartbeat_timeouts += heartbeat(node.connections, clock.monotonic(), c.heartbeat_s)

    async def session_sweep(now_ms: int) -> None:
        await node.sweep_sessions()

    return [
        Job("moves-tick", 1.0 / c.tick_hz, moves_tick),
        Job("session-sweep", 1.0, session_sweep),
        Job("hello-sweep", 1.0, hello_sweep),
        Job("heartbeat", c.heartbeat_s, heartbeats),
    ]


class Jobs:
    """Runs a table of jobs, one task each, from `start` until `stop`."""

    def __init__(self, jobs: list[Job], metrics: "Metrics | None" = None,
                 now_ms: Callable[[], int] = clock.now_ms) -> None:
        names = [j.name for j in jobs]
        if len(set(names)) != len(names):
            raise ValueError(f"job names must differ: {names}")
        self.jobs = {j.name: j for j in jobs}
        self.metrics = metrics
        self.now_ms = now_ms
        self._failing: set[str] = set()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._loop(job), name=f"job:{job.name}") for job in self.jobs.values()]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def run_once(self, name: str, now_ms: int | None = None) -> bool:
        """One pass of job `name` (at `now_ms`, else now); False if it failed (logged and counted)."""
        job = self.jobs[name]
        try:
            result = await job.run(self.now_ms() if now_ms is None else now_ms)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if self.metrics is not None:
                self.metrics.job_failures[name] = self.metrics.job_failures.get(name, 0) + 1
            if name in self._failing:
                log.warning("job failed again", extra={"job": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
            else:
                self._failing.add(name)
                log.warning("job failed; trying again next period", extra={"job": name}, exc_info=True)
            return False
        if self.metrics is not None:
            self.metrics.job_runs[name] = self.metrics.job_runs.get(name, 0) + 1
        if name in self._failing:
            self._failing.discard(name)
            log.info("job works again", extra={"job": name})
        done = sum(result.values()) if isinstance(result, dict) else result
        if isinstance(done, int) and done:  # rows purged, handoffs closed, rooms added
            log.info("job pass", extra={"job": name, "result": result})
        return True

    async def _loop(self, job: Job) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            await self.run_once(job.name)
            due = next_due(due, job.period_s, loop.time())
            await asyncio.sleep(due - loop.time())


def next_due(due: float, period_s: float, now: float) -> float:
    """When the next pass starts: one period after the last one was due, not after it ended.

    Sleeping a whole period after each pass made a pass's own time and a busy loop's lateness
    add up: the moves tick, meant to run at `TICK_HZ`, ran every 0.1 s plus its fan-out, and a
    move waited that much longer (S6, docs/performance.md). A pass that ends after its
    successor was due starts the next one now, and missed passes are not made up in a burst.
    """
    return max(due + period_s, now)
