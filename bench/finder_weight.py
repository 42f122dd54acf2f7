"""What a phone downloads to see the public map (/map), as Chromium counted it (Resource Timing).

Usage: start a node (`python -m server serve --demo --port 8080`), then
    .venv/bin/python bench/finder_weight.py http://127.0.0.1:8080
Prints the total transfer size and the largest resources. No tiles are configured by default,
so nothing comes from another site; with MAP_TILES_URL the tiles add to this.
"""
from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.goto(base + "/map")
        page.wait_for_selector("#places li", timeout=20_000)
        page.wait_for_load_state("networkidle")
        found = page.evaluate("""() => ({nav: performance.getEntriesByType('navigation')[0].transferSize,
            res: performance.getEntriesByType('resource').map(r => [r.name.replace(location.origin, ''),
                                                                    r.transferSize, r.encodedBodySize])})""")
        browser.close()
    total = found["nav"] + sum(size for _, size, _ in found["res"])
    print(f"/map first visit: {total} bytes transferred ({len(found['res']) + 1} requests)")
    for name, size, body in sorted(found["res"], key=lambda r: -r[1])[:10]:
        print(f"  {size:>8} {body:>8}  {name[:90]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
