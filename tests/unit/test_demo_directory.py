"""The demo festival directory: big and varied enough to demo, plainly fictional, and valid.

Why: the demo is shown to young people and partners; a real-looking phone
number or a place pinned on someone's home would be a real harm, and a bad
schedule or term id would make the matcher silently skip a booth.
"""
from __future__ import annotations

import json
import math
import re

import pytest

from booths import schedule
from booths.demo_directory import (
    DEMO_SOURCE_NOTE,
    NATIONAL_LINES_NAME,
    demo_organizations,
)
from booths.hsds import check_organization
from booths.municipalities import Municipality, load_municipalities
from booths.vocabulary import FIRST_CONTACT, KINDS, MEMBER_CATEGORIES, PRECISIONS, TERMS_BY_ID

NATIONAL = {
    "24時間子供SOSダイヤル": "0120-0-78310",
    "チャイルドライン": "0120-99-7777",
    "よりそいホットライン": "0120-279-338",
    "いのちの電話": "0120-783-556",
}


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return demo_organizations()


@pytest.fixture(scope="module")
def places() -> dict[str, Municipality]:
    return load_municipalities()


def _fictional(orgs: list[dict]) -> list[dict]:
    return [o for o in orgs if o["name"] != NATIONAL_LINES_NAME]


def _national(orgs: list[dict]) -> dict:
    [org] = [o for o in orgs if o["name"] == NATIONAL_LINES_NAME]
    return org


def _services(orgs: list[dict]) -> list[dict]:
    return [s for o in orgs for s in o["services"]]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------- #
# load_municipalities
# --------------------------------------------------------------------------- #


def test_load_municipalities_reads_every_row(places: dict[str, Municipality]) -> None:
    assert len(places) == 1916  # shared/fixtures/municipalities/README.md
    assert sum(code.startswith("11") for code in places) == 73  # 埼玉県 incl. the prefecture row


def test_load_municipalities_known_codes(places: dict[str, Municipality]) -> None:
    kawagoe, saitama = places["112011"], places["111007"]
    assert (kawagoe.pref, kawagoe.city, kawagoe.kana) == ("埼玉県", "川越市", "かわごえし")
    assert saitama.city == "さいたま市"
    assert places["111074"].city == "さいたま市 浦和区"
    assert 35.9 < kawagoe.lat < 35.95 and 139.4 < kawagoe.lon < 139.55


def test_load_municipalities_is_cached() -> None:
    assert load_municipalities() is load_municipalities()


# --------------------------------------------------------------------------- #
# Size and coverage
# --------------------------------------------------------------------------- #


def test_counts(orgs: list[dict], places: dict[str, Municipality]) -> None:
    fictional = _fictional(orgs)
    assert len(fictional) >= 30
    codes = {o["x_municipality_code"] for o in fictional}
    assert len(codes) >= 15
    assert all(c.startswith("11") and c in places for c in codes)
    assert len(_services(orgs)) >= 80


