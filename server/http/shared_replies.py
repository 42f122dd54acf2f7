"""Who may call a route and the error replies many routes share, for the route tables (`routes*.py`).

One place so that every table says "admins only" or "bad query" the same way and the OpenAPI
document describes them the same way.
"""
from __future__ import annotations

from server.http.access import Roles
from server.http.route import err
from rooms.roles import ADMIN, STAFF

MODERATORS = Roles(*STAFF)
ADMINS = Roles(ADMIN, reason="admin_only")
BAD_QUERY = {400: err("A parameter cannot be used; `error.detail` names it")}
BAD_BODY = {400: err("The body cannot be used")}
NOT_FOUND = {404: err("No such document")}
TOO_LARGE = {413: err("The body is over the limit")}
UNAVAILABLE = {503: err("The database is not reachable right now")}
REFUSED = err("Refused: `error.code` says why (`offer` may name another way)")
LIMITED = {429: err("Too many requests from this address (`Retry-After` when known)")}
CROSS_SITE = {403: err("`origin_not_allowed`: sent from another site's page"),
              415: err("`json_required`: the body must be application/json")}
