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