def test_booths(orgs: list[dict]) -> None:
    booths = [o["x_booth"] for o in orgs if o.get("x_booth")]
    slugs = [b["slug"] for b in booths]
    assert len(slugs) == 30 and len(set(slugs)) == 30
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    # one language per field: the Japanese title and the English one apart, never "日本語 / English"
    assert all(" / " not in b["title"] and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", b["title"]) for b in booths)
    assert all(b["title_en"] and re.fullmatch(r"[\x20-\x7e\u00e9]+", b["title_en"]) for b in booths)
    by_slug = {o["x_booth"]["slug"]: o for o in orgs if o.get("x_booth")}
    first_six = {"kawagoe-music": "112011", "chichibu-nature": "112071", "saitama-ibasho": "111007",
                 "tokorozawa-games": "112089", "koshigaya-cooking": "112224", "kumagaya-soudan": "112020"}
    for slug, lgcode in first_six.items():  # the booths the first visitor client and its tests knew
        assert by_slug[slug]["x_municipality_code"] == lgcode


def test_vocabularies_and_mix(orgs: list[dict]) -> None:
    services = _services(orgs)
    assert {o["x_member_category"] for o in orgs} <= set(MEMBER_CATEGORIES)
    assert {s["x_kind"] for s in services} == set(KINDS)
    assert {w for s in services for w in s["x_first_contact"]} == set(FIRST_CONTACT)
    for s in services:
        for a in s["attributes"]:
            assert a["taxonomy_term_id"] in TERMS_BY_ID, (s["name"], a)
    terms = {a["taxonomy_term_id"] for s in services for a in s["attributes"]}
    for concern in ("school", "family", "friends", "self", "money", "work", "gender", "language"):
        assert f"concern.{concern}" in terms
    assert sum(t.startswith("interest.") for t in terms) >= 8
    precisions = {loc["x_coordinate_precision"] for o in orgs for loc in o["locations"]
                  if loc["location_type"] == "physical"}
    assert precisions == set(PRECISIONS)
    assert {s["maximum_age"] for s in services} >= {18, 39}
    assert any(s["x_anonymous_ok"] for s in services) and not all(s["x_anonymous_ok"] for s in services)
    assert any(s["x_accompaniment"] for s in services)
    assert any(s["x_booking_required"] for s in services)
    assert any(o["x_municipality_code"].startswith("1110") and o["x_municipality_code"] != "111007"
               for o in _fictional(orgs))  # さいたま市の区


def test_hours_unknown_services_have_no_schedules(orgs: list[dict]) -> None:
    unknown = [s for s in _services(orgs) if not s["schedules"]]
    assert len(unknown) >= 3
    assert all("日時は毎月のお知らせで" in s["description"] for s in unknown)


def test_december_events_with_small_capacity(orgs: list[dict]) -> None:
    december = [s for s in _services(orgs) if s["x_kind"] == "event"
                and any((r.get("valid_from") or "").startswith("2026-12") for r in s["schedules"])]
    assert len(december) >= 5
    assert any(c["maximum"] <= 10 for s in december for c in s["capacities"])


def test_monthly_second_saturday_events(orgs: list[dict]) -> None:
    assert any(r.get("freq") == "MONTHLY" and "2SA" in r.get("byday", "").split(",")
               for s in _services(orgs) for r in s["schedules"])


# --------------------------------------------------------------------------- #
# Validity
# --------------------------------------------------------------------------- #


def test_every_schedule_loads(orgs: list[dict]) -> None:
    for s in _services(orgs):
        for row in s["schedules"]:
            schedule.from_hsds(row)  # raises on a bad row


def test_every_document_passes_the_import_check(orgs: list[dict]) -> None:
    for i, org in enumerate(orgs):
        row, problems = check_organization(org, f"$[{i}]")
        assert row is not None and problems == [], problems
        assert len(row.services) == len(org["services"])


def test_ids_unique_and_links_resolve(orgs: list[dict]) -> None:
    ids = [o["id"] for o in orgs] + [x["id"] for o in orgs for x in o["locations"] + o["services"]]
    assert len(ids) == len(set(ids))
    for o in orgs:
        local = {loc["id"] for loc in o["locations"]}
        for s in o["services"]:
            assert s["service_at_locations"]
            assert {link["location_id"] for link in s["service_at_locations"]} <= local


def test_coordinates_near_their_municipality(orgs: list[dict], places: dict[str, Municipality]) -> None:
    shown = 0
    for o in orgs:
        for loc in o["locations"]:
            if loc["location_type"] == "virtual":
                assert loc["latitude"] is None and loc["url"].startswith("https://")
                continue
            m = places[loc["x_municipality_code"]]
            assert loc["x_municipality_code"].startswith("11")
            if loc["x_coordinate_precision"] in ("hidden", "municipality"):
                assert loc["latitude"] is None and loc["longitude"] is None  # never stored, never leaked
                continue
            shown += 1
            d = _km((loc["latitude"], loc["longitude"]), (m.lat, m.lon))
            assert 0.2 < d < 5.0, (loc["name"], d)
    assert shown >= 20


# --------------------------------------------------------------------------- #
# Plainly fictional; real lines cited
# --------------------------------------------------------------------------- #


def test_fictional_organisations_look_fictional(orgs: list[dict]) -> None:
    for o in _fictional(orgs):
        assert o["name"].endswith("(架空)")
        assert o["email"].endswith("@example.jp")
        assert o["website"].startswith("https://example.jp/")
        assert all(p["number"] == "000-0000-0000" for p in o["phones"])
        assert all(c["email"].endswith("@example.jp") and c["name"] == "事務局" for c in o["contacts"])
        for s in o["services"]:
            assert s["url"].startswith("https://example.jp/")
            assert s["x_source"] is None
            assert all(p["number"] == "000-0000-0000" for p in s.get("phones", []))
        for loc in o["locations"]:
            assert loc["url"] is None or loc["url"].startswith("https://example.jp/")
            assert all(a["postal_code"] == "000-0000" for a in loc["addresses"])


def test_national_lines_are_cited(orgs: list[dict]) -> None:
    org = _national(orgs)
    assert org["x_member_category"] == "other"
    by_name = {s["name"]: s for s in org["services"]}
    assert len(by_name) == 5
    for s in org["services"]:
        assert s["x_kind"] == "consultation"
        assert re.fullmatch(r"https://[^\s]+", s["x_source"])
        assert s["x_free"] is True
    for name, number in NATIONAL.items():
        assert [p["number"] for p in by_name[name]["phones"]] == [number]
    assert by_name["24時間子供SOSダイヤル"]["x_source"].startswith("https://www.mext.go.jp/")
    assert by_name["チャイルドライン"]["maximum_age"] == 18
    chat = next(s for n, s in by_name.items() if n.startswith("あなたのいばしょ"))
    assert chat["x_source"] == "https://talkme.jp/" and chat["x_first_contact"] == ["chat"]
    assert all(loc["location_type"] == "virtual" for loc in org["locations"])


def test_national_hours(orgs: list[dict]) -> None:
    import datetime as dt

    by_name = {s["name"]: [schedule.from_hsds(r) for r in s["schedules"]] for s in _national(orgs)["services"]}
    night = dt.datetime(2026, 12, 20, 3, 0, tzinfo=schedule.JST)
    evening = dt.datetime(2026, 12, 20, 18, 0, tzinfo=schedule.JST)
    assert schedule.is_open_at(by_name["24時間子供SOSダイヤル"], night) is True
    assert schedule.is_open_at(by_name["よりそいホットライン"], night) is True
    assert schedule.is_open_at(by_name["チャイルドライン"], night) is False
    assert schedule.is_open_at(by_name["チャイルドライン"], evening) is True
    assert schedule.is_open_at(by_name["いのちの電話"], evening) is True


def test_a_17_year_old_in_kawagoe_finds_weekend_music(orgs: list[dict]) -> None:
    import datetime as dt

    saturday = dt.datetime(2026, 12, 12, 14, 0, tzinfo=schedule.JST)
    hits = [s for o in orgs if o["x_municipality_code"] == "112011" for s in o["services"]
            if {"interest.music", "concern.school"} <= {a["taxonomy_term_id"] for a in s["attributes"]}
            and (s["minimum_age"] or 0) <= 17 <= (s["maximum_age"] or 200)
            and schedule.is_open_at([schedule.from_hsds(r) for r in s["schedules"]], saturday)]
    assert hits


def test_source_note() -> None:
    assert "架空" in DEMO_SOURCE_NOTE
    assert "code4fukui/localgovjp" in DEMO_SOURCE_NOTE and "CC0" in DEMO_SOURCE_NOTE


# --------------------------------------------------------------------------- #
# Deterministic and serialisable
# --------------------------------------------------------------------------- #


def test_deterministic_and_json(orgs: list[dict]) -> None:
    again = demo_organizations()
    assert again == orgs
    text = json.dumps(orgs, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == orgs


def test_callers_get_their_own_copy() -> None:
    first = demo_organizations()
    first[0]["name"] = "changed"
    first[0]["services"].clear()
    second = demo_organizations()
    assert second[0]["name"].endswith("(架空)") and second[0]["services"]
