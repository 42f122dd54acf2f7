"""The vocabulary of the route table: a `Route`, what it takes (`Body`, `params`) and what it answers (`Reply`).

One declaration per route carries everything the app and the OpenAPI document need, so the two
cannot drift: `server/http/routes.py` lists them, `register` adds them to aiohttp behind their
access check, `server/http/openapi.py` documents them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from server.http.access import PUBLIC, Access, Handler
from server.http.bodies import error_response, request_lang
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


def query_names(route: Route) -> tuple[str, ...]:
    """The query parameters a route declares: fields of its `params` that are not `{path}` parameters."""
    in_path = set(re.findall(r"{(\w+)}", route.path))
    names = (n for model in route.params for n in getattr(model, "__struct_encode_fields__", ())  # `from`, not `from_`
             if n not in in_path)
    return tuple(dict.fromkeys(names))


def refusing_unknown_query(handler: Handler, known: tuple[str, ...]) -> Handler:
    """`handler` behind a check that every query parameter is one the route declares.

    A misspelt or unsupported filter (`?search=` for `?q=`) must not silently answer "everything":
    it is `400 bad_query`, and the detail lists the parameters that exist.
    """
    allowed = frozenset(known)

    async def checked(request: web.Request) -> web.StreamResponse:
        unknown = [name for name in request.query if name not in allowed]
        if unknown:
            return error_response(400, "bad_query", "bad_query", request_lang(request),
                                  f"unknown parameter {unknown[0][:40]!r}; known: {', '.join(known)}")
        return await handler(request)

    checked.__name__ = checked.__qualname__ = getattr(handler, "__name__", "handler")
    checked.__doc__ = handler.__doc__
    return checked


def GET(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("GET", path, handler, summary, tag, **kw)


def POST(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("POST", path, handler, summary, tag, **kw)


def PUT(path: str, handler: Handler, summary: str, tag: str, **kw: Any) -> Route:  # noqa: N802
    return Route("PUT", path, handler, summary, tag, **kw)
