"""Reading and writing HSDS 3.x `schedule` JSON rows (`from_hsds`, `to_hsds`)."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from booths.schedule_row import _TIME_RE, _WEEKDAYS, FREQS, X_HOLIDAYS, Schedule, _naive_jst_time

# --------------------------------------------------------------------------- #
# HSDS JSON
# --------------------------------------------------------------------------- #

# HSDS recurrence fields we do not evaluate: a row using them is kept, marked x_uncertain (answers unknown).
_UNEVALUATED = ("count", "byweekno", "byyearday")


def _opt_str(d: Mapping[str, Any], key: str) -> str | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected a string, got {type(v).__name__}")
    return v.strip() or None


def _parse_date(d: Mapping[str, Any], key: str) -> _dt.date | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, _dt.datetime):
        raise ValueError(f"{key}: expected a date, got a datetime")
    if isinstance(v, _dt.date):
        return v
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected 'YYYY-MM-DD', got {type(v).__name__}")
    try:
        return _dt.date.fromisoformat(v.strip())
    except ValueError:
        raise ValueError(f"{key}: {v!r} is not a date in YYYY-MM-DD form") from None


def _parse_time(d: Mapping[str, Any], key: str) -> _dt.time | None:
    v = d.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, _dt.time):
        return _naive_jst_time(key, v)
    if not isinstance(v, str):
        raise ValueError(f"{key}: expected 'HH:MM[:SS][+09:00]', got {type(v).__name__}")
    m = _TIME_RE.match(v.strip())
    if not m:
        raise ValueError(f"{key}: {v!r} is not a time like '10:00:00+09:00'")
    hh, mm, ss, tz = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), m.group(4)
    if tz is not None and tz.replace(":", "") != "+0900":
        raise ValueError(f"{key}: {v!r} must be Japan local time (+09:00 or no offset)")
    if hh == 24 and mm == 0 and ss == 0:
        return _dt.time(23, 59, 59)  # "24:00" closing == until midnight
    try:
        return _dt.time(hh, mm, ss)
    except ValueError:
        raise ValueError(f"{key}: {v!r} is out of range") from None


def from_hsds(d: Mapping[str, Any]) -> Schedule:
    """Build a `Schedule` from an HSDS JSON object; raises ValueError naming the bad field.

    Identity and free-text fields we do not evaluate (id, service_id, notes, ...) are ignored.
    """
    uncertain = d.get("x_uncertain") is True or any(d.get(key) not in (None, "", []) for key in _UNEVALUATED)
    tz = d.get("timezone")
    if tz not in (None, "") and (isinstance(tz, bool) or not isinstance(tz, (int, float))):
        raise ValueError(f"timezone: expected a UTC offset in hours, got {tz!r}")
    if tz not in (None, "") and tz != 9:
        uncertain = True  # times in another zone: kept, not evaluated as Japan time
    wkst = _opt_str(d, "wkst")
    if wkst is not None and wkst.upper() not in _WEEKDAYS:
        raise ValueError(f"wkst: {wkst!r} is not a weekday code (MO..SU)")
    if wkst is not None and wkst.upper() != "MO" and d.get("interval") not in (None, "", 1):
        uncertain = True  # which weeks count depends on the week start: not evaluated

    freq = _opt_str(d, "freq")
    if freq is not None:
        freq = freq.upper()
        if freq not in FREQS:
            raise ValueError(f"freq: {d.get('freq')!r} is not one of {FREQS}")

    interval_raw = d.get("interval")
    if interval_raw is None or interval_raw == "":
        interval = 1
    elif isinstance(interval_raw, bool):
        raise ValueError(f"interval: expected a positive integer, got {interval_raw!r}")
    elif isinstance(interval_raw, int):
        interval = interval_raw
    elif isinstance(interval_raw, float) and interval_raw.is_integer():
        interval = int(interval_raw)
    else:
        raise ValueError(f"interval: expected a positive integer, got {interval_raw!r}")

    byday = _opt_str(d, "byday")
    if byday is not None:
        byday = ",".join(part.strip().upper() for part in byday.split(","))
    bymonthday = _opt_str(d, "bymonthday")
    if bymonthday is not None:
        bymonthday = ",".join(part.strip() for part in bymonthday.split(","))

    closed_raw = d.get("x_closed", d.get("closed"))
    if closed_raw is None:
        closed = False
    elif isinstance(closed_raw, bool):
        closed = closed_raw
    else:
        raise ValueError(f"closed: expected true/false, got {closed_raw!r}")

    x_holidays = d.get("x_holidays")
    if x_holidays is None or x_holidays == "":
        x_holidays = "open"
    if x_holidays not in X_HOLIDAYS:
        raise ValueError(f"x_holidays: {x_holidays!r} is not one of {X_HOLIDAYS}")

    description = d.get("description")
    if description is None:
        description = ""
    elif not isinstance(description, str):
        raise ValueError(f"description: expected a string, got {type(description).__name__}")

    valid_to = _parse_date(d, "valid_to")
    until = _parse_date(d, "until")
    if until is not None and (valid_to is None or until < valid_to):
        valid_to = until
    valid_from = _parse_date(d, "valid_from")
    if valid_from and valid_to and valid_to < valid_from and until is not None:
        uncertain = True  # the recurrence ends before it is valid: nothing to evaluate
        valid_to = valid_from
    return Schedule(
        freq=freq,
        interval=interval,
        byday=byday,
        bymonthday=bymonthday,
        opens_at=None if uncertain else _parse_time(d, "opens_at"),
        closes_at=None if uncertain else _parse_time(d, "closes_at"),
        valid_from=valid_from,
        valid_to=valid_to,
        dtstart=_parse_date(d, "dtstart"),
        description=description,
        closed=closed,
        x_holidays=x_holidays,
        x_annual=_opt_str(d, "x_annual"),
        x_uncertain=uncertain,
    )


def _fmt_time(t: _dt.time | None) -> str | None:
    if t is None:
        return None
    t = _naive_jst_time("time", t)
    return f"{t:%H:%M:%S}+09:00"


def to_hsds(s: Schedule) -> dict[str, Any]:
    """HSDS JSON object for a row (times as 'HH:MM:SS+09:00'); `x_closed`, `x_holidays`, `x_annual`,
    `x_uncertain` (only when true) are ours."""
    out = {
        "freq": s.freq,
        "interval": s.interval,
        "byday": s.byday,
        "bymonthday": s.bymonthday,
        "opens_at": _fmt_time(s.opens_at),
        "closes_at": _fmt_time(s.closes_at),
        "valid_from": s.valid_from.isoformat() if s.valid_from else None,
        "valid_to": s.valid_to.isoformat() if s.valid_to else None,
        "dtstart": s.dtstart.isoformat() if s.dtstart else None,
        "timezone": 9,
        "description": s.description,
        "x_closed": s.closed,
        "x_holidays": s.x_holidays,
        "x_annual": s.x_annual,
    }
    if s.x_uncertain:
        out["x_uncertain"] = True
    return out
