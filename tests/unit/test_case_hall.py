"""The 好事例ホール (booths/case_hall.py) and the secretariat's own parts of a case: featuring, notes."""
from __future__ import annotations

from booths.case_hall import MAX_STANDS, hall_stands
from booths.cases import CaseInput, CaseRecord, Figure, Period, keep_featured, note_problem


def _record(n: int, orgs: list[str], status: str = "published", featured: bool = True) -> CaseRecord:
    return CaseRecord(title=f"事例{n}", organizations=orgs, municipalities=["112011"], themes=["case.ibasho"],
                      problem="p", action="a", outcome=f"変化{n}\n(架空)", period=Period(start="2024-04"),
                      transferability=2, status=status, featured=featured, id=f"c{n}", version=1, updated_ms=n,
                      organization_names=[f"団体{o}" for o in orgs],
                      figures=[Figure(label=f"f{k}", after=k) for k in range(5)])


def test_only_featured_published_cases_stand_in_the_hall_in_the_order_given() -> None:
    cases = [_record(1, ["a"]), _record(2, ["b"], featured=False), _record(3, ["c"], status="submitted"),
             _record(4, ["x", "b"])]
    stands = hall_stands(cases, {"b": "booth:b-stand", "a": "booth:a-stand"})
    assert [s.case_id for s in stands] == ["c1", "c4"]
    assert stands[0].booth_room == "booth:a-stand" and stands[0].summary == "変化1" and len(stands[0].figures) == 3
    assert stands[1].booth_room == "booth:b-stand"  # the first of its organisations that has a booth
    assert hall_stands([_record(5, ["nobody"])], {})[0].booth_room is None  # a case without a booth: no door


def test_the_hall_holds_at_most_max_stands() -> None:
    assert len(hall_stands([_record(n, ["a"]) for n in range(40)], {})) == MAX_STANDS


def test_a_member_cannot_feature_nor_unfeature_a_case() -> None:
    current = _record(1, ["a"])
    mine = CaseInput(**{f: getattr(current, f) for f in CaseInput.__dataclass_fields__})
    mine.featured = False
    keep_featured(mine, current, is_admin=False)
    assert mine.featured is True
    new = CaseInput(**{f: getattr(current, f) for f in CaseInput.__dataclass_fields__})
    keep_featured(new, None, is_admin=False)
    assert new.featured is False
    new.featured = True
    keep_featured(new, None, is_admin=True)
    assert new.featured is True


def test_the_secretariat_sending_a_case_back_needs_a_note() -> None:
    assert note_problem(True, "submitted", "draft", " ") is not None
    assert note_problem(True, "published", "draft", "写真の許諾を確認してください") is None
    assert note_problem(True, "submitted", "published", "") is None
    assert note_problem(True, "draft", "draft", "") is None and note_problem(True, None, "draft", "") is None
    assert note_problem(False, "submitted", "draft", "") is None  # a member takes back its own submission
    assert note_problem(True, "submitted", "draft", "x" * 1001) is not None
