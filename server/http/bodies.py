"""The one way the HTTP API reads a request body and answers with data or an error.

Every handler that takes a body calls `read_body(request, Model, limit)`: the body is read
with a size limit, decoded and validated by msgspec against the route's model
(`server/http/models.py`), and the handler gets a typed value or the response to return.
Errors always have the shape `{"error": {"code", "message", "detail"?}}`; `message` is
the sentence from `server/texts.py` in the caller's language. A route whose answers to a
bad body are older than this helper (the handoff's visitor forms answer with a handoff
`Refusal`, the login with 400 only) passes `refuse` to keep them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, TypeVar

import msgspec
import orjson
from aiohttp import web

from server.texts import say as text_for

T = TypeVar("T")
_NO_DEFAULT: Any = object()


@dataclass(frozen=True, slots=True)
class BadBody:
    """Why a body cannot be used: the default answer's status, code and text reason, and which part."""

    status: int
    code: str
    reason: str
    detail: str


def request_lang(request: web.Request) -> str:
    """ja unless the caller's Accept-Language starts with en (the user texts are Japanese first)."""
    return "en" if request.headers.get("Accept-Language", "ja").lower().startswith("en") else "ja"


def error_response(status: int, code: str, reason: str, lang: str, detail: str | None = None) -> web.Response:
    """The one error shape of the HTTP API: a code to act on and a sentence (plus, maybe, which field)."""
    body: dict[str, Any] = {"error": {"code": code, "message": text_for(reason, lang)}}
    if detail:
        body["error"]["detail"] = detail
    return web.json_response(body, status=status, dumps=lambda v: orjson.dumps(v).decode())


def json_response(value: Any, status: int = 200, content_type: str = "application/json") -> web.Response:
    """orjson-encoded JSON (the HTTP API's one way to answer with data)."""
    return web.Response(body=orjson.dumps(value), status=status, content_type=content_type)


def csv_download(text: str, filename: str) -> web.Response:
    """A CSV file to save: UTF-8 with a BOM, because a spreadsheet (Excel in Japan) reads it as Shift_JIS without one."""
    return web.Response(body=("\ufeff" + text).encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@lru_cache(maxsize=None)
def _decoder(model: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(model)


def decode(raw: bytes, model: type[T], limit: int, empty: Any = _NO_DEFAULT) -> T | BadBody:
    """`raw` (at most `limit` + 1 bytes of the body) as a `model`, or why not (no I/O: unit-testable)."""
    if len(raw) > limit:
        return BadBody(413, "too_large", "bad_frame", f"the body is limited to {limit} bytes")
    if not raw and empty is not _NO_DEFAULT:
        return empty  # type: ignore[no-any-return]
    try:
        return _decoder(model).decode(raw)  # type: ignore[no-any-return]
    except msgspec.ValidationError as exc:
        return BadBody(400, "bad_request", "bad_frame", str(exc))
    except msgspec.DecodeError:
        return BadBody(400, "bad_frame", "bad_frame", "the body is not JSON")


async def read_body(request: web.Request, model: type[T], limit: int, *, empty: Any = _NO_DEFAULT,
                    refuse: Callable[[BadBody], web.Response] | None = None) -> T | web.Response:
    """The body as a `model`, or the response to return.

    Over `limit` bytes: 413 `too_large` (told by Content-Length before anything is read, when
    it is); not JSON: 400 `bad_frame`; not the model's shape: 400 `bad_request` with msgspec's
    sentence naming the field. `empty`: the value of an empty body (default: an empty body is
    not JSON). `refuse`: this route's own answer to a bad body.
    """
    if request.content_length is not None and request.content_length > limit:
        bad: T | BadBody = BadBody(413, "too_large", "bad_frame", f"the body is limited to {limit} bytes")
    else:
        bad = decode(await request.content.read(limit + 1), model, limit, empty)
    if not isinstance(bad, BadBody):
        return bad
    if refuse is not None:
        return refuse(bad)
    return error_response(bad.status, bad.code, bad.reason, request_lang(request), bad.detail)
