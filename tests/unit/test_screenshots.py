"""Browser tests' screenshots: a test run never overwrites the committed ones in docs/screenshots."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.nodes import REPO
from tests.support.screenshots import DOCS, ENV, refresh


def _shots_dir(env: dict[str, str]) -> Path:
    out = subprocess.run([sys.executable, "-c", "from tests.support.browser import SHOTS; print(SHOTS)"],
                         cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout
    return Path(out.strip())


def test_a_test_run_writes_its_screenshots_outside_docs() -> None:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    shots = _shots_dir(env)
    assert not shots.is_relative_to(REPO / "docs")
    assert shots.is_dir()


def test_the_screenshot_directory_can_be_chosen(tmp_path: Path) -> None:
    chosen = tmp_path / "pictures"
    assert _shots_dir({**os.environ, ENV: str(chosen)}) == chosen.resolve()
    assert chosen.is_dir()


def test_a_refresh_without_a_japanese_font_refuses_and_leaves_docs_alone(capsys) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in DOCS.glob("*.png")}
    assert refresh(["-k", "nothing_at_all"], font=lambda: None) == 2
    assert "Japanese font" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in DOCS.glob("*.png")} == before
