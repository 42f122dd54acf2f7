"""The OpenAPI document against the app: no undocumented routes, no documented ghosts, and a fuzzer.

The document is generated from the route table (`server/http/routes.py`), the same table the
app registers its routes from; these tests keep the two honest anyway: what aiohttp serves is
what the document lists, and the document is valid OpenAPI 3.0.

The fuzzer (schemathesis) reads `/api/openapi.json` from a real server and
sends generated GET requests: the server must never answer 5xx, and every
answer must be a documented status with a documented content type and a body
matching the documented schema. Bounded (examples per operation, no
shrinking) so the file stays well under two minutes on a small machine.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Callable

import pytest
import schemathesis  # the `test` extra in pyproject.toml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from server.http import openapi
from server.http.routes import ROUTES
from server.app import build_app
from server.config import load

MODERATOR = "moderator-openapi-fuzz-0001"
METHODS = ("get", "put", "post", "delete", "patch")
EXAMPLES = {GenerationMode.POSITIVE: 100, GenerationMode.NEGATIVE: 30}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


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
    assert not_api <= {("get", "/"), ("get", "/host"), ("get", "/mod"), ("get", "/admin"), ("get", "/map"),
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


def _fuzz(case_strategy: Any, examples: int, call: Callable[[Any], None]) -> None:
    """Run `call` on generated cases: no shrinking (time), no example database (no files in the repo)."""
    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], print_blob=False,
              suppress_health_check=list(HealthCheck))
    @given(case=case_strategy)
    def run(case: Any) -> None:
        call(case)

    run()


def _known_path_values(base: str) -> dict[str, list[str]]:
    """A few real ids and slugs, so that path operations are fuzzed past their 404 too."""
    def get(path: str) -> Any:
        with urllib.request.urlopen(base + path, timeout=5) as r:
            return json.loads(r.read())

    return {
        "/hsds/services/{id}": [d["id"] for d in get("/hsds/services?per_page=3")["contents"]],
        "/hsds/organizations/{id}": [d["id"] for d in get("/hsds/organizations?per_page=3")["contents"]],
        "/api/booths/{slug}": [b["slug"] for b in get("/api/booths")["booths"][:3]],
        "/events/{id}": [e["id"] for e in get("/api/events?from=2026-12-01&to=2026-12-31&per_page=3")["contents"]],
    }


def test_fuzz_get_endpoints_from_the_served_document(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory({"STATIC_TOKENS": f"moderator:{MODERATOR}"})
    url = f"{server.http}/api/openapi.json"
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            assert r.headers.get_content_type() == "application/json"
    except urllib.error.HTTPError as exc:
        pytest.fail(f"GET /api/openapi.json answered {exc.code}: server/app.py must call routes.register(app)")
    schema = schemathesis.openapi.from_url(url)
    known = _known_path_values(server.http)
    assert all(known.values()), f"the demo directory should give ids to fuzz with: {known}"
    auth = {"Authorization": f"Bearer {MODERATOR}"}  # a moderator reaches the audit trail and booth statistics

    def call(case: Any) -> None:
        case.call_and_validate(base_url=server.http, headers=auth, checks=CHECKS, timeout=10)

    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    gets = [op for op in operations if op.method.lower() == "get"]
    assert len(gets) >= 15, f"only {len(gets)} GET operations: did the document lose some?"
    for operation in gets:
        runs: list[tuple[str, Any, int]] = [
            (mode.value, operation.as_strategy(mode, headers=auth), examples) for mode, examples in EXAMPLES.items()
            if mode is GenerationMode.POSITIVE or _has_parameters(operation)]
        prefix = next((p for p in known if operation.path.startswith(p)), None)
        if prefix is not None:
            name = prefix.rsplit("{", 1)[1].rstrip("}")
            strategies = [operation.as_strategy(GenerationMode.POSITIVE, headers=auth, path_parameters={name: v})
                          for v in known[prefix]]
            runs.append((f"positive, known {name}", st.one_of(*strategies), EXAMPLES[GenerationMode.POSITIVE]))
        for label, strategy, examples in runs:
            try:
                _fuzz(strategy, examples, call)
            except (Exception, BaseExceptionGroup) as exc:  # keep going: one report per failing run
                failures.append(f"--- {operation.method.upper()} {operation.path} ({label}) ---\n{exc}")
    if failures:
        pytest.fail("schemathesis found problems:\n" + "\n".join(failures)
                    + "\n\n=== server errors (last frames, distinct) ===\n" + _server_errors(server.log()),
                    pytrace=False)


def _has_parameters(operation: Any) -> bool:
    """Negative data needs something to break: an operation without parameters has none
    (the bearer header is fixed by the test, so it does not count)."""
    return any(getattr(p, "location", None) != "header" for p in operation.iter_parameters())


def _server_errors(log: str) -> str:
    """The distinct tracebacks in the server's JSON log, tail only: enough to point at the line to fix."""
    seen: dict[str, None] = {}
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("exc"):
            frames = entry["exc"].strip().splitlines()
            seen.setdefault("\n".join(frames[-12:]), None)
    return "\n\n".join(seen) or "(no traceback in the server log)"
