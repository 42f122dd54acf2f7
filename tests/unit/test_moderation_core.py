"""Unit tests of the moderation hook pipeline and the rate-limit primitives."""
from __future__ import annotations

import pytest

from moderation.pipeline import ALLOW, Pipeline, Subject, Verdict, load_hooks
from moderation.ratelimit import StrikeWindow, TokenBucket


def subject(text: str = "hello", kind: str = "say") -> Subject:
    return Subject(kind, text, "u1", "visitor", room="lobby", age_band="15-17")


class Recorder:
    """A hook that records what it saw and answers a fixed verdict."""

    def __init__(self, verdict: Verdict | None = None) -> None:
        self.verdict = verdict
        self.seen: list[Subject] = []

    def __call__(self, s: Subject) -> Verdict | None:
        self.seen.append(s)
        return self.verdict


# Factories for load_hooks (imported by name, as an operator's config would).
def make_upper_hook():
    return lambda s: Verdict("modify", s.text.upper(), rule="upper")


def make_silent_hook():
    return lambda s: None


# -- pipeline ---------------------------------------------------------------------------

def test_no_hooks_allows():
    verdict = Pipeline([]).review(subject())
    assert verdict == ALLOW and verdict.action == "allow"


def test_hooks_without_opinion_allow():
    hooks = [Recorder(None), Recorder(ALLOW)]
    assert Pipeline(hooks).review(subject()).action == "allow"
    assert all(len(h.seen) == 1 for h in hooks)


def test_block_wins_and_later_hooks_are_not_asked():
    block = Verdict("block", reason="ng_word", rule="ng")
    later = Recorder(None)
    assert Pipeline([Recorder(None), Recorder(block), later]).review(subject()) == block
    assert later.seen == []


def test_hold_wins():
    hold = Verdict("hold", reason="crisis", rule="crisis")
    assert Pipeline([Recorder(hold), Recorder(Verdict("block"))]).review(subject()) == hold


def test_modify_followed_by_block_is_block():
    block = Verdict("block", reason="ng_word")
    verdict = Pipeline([Recorder(Verdict("modify", "HELLO")), Recorder(block)]).review(subject())
    assert verdict.action == "block" and verdict.reason == "ng_word"


def test_modify_is_passed_on_to_the_next_hook():
    first = Recorder(Verdict("modify", "hello ***"))
    second = Recorder(None)
    verdict = Pipeline([first, second]).review(subject("hello 090-1234-5678"))
    assert first.seen[0].text == "hello 090-1234-5678"
    seen = second.seen[0]
    assert seen.text == "hello ***"
    # everything else about the subject is kept
    assert (seen.kind, seen.user_id, seen.role, seen.room, seen.age_band) == ("say", "u1", "visitor", "lobby", "15-17")
    assert verdict == Verdict("modify", "hello ***")


def test_successive_modifies_chain_and_the_last_text_wins():
    hooks = [lambda s: Verdict("modify", s.text + "1"), lambda s: Verdict("modify", s.text + "2"), Recorder(None)]
    verdict = Pipeline(hooks).review(subject("x"))
    assert verdict == Verdict("modify", "x12")
    assert hooks[2].seen[0].text == "x12"


def test_modify_then_allow_is_still_modify():
    verdict = Pipeline([Recorder(Verdict("modify", "clean")), Recorder(ALLOW)]).review(subject("dirty"))
    assert verdict.action == "modify" and verdict.text == "clean"


def test_load_hooks_empty_spec_is_no_hooks():
    assert load_hooks("") == []
    assert load_hooks(" , ,") == []


def test_load_hooks_builds_hooks_in_order():
    hooks = load_hooks("tests.unit.test_moderation_core:make_upper_hook, tests.unit.test_moderation_core:make_silent_hook")
    assert len(hooks) == 2
    assert Pipeline(hooks).review(subject("abc")) == Verdict("modify", "ABC")


@pytest.mark.parametrize("spec", ["tests.unit.test_moderation_core", "tests.unit.test_moderation_core:", "tests.unit.test_moderation_core:make_silent_hook,nocolon"])
def test_load_hooks_with_a_bad_spec_raises_a_clear_value_error(spec):
    with pytest.raises(ValueError, match=r"package\.module:factory"):
        load_hooks(spec)


def test_load_hooks_names_the_missing_module_or_factory():
    with pytest.raises((ImportError, ValueError), match="no_such_module_xyz"):
        load_hooks("no_such_module_xyz:factory")
    with pytest.raises((AttributeError, ValueError), match="no_such_factory"):
        load_hooks("tests.unit.test_moderation_core:no_such_factory")


# -- token bucket ---------------------------------------------------------------------------

def test_token_bucket_allows_a_burst_then_refuses():
    bucket = TokenBucket(rate=2.0, burst=5.0)
    assert [bucket.take(0.0) for _ in range(6)] == [True] * 5 + [False]


def test_token_bucket_refills_at_rate():
    bucket = TokenBucket(rate=2.0, burst=5.0)
    for _ in range(5):
        assert bucket.take(0.0)
    assert not bucket.take(0.0)
    assert not bucket.take(0.25)  # half a token
    assert bucket.take(0.5)  # one token after 0.5 s at 2/s
    assert not bucket.take(0.5)
    assert bucket.take(1.0)
    assert not bucket.take(1.0)


def test_token_bucket_never_holds_more_than_burst():
    bucket = TokenBucket(rate=10.0, burst=3.0)
    for _ in range(3):
        bucket.take(0.0)
    results = [bucket.take(1000.0) for _ in range(4)]
    assert results == [True, True, True, False]


def test_token_bucket_cost_and_time_going_backwards():
    bucket = TokenBucket(rate=1.0, burst=4.0)
    assert bucket.take(10.0, cost=3.0)
    assert not bucket.take(10.0, cost=2.0)
    assert not bucket.take(5.0, cost=2.0)  # a clock step back adds nothing
    assert bucket.take(11.0, cost=2.0)


def test_token_bucket_at_20_per_second_over_a_second():
    bucket = TokenBucket(rate=20.0, burst=20.0)
    taken = sum(bucket.take(i / 100) for i in range(100))  # 100 attempts within one second
    assert 20 + 19 <= taken <= 20 + 20


# -- strike window --------------------------------------------------------------------------

def test_strike_window_true_once_more_than_limit_within_window():
    window = StrikeWindow(limit=5, window=10.0)
    assert [window.strike(float(t)) for t in range(6)] == [False] * 5 + [True]
    assert window.strike(6.0)


def test_strike_window_old_strikes_expire():
    window = StrikeWindow(limit=2, window=10.0)
    assert not window.strike(0.0)
    assert not window.strike(1.0)
    assert not window.strike(10.5)  # the strike at 0 s has expired
    assert window.strike(10.9)  # 1.0, 10.5, 10.9 within 10 s
    assert not StrikeWindow(limit=2, window=10.0).strike(0.0)


def test_strike_window_spread_out_strikes_never_trip():
    window = StrikeWindow(limit=5, window=10.0)
    assert not any(window.strike(t * 2.5) for t in range(100))  # at most 4 in any 10 s
