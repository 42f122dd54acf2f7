"""The OpenAPI document against the app: no undocumented routes, no documented ghosts.

The document is generated from the route table (`server/http/routes.py`), the same table the
app registers its routes from; these tests keep the two honest anyway: what aiohttp serves is
what the document lists, and the document is valid OpenAPI 3.0. The fuzzer that sends generated
requests to a real node is a wire test: tests/wire/test_openapi_fuzz.py.
"""
from __future__ import annotations

import json

import pytest
import schemathesis  # the `test` extra in pyproject.toml

from server.http import openapi
from server.http.routes import ROUTES
from server.app import build_app
from server.config import load

METHODS = ("get", "put", "post", "delete", "patch")


def _app_routes() -> set[tuple[str, str]]:
    """(method, path) of every route the real app registers, HEAD excluded (aiohttp adds it to each GET)."""
    app = build_app(load({}, {"demo": True, "database_url": "sqlite+aiosqlite://"}))
    out = set()
    for route in app.router.routes():
        path = route.resource.canonical if route.resource is not None else ""
        if route.method.lower() in METHODS:
            out.add((route.method.lower(), path))
    return out


def _documented() -> set[tuple[str, str]]:
    return {(method, path) for path, item in openapi.document(ROUTES)["paths"].items() for method in item
            if method in METHODS}


def test_every_route_is_documented_and_every_documented_route_exists() -> None:
    """Every route aiohttp serves is in the document, except the few the table marks as not API."""
    routes = _app_routes()
    documented = _documented()
    if ("get", "/api/openapi.json") not in routes:
        pytest.fail("GET /api/openapi.json is not registered: server/app.py must call routes.register(app)")
    not_api = {(r.method.lower(), r.path) for r in ROUTES if not r.document}
    assert not_api <= {("get", "/"), ("get", "/host"), ("get", "/mod"), ("get", "/admin"), ("get", "/apply"),
                       ("get", "/map"),
                       ("get", "/ws")}, not_api
    undocumented = sorted(r for r in routes if r not in documented and r not in not_api
                          and r[1] != "/static")  # the web clients' files
    ghosts = sorted(documented - routes)
    assert not undocumented, f"served but not documented (add it to server/http/routes.py): {undocumented}"
    assert not ghosts, f"documented but not served: {ghosts}"


def test_every_declared_path_parameter_is_in_the_path() -> None:
    """A `params` field documented `in: path` must be a `{name}` of the route, and every `{name}` documented."""
    for path, item in openapi.document(ROUTES)["paths"].items():
        for method, op in item.items():
            in_path = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            named = {part[1:-1] for part in path.split("/") if part.startswith("{")}
            assert in_path == named, (method, path, in_path, named)


def test_document_is_valid_openapi_3_0() -> None:
    """Checked against the OpenAPI 3.0 meta-schema that schemathesis ships; every operation must load."""
    doc = openapi.document(ROUTES)
    assert doc["openapi"] == "3.0.3"
    assert json.loads(json.dumps(doc)) == doc  # plain JSON, nothing Python-only
    schema = schemathesis.openapi.from_dict(doc)
    schema.validate()
    for result in schema.get_all_operations():
        result.ok()  # raises with the operation's problem
