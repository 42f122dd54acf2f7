"""Membership applications (issue 15): the form's rules, and the contact person's retention in the store."""
from __future__ import annotations

import pytest

from booths.members import TIERS, check_application, corporate_number_ok, organization_document
from rooms.refusal import Refused
from server.store.members import CONTACT_RETENTION_DAYS, DAY_MS, MemberStore

FORM = {"name": "みなと子ども食堂(架空)", "kind": "npo", "corporate_number": "7000-0120-50002",
        "municipalities": ["112011"], "tier": TIERS[0], "description": "子ども食堂", "contact_name": "山田",
        "contact_phone": "049-222-1234"}


def test_corporate_number_check_digit() -> None:
    assert corporate_number_ok("7000012050002")  # 国税庁's own number
    assert not corporate_number_ok("8000012050002") and not corporate_number_ok("700001205000")
    assert not corporate_number_ok("７000012050002x")


def test_the_form_is_normalised_and_its_listing_carries_no_contact() -> None:
    app = check_application({**FORM, "name": "  みなと子ども食堂(架空) "})
    assert not isinstance(app, Refused)
    assert app.corporate_number == "7000012050002" and app.contact_phone == "0492221234"
    doc = organization_document("m-1", app)
    assert doc["x_municipality_code"] == "112011" and "山田" not in str(doc) and "049" not in str(doc)


@pytest.mark.parametrize("changes,field", [
    ({"kind": "club"}, "kind"), ({"municipalities": ["110001"]}, "municipalities"),  # not in the table
    ({"contact_phone": "12"}, "contact_phone"), ({"contact_email": "not-an-address"}, "contact_email"),
    ({"wants_booth": "yes"}, "wants_booth"), ({"description": "x" * 2001}, "description"),
])
def test_a_bad_field_is_named(changes: dict, field: str) -> None:
    refused = check_application({**FORM, **changes})
    assert isinstance(refused, Refused) and refused.extra["field"] == field


async def test_the_contact_person_is_erased_after_the_retention_period(database) -> None:
    now = [1_700_000_000_000]
    store = MemberStore(database, now_ms=lambda: now[0])
    app = check_application(FORM)
    assert not isinstance(app, Refused)
    (decided, key), _ = await store.apply(app), await store.apply(app)
    assert (await store.with_key(decided.id, key)).id == decided.id and await store.with_key(decided.id, "x" * 22) is None
    await store.decide(decided.id, "declined", "県外")
    now[0] += CONTACT_RETENTION_DAYS * DAY_MS - 1
    assert await store.purge_contacts() == 0
    now[0] += 2
    assert await store.purge_contacts() == 2  # decided, and left waiting as long
    assert await store.purge_contacts() == 0  # erased once: nothing left to erase
    assert (await store.get(decided.id)).contact is None and (await store.get(decided.id)).note == "県外"


async def test_a_code_works_once_and_a_new_one_voids_the_old(database) -> None:
    store = MemberStore(database)
    old, _ = await store.issue_code("u_1")
    new, _ = await store.issue_code("u_1")
    assert await store.spend_code(old) is None
    assert await store.spend_code(new.lower().replace("-", "")) == "u_1"
    assert await store.spend_code(new) is None
