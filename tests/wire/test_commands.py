"""The offline commands an operator runs: tsunagaru import, export and admin create-user.

The open-data file is Yaizu City's 公共施設一覧 (CC BY 4.0, 「焼津市オープンデータ」(焼津市)).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "opendata"


def tsunagaru(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server", *args, "--database-url",
                           f"sqlite+aiosqlite:///{tmp_path}/cli.db"],
                          input=stdin, capture_output=True, text=True, cwd=REPO, timeout=120)


def test_import_then_export_as_hsds_and_geojson(tmp_path: Path) -> None:
    done = tsunagaru(tmp_path, "import", str(FIXTURES / "yaizu_public_facility.sjis.csv"), "--format", "ods-facility")
    assert done.returncode == 0, done.stderr
    assert "230 services" in done.stdout and "0 rejected" in done.stdout
    events = tsunagaru(tmp_path, "import", str(FIXTURES / "yaizu_events_excerpt.csv"), "--format", "ods-event")
    assert events.returncode == 0 and "16 services" in events.stdout
    assert "mangled_number" in events.stderr and "private_phone" in events.stderr  # every rejected field is listed
    hsds = json.loads(tsunagaru(tmp_path, "export", "--format", "hsds").stdout)
    assert sum(len(o["services"]) for o in hsds["organizations"]) == 246
    geo = json.loads(tsunagaru(tmp_path, "export", "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 100
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 138 < lon < 139 and 34 < lat < 35.5  # Yaizu, [longitude, latitude]
    again = tsunagaru(tmp_path, "import", str(FIXTURES / "yaizu_public_facility.csv"), "--format", "ods-facility")
    assert again.returncode == 0  # the UTF-8 file replaces the same rows: no duplicates
    hsds = json.loads(tsunagaru(tmp_path, "export", "--format", "hsds").stdout)
    assert sum(len(o["services"]) for o in hsds["organizations"]) == 246


def test_bad_files_import_nothing_and_say_why(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\x01PK\x03\x04binary")
    done = tsunagaru(tmp_path, "import", str(garbage), "--format", "ods-facility")
    assert done.returncode == 1 and "nothing was imported" in done.stderr
    missing = tsunagaru(tmp_path, "import", str(tmp_path / "nope.json"), "--format", "hsds")
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    strict = tsunagaru(tmp_path, "import", str(FIXTURES / "yaizu_events_excerpt.csv"), "--format", "ods-event",
                       "--strict")
    assert strict.returncode == 1 and "NOT imported" in strict.stdout
    assert json.loads(tsunagaru(tmp_path, "export", "--format", "hsds").stdout)["organizations"] == []


def test_the_first_admin(tmp_path: Path) -> None:
    made = tsunagaru(tmp_path, "admin", "create-user", "--username", "secretariat", "--role", "admin",
                     "--password-stdin", stdin="a long enough passphrase\n")
    assert made.returncode == 0 and "created admin secretariat" in made.stdout
    weak = tsunagaru(tmp_path, "admin", "create-user", "--username", "second", "--role", "admin",
                     "--password-stdin", stdin="short\n")
    assert weak.returncode == 1 and "weak_password" in weak.stderr
    host = tsunagaru(tmp_path, "admin", "create-user", "--username", "host1", "--role", "host", "--password-stdin",
                     stdin="a long enough passphrase\n")
    assert host.returncode == 1 and "organization_required" in host.stderr


def _banner(log: str) -> dict[str, str]:
    """The ready lines a newcomer reads: each page's URL by path, and each demo account's password."""
    found: dict[str, str] = {}
    for line in log.splitlines():
        if line.startswith("{"):
            continue
        words = line.split()
        if words and words[0].startswith("http://"):
            found[words[0].split(":", 2)[2].split("/", 1)[1] or "/"] = words[0]
        if "username" in words and "password" in words:
            found[words[words.index("username") + 1]] = words[words.index("password") + 1]
    return found


def test_first_run_prints_where_to_go_and_how_to_sign_in(tmp_path: Path) -> None:
    from booths.hsds import stable_id
    from tests.support.api import call
    from tests.support.nodes import start_server

    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.db"}
    server = start_server(tmp_path, env)
    try:
        log = server.log()
        banner = _banner(log)
        for path in ("/", "host", "mod", "map"):
            assert banner[path].startswith(server.http), log
        # nothing but the banner and the node's own JSON lines at info level: no library set-up chatter
        for line in log.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                assert entry["logger"].startswith("tsunagaru") and entry["level"] != "debug", line
        assert log.count(banner["demo-host"]) == 1 and log.count(banner["demo-moderator"]) == 1  # printed once
        status, body, _ = call(server.http, "/api/auth/login",
                               json.dumps({"username": "demo-host", "password": banner["demo-host"]}).encode())
        assert status == 200 and body["role"] == "host"
        assert body["organization_id"] == stable_id("demo", "kawagoe-music")
        status, body, _ = call(server.http, "/api/auth/login",
                               json.dumps({"username": "demo-moderator", "password": banner["demo-moderator"]}).encode())
        assert status == 200 and body["role"] == "moderator"
        assert banner["admin"].startswith(server.http) and log.count(banner["demo-admin"]) == 1
        status, body, _ = call(server.http, "/api/auth/login",
                               json.dumps({"username": "demo-admin", "password": banner["demo-admin"]}).encode())
        assert status == 200 and body["role"] == "admin"  # the secretariat's console, /admin
    finally:
        server.stop()
    again = start_server(tmp_path, env)  # a new start: new passwords, the old ones sign nobody in
    try:
        assert _banner(again.log())["demo-host"] != banner["demo-host"]
        status, _, _ = call(again.http, "/api/auth/login",
                            json.dumps({"username": "demo-host", "password": banner["demo-host"]}).encode())
        assert status == 401
    finally:
        again.stop()

    # the same database as an operator's: create-user takes an organization's id or short name, refuses others
    pw = "a long enough passphrase\n"
    by_name = tsunagaru(tmp_path, "admin", "create-user", "--username", "music1", "--role", "host",
                        "--organization", "kawagoe-music", "--password-stdin", stdin=pw)
    assert by_name.returncode == 0, by_name.stderr
    assert stable_id("demo", "kawagoe-music") in by_name.stdout
    by_id = tsunagaru(tmp_path, "admin", "create-user", "--username", "music2", "--role", "host",
                      "--organization", stable_id("demo", "kawagoe-music"), "--password-stdin", stdin=pw)
    assert by_id.returncode == 0, by_id.stderr
    unknown = tsunagaru(tmp_path, "admin", "create-user", "--username", "nobody1", "--role", "host",
                        "--organization", "no-such-club", "--password-stdin", stdin=pw)
    assert unknown.returncode == 1 and "unknown_organization" in unknown.stderr and "no-such-club" in unknown.stderr


def test_without_demo_the_demo_accounts_sign_nobody_in(tmp_path: Path) -> None:
    from tests.support.api import call
    from tests.support.nodes import start_server

    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.db"}
    demo = start_server(tmp_path, env)
    passwords = _banner(demo.log())
    demo.stop()
    plain = _serve_without_demo(tmp_path, env)
    try:
        assert "password" not in plain.log()
        for username in ("demo-moderator", "demo-admin"):
            status, body, _ = call(plain.http, "/api/auth/login",
                                   json.dumps({"username": username, "password": passwords[username]}).encode())
            assert status == 401 and body["error"]["code"] == "disabled", username
    finally:
        plain.stop()


def _serve_without_demo(tmp_path: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    """A node as an operator starts it for real: no --demo (tests.support.nodes.launch always adds it)."""
    import os

    from tests.support.nodes import ServerProcess, wait_ready
    from tests.support.services import free_port

    port = free_port()
    log_path = tmp_path / f"plain-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=REPO, env={**os.environ, **env, "DRAIN_S": "0.2", "PYTHONUNBUFFERED": "1"},
                                stdout=log, stderr=subprocess.STDOUT)
    return wait_ready(ServerProcess(port, proc, log_path, env))
