"""Age bands, named once: what they mean in years, and the group a band puts a member in.

Two vocabularies meet here. A visitor states a coarse band at `hello`
(`rooms.protocol.AGE_BANDS`: u15, 15-17, 18-24, 25+), which decides who may
share a circle; the handoff forms ask finer bands (under_13 … 40+), which the
matcher compares with a service's ages. Both are ranges of years, so one table
answers "could this person be under N?" for either.
"""
from __future__ import annotations

from .protocol import AGE_BANDS as HELLO_BANDS
from .roles import HOST, STAFF

FORM_BANDS = ("under_13", "13-15", "16-17", "18-24", "25-39", "40+")
# Inclusive (youngest, oldest) years of every band; None: no bound.
BAND_AGES: dict[str, tuple[int | None, int | None]] = {
    "under_13": (None, 12),
    "13-15": (13, 15),
    "16-17": (16, 17),
    "18-24": (18, 24),
    "25-39": (25, 39),
    "40+": (40, None),
    # the bands a visitor may state at hello
    "u15": (None, 14),
    "15-17": (15, 17),
    "25+": (25, None),
}
# The group a member is in for the circle rule (rooms.rules): minors and adults never share a circle.
MINOR, ADULT, OPEN = "minor", "adult", "open"


def form_band(age: int | None) -> str | None:
    """The finer band a handoff records for a stated age (never the age itself)."""
    if age is None:
        return None
    for band in FORM_BANDS:
        hi = BAND_AGES[band][1]
        if hi is None or age <= hi:
            return band
    return None


def may_be_under(band: str | None, years: int) -> bool:
    """Whether someone in `band` may be younger than `years`; an unknown band may be."""
    if band is None:
        return True
    lo = BAND_AGES.get(band, (None, None))[0]
    return band in BAND_AGES and (lo is None or lo < years)


def age_group(age_band: str | None, role: str) -> str:
    """Staff and 18-24 mix with anyone; hosts and 25+ are adults; everyone else (no band too) is a minor."""
    if role in STAFF:
        return OPEN
    if role == HOST or age_band == "25+":
        return ADULT
    if age_band == "18-24":
        return OPEN
    return MINOR  # u15, 15-17, or unknown


__all__ = ["ADULT", "BAND_AGES", "FORM_BANDS", "HELLO_BANDS", "MINOR", "OPEN", "age_group", "form_band",
           "may_be_under"]
