"""The matcher: a young visitor's profile → a few places they may really go to.

Why: a bad first suggestion (closed, too far, not for their age, full) can be
the last one a lonely teenager looks at; these tests pin the hard filters,
the ranking, the crisis path and the plain-Japanese explanation.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest

from booths import holidays, schedule
from booths.demo_directory import NATIONAL_LINES_NAME, demo_organizations
from booths.matcher import FreeTime, Match, Profile, match
from booths.municipalities import load_municipalities
from rooms.jst import JST

PLACES = load_municipalities()
KAWAGOE, CHIYODA, URAWA, KUMAGAYA = "112011", "131016", "111074", "112020"
WEEKEND_DAYTIME = FreeTime(frozenset({5, 6}), dt.time(10), dt.time(18))


def jst(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=JST)


# --------------------------------------------------------------------------- documents


def store_shape(orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """HSDS organizations → service documents as DirectoryStore._services_by_id serves them."""
    out = []
    for org in orgs:
        locations = {loc["id"]: loc for loc in org.get("locations") or []}
        for svc in org.get("services") or []:
            doc = copy.deepcopy(svc)
            linked = [locations[link["location_id"]] for link in svc.get("service_at_locations") or []
                      if link["location_id"] in locations]
            physical = [loc for loc in linked if loc.get("location_type") == "physical"]
            doc["organization"] = {"id": org["id"], "name": org["name"],
                                   "x_member_category": org.get("x_member_category", "other")}
            doc["x_virtual"] = bool(linked) and not physical
            doc["x_municipality_code"] = next(
                (loc["x_municipality_code"] for loc in physical if loc.get("x_municipality_code")),
                None) or org.get("x_municipality_code")
            doc["service_at_locations"] = [{"location_id": loc["id"], "location": copy.deepcopy(loc)} for loc in linked]
            out.append(doc)
    return out


DEMO = store_shape(demo_organizations())
BY_ID = {d["id"]: d for d in DEMO}


def weekly(byday: str, opens: str, closes: str, **extra: Any) -> dict[str, Any]:
    return {"freq": "WEEKLY", "byday": byday, "opens_at": f"{opens}:00+09:00", "closes_at": f"{closes}:00+09:00",
            **extra}


def svc(sid: str, *, org: str = "org-a", kind: str = "activity", minimum_age: int | None = None,
        maximum_age: int | None = None, schedules: list[dict[str, Any]] | None = None,
        area: list[str] | None = None, code: str | None = KAWAGOE, virtual: bool = False,
        terms: tuple[str, ...] = (), available: int | None = None, languages: tuple[str, ...] = ("ja",),
        anonymous: bool = True, free: bool = True, booking: bool = False, contact: tuple[str, ...] = ("walk_in",),
        status: str = "active", assured: str | None = "2026-11-01", accompaniment: bool = False) -> dict[str, Any]:
    """A hand-made service document in the store's shape (a physical place on its municipality's point)."""
    location = ({"id": f"{sid}-loc", "name": "オンライン", "location_type": "virtual", "x_coordinate_precision": "hidden",
                 "x_municipality_code": None} if virtual else
                {"id": f"{sid}-loc", "name": "ばしょ", "location_type": "physical",
                 "x_coordinate_precision": "municipality", "x_municipality_code": code})
    return {
        "id": sid, "name": f"サービス {sid}", "description": "", "status": status,
        "minimum_age": minimum_age, "maximum_age": maximum_age, "x_kind": kind,
        "x_anonymous_ok": anonymous, "x_free": free, "x_booking_required": booking,
        "x_accompaniment": accompaniment, "x_first_contact": list(contact),
        "fees_description": "無料" if free else "500円",
        "languages": [{"code": c} for c in languages],
        "service_areas": [{"name": "area", "x_municipality_codes": area}] if area is not None else [],
        "schedules": [weekly("SA", "13:00", "17:00")] if schedules is None else schedules,
        "capacities": [] if available is None else [{"available": available, "maximum": 10}],
        "attributes": [{"taxonomy_term_id": t} for t in terms],
        "assured_date": assured,
        "organization": {"id": org, "name": f"団体 {org}", "x_member_category": "npo"},
        "x_virtual": virtual, "x_municipality_code": None if virtual else code,
        "service_at_locations": [{"location_id": location["id"], "location": location}],
    }


def ids(results: list[Match]) -> list[str]:
    return [m.service_id for m in results]


def per_org(results: list[Match]) -> Counter[str]:
    return Counter(m.organization_id for m in results)


# --------------------------------------------------------------------------- 1. the Kawagoe teenager


def test_kawagoe_music_teen_gets_a_weekend_music_place_near_home() -> None:
    now = jst(2026, 12, 2, 16)  # Wednesday
    assert now.weekday() == 2
    profile = Profile(interests=("interest.music",), concerns=("concern.school",), age=17, municipality=KAWAGOE,
                      free=(WEEKEND_DAYTIME,))
    results = match(DEMO, profile, now, PLACES, limit=10)
    first = results[0]
    doc = BY_ID[first.service_id]
    assert "interest.music" in first.reasons and "concern.school" in first.reasons
    assert doc["x_kind"] in ("activity", "event", "居場所")
    assert not doc["x_virtual"]
    assert first.distance_km is not None and first.distance_km < 15
    assert first.next_time is not None and first.next_time.astimezone(JST).weekday() in (5, 6)
    assert first.next_time > now
    assert "fits_free_time" in first.reasons and "near" in first.reasons
    assert ("土曜" in first.explanation or "日曜" in first.explanation) and "川越市" in first.explanation
    assert first.next_step == "walk_in" and first.next_step_text
    assert all(n <= 2 for n in per_org(results).values())
    # The same profile without a place still works; distance is simply not scored.
    anywhere = match(DEMO, Profile(interests=("interest.music",), age=17), now, PLACES, limit=20)
    assert anywhere and all(m.distance_km in (None, 0.0) for m in anywhere)
    assert not any("near" in m.reasons for m in anywhere)


def test_explanation_is_built_from_plain_parts() -> None:
    now = jst(2026, 12, 2, 16)
    profile = Profile(interests=("interest.music",), age=17, municipality=KAWAGOE, free=(WEEKEND_DAYTIME,))
    band = next(m for m in match(DEMO, profile, now, PLACES, limit=10) if m.name == "週末バンドあそび")
    assert band.explanation.split("・")[:4] == ["土曜の午後", "川越市内", "ひとりで参加OK", "無料"]
    assert "予約不要" in band.explanation


# --------------------------------------------------------------------------- 2. late at night, crisis


def test_late_night_nothing_physical_is_open_and_crisis_puts_open_lines_first() -> None:
    now = jst(2026, 12, 2, 22, 30)  # Wednesday night
    calm = match(DEMO, Profile(age=14, municipality=KAWAGOE), now, PLACES, limit=100)
    assert calm
    for m in calm:
        doc = BY_ID[m.service_id]
        if not doc["x_virtual"]:
            rows = [schedule.from_hsds(r) for r in doc["schedules"]]
            assert schedule.is_open_at(rows, now) is not True, m.name

    crisis = match(DEMO, Profile(age=14, municipality=KAWAGOE, crisis=True), now, PLACES, limit=5)
    first = crisis[0]
    first_doc = BY_ID[first.service_id]
    assert first_doc["x_kind"] == "consultation"
    assert schedule.is_open_at([schedule.from_hsds(r) for r in first_doc["schedules"]], now) is True
    assert first.name in ("24時間子供SOSダイヤル", "あなたのいばしょ チャット相談")
    assert first.next_time == now and "24時間" in first.explanation
    assert first.next_step in ("call", "chat_first")
    # Every consultation open now comes before anything that is not.
    open_flags = [schedule.is_open_at([schedule.from_hsds(r) for r in BY_ID[m.service_id]["schedules"]], now) is True
                  and BY_ID[m.service_id]["x_kind"] == "consultation" for m in crisis]
    assert open_flags == sorted(open_flags, reverse=True)
    assert sum(open_flags) >= 2
    # Then consultations by next opening, then the rest.
    kinds = [BY_ID[m.service_id]["x_kind"] == "consultation" for m in crisis]
    assert kinds == sorted(kinds, reverse=True)


def test_crisis_respects_age() -> None:
    now = jst(2026, 12, 2, 17)  # チャイルドライン (up to 18) is open 16-21
    adult = match(DEMO, Profile(age=30, municipality=KAWAGOE, crisis=True), now, PLACES, limit=20)
    assert "チャイルドライン" not in [m.name for m in adult]
    teen = match(DEMO, Profile(age=15, municipality=KAWAGOE, crisis=True), now, PLACES, limit=20)
    assert "チャイルドライン" in [m.name for m in teen]


# --------------------------------------------------------------------------- 3. out of prefecture


def test_visitor_from_chiyoda_sees_only_online_or_covering_services() -> None:
    now = jst(2026, 12, 2, 16)
    extra = [
        svc("covers-chiyoda", org="org-cover", area=[KAWAGOE, CHIYODA]),
        svc("saitama-no-area", org="org-open"),  # physical in Kawagoe, no area restriction
        svc("online-no-area", org="org-online", virtual=True),
        svc("online-kawagoe-only", org="org-online2", virtual=True, area=[KAWAGOE]),
    ]
    results = match(DEMO + extra, Profile(age=20, municipality=CHIYODA), now, PLACES, limit=100)
    assert results
    docs = {d["id"]: d for d in DEMO + extra}
    for m in results:
        doc = docs[m.service_id]
        codes = [c for a in doc["service_areas"] for c in a["x_municipality_codes"]]
        assert (doc["x_virtual"] and (not codes or CHIYODA in codes)) or CHIYODA in codes, m.name
    found = ids(results)
    assert "covers-chiyoda" in found and "online-no-area" in found
    assert "saitama-no-area" not in found and "online-kawagoe-only" not in found
    # A Kawagoe visitor sees the unrestricted physical service.
    assert "saitama-no-area" in ids(match(extra, Profile(age=20, municipality=KAWAGOE), now, PLACES, limit=10))


def test_service_area_filter_and_designated_city_wards() -> None:
    now = jst(2026, 12, 2, 16)
    # さいたま若者ひろば's evening chat is for さいたま市 (111007): a 浦和区 visitor is inside it.
    chat = next(d for d in DEMO if d["name"] == "夜のオンラインおしゃべり")
    assert match([chat], Profile(age=20, municipality=URAWA), now, PLACES)
    assert not match([chat], Profile(age=20, municipality=KAWAGOE), now, PLACES)
    assert match([chat], Profile(age=20), now, PLACES)  # no municipality: no area filter
    kumagaya_only = svc("k", code=KUMAGAYA, area=[KUMAGAYA])
    assert not match([kumagaya_only], Profile(municipality=KAWAGOE), now, PLACES)
    prefecture_wide = svc("p", code=KUMAGAYA, area=["110001"])
    assert match([prefecture_wide], Profile(municipality=KAWAGOE), now, PLACES)
    assert not match([prefecture_wide], Profile(municipality=CHIYODA), now, PLACES)


# --------------------------------------------------------------------------- 4. age


def test_age_bounds_are_inclusive_and_bands_overlap() -> None:
    now = jst(2026, 12, 2, 16)
    upto18 = [svc("upto18", maximum_age=18)]
    assert ids(match(upto18, Profile(age=18), now, PLACES)) == ["upto18"]
    assert match(upto18, Profile(age=19), now, PLACES) == []
    assert ids(match(upto18, Profile(age_band="16-17"), now, PLACES)) == ["upto18"]
    assert ids(match(upto18, Profile(age_band="18-24"), now, PLACES)) == ["upto18"]  # overlaps at 18
    assert match(upto18, Profile(age_band="25-39"), now, PLACES) == []
    from16 = [svc("from16", minimum_age=16)]
    assert match(from16, Profile(age=15), now, PLACES) == []
    assert ids(match(from16, Profile(age=16), now, PLACES)) == ["from16"]
    assert match(from16, Profile(age_band="13-15"), now, PLACES) == []
    assert ids(match(from16, Profile(age_band="40+"), now, PLACES)) == ["from16"]  # missing maximum: open
    assert ids(match(from16, Profile(), now, PLACES)) == ["from16"]  # age unknown: no filter
    assert ids(match(upto18, Profile(age=18, age_band="40+"), now, PLACES)) == ["upto18"]  # exact age wins


# --------------------------------------------------------------------------- 5. monthly and holidays


SECOND_SATURDAY = [{"freq": "MONTHLY", "byday": "2SA", "opens_at": "10:00:00+09:00", "closes_at": "15:00:00+09:00",
                    "x_holidays": "closed"}]


def test_second_saturday_next_time() -> None:
    event = [svc("2sa", kind="event", schedules=SECOND_SATURDAY)]
    # 2026-12-01 is a Tuesday; the 2nd Saturday of December 2026 is the 12th.
    [m] = match(event, Profile(), jst(2026, 12, 1, 9), PLACES)
    assert m.next_time == jst(2026, 12, 12, 10)
    saturdays = FreeTime(frozenset({5}), dt.time(9), dt.time(17))
    day = jst(2026, 11, 20, 9)
    while day < jst(2027, 3, 1):
        [m] = match(event, Profile(free=(saturdays,)), day, PLACES)
        assert m.next_time is not None
        local = m.next_time.astimezone(JST)
        assert local.weekday() == 5 and 8 <= local.day <= 14  # always a 2nd Saturday, never a 4th
        assert local >= day
        day += dt.timedelta(days=3)
    # Free only on Sundays: nothing fits, the next opening is still given, without the fit reason.
    [m] = match(event, Profile(free=(FreeTime(frozenset({6}), dt.time(9), dt.time(17)),)), jst(2026, 12, 1, 9), PLACES)
    assert m.next_time == jst(2026, 12, 12, 10) and "fits_free_time" not in m.reasons


def test_second_saturday_on_a_public_holiday_skips_to_next_month() -> None:
    # 2029-08-11 is the 2nd Saturday of August and 山の日.
    assert holidays.is_holiday(dt.date(2029, 8, 11))
    event = [svc("2sa", kind="event", schedules=SECOND_SATURDAY)]
    [m] = match(event, Profile(), jst(2029, 8, 1, 9), PLACES)
    assert m.next_time == jst(2029, 9, 8, 10)
    open_on_holidays = [svc("2sa", kind="event", schedules=[{**SECOND_SATURDAY[0], "x_holidays": "open"}])]
    [m] = match(open_on_holidays, Profile(), jst(2029, 8, 1, 9), PLACES)
    assert m.next_time == jst(2029, 8, 11, 10)


# --------------------------------------------------------------------------- 6. waiting list, unknown hours


def test_waiting_list_ranks_last_but_is_offered() -> None:
    now = jst(2026, 12, 2, 16)
    full = svc("a-full", org="o1", terms=("concern.school", "interest.music"), available=0)
    plain = svc("b-plain", org="o2")
    results = match([full, plain], Profile(concerns=("concern.school",), interests=("interest.music",)), now, PLACES)
    assert ids(results) == ["b-plain", "a-full"]
    assert results[-1].waiting_list and "waiting_list" in results[-1].reasons
    assert "キャンセル待ち" in results[-1].explanation
    assert results[-1].score > results[0].score  # it would have won on points
    assert not results[0].waiting_list


def test_unknown_hours_rank_lower_but_still_appear() -> None:
    now = jst(2026, 12, 2, 16)
    known = svc("b-known", org="o1")
    unknown = svc("a-unknown", org="o2", schedules=[])
    results = match([unknown, known], Profile(municipality=KAWAGOE), now, PLACES)
    assert ids(results) == ["b-known", "a-unknown"]
    assert results[1].hours_known is False and results[1].next_time is None
    assert "日時は要確認" in results[1].explanation
    assert results[0].hours_known is True


# --------------------------------------------------------------------------- 7. determinism


def test_ties_are_broken_by_service_id_and_order_of_input_does_not_matter() -> None:
    now = jst(2026, 12, 2, 16)
    docs = [svc(f"s-{i:02d}", org=f"org-{i}") for i in range(8)]
    expected = [f"s-{i:02d}" for i in range(5)]
    rng = random.Random(4)
    for _ in range(5):
        shuffled = docs[:]
        rng.shuffle(shuffled)
        assert ids(match(shuffled, Profile(municipality=KAWAGOE), now, PLACES)) == expected
    shuffled = DEMO[:]
    rng.shuffle(shuffled)
    profile = Profile(concerns=("concern.loneliness",), age=16, municipality=KAWAGOE, free=(WEEKEND_DAYTIME,))
    assert match(shuffled, profile, now, PLACES, limit=10) == match(DEMO, profile, now, PLACES, limit=10)


# --------------------------------------------------------------------------- other rules


def test_diversity_at_most_two_per_organization() -> None:
    now = jst(2026, 12, 2, 16)
    docs = [svc(f"same-{i}", org="big", terms=("interest.music",)) for i in range(4)] + [svc("other", org="small")]
    results = match(docs, Profile(interests=("interest.music",)), now, PLACES)
    assert ids(results) == ["same-0", "same-1", "other"]
    national = [m for m in match(DEMO, Profile(age=20, municipality=CHIYODA), now, PLACES, limit=20)
                if m.organization == NATIONAL_LINES_NAME]
    assert len(national) == 2


def test_hard_filters_status_language_finished() -> None:
    now = jst(2026, 12, 2, 16)
    assert match([svc("x", status="inactive")], Profile(), now, PLACES) == []
    english = svc("en", languages=("en",))
    assert match([english], Profile(), now, PLACES) == []
    assert ids(match([english], Profile(languages=("ja", "en")), now, PLACES)) == ["en"]
    unlisted = svc("none", languages=())
    assert ids(match([unlisted], Profile(), now, PLACES)) == ["none"]  # no languages: Japanese
    assert match([unlisted], Profile(languages=("vi",)), now, PLACES) == []
    past = svc("past", schedules=[{"valid_from": "2026-11-01", "valid_to": "2026-11-01",
                                   "opens_at": "10:00:00+09:00", "closes_at": "12:00:00+09:00"}])
    assert match([past], Profile(), now, PLACES) == []


def test_preferences_boost() -> None:
    now = jst(2026, 12, 2, 16)
    named_paid = svc("a", org="o1", anonymous=False, free=False)
    anon_free = svc("b", org="o2")
    online = svc("c", org="o3", virtual=True, contact=("chat",))
    company = svc("d", org="o4", anonymous=False, free=False, accompaniment=True)
    docs = [named_paid, anon_free, online, company]
    assert ids(match(docs, Profile(online_first=True), now, PLACES))[0] == "c"
    assert ids(match(docs, Profile(wants_company=True), now, PLACES))[0] == "d"
    assert ids(match(docs, Profile(anonymous_first=True, municipality=KAWAGOE), now, PLACES))[0] == "b"
    base = match(docs, Profile(municipality=KAWAGOE), now, PLACES)
    assert ids(base)[0] == "b"  # physical near home beats online without online_first


def test_next_step() -> None:
    now = jst(2026, 12, 2, 16)
    cases = {
        "walk": (svc("walk"), "walk_in"),
        "book": (svc("book", booking=True, contact=("form",)), "book"),
        "chat": (svc("chat", virtual=True, contact=("chat",)), "chat_first"),
        "call": (svc("call", kind="consultation", virtual=True, contact=("phone",)), "call"),
    }
    for sid, (doc, step) in cases.items():
        [m] = match([doc], Profile(), now, PLACES)
        assert m.next_step == step, sid
        assert m.next_step_text and not m.next_step_text.isascii()  # Japanese for the visitor


def test_now_must_be_aware_and_utc_is_fine() -> None:
    with pytest.raises(ValueError):
        match([svc("x")], Profile(), dt.datetime(2026, 12, 2, 16))
    utc = dt.datetime(2026, 12, 2, 7, tzinfo=dt.timezone.utc)  # 16:00 JST
    assert match([svc("x")], Profile(), utc, PLACES) == match([svc("x")], Profile(), jst(2026, 12, 2, 16), PLACES)
