"""Handoff messages on the wire, for the in-room flow ("行ってみたい" in a booth, the lobby's questions).

`handoff.match {profile}`, `handoff.start {...}` (the same fields as
`POST /api/handoff`) and `handoff.status {code}`. The bodies are checked by
`booths.handoff_input`, the same as over HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rooms.protocol import BAD_REQUEST
from rooms.refusal import Refused
from rooms.requests import Parser, Ref


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    ref: Ref
    kind: str  # match, start, status
    body: dict[str, Any]


def _parse(kind: str):  # type: ignore[no-untyped-def]
    def parse(m: dict[str, Any], ref: Ref) -> HandoffRequest | Refused:
        body = m.get("profile") if kind == "match" else m
        if kind == "status" and not isinstance(m.get("code"), str):
            return Refused(BAD_REQUEST, "bad_field")
        if not isinstance(body, dict):
            return Refused(BAD_REQUEST, "bad_field")
        return HandoffRequest(ref, kind, {k: v for k, v in body.items() if k not in ("t", "ref")})

    return parse


PARSERS: dict[str, Parser] = {f"handoff.{kind}": _parse(kind) for kind in ("match", "start", "status")}
