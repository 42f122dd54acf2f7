"""Where a bench run's results go: `bench/results/<stem>-<date>-<host>.json` (everything) and `.txt` (the
table a person reads) beside it, or the path given with `--out`."""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
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


def add_run_options(ap: argparse.ArgumentParser) -> None:
    """`--out` and `--nice`, the options every bench driver shares."""
    ap.add_argument("--out", default=None)
    ap.add_argument("--nice", type=int, default=0,
                    help="scheduling priority for this run and everything it starts (e.g. -10 on a box busy with "
                         "other work; needs root); the results record it")


def apply_nice(nice: int) -> None:
    """Lower (or raise) this run's priority; the nodes, Redis and load generators it starts inherit it."""
    if nice:
        os.setpriority(os.PRIO_PROCESS, 0, nice)


def publish(results: dict, text: str, stem: str, out: str | None = None) -> None:
    """Print the table a person reads, save both files, and say where on stderr."""
    print(text)
    print(f"results: {save(results, text, stem, out)}", file=sys.stderr)
