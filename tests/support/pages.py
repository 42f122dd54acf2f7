"""Reading what a node serves that is not JSON: raw answers, and the JSON-LD blocks of an HTML page."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from html.parser import HTMLParser
from typing import Any


def fetch(base: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET: (status, headers, body bytes), errors as statuses."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


class _LdReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.blocks: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag: str) -> None:
        self.inside = False


def jsonld_blocks(html: str) -> list[Any]:
    """Every `<script type="application/ld+json">` block, parsed as a search engine's reader does."""
    reader = _LdReader()
    reader.feed(html)
    return reader.blocks
