"""The indicators' measures and targets, the campaign codes and their counts (booths/indicators.py,
booths/campaigns.py, server/realtime/campaigns.py): small numbers hidden as the funnel hides them."""
from __future__ import annotations

import datetime as dt

import pytest

from booths import indicators as ind
from booths.campaigns import Campaign, check_campaign, code_of, shown
from booths.coverage import CoverageRow
from booths.funnel import DAY_MS, HandoffFacts, summary
from server.realtime.campaigns import Campaigns

TODAY = dt.date(2026, 12, 5)


def handoffs(n: int, status: str = "completed", days: int = 2) -> list[HandoffFacts]:
    return [HandoffFacts(f"h{i}", "svc", "org", "112011", status, 0, days * DAY_MS) for i in range(n)]


def measures(hs: list[HandoffFacts], visits: int = 0, members: int = 3) -> dict:
    total = summary("all", hs, {h.id for h in hs}, 0, visits)
    rows = [CoverageRow("112011", "川越市", 1, 0, 0), CoverageRow("112020", "熊谷市", 0, 2, 1),
            CoverageRow("112038", "川口市", 0, 0, 0)]
    return ind.current(total, members, rows)


def test_few_handoffs_show_as_under_5_and_their_rates_are_withheld():
    m = measures(handoffs(3), visits=4)
    assert m["handoffs"] == m["accepted"] == m["visited"] == m["booth_visits"] == "<5"
    assert m["closed_loop_rate"] is None and m["median_days_to_response"] is None
    assert m["members"] == 3 and m["municipalities_covered"] == 2  # organisations and places are never hidden


def test_enough_handoffs_show_counts_rates_and_the_median():
    m = measures(handoffs(6) + handoffs(4, status="accepted", days=4), visits=120)
    assert m["handoffs"] == 10 and m["booth_visits"] == 120 and m["visited"] == 6 and m["accepted"] == 10
    assert m["closed_loop_rate"] == 0.6 and m["median_days_to_response"] == 2.0
    assert list(m) == list(ind.MEASURES)
    assert measures([])["handoffs"] == 0  # zero is not a person: shown as it is


def target(measure: str, value: float, deadline: str = "2027-03-31") -> ind.Target:
    return ind.Target(measure, value, deadline, None, 0)


def test_progress_against_a_target_with_its_deadline():
    p = ind.progress(target("handoffs", 40), 10, TODAY)
    assert (p["share"], p["met"], p["days_left"], p["overdue"]) == (0.25, False, 116, False)
    assert ind.progress(target("handoffs", 40), 55, TODAY)["share"] == 1.0  # never past the goal
    late = ind.progress(target("handoffs", 40, "2026-11-30"), 10, TODAY)
    assert late["days_left"] == -5 and late["overdue"] is True


def test_fewer_days_to_answer_is_better():
    assert ind.progress(target("median_days_to_response", 3), 2.5, TODAY)["met"] is True
    slow = ind.progress(target("median_days_to_response", 3), 6.0, TODAY)
    assert slow["met"] is False and slow["share"] == 0.5
    assert ind.progress(target("median_days_to_response", 3), 0.0, TODAY)["share"] == 1.0


@pytest.mark.parametrize("value", ["<5", None])
def test_a_hidden_or_withheld_value_is_neither_met_nor_missed(value):
    p = ind.progress(target("accepted", 10, "2026-01-01"), value, TODAY)
    assert p["current"] == value and p["share"] is None and p["met"] is None and p["overdue"] is False


@pytest.mark.parametrize("measure, value, deadline, note, field", [
    ("happiness", 1, "2027-03-31", None, "measure"), ("closed_loop_rate", 1.2, "2027-03-31", None, "value"),
    ("handoffs", -1, "2027-03-31", None, "value"), ("handoffs", True, "2027-03-31", None, "value"),
    ("handoffs", 5, "2027-02-29", None, "deadline"), ("handoffs", 5, "2027-3-1", None, "deadline"),
    ("handoffs", 5, "2027-03-31", "x" * 201, "note"),
])
def test_a_target_that_cannot_be_names_its_field(measure, value, deadline, note, field):
    refused = ind.check_target(measure, value, deadline, note)
    assert refused is not None and refused.code == "bad_target" and refused.extra == {"field": field}


def test_a_target_that_can_be():
    assert ind.check_target("closed_loop_rate", 0.8, "2027-03-31", "年度末までに") is None


def test_the_csv_has_a_row_per_measure_and_per_campaign_count():
    m = measures(handoffs(3))
    text = ind.to_csv(m, [ind.progress(target("members", 6), m["members"], TODAY)],
                      shown([Campaign("sns-2026-12", "SNS広告", 1)], {"sns-2026-12": {"arrivals": 7}}))
    lines = text.split("\r\n")
    assert lines[0] == ",".join(ind.EXPORT_COLUMNS)
    assert "indicator,,members,3,6,2027-03-31,0.5,false," in lines
    assert "indicator,,handoffs,<5,,,,," in lines
    assert "campaign,sns-2026-12,arrivals,7,,,,,SNS広告" in lines
    assert "campaign,sns-2026-12,booth_visits,0,,,,,SNS広告" in lines


@pytest.mark.parametrize("code", ["sns-2026-12", "poster-a", "abc", "a" * 32])
def test_a_short_lower_case_slug_is_a_code(code):
    assert code_of(code) == code


@pytest.mark.parametrize("code", ["SNS-2026-12", "ab", "-abc", "abc-", "a" * 33, "sns_2026", "<script>", "",
                                  None, 12, ["abc"]])
def test_anything_else_is_not_a_code(code):
    assert code_of(code) is None and check_campaign(code, "label") is not None


def test_campaign_counts_are_shown_newest_first_and_small_ones_hidden():
    rows = shown([Campaign("poster-a", "ポスター", 1), Campaign("sns-2026-12", "SNS", 2)],
                 {"poster-a": {"arrivals": 12, "booth_visits": 3}})
    assert rows == [{"code": "sns-2026-12", "label": "SNS", "arrivals": 0, "booth_visits": 0, "handoffs": 0},
                    {"code": "poster-a", "label": "ポスター", "arrivals": 12, "booth_visits": "<5", "handoffs": 0}]


def test_a_node_counts_registered_codes_only():
    c = Campaigns()
    c.learn(["sns-2026-12"])
    at = int(dt.datetime(2026, 12, 31, 20, tzinfo=dt.timezone.utc).timestamp() * 1000)  # 1 January in Japan
    for value in ("sns-2026-12", "tv-2027-01", "<script>", None, 7):
        c.count(c.registered(value), "arrivals", at)
    c.count("sns-2026-12", "handoffs", at)
    assert c.pending == {("sns-2026-12", "2027-01", "arrivals"): 1, ("sns-2026-12", "2027-01", "handoffs"): 1}
