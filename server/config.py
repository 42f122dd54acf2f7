"""Configuration: environment variables and the same-named CLI flags.

Every limit has a name here. With nothing set, a node runs alone on one
machine: SQLite file, in-process bus, no other service.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from moderation.pipeline import DEFAULT_HOOKS

from server.http.client_address import parse_trusted
from server.http.map_tiles import tile_source
from server.mail import smtp_settings
from server.stage_programme import read_programme


class ConfigError(ValueError):
    """A setting that cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = 8080
    redis_url: str = ""
    database_url: str = "sqlite+aiosqlite:///tsunagaru.db"
    demo: bool = False
    node_id: str = ""
    log_level: str = "info"
    # connections
    max_frame_bytes: int = 16_384
    send_queue_bytes: int = 512 * 1024
    heartbeat_s: float = 20.0
    hello_timeout_s: float = 10.0
    session_grace_s: float = 60.0
    drain_s: float = 8.0
    # rates (per connection)
    requests_per_s: float = 10.0
    requests_burst: float = 20.0
    moves_per_s: float = 20.0
    frames_per_s: float = 100.0
    frames_burst: float = 200.0
    bad_frames_limit: int = 5
    bad_frames_window_s: float = 10.0
    flood_strikes: int = 20
    # rates (per user, across its connections on a node; per address for new sessions)
    user_says_per_s: float = 5.0
    user_says_burst: float = 10.0
    hellos_per_ip_per_s: float = 20.0
    hellos_per_ip_burst: float = 200.0
    # rooms
    tick_hz: float = 10.0
    history_count: int = 50
    history_age_s: float = 6 * 3600
    replay_events: int = 512
    members_page: int = 50  # K: members in a `join` answer and in one `members` page (docs/protocol.md)
    area_from: int = 100  # past this many members, presence and moves are sent by area of interest
    area_cell: float = 8.0  # tiles per cell of the area-of-interest grid
    area_radius: int = 1  # cells seen each way around one's own
    area_show: int = 12  # members shown per cell of a room past area_from; the rest wait their turn (0: all)
    max_rooms_per_session: int = 8
    max_circles: int = 2_000  # open at once in the whole festival (every node counts the same on Redis)
    circles_per_session: int = 2  # circles one visitor is in at once
    circle_joins_per_ip_burst: float = 30.0  # circle joins per address (a class behind one router), then
    circle_joins_per_ip_per_min: float = 10.0
    reports_per_user_burst: float = 5.0  # reports one person may send at once, then
    reports_per_user_per_min: float = 1.0
    reports_per_ip_burst: float = 20.0  # reports from one address at once, then
    reports_per_ip_per_min: float = 10.0
    hall_capacity: int = 200
    circle_capacity: int = 8
    booth_capacity: int = 30
    # the filters that keep young visitors safe are on unless an operator lists others
    moderation_hooks: str = DEFAULT_HOOKS
    ip_hash_salt: str = field(default="", repr=False)  # same on every node of a cluster; random if unset
    # signs device tokens (moderation.devices); same on every node of a cluster; derived from IP_HASH_SALT, else random
    device_secret: str = field(default="", repr=False)
    new_devices_per_ip_per_min: float = 2.0  # new anonymous identities per address (after a burst), see docs/moderation.md
    new_devices_per_ip_burst: float = 30.0
    trusted_proxies: str = ""  # CIDRs whose X-Forwarded-For / Forwarded is believed (docs/deploy.md)
    sensitive_retention_h: float = 72.0  # crisis texts after their alert closes, support-room lines after they were said
    audit_retention_days: int = 180
    # service tokens for automation: "role:token,role:token" (staff use accounts; see docs/directory.md)
    static_tokens: str = field(default="", repr=False)
    token_ttl_h: float = 12.0  # how long an account's login token lives
    token_recheck_s: float = 5.0  # an open staff socket re-checks its token at most this often (expiry, disabling)
    question_retention_days: int = 7  # booth Q&A questions are evidence for moderators, then purged
    handoff_expire_days: int = 7  # a request the organisation leaves unanswered this long is cancelled (expired)
    handoff_idle_days: int = 30  # an open handoff with no event (and no visit planned) this long is closed (expired)
    contact_retention_days: int = 90  # contact data shared in a live referral, after the handoff closes
    # the HTTP edge (docs/deploy.md, "Security")
    http_head_timeout_s: float = 10.0  # a request's line and headers must all arrive within this time
    http_body_timeout_s: float = 30.0  # and its body within this time after the head
    allowed_origins: str = ""  # other origins (https://host[:port], comma-separated) for /ws and POST /api/handoff
    metrics_token: str = field(default="", repr=False)  # when set, /metrics needs Authorization: Bearer <token>
    login_free_failures: int = 5  # wrong passwords for one account before its backoff starts
    login_address_free_failures: int = 20  # wrong passwords from one address before its backoff starts
    login_backoff_max_s: float = 300.0  # the backoff doubles from 1 s up to this
    login_hash_concurrency: int = 2  # password hashes computed at once (16 MiB and ~50 ms each)
    login_hash_wait_s: float = 2.0  # how long a login waits for a free hash slot before 503
    code_lookups_per_ip_per_min: float = 20.0  # ticket-code lookups per address, HTTP and /ws together
    code_lookups_per_ip_burst: float = 40.0
    handoff_tickets_per_ip_per_h: float = 6.0  # new tickets (self-connect, live referral) per address
    handoff_tickets_per_ip_burst: float = 4.0
    # the public map's tiles (docs/finder.md): none by default, then a plain projection; the CSP allows its origin
    map_tiles_url: str = ""  # e.g. https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png
    map_tiles_attribution: str = ""  # required with a URL, e.g. 地理院タイル
    map_tiles_max_zoom: int = 18
    stage_programme: str = ""  # a JSON file of the festival stage's sessions (docs/directory.md, "Events")
    listing_confirm_months: int = 6  # a listing its member has not confirmed this long is flagged (docs/secretariat.md)
    # mail (docs/secretariat.md): off unless set; then an approval also mails the first sign-in code to the contact
    smtp_url: str = field(default="", repr=False)  # smtps://user:pass@host:465 or smtp://host:587 (STARTTLS required)
    mail_from: str = ""  # the sender, e.g. office@platform.example.jp


