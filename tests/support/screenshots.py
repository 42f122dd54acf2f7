"""Where browser tests write their screenshots, and the one command that refreshes docs/screenshots.

Running the tests never touches the committed pictures: they go to `test-artifacts/screenshots/`
(ignored by git), or to the directory named by `TSUNAGARU_SCREENSHOTS`. The README's and the
docs' pictures change only when someone asks for it:

    .venv/bin/python -m tests.support.screenshots refresh            # every browser test
    .venv/bin/python -m tests.support.screenshots refresh -k booth   # some of them (pytest arguments)

A refresh needs a Japanese font: without one Chromium draws every Japanese character as an
empty box, and the committed pictures would be overwritten with boxes. It refuses then.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Sequence

from tests.support.nodes import REPO

ENV = "TSUNAGARU_SCREENSHOTS"
DEFAULT = REPO / "test-artifacts" / "screenshots"
DOCS = REPO / "docs" / "screenshots"


def screenshot_dir() -> Path:
    """The directory this test run writes screenshots to (made if missing)."""
    chosen = os.environ.get(ENV, "").strip()
    path = Path(chosen).resolve() if chosen else DEFAULT
    path.mkdir(parents=True, exist_ok=True)
    return path


def japanese_font() -> str | None:
    """A font with Japanese glyphs that Chromium will find (fontconfig), or None."""
    if shutil.which("fc-list") is None:
        return None
    found = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False).stdout
    return next((line.strip() for line in found.splitlines() if line.strip()), None)


def refresh(pytest_args: Sequence[str], font: Callable[[], str | None] = japanese_font) -> int:
    """Run the browser tests with their screenshots written into docs/screenshots; 2 without a Japanese font."""
    if font() is None:
        print("refusing to refresh docs/screenshots: no Japanese font is installed, so every Japanese character "
              "would be drawn as an empty box (install one, e.g. apt-get install fonts-noto-cjk)", file=sys.stderr)
        return 2
    env = {**os.environ, ENV: str(DOCS)}
    command = [sys.executable, "-m", "pytest", "-m", "browser", "-q", "-p", "no:cacheprovider", *pytest_args]
    return subprocess.run(command, cwd=REPO, env=env, check=False).returncode


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] != "refresh":
        print(__doc__, file=sys.stderr)
        return 2
    return refresh(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
