"""How long expanding events into occurrences takes: the demo directory's events, and N copies of them.

    python bench/events_expand.py [--copies N] [--days D] [--repeat R]

Prints events, occurrences and the best of R runs of booths.events.expand over a D-day window
(default: the maximum, 92). In-process, no server; the node runs the same function in a worker thread.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from booths import events  # noqa: E402
from booths.demo_directory import demo_organizations  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--days", type=int, default=events.MAX_WINDOW_DAYS)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    base = [(s["id"], events.rows_of(s["schedules"])) for org in demo_organizations() for s in org["services"]
            if s.get("x_kind") in ("event", "activity") and s.get("schedules")]
    items = [events.Recurring("directory", f"{sid}-{i}", rows) for i in range(args.copies) for sid, rows in base]
    first = dt.date(2026, 12, 1)
    last = first + dt.timedelta(days=args.days - 1)
    best = float("inf")
    found: list[events.Occurrence] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = events.expand(items, first, last)
        best = min(best, time.perf_counter() - start)
    print(f"{len(items)} events, {len(found)} occurrences over {args.days} days: {best * 1000:.1f} ms "
          f"({best * 1e6 / max(1, len(items)):.0f} µs per event)")


if __name__ == "__main__":
    main()
