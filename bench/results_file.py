"""Where a bench run's results go: `bench/results/<stem>-<date>-<host>.json` (everything) and `.txt` (the
table a person reads) beside it, or the path given with `--out`."""
from __future__ import annotations

import json
import socket
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(results: dict, text: str, stem: str, out: str | None = None) -> Path:
    """Write the JSON and the text table; returns the JSON's path."""
    path = Path(out) if out else RESULTS / f"{stem}-{time.strftime('%Y-%m-%d')}-{socket.gethostname()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n")
    path.with_suffix(".txt").write_text(text)
    return path