def _convert(name: str, kind: Any, raw: str) -> Any:
    try:
        if kind in (bool, "bool"):
            low = raw.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        return raw
    except ValueError:
        raise ConfigError(f"{name.upper()}={raw!r} is not a valid {kind if isinstance(kind, str) else kind.__name__}") from None


def load(env: Mapping[str, str], overrides: Mapping[str, Any] | None = None) -> Config:
    """Build a Config from the environment (upper-case field names), then CLI overrides."""
    values: dict[str, Any] = {}
    for f in fields(Config):
        raw = env.get(f.name.upper())
        if raw is None and f.name == "port":
            raw = env.get("PORT")
        if raw is not None:
            values[f.name] = _convert(f.name, f.type, raw)
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = value
    config = Config(**values)
    _check(config)
    return config


def _check(c: Config) -> None:
    if not 0 < c.port < 65536:
        raise ConfigError(f"PORT={c.port} must be between 1 and 65535")
    positive = ["max_frame_bytes", "send_queue_bytes", "heartbeat_s", "hello_timeout_s", "tick_hz",
                "requests_per_s", "moves_per_s", "frames_per_s", "history_count", "replay_events",
                "members_page", "area_cell",
                "max_rooms_per_session", "hall_capacity", "circle_capacity", "booth_capacity", "token_ttl_h",
                "question_retention_days", "handoff_expire_days", "handoff_idle_days", "contact_retention_days",
                "new_devices_per_ip_per_min", "new_devices_per_ip_burst", "sensitive_retention_h",
                "circles_per_session", "circle_joins_per_ip_burst", "circle_joins_per_ip_per_min",
                "reports_per_user_burst", "reports_per_user_per_min", "reports_per_ip_burst", "reports_per_ip_per_min",
                "http_head_timeout_s", "http_body_timeout_s", "login_free_failures", "login_address_free_failures",
                "login_backoff_max_s", "login_hash_concurrency", "login_hash_wait_s", "code_lookups_per_ip_per_min",
                "code_lookups_per_ip_burst", "handoff_tickets_per_ip_per_h", "handoff_tickets_per_ip_burst",
                "listing_confirm_months"]
    for name in positive:
        if getattr(c, name) <= 0:
            raise ConfigError(f"{name.upper()} must be greater than 0")
    for name in ("area_radius", "area_show"):
        if getattr(c, name) < 0:
            raise ConfigError(f"{name.upper()} must be 0 or more")
    if c.listing_confirm_months > 120:
        raise ConfigError("LISTING_CONFIRM_MONTHS must be at most 120 (ten years)")
    try:
        parse_trusted(c.trusted_proxies)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    try:
        read_programme(c.stage_programme)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    try:
        tile_source(c.map_tiles_url, c.map_tiles_attribution, c.map_tiles_max_zoom)
        smtp_settings(c.smtp_url, c.mail_from)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if c.redis_url and not c.redis_url.startswith(("redis://", "rediss://", "unix://", "redis+cluster://",
                                                    "rediss+cluster://")):
        raise ConfigError("REDIS_URL must start with redis://, rediss://, unix:// or (a Redis Cluster) "
                          "redis+cluster:// or rediss+cluster://")
    if c.redis_url.startswith(("redis+cluster://", "rediss+cluster://")):
        _check_cluster_url(c.redis_url)


def _check_cluster_url(url: str) -> None:
    from server.cluster.redis_links import parse_cluster_url  # the Redis client is loaded only by nodes that use it

    try:
        parse_cluster_url(url)
    except ValueError as e:
        raise ConfigError(str(e)) from None


def device_secret(c: Config, salt: str) -> bytes:
    """`DEVICE_SECRET`, else one derived from the address salt (so a cluster that sets one agrees)."""
    return hashlib.sha256(f"device|{c.device_secret or salt}".encode()).digest()


def from_environ(overrides: Mapping[str, Any] | None = None) -> Config:
    return load(os.environ, overrides)
