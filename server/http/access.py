"""Who may call a route: declared once in the route table, checked here, documented from the same value.

`PUBLIC`: anyone. `BEARER`: a staff token is needed, and the handler decides what this caller
may do with this object (a host edits its own organisation's booth). `Roles(...)`: only these
roles; the check runs before the handler (401 without a valid token, 403 for another role), and
the handler finds the caller in `request["identity"]`. `METRICS`: the METRICS_TOKEN bearer
when one is configured (checked by the metrics handler, which must answer Prometheus' way).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from aiohttp import web

from server.http.bodies import error_response, request_lang
from server.realtime.node import Node
from server.tokens import Identity

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Access:
    """A kind of caller; `roles` only for `Roles`, `reason` the text key of the 403."""

    kind: str  # "public", "bearer", "roles", "metrics"
    roles: tuple[str, ...] = ()
    reason: str = "staff_only"


PUBLIC = Access("public")
BEARER = Access("bearer")
METRICS = Access("metrics")


def Roles(*roles: str, reason: str = "staff_only") -> Access:  # noqa: N802 (reads as a type in the table)
    return Access("roles", roles, reason)


async def bearer_identity(request: web.Request) -> Identity | None:
    """Who the request's `Authorization: Bearer` token names, if anyone."""
    node: Node = request.app["node"]
    auth = request.headers.get("Authorization", "")
    return await node.tokens.verify(auth[7:]) if auth.startswith("Bearer ") else None


async def require(request: web.Request, roles: tuple[str, ...], reason: str = "staff_only") -> Identity | web.Response:
    """The caller's identity if its role is one of `roles`; else the 401 or 403 to return."""
    identity = await bearer_identity(request)
    if identity is None:
        return error_response(401, "unauthorized", "unauthorized", request_lang(request))
    if identity.role not in roles:
        return error_response(403, "forbidden", reason, request_lang(request))
    return identity


def guarded(handler: Handler, access: Access) -> Handler:
    """`handler` behind the role check its route declares (the others check in the handler, see above)."""
    if access.kind != "roles":
        return handler

    async def checked(request: web.Request) -> web.StreamResponse:
        identity = await require(request, access.roles, access.reason)
        if isinstance(identity, web.Response):
            return identity
        request["identity"] = identity
        return await handler(request)

    checked.__name__ = checked.__qualname__ = getattr(handler, "__name__", "handler")
    checked.__doc__ = handler.__doc__
    return checked
