"""HSDS 3.0 as the specification's own examples write it: embedded locations, `until`, embedded terms.

Fixtures: tests/fixtures/hsds/ (Open Referral examples, CC BY-SA 4.0, see its README).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from booths import hsds, schedule
from rooms.jst import JST
from server.store.directory_import import hsds_documents

FIX = Path(__file__).parent.parent / "fixtures" / "hsds"


def _org(name: str):
    docs = hsds_documents((FIX / name).read_bytes())
    assert isinstance(docs, list) and len(docs) == 1
    return hsds.check_organization(docs[0])


@pytest.mark.parametrize("name", ["openreferral_organization_full.json", "openreferral_service_full.json"])
def test_the_specifications_full_example_keeps_its_location_schedule_and_term(name):
    org, problems = _org(name)
    # the only loss: the example's point (latitude 100) is not in Japan
    assert [(p.path, p.code) for p in problems] == [("$.locations[0].latitude", "outside_japan")]
    svc = org.services[0]
    assert svc.name == "Community Counselling"
    assert svc.doc["service_at_locations"] == [{"location_id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5"}]
    assert [loc.id for loc in org.locations] == ["3a19ff88-4620-4d17-9830-ac1d859eb5d5"]
    (row,) = svc.doc["schedules"]
    # kept as published (until, count, byweekno, another time zone), flagged: we do not guess its hours
    assert row["until"] == "2005-01-01" and row["count"] == 3 and row["timezone"] == 3
    assert row["opens_at"] == "10:00:00" and row["notes"].startswith("Some of our staff")
    assert row["x_uncertain"] is True and svc.doc["x_hours_uncertain"] is True
    (attr,) = svc.doc["attributes"]
    assert attr["taxonomy_term"]["code"] == "code" and attr["value"] == "value"  # another taxonomy's term, kept
    assert svc.terms == []  # …but not one of our search terms


def _service(**extra) -> dict:
    return {"id": "org-1", "name": "テスト団体(架空)",
            "services": [{"id": "svc-1", "name": "相談", **extra}]}


def test_an_embedded_location_without_an_id_gets_a_stable_one():
    doc = _service(service_at_locations=[{"location": {"name": "公民館", "latitude": 35.9, "longitude": 139.5,
                                                       "x_coordinate_precision": "exact"}}])
    org, problems = hsds.check_organization(doc)
    assert problems == []
    (loc,) = org.locations
    assert loc.name == "公民館" and (loc.latitude, loc.longitude) == (35.9, 139.5)
    assert org.services[0].doc["service_at_locations"] == [{"location_id": loc.id}]
    again, _ = hsds.check_organization(json.loads(json.dumps(doc)))
    assert again.locations[0].id == loc.id  # the same document imported again replaces, never duplicates


def test_an_embedded_term_of_our_vocabulary_is_a_search_term():
    doc = _service(attributes=[{"taxonomy_term": {"id": "x-1", "taxonomy": "interest", "code": "music"}},
                               {"taxonomy_term": {"id": "concern.school", "name": "学校"}}])
    org, problems = hsds.check_organization(doc)
    assert problems == [] and org.services[0].terms == ["interest.music", "concern.school"]


def test_until_ends_the_recurrence():
    row = schedule.from_hsds({"freq": "WEEKLY", "byday": "SA", "opens_at": "13:00", "closes_at": "17:00",
                              "valid_to": "2027-03-31", "until": "2026-12-31"})
    assert row.valid_to == dt.date(2026, 12, 31) and not row.x_uncertain
    assert schedule.is_open_at([row], dt.datetime(2026, 12, 26, 14, tzinfo=JST)) is True
    assert schedule.is_open_at([row], dt.datetime(2027, 1, 2, 14, tzinfo=JST)) is None  # no hours known then


def test_an_uncertain_row_makes_those_days_unknown_not_open():
    weekly = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "09:00", "closes_at": "17:00"}
    counted = {"freq": "WEEKLY", "byday": "SA", "count": 4, "opens_at": "09:00", "closes_at": "12:00"}
    rows = [schedule.from_hsds(weekly), schedule.from_hsds(counted)]
    assert rows[1].x_uncertain
    saturday, friday = dt.datetime(2026, 12, 5, 10, tzinfo=JST), dt.datetime(2026, 12, 4, 10, tzinfo=JST)
    assert schedule.is_open_at(rows, saturday) is None  # a Saturday: the counted row may or may not apply
    assert schedule.is_open_at(rows, friday) is True
    assert all(start.weekday() != 5 for start, _ in schedule.occurrences(rows, saturday.date(), saturday.date()))


def test_next_opening_does_not_skip_over_an_uncertain_day():
    rows = [schedule.from_hsds({"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "09:00", "closes_at": "17:00"}),
            schedule.from_hsds({"x_uncertain": True, "x_annual": "09-01/09-30", "description": "資料整理期間(9月中)休館"})]
    assert schedule.next_opening(rows, dt.datetime(2026, 8, 31, 18, tzinfo=JST)) is None  # September might open
    assert schedule.next_opening(rows, dt.datetime(2026, 8, 30, 18, tzinfo=JST))[0] == dt.datetime(2026, 8, 31, 9, tzinfo=JST)
    assert schedule.next_opening(rows, dt.datetime(2026, 10, 1, 8, tzinfo=JST))[0] == dt.datetime(2026, 10, 1, 9, tzinfo=JST)
