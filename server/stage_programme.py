"""The stage programme file (`STAGE_PROGRAMME`): read once, checked when the configuration is loaded.

A bad file stops the node at start with the entry and field named (server.config), never a
programme that silently lost a session; the check itself is booths.stage.parse_programme.
"""
from __future__ import annotations

import functools
import json

from booths.stage import StageSession, parse_programme


@functools.lru_cache(maxsize=4)
def read_programme(path: str) -> tuple[StageSession, ...]:
    """The sessions of the file at `path` ("" → none); ValueError saying what is wrong."""
    if not path:
        return ()
    try:
        with open(path, encoding="utf-8-sig") as f:
            doc = json.load(f)
    except OSError as exc:
        raise ValueError(f"STAGE_PROGRAMME={path!r} cannot be read: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"STAGE_PROGRAMME={path!r} is not JSON: {exc.msg} at line {exc.lineno}") from None
    try:
        return tuple(parse_programme(doc))
    except ValueError as exc:
        raise ValueError(f"STAGE_PROGRAMME={path!r}: {exc}") from None
