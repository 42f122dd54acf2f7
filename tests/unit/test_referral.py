"""The handoff lifecycle (FHIR Task statuses), consent rules, codes and the funnel's small-cell rule."""
from __future__ import annotations

import itertools

import pytest

from booths import referral
from booths.funnel import HandoffFacts, funnel, to_csv
from booths.referral import STATUSES, TERMINAL, transition

ALLOWED = {
    ("requested", "accepted"), ("requested", "rejected"), ("requested", "cancelled"), ("requested", "in-progress"),
    ("accepted", "in-progress"), ("accepted", "on-hold"), ("accepted", "completed"), ("accepted", "failed"),
    ("accepted", "cancelled"),
    ("in-progress", "on-hold"), ("in-progress", "completed"), ("in-progress", "failed"), ("in-progress", "cancelled"),
    ("on-hold", "in-progress"), ("on-hold", "cancelled"), ("on-hold", "failed"),
}


@pytest.mark.parametrize("current, target", list(itertools.product(STATUSES, STATUSES)))
def test_every_transition_is_allowed_or_refused_as_specified(current, target):
    outcome = transition(current, target, "理由")
    if (current, target) in ALLOWED:
        assert outcome is None
    else:
        assert outcome is not None and outcome.code in ("terminal", "bad_transition")
        if current in TERMINAL:
            assert outcome.code == "terminal"


@pytest.mark.parametrize("target", ["rejected", "cancelled", "failed"])
def test_a_reason_is_required_where_the_lifecycle_says(target):
    assert transition("requested" if target != "failed" else "accepted", target, None).code == "reason_required"
    assert transition("accepted", "on-hold", "  ").code == "reason_required"
    assert transition("requested", "accepted", None) is None  # no reason needed to accept


def test_unknown_statuses_are_refused():
    assert transition("requested", "done", None).code == "bad_status"


def test_under_16_needs_a_guardian_for_a_live_referral():
    assert referral.live_referral_refusal(14, None, False).code == "guardian_consent_required"
    assert referral.live_referral_refusal(15, None, False) is not None
    assert referral.live_referral_refusal(16, None, False) is None
    assert referral.live_referral_refusal(14, None, True) is None
    assert referral.live_referral_refusal(None, "13-15", False) is not None
    assert referral.live_referral_refusal(None, None, False) is not None  # unknown age counts as young
    assert referral.live_referral_refusal(None, "16-17", False) is None
    assert referral.live_referral_refusal(None, "u15", False) is not None  # the bands a visitor states at hello
    assert referral.live_referral_refusal(None, "15-17", False) is not None  # may be 15
    assert referral.live_referral_refusal(None, "18-24", False) is None


def test_codes_are_unguessable_readable_and_forgiving_to_type():
    codes = {referral.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = next(iter(codes))
    assert len(code) == 12 and set(code) <= set(referral.CODE_ALPHABET)  # 31^12: see docs/handoff.md
    assert not set("01OIL") & set(referral.CODE_ALPHABET)
    shown = referral.display_code(code)
    assert shown[4] == shown[9] == "-" and referral.normalize_code(shown.lower()) == code
    assert referral.normalize_code(" " + shown + " ") == code
    assert referral.normalize_code("ABCD-EFG") is None and referral.normalize_code("ABCD-EFG0") is None
    assert referral.normalize_code("abcd-efgh") == "ABCDEFGH"  # codes of 8 issued before are still found
    assert referral.normalize_code("ABCD-EFGH-JKM") is None


def _h(i: int, org: str, status: str, responded_days: float | None = None, town: str = "112011") -> HandoffFacts:
    created = 1_000_000_000_000 + i
    responded = None if responded_days is None else created + int(responded_days * 86_400_000)
    return HandoffFacts(f"h{i}", f"svc-{org}", org, town, status, created, responded)


def test_the_funnel_counts_and_hides_small_cells():
    hs = [_h(i, "big", s, d) for i, (s, d) in enumerate(
        [("completed", 1), ("in-progress", 2), ("accepted", 3), ("rejected", 1), ("requested", None),
         ("cancelled", None), ("completed", 0.5)])]
    hs += [_h(100, "small", "completed", 1)]
    accepted = {"h0", "h1", "h2", "h6", "h100"}
    rows = {r["group"]: r for r in funnel(hs, accepted, "organization", {"svc-big": 12}, {"big": 300, "small": 3},
                                          {"svc-big": "big", "svc-small": "small"})}
    big, small = rows["big"], rows["small"]
    assert big["handoffs"] == 7 and big["accepted"] == "<5" and big["visited"] == "<5"
    assert big["booth_visits"] == 300 and big["info_only"] == 12
    assert big["median_days_to_response"] == 1.0  # 1, 2, 3, 1, 0.5 days
    assert big["closed_loop_rate"] == round(4 / 7, 2)  # completed ×2, rejected, cancelled
    assert small["handoffs"] == "<5" and small["booth_visits"] == "<5"
    assert small["closed_loop_rate"] is None and small["median_days_to_response"] is None  # too few to say
    csv_text = to_csv(list(rows.values()))
    assert csv_text.splitlines()[0].startswith("group,booth_visits,info_only,handoffs")
    assert "<5" in csv_text


def test_the_funnel_by_municipality_and_service():
    hs = [_h(i, "a", "requested", town="112011") for i in range(6)] + [_h(9, "a", "requested", town="131016")]
    by_town = {r["group"]: r for r in funnel(hs, set(), "municipality", {}, {}, {})}
    assert by_town["112011"]["handoffs"] == 6 and by_town["131016"]["handoffs"] == "<5"
    assert by_town["112011"]["booth_visits"] is None  # visits belong to booths, not to towns
    with pytest.raises(ValueError):
        funnel(hs, set(), "colour", {}, {}, {})
