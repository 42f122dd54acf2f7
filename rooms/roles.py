"""Who a user is: the roles and which of them are staff, named once.

`ROLES` is the wire contract (`rooms.protocol`, what a token may carry);
staff (moderators, admins) keep people safe and so pass the rules that
separate visitors; a staff account (`server.store.accounts`, the CLI) is
any role but a visitor's.
"""
from __future__ import annotations

from .protocol import ROLES

VISITOR, HOST, MODERATOR, ADMIN = ROLES
STAFF: tuple[str, ...] = (MODERATOR, ADMIN)
ACCOUNT_ROLES: tuple[str, ...] = (ADMIN, MODERATOR, HOST)  # visitors have no accounts


def is_staff(role: str | None) -> bool:
    return role in STAFF


def speaks_for(role: str | None, own_organization: str | None, organization: str) -> bool:
    """Who may change what an organisation publishes (its listing, its booth): an admin, or a host
    of that very organisation."""
    return role == ADMIN or (role == HOST and own_organization == organization)


__all__ = ["ACCOUNT_ROLES", "ADMIN", "HOST", "MODERATOR", "ROLES", "STAFF", "VISITOR", "is_staff", "speaks_for"]
