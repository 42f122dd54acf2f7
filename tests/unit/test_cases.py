"""Good-practice case rules (booths/cases.py): what a case must hold, who may change its status, search, exports."""
from __future__ import annotations

import csv
import io

from booths.cases import (CaseInput, CaseRecord, Contact, Figure, Image, Period, may_edit, matches, problems, texts)
from booths.cases_export import case_jsonld, cases_csv
from booths.demo_cases import demo_cases
from booths.municipalities import load_municipalities

ORGS = {"org-a", "org-b"}


def _case(**extra) -> CaseInput:
    doc = dict(title="夜カフェ", organizations=["org-a"], municipalities=["112011"], themes=["case.ibasho"],
               problem="居場所がない", action="カフェを開いた", outcome="相談が増えた", period=Period(start="2024-04"),
               transferability=2)
    doc.update(extra)
    return CaseInput(**doc)


def _fields(case: CaseInput) -> set[str]:
    return {p.field for p in problems(case, ORGS, load_municipalities())}


def test_a_complete_case_has_no_problems_and_its_text_is_cc_by_by_default() -> None:
    case = _case()
    assert _fields(case) == set() and case.text_licence == "CC-BY-4.0" and case.status == "draft"


def test_unknown_members_codes_and_themes_are_named() -> None:
    assert _fields(_case(organizations=["org-x"], municipalities=["000000"], themes=["concern.nothing"])) == {
        "organizations", "municipalities", "themes"}
    assert _fields(_case(themes=["concern.school", "case.food"])) == set()  # directory terms and case themes


def test_required_texts_limits_period_scale_and_licences() -> None:
    assert _fields(_case(title=" ", problem="x" * 4001)) == {"title", "problem"}
    assert _fields(_case(period=Period(start="2024-04", end="2023-01"))) == {"period.end"}
    assert _fields(_case(period=Period(start="24-4"))) == {"period.start"}
    assert _fields(_case(transferability=4, text_licence="MIT", status="done")) == {
        "transferability", "text_licence", "status"}


def test_images_need_https_alt_text_and_a_licence_and_contacts_real_addresses() -> None:
    bad = _case(images=[Image(url="http://x.example/a.jpg", alt="", licence="?")],
                contacts=[Contact(name="担当", email="nope", phone="abc")])
    assert _fields(bad) == {"images[0].url", "images[0].alt", "images[0].licence", "contacts[0].email",
                            "contacts[0].phone"}


def test_members_submit_and_only_the_secretariat_publishes_or_changes_what_is_published() -> None:
    assert may_edit(False, None, "submitted") is None
    assert may_edit(False, "draft", "published") is not None
    assert may_edit(False, "published", "draft") is not None
    assert may_edit(True, "published", "draft") is None


def test_every_written_text_is_screened() -> None:
    case = _case(figures=[Figure(label="参加者", after=3)], images=[Image(url="https://e.org/a", alt="写真",
                                                                       licence="CC0-1.0", credit="撮影")])
    assert {"夜カフェ", "参加者", "写真", "撮影"} <= set(texts(case))


def _record(case: CaseInput) -> CaseRecord:
    return CaseRecord(**vars(case), id="c1", version=1, updated_ms=0, organization_names=["ひろば"])


def test_search_needs_every_word_and_every_filter() -> None:
    rec = _record(_case())
    assert matches(rec, "カフェ 相談", "case.ibasho", "112011")
    assert matches(rec, "ひろば", None, None)  # the organisation's name counts
    assert not matches(rec, "カフェ 学校", None, None)
    assert not matches(rec, None, "case.food", None) and not matches(rec, None, None, "111007")


def test_exports_never_carry_contacts_and_name_the_licence() -> None:
    rec = _record(_case(contacts=[Contact(name="担当", email="a@example.org")],
                        figures=[Figure(label="参加者", before=2, after=9, unit="人")]))
    text = cases_csv([rec])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["figures"] == "参加者: 2 → 9 人" and row["municipality_names"] == "埼玉県川越市"
    assert "a@example.org" not in text
    ld = case_jsonld(rec, "https://x.example/cases/c1")
    assert ld["license"] == "https://creativecommons.org/licenses/by/4.0/" and "a@example.org" not in str(ld)


def test_the_demo_has_a_dozen_valid_fictional_cases() -> None:
    from booths.demo_directory import demo_organizations
    members = {o["id"] for o in demo_organizations()}
    cases = demo_cases()
    assert len(cases) >= 12 and len({i for i, _ in cases}) == len(cases)
    for _, case in cases:
        assert problems(case, members, load_municipalities()) == [] and "架空" in case.title


def test_an_image_url_is_a_plain_https_address_whose_origin_can_stand_in_a_policy() -> None:
    from booths.cases import image_origin
    assert image_origin("https://img.example.org:8443/a/b.jpg?x=1") == "https://img.example.org:8443"
    for bad in ("http://img.example.org/a.jpg", "https://img.example.org;script-src/a.jpg",
                "https://a.example.org/x y.jpg", "https://user@a.example.org/a.jpg", "https://a.example.org/a,b"):
        assert image_origin(bad) is None, bad
