"""NPO–company matching (issue 16): needs and offers, the matcher and the introductions' lifecycle.

Why: a secretariat that suggests a company which cannot help (another area, another kind, a
finished period) loses both members' trust; these tests pin the hard filters, the ranking,
the plain-Japanese reasons and who may move an introduction. The random cases are generated
(seeded), not chosen to fit the weights.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest

from booths import introductions as intro
from booths.cases import Period
from booths.matching import MAX_PER_ORGANIZATION, suggest, unmet
from booths.matching_listing import KINDS, SKILLS, Listing, ListingInput, problems
from booths.municipalities import load_municipalities
from rooms.jst import JST
from rooms.refusal import Refused

PLACES = load_municipalities()
KAWAGUCHI, KAWAGOE, SAITAMA, URAWA, CHIYODA = "112038", "112011", "111007", "111074", "131016"
NOW = dt.datetime(2026, 5, 10, 12, tzinfo=JST)


def listing(lid: str, side: str, org: str, kind: str = "volunteers", *, places: tuple[str, ...] = (KAWAGUCHI,),
            themes: tuple[str, ...] = ("case.ibasho",), start: str = "2026-04", end: str | None = "2026-09",
            quantity: int | None = None, skill: str | None = None, sdgs: tuple[int, ...] = (),
            status: str = "open") -> Listing:
    return Listing(id=lid, organization=org, organization_name=f"{org}(架空)", side=side, kind=kind, skill=skill,
                   title=f"{kind} {lid}", period=Period(start=start, end=end), municipalities=list(places),
                   themes=list(themes), quantity=quantity, sdgs=list(sdgs), status=status)


def ids(found: list) -> list[str]:
    return [s.listing.id for s in found]


# --------------------------------------------------------------------------- hard filters


def test_a_need_meets_offers_of_its_kind_area_and_time_only() -> None:
    need = listing("n1", "need", "npo-a", quantity=5)
    offers = [
        listing("ok", "offer", "co-1", quantity=5),
        listing("other-kind", "offer", "co-2", kind="goods"),
        listing("far", "offer", "co-3", places=(CHIYODA,)),
        listing("ended", "offer", "co-4", start="2025-01", end="2026-03"),
        listing("later", "offer", "co-5", start="2026-10", end=None),
        listing("closed", "offer", "co-6", status="closed"),
        listing("own", "offer", "npo-a"),
        listing("a-need", "need", "npo-b"),
    ]
    assert ids(suggest(need, offers, NOW, PLACES)) == ["ok"]


def test_skills_must_be_the_same_skill() -> None:
    need = listing("n", "need", "npo", kind="skills", skill="design")
    offers = [listing("d", "offer", "co-1", kind="skills", skill="design"),
              listing("a", "offer", "co-2", kind="skills", skill="accounting")]
    assert ids(suggest(need, offers, NOW, PLACES)) == ["d"]


def test_a_ward_meets_its_city_and_an_offer_without_places_meets_everyone() -> None:
    need = listing("n", "need", "npo", places=(URAWA,))
    offers = [listing("city", "offer", "co-1", places=(SAITAMA,)), listing("online", "offer", "co-2", places=()),
              listing("kawagoe", "offer", "co-3", places=(KAWAGOE,))]
    found = suggest(need, offers, NOW, PLACES)
    assert ids(found) == ["city", "online"]
    assert [r.code for r in found[0].reasons if r.code in ("ward", "anywhere")] == ["ward"]
    assert [r.code for r in found[1].reasons if r.code in ("ward", "anywhere")] == ["anywhere"]


def test_a_finished_need_is_matched_with_nothing() -> None:
    need = listing("n", "need", "npo", start="2025-01", end="2025-12")
    assert suggest(need, [listing("o", "offer", "co", start="2025-01", end=None)], NOW, PLACES) == []


# --------------------------------------------------------------------------- ranking and reasons


def test_more_shared_themes_more_quantity_and_the_same_place_rank_higher() -> None:
    need = listing("n", "need", "npo", themes=("case.ibasho", "interest.cooking"), quantity=10, sdgs=(1, 4))
    offers = [
        listing("a-bare", "offer", "co-1", themes=("interest.music",), places=(), quantity=2),
        listing("b-themes", "offer", "co-2", themes=("case.ibasho", "interest.cooking"), quantity=10, sdgs=(4,)),
        listing("c-one-theme", "offer", "co-3", themes=("case.ibasho",), quantity=10),
    ]
    found = suggest(need, offers, NOW, PLACES)
    assert ids(found) == ["b-themes", "c-one-theme", "a-bare"]
    assert found[0].score > found[1].score > found[2].score


def test_the_explanation_says_who_what_how_much_when_and_why_in_japanese() -> None:
    need = listing("n", "need", "npo", themes=("case.ibasho",), quantity=5, start="2026-04", end="2026-09")
    offer = listing("o", "offer", "co", themes=("case.ibasho",), quantity=3, start="2026-06", end=None)
    text = suggest(need, [offer], NOW, PLACES)[0].explanation
    assert text.startswith("co(架空)がボランティア(3人)を提供できます(「volunteers o」、2026年6月から)。")
    for words in ("共通のテーマ: 居場所づくり", "同じ市町村: 川口市", "必要な量の一部をまかなえます(必要 5人、提供 3人)",
                  "期間の一部が重なります(2026年6月〜2026年9月)"):
        assert words in text
    # and from the offer's side, the need is described
    back = suggest(offer, [need], NOW, PLACES)[0].explanation
    assert back.startswith("npo(架空)がボランティア(5人)の支援を求めています")


def test_at_most_two_per_organisation() -> None:
    need = listing("n", "need", "npo")
    offers = [listing(f"o{i}", "offer", "big-co") for i in range(5)] + [listing("x", "offer", "small-co")]
    found = suggest(need, offers, NOW, PLACES)
    assert ids(found) == ["o0", "o1", "x"]


def test_unmet_needs_are_the_open_current_needs_no_offer_fits() -> None:
    rows = [listing("n-met", "need", "npo-1"), listing("n-alone", "need", "npo-2", kind="venue"),
            listing("n-old", "need", "npo-3", kind="funds", start="2024-01", end="2024-12"),
            listing("o", "offer", "co")]
    assert [n.id for n in unmet(rows, NOW, PLACES)] == ["n-alone"]


def _random_listing(rng: random.Random, n: int) -> Listing:
    kind = rng.choice(list(KINDS))
    start_month = rng.randint(1, 12)
    end = rng.choice([None, f"2026-{rng.randint(start_month, 12):02d}", f"2027-{rng.randint(1, 12):02d}"])
    codes = [KAWAGUCHI, KAWAGOE, SAITAMA, URAWA, CHIYODA, "112020", "112224"]
    side = rng.choice(["need", "offer"])
    places = tuple(rng.sample(codes, rng.randint(0 if side == "offer" else 1, 2)))
    themes = tuple(rng.sample(["case.ibasho", "case.food", "interest.music", "concern.school", "audience.parents"],
                              rng.randint(0, 3)))
    return listing(f"r{n:03d}", side, f"org-{rng.randint(1, 8)}", kind, places=places, themes=themes,
                   start=f"2026-{start_month:02d}", end=end, quantity=rng.choice([None, rng.randint(1, 50)]),
                   skill=rng.choice(list(SKILLS)) if kind == "skills" else None,
                   status=rng.choice(["open", "open", "open", "closed"]), sdgs=tuple(rng.sample(range(1, 18), 2)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_on_random_listings_every_suggestion_passes_the_filters_and_the_order_holds(seed: int) -> None:
    rng = random.Random(seed)
    rows = [_random_listing(rng, i) for i in range(120)]
    for mine in rows[:40]:
        found = suggest(mine, rows, NOW, PLACES, limit=6)
        assert found == suggest(mine, list(reversed(rows)), NOW, PLACES, limit=6)  # order of input does not matter
        scores = [s.score for s in found]
        assert scores == sorted(scores, reverse=True)
        per_org: dict[str, int] = {}
        for s in found:
            other = s.listing
            assert other.side != mine.side and other.kind == mine.kind and other.status == "open"
            assert other.organization != mine.organization
            assert (other.period.end or "9999") >= "2026-05"
            per_org[other.organization] = per_org.get(other.organization, 0) + 1
            assert s.explanation and all(r.text for r in s.reasons)
        assert max(per_org.values(), default=0) <= MAX_PER_ORGANIZATION


# --------------------------------------------------------------------------- what a member writes


def test_problems_of_a_listing() -> None:
    good = ListingInput(organization="npo", side="need", kind="skills", skill="design", title="チラシのデザイン",
                        period=Period(start="2026-04"), municipalities=[KAWAGUCHI], themes=["case.ibasho"],
                        sdgs=[4], quantity=10)
    assert problems(good, PLACES) == []
    bad = ListingInput(organization="npo", side="need", kind="skills", title="", period=Period(start="2026-13"),
                       themes=["nope"], sdgs=[18], quantity=0)
    fields = {p.field for p in problems(bad, PLACES)}
    assert fields == {"skill", "title", "period.start", "municipalities", "themes", "sdgs", "quantity"}
    offer_anywhere = ListingInput(organization="co", side="offer", kind="data_it", title="データ分析の手伝い",
                                  period=Period(start="2026-04"))
    assert problems(offer_anywhere, PLACES) == []


# --------------------------------------------------------------------------- introductions


def test_the_introduction_lifecycle_and_who_moves_it() -> None:
    parties = intro.Parties(asker="npo", answerer="co")
    asker, answerer = intro.role_of(parties, "npo", False), intro.role_of(parties, "co", False)
    assert (asker, answerer, intro.role_of(parties, "x", False), intro.role_of(parties, None, True)) == \
        ("asker", "answerer", None, "secretariat")
    assert intro.may("accept", answerer, False) and not intro.may("accept", asker, False)
    assert intro.may("withdraw", asker, False) and not intro.may("withdraw", answerer, False)
    assert intro.may("complete", asker, False) and intro.may("fail", answerer, False)
    assert not intro.may("nudge", asker, False) and intro.may("nudge", "secretariat", True)
    assert intro.step("requested", "accept", None) == "accepted"
    declined = intro.step("requested", "decline", "  ")
    assert isinstance(declined, Refused) and declined.code == "reason_required"
    assert intro.step("requested", "decline", "今期は予算がありません") == "rejected"
    assert isinstance(intro.step("requested", "complete", None), Refused)  # accepted first
    assert intro.step("accepted", "complete", None) == "completed"
    assert isinstance(intro.step("rejected", "accept", None), Refused)
    assert isinstance(intro.step("accepted", "accept", None), Refused)
    assert intro.step("requested", "nudge", None) is None
    assert isinstance(intro.step("completed", "nudge", None), Refused)
    assert intro.CONTACTS_SHOWN == {"accepted", "completed", "failed"}
