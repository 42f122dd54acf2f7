"""Booth messages on the wire: a visitor's question, a host's answer, presenting, announcing.

They extend `rooms.requests` (registered at import) like moderation's do, so
every frame is parsed in one place and shape errors are answered the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rooms.protocol import BAD_REQUEST
from rooms.refusal import Refused
from rooms.requests import Parser, Ref


@dataclass(frozen=True, slots=True)
class BoothRequest:
    """One booth request; `kind` is the message type (`qa.ask`, `booth.present`, ...)."""

    ref: Ref
    kind: str
    room: str
    id: str | None = None  # question id (qa.answer, qa.dismiss) or item id (booth.present; None stops)
    text: str | None = None  # checked by the node with the chat rules (rooms.names.normalize_text)


def _parse(kind: str, needs_id: bool, takes_text: bool, text_required: bool):  # type: ignore[no-untyped-def]
    def parse(m: dict[str, Any], ref: Ref) -> BoothRequest | Refused:
        room = m.get("room")
        if not isinstance(room, str) or not room.startswith("booth:") or len(room) > 64:
            return Refused(BAD_REQUEST, "bad_field")
        item = m.get("id")
        if item is not None and (not isinstance(item, str) or not 0 < len(item) <= 64):
            return Refused(BAD_REQUEST, "bad_field")
        if needs_id and item is None:
            return Refused(BAD_REQUEST, "bad_field")
        text = m.get("text") if takes_text else None
        if text is None and text_required:
            return Refused(BAD_REQUEST, "text_type")
        if text is not None and not isinstance(text, str):
            return Refused(BAD_REQUEST, "text_type")
        return BoothRequest(ref, kind, room, item, text)

    return parse


PARSERS: dict[str, Parser] = {
    "qa.ask": _parse("qa.ask", False, True, True),
    "qa.answer": _parse("qa.answer", True, True, False),  # no text: marked answered, nothing published
    "qa.dismiss": _parse("qa.dismiss", True, False, False),
    "qa.queue": _parse("qa.queue", False, False, False),  # a host asks for the waiting questions
    "booth.present": _parse("booth.present", False, False, False),  # no id: stop presenting
    "booth.announce": _parse("booth.announce", False, True, True),
}
