"""The OpenAPI 3.0.3 document of the HTTP API, generated from the route table and served at `GET /api/openapi.json`.

Nothing here describes a route by hand: paths, methods, parameters (fields of the route's
`params` Structs), request and response schemas (msgspec's JSON Schema of the models) and
security (the route's `access`) all come from `server/http/routes.py`. msgspec writes JSON
Schema 2020-12; `_to_30` turns the few constructs OpenAPI 3.0 spells differently (null in a
union, `examples`, numeric `exclusiveMinimum`) into its spelling. `tests/unit/test_openapi.py`
checks the document against the app and fuzzes the running server from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import msgspec
import orjson
from aiohttp import web

from server.http.route import Reply, Route, err

OPENAPI_VERSION = "3.0.3"
REF = "#/components/schemas/{name}"
DOCUMENT = web.AppKey("openapi_document", "ServedDocument")
TAGS = ("directory", "booths", "handoff", "auth", "moderation", "meta")
SECURITY = {"bearer": "bearerAuth", "roles": "bearerAuth", "metrics": "metricsToken"}
Schema = dict[str, Any]


def _to_30(node: Any) -> Any:
    """A JSON Schema 2020-12 value as OpenAPI 3.0 writes it (recursively)."""
    if isinstance(node, list):
        return [_to_30(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _to_30(v) for k, v in node.items()}
    options = out.get("anyOf")
    if options and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del out["anyOf"]
        one = rest[0] if len(rest) == 1 else {"anyOf": rest}
        out = {**({"allOf": [one]} if "$ref" in one else one), **out, "nullable": True}
    if "enum" in out and None in out["enum"]:
        out["nullable"] = True
        kinds = {type(v) for v in out["enum"] if v is not None}
        if kinds == {str}:
            out.setdefault("type", "string")
    if out.get("required") == []:  # 3.0: a required list has at least one name
        del out["required"]
    if "examples" in out:
        out["example"] = out.pop("examples")[0]
    if isinstance(out.get("exclusiveMinimum"), (int, float)) and not isinstance(out["exclusiveMinimum"], bool):
        out["minimum"], out["exclusiveMinimum"] = out["exclusiveMinimum"], True
    return out


class _Schemas:
    """Collects the models the routes name, then renders them all at once (shared components)."""

    def __init__(self) -> None:
        self.types: list[Any] = []

    def ref(self, model: Any) -> int:
        self.types.append(model)
        return len(self.types) - 1

    def render(self) -> tuple[list[Schema], dict[str, Schema]]:
        refs, components = msgspec.json.schema_components(self.types, ref_template=REF)
        return [_to_30(r) for r in refs], {k: _to_30(v) for k, v in components.items()}


def _content(content: dict[str, Any], schemas: _Schemas) -> dict[str, Any]:
    """{media: model} → {media: {"schema": index or [indexes]}}; indexes are replaced once rendered."""
    out: dict[str, Any] = {}
    for media, model in content.items():
        if model is None:
            out[media] = {}
        elif isinstance(model, tuple):
            out[media] = {"schema": ("oneOf", [schemas.ref(x) for x in model])}
        else:
            out[media] = {"schema": ("one", schemas.ref(model))}
    return out


def _parameters(route: Route) -> list[Schema]:
    """Every field of the route's `params` Structs: a path parameter when `{name}` is in the path, else a query one."""
    names = set(re.findall(r"{(\w+)}", route.path))
    params: list[Schema] = []
    for struct in route.params:
        shape = _to_30(msgspec.json.schema(struct))
        shape = shape.get("$defs", {}).get(struct.__name__, shape)
        for name, schema in shape["properties"].items():
            schema = dict(schema)
            where = "path" if name in names else "query"
            param: Schema = {"name": name, "in": where, "required": where == "path" or name in shape.get("required", ())}
            for key in ("description", "example", "deprecated"):
                if key in schema:
                    param[key] = schema.pop(key)
            params.append({**param, "schema": schema})
    return params


def _operation(route: Route, schemas: _Schemas) -> Schema:
    summary, _, rest = route.summary.partition("\n")
    op: Schema = {"summary": summary, "tags": [route.tag], "operationId": f"{route.method.lower()}_{route.path}"}
    description = " ".join(filter(None, (rest.strip(), route.description)))
    if description:
        op["description"] = description
    if route.params:
        op["parameters"] = _parameters(route)
    if route.body is not None:
        op["requestBody"] = {"required": route.body.required, "content": _content(route.body.content, schemas)}
        if route.body.description:
            op["requestBody"]["description"] = route.body.description
    replies: dict[int, Reply] = dict(route.replies)
    kind = route.access.kind
    if kind in SECURITY:
        op["security"] = [{SECURITY[kind]: []}]
        replies.setdefault(401, err("No valid bearer token" if kind != "metrics" else "METRICS_TOKEN is set and "
                                    "the request does not carry it"))
        if kind != "metrics":
            replies.setdefault(403, err("The token's role may not do this"))
    op["responses"] = {str(status): {"description": r.description, **(
        {"content": _content(r.content, schemas)} if r.content else {})} for status, r in sorted(replies.items())}
    return op


def _fill(node: Any, refs: list[Schema]) -> Any:
    """Replace the ("one", i) / ("oneOf", [i, ...]) placeholders by the rendered schemas."""
    if isinstance(node, dict):
        return {k: _fill(v, refs) for k, v in node.items()}
    if isinstance(node, tuple):
        how, which = node
        return refs[which] if how == "one" else {"oneOf": [refs[i] for i in which]}
    if isinstance(node, list):
        return [_fill(v, refs) for v in node]
    return node


def document(routes: list[Route]) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of `routes` (a fresh dict each call: callers may change theirs)."""
    schemas = _Schemas()
    paths: dict[str, Schema] = {}
    for route in routes:
        if route.document:
            paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, schemas)
    refs, components = schemas.render()
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Tsunagaru HTTP API", "version": "0.1.0",
                 "description": "The directory (HSDS 3 read API, map, imports), booths, the handoff, staff login "
                                "and moderation. Errors are always `{\"error\": {\"code\", \"message\", "
                                "\"detail\"?}}`; `message` follows Accept-Language (ja unless it starts with en)."},
        "tags": [{"name": n} for n in TAGS],
        "paths": _fill(paths, refs),
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A STATIC_TOKENS service token or a login token"},
                "metricsToken": {"type": "http", "scheme": "bearer",
                                 "description": "METRICS_TOKEN, when the node has one (else /metrics is open)"}},
        },
    }


def render(routes: list[Route]) -> bytes:
    """The document as served: it only changes with the code."""
    return orjson.dumps(document(routes))


@dataclass
class ServedDocument:
    """The document of a node's routes, rendered at the first request and kept: rendering takes
    ~0.1 s of CPU (msgspec's schemas of every model), which a node's start need not pay."""

    routes: list[Route]
    _body: bytes | None = None

    def body(self) -> bytes:
        if self._body is None:
            self._body = render(self.routes)
        return self._body


async def openapi_json(request: web.Request) -> web.Response:
    return web.Response(body=request.app[DOCUMENT].body(), content_type="application/json")
