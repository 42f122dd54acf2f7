"""The fuzzer (schemathesis) reads `/api/openapi.json` from a real node and sends generated GET
requests: the node must never answer 5xx, and every answer must be a documented status with a
documented content type and a body matching the documented schema. Bounded (examples per
operation, no shrinking) so the file stays well under two minutes on a small machine.
"""
from __future__ import annotations

import json
import os
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

MODERATOR = "moderator-openapi-fuzz-0001"
# Per documented GET operation: enough to find a 5xx or an undocumented answer on the whole surface in the
# default run; `FUZZ_SCALE=5` (say) before a release runs five times as many.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
EXAMPLES = {GenerationMode.POSITIVE: int(50 * SCALE), GenerationMode.NEGATIVE: int(20 * SCALE)}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


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
