"""Build the aiohttp application for one node from a Config."""
from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from typing import AsyncIterator

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from moderation.pipeline import Pipeline, load_hooks
from rooms.bus import Bus
from rooms.registry import Registry
from rooms.room import Limits

from server.store import db
from server.http import headers as http_headers
from server.store import migrate
from server.http import routes as http_routes
from server.store.accounts import Accounts, LoginLimits
from server.realtime.booth_live import BoothLive
from server.store.booths import BoothStore
from server.store.cases import CaseStore
from server.store.directory import DirectoryStore
from server.store.handoffs import HandoffStore
from server.store.indicators import IndicatorStore
from server.realtime.handoffs import Handoffs
from server.realtime.meetings import PinnedMeetings
from server.store.meetings import MeetingStore
from server.realtime.jobs import Jobs, node_jobs
from server.store.audit import AuditStore, AuditWriter
from server.cluster.bus_local import LocalBus
from server.config import Config
from server.demo_accounts import DemoLogin, disable_demo_accounts, ensure_demo_accounts
from server.realtime.festival import catalogue
from server.metrics import Metrics
from server.store.alerts import AlertStore
from server.realtime.node import Node
from server.cluster.state import LocalState, RoomState
from server.tokens import StaticTokens, Tokens

log = logging.getLogger("tsunagaru.app")


def build_node(config: Config) -> Node:
    if not config.node_id:
        config = replace(config, node_id=f"n-{secrets.token_hex(3)}")
    limits = Limits(
        history_count=config.history_count,
        history_age_ms=int(config.history_age_s * 1000),
        replay_events=config.replay_events,
        members_page=config.members_page,
        moves_per_second=int(config.moves_per_s),
    )
    rooms = catalogue(config)
    bus: Bus
    state: RoomState
    if config.redis_url:
        from server.cluster.bus_redis import RedisBus  # the Redis client is loaded only by nodes that use it
        from server.cluster.state_redis import RedisState

        bus = RedisBus(config.redis_url)
        state = RedisState(bus, rooms, limits, config.node_id, config.session_grace_s)
    else:
        bus = LocalBus()
        state = LocalState(Registry(rooms, limits), bus)
    node = Node(
        config=config,
        state=state,
        bus=bus,
        pipeline=Pipeline(load_hooks(config.moderation_hooks)),
        metrics=Metrics(),
        tokens=Tokens(StaticTokens(config.static_tokens)),
        catalogue=rooms,
    )
    return node


def build_app(config: Config) -> web.Application:
    app = web.Application(client_max_size=256 * 1024)
    node = build_node(config)
    app["node"] = node
    app["config"] = config
    app["readiness"] = {"bus": False, "database": False}
    app["engine"] = db.engine_for(config.database_url)
    app["directory"] = DirectoryStore(app["engine"])
    app["cases"] = CaseStore(app["engine"])
    http_headers.install(app)  # CSP, nosniff, no-referrer, no framing (docs/deploy.md, "Security")
    http_routes.register(app)  # every HTTP route, /ws included: server/http/routes.py
    app.cleanup_ctx.append(_lifecycle)
    return app


async def _lifecycle(app: web.Application) -> AsyncIterator[None]:
    node: Node = app["node"]
    engine = app["engine"]
    store = AuditStore(engine)
    try:
        await migrate.upgrade(engine)
        await app["directory"].seed_vocabulary()
        node.audit_store = store
        node.moderating.alert_store = AlertStore(engine)
        node.audit_writer = AuditWriter(store)
        await node.audit_writer.start()
    except Exception:  # the database may come later: the node still serves, /readyz says not ready
        log.exception("database unavailable at start (migrations, audit store)")
    if app["config"].demo:
        try:
            await load_demo_directory(app["directory"])
            await load_demo_cases(app["cases"])
            await load_demo_matching(app["engine"])
        except Exception:  # e.g. another node loading the same demo at the same moment
            log.exception("demo directory not loaded")
    node.tokens.accounts = Accounts(engine, token_ttl_s=int(app["config"].token_ttl_h * 3600),
                                    limits=LoginLimits.from_config(app["config"]))
    app["demo_logins"] = await _demo_accounts(app, node.tokens.accounts)
    booths = BoothStore(engine)
    node.booths = BoothLive(node.kit, booths)
    try:
        await node.booths.refresh_rooms()  # booth rooms exist before the first visitor arrives
    except Exception:
        log.exception("booth rooms not loaded at start")
    app["meetings"] = MeetingStore(engine)
    node.meetings = PinnedMeetings(app["meetings"])
    node.handoffs = Handoffs(node.kit, app["directory"], HandoffStore(engine))
    node.handoffs.start()
    await node.start()
    node.metrics.counters["audit_events_dropped_total"] = (
        "Audit events dropped because the writer's queue was full.",
        lambda: node.audit_writer.dropped if node.audit_writer is not None else 0)
    jobs = Jobs(node_jobs(node, engine, app["readiness"]), node.metrics)  # every periodic job: server/realtime/jobs.py
    jobs.start()
    log.info("node started", extra={"node": node.id})
    yield
    await jobs.stop()
    await _last_campaign_counts(node, engine)
    await node.booths.stop()
    await node.stop()
    if node.audit_writer is not None:
        await node.audit_writer.stop()
    await engine.dispose()


async def _last_campaign_counts(node: Node, engine: AsyncEngine) -> None:
    """What this node counted since the job's last pass is not lost when it stops."""
    try:
        await node.campaigns.sync(IndicatorStore(engine))
    except Exception:
        log.warning("campaign counts not stored at stop", exc_info=True)


async def _demo_accounts(app: web.Application, accounts: Accounts) -> list[DemoLogin]:
    """With --demo, the demo staff accounts with fresh passwords (printed once by the runner); without, disabled."""
    try:
        if app["config"].demo:
            return await ensure_demo_accounts(accounts, app["directory"])
        await disable_demo_accounts(accounts)
    except Exception as exc:  # the database may come later, or another node is setting them up at the same moment
        log.warning("demo accounts not set up", extra={"error": repr(exc)[:300]})
    return []


async def load_demo_cases(cases: CaseStore) -> None:
    """The demo's good-practice cases (fictional; booths/demo_cases.py): fixed ids, a new version only if a text changed."""
    from booths.demo_cases import demo_cases

    loaded = demo_cases()
    written = await cases.load_fixed(loaded, "demo")
    log.info("demo cases loaded", extra={"cases": len(loaded), "new_versions": written})


async def load_demo_matching(engine: db.AsyncEngine) -> None:
    """The demo's needs and offers (fictional; booths/demo_matching.py): fixed ids, rewritten only if a text changed."""
    from booths.demo_matching import demo_listings
    from server.store.matching import MatchingStore

    loaded = demo_listings()
    written = await MatchingStore(engine).load_fixed(loaded)
    log.info("demo needs and offers loaded", extra={"listings": len(loaded), "written": written})


async def load_demo_directory(directory: DirectoryStore) -> None:
    """The demo festival's members (fictional; see booths/demo_directory.py). Same ids every time: a re-run replaces."""
    from booths.demo_directory import demo_organizations

    report = await directory.import_organizations(demo_organizations())
    if report.rejected:
        log.warning("demo directory problems", extra={"problems": [p.path for p in report.rejected][:20]})
    log.info("demo directory loaded", extra={"organizations": report.organizations, "services": report.services})

