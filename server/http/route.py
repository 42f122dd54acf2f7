"""The vocabulary of the route table: a `Route`, what it takes (`Body`, `params`) and what it answers (`Reply`).

One declaration per route carries everything the app and the OpenAPI document need, so the two
cannot drift: `server/http/routes.py` lists them, `register` adds them to aiohttp behind their
access check, `server/http/openapi.py` documents them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.http.access import PUBLIC, Access, Handler
from server.http.models_directory import Error

JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Reply:
    """One documented answer: `content` maps a media type to its model (None: no schema; a tuple: one of)."""

    description: str
    content: dict[str, Any] | None = None


def ok(model: Any, description: str, media: str = JSON) -> Reply:
    return Reply(description, {media: model})


def err(description: str) -> Reply:
    return Reply(description, {JSON: Error})


@dataclass(frozen=True, slots=True)
class Body:
    """The request body: its model per media type, whether it must be there, and a sentence on limits."""

    content: dict[str, Any]
    required: bool = True
    description: str = ""


def body(model: Any, description: str = "", required: bool = True) -> Body:
    return Body({JSON: model}, required, description)


@dataclass(frozen=True, slots=True)
class Route:
    """One HTTP route. `summary` is the first line of the document's operation; `description` the rest.

    `params`: Structs whose fields are the path parameters (named in `path`) and query parameters.
    `replies`: the answers besides the 401/403 that `access` implies. `document=False` for what is
    not API (the web clients' pages, the `/ws` upgrade).
    """

    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    access: Access = PUBLIC
    replies: dict[int, Reply] = field(default_factory=dict)
    params: tuple[type, ...] = ()
    body: Body | None = None
    description: str = ""
    document: bool = True


def GET(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("GET", path, handler, summary, tag, **kw)


def POST(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("POST", path, handler, summary, tag, **kw)


def PUT(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("PUT", path, handler, summary, tag, **kw)
