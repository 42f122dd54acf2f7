"""msgspec against pydantic on the HTTP hot path: decode + validate one typical request body.

Run: `.venv/bin/python bench/http_models.py` (both libraries installed). Prints µs per body for
each library and body. The models are shaped like the ones in `server/http/models.py`: the
handoff start a visitor's form sends, and a moderator action (`mod.mute`).
"""
from __future__ import annotations

import timeit
from typing import Annotated, Literal

import msgspec
import pydantic

START = (b'{"service_id":"svc-kawagoe-youth-01","mode":"live_referral","age":16,"municipality":"112011",'
         b'"guardian_consent":false,"device":"d1.abcdefghijklmnop.qrstuvwxyz0123456789",'
         b'"consent":{"nickname":"\xe3\x81\x82\xe3\x81\x8b\xe3\x82\x8a","contact":{"channel":"email","value":"a@example.jp"}}}')
ACTION = b'{"t":"mod.mute","user":"u_3f9a2c41d0","room":"lobby","minutes":10,"reason":"spam"}'
MODES = Literal["info", "self_connect", "live_referral"]


# -- msgspec ------------------------------------------------------------------------------------
class MContact(msgspec.Struct):
    channel: str
    value: Annotated[str, msgspec.Meta(max_length=100)]


class MConsent(msgspec.Struct):
    nickname: str | None = None
    contact: MContact | None = None


class MStart(msgspec.Struct):
    service_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    mode: MODES = "self_connect"
    age: Annotated[int, msgspec.Meta(ge=0, le=120)] | None = None
    age_band: str | None = None
    municipality: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")] | None = None
    guardian_consent: bool = False
    device: str | None = None
    consent: MConsent | None = None


class MAction(msgspec.Struct):
    t: Annotated[str, msgspec.Meta(pattern=r"^mod\.")]
    user: str | None = None
    room: str | None = None
    minutes: Annotated[int, msgspec.Meta(ge=0)] | None = None
    reason: str | None = None


# -- pydantic -----------------------------------------------------------------------------------
class PContact(pydantic.BaseModel):
    channel: str
    value: Annotated[str, pydantic.Field(max_length=100)]


class PConsent(pydantic.BaseModel):
    nickname: str | None = None
    contact: PContact | None = None


class PStart(pydantic.BaseModel):
    service_id: Annotated[str, pydantic.Field(min_length=1, max_length=64)]
    mode: MODES = "self_connect"
    age: Annotated[int, pydantic.Field(ge=0, le=120)] | None = None
    age_band: str | None = None
    municipality: Annotated[str, pydantic.Field(pattern=r"^[0-9]{6}$")] | None = None
    guardian_consent: bool = False
    device: str | None = None
    consent: PConsent | None = None


class PAction(pydantic.BaseModel):
    t: Annotated[str, pydantic.Field(pattern=r"^mod\.")]
    user: str | None = None
    room: str | None = None
    minutes: Annotated[int, pydantic.Field(ge=0)] | None = None
    reason: str | None = None


def per_body_us(call: object, number: int = 50_000, repeat: int = 5) -> float:
    """Best of `repeat` runs of `number` calls, in µs per call (best: the least disturbed by the box)."""
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e6  # type: ignore[arg-type]


def main() -> None:
    start_m, action_m = msgspec.json.Decoder(MStart), msgspec.json.Decoder(MAction)
    assert start_m.decode(START) == msgspec.convert(PStart.model_validate_json(START).model_dump(), MStart)
    rows = [("handoff start", start_m.decode, lambda b: PStart.model_validate_json(b), START),
            ("mod.mute", action_m.decode, lambda b: PAction.model_validate_json(b), ACTION)]
    print(f"msgspec {msgspec.__version__}, pydantic {pydantic.VERSION} — decode+validate, µs per body (best of 5)")
    for name, m, p, body in rows:
        ms, ps = per_body_us(lambda: m(body)), per_body_us(lambda: p(body))
        print(f"{name:14} {len(body):4} B   msgspec {ms:6.2f} µs   pydantic {ps:6.2f} µs   ratio {ps / ms:4.1f}x")


if __name__ == "__main__":
    main()
