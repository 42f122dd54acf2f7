"""Errors as values: a wire error code plus the key of a human sentence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Refused:
    """A request the core will not carry out.

    `code` is a protocol error code the client can act on; `reason` names the
    sentence (in the server's text catalogue) that explains it to a person;
    `extra` holds fields added to the `error` message (e.g. `overflow`);
    `values` fill the sentence's `{names}` (a field name, a status), so the
    core never writes a sentence itself.
    """

    code: str
    reason: str
    extra: dict[str, Any] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
