"""The masking of audit excerpts: the data itself hidden, the rest of the line kept."""
from __future__ import annotations

from ..normalize import fold_with_map
from .scan import _scan


def mask(text: str) -> str:
    """`text` with the personal data itself hidden, for the audit trail.

    Phone numbers keep their first three digits (090-****-****), e-mail addresses their domain,
    a handle after @ or a service name is starred, an address loses its numbers and a school its
    name. Requests and meet-up proposals carry no data and stay as written.
    """
    folded, where = fold_with_map(text)
    hidden: set[int] = set()
    for match in _scan(folded):
        hidden.update(where[k] for k in match.hide if k < len(where))
    if not hidden:
        return text
    return "".join("*" if i in hidden and not text[i].isspace() else ch for i, ch in enumerate(text))
