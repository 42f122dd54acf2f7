"""A deliberately simple hook for wire tests of the pipeline's plumbing.

The real filters are tested against a corpus in test_moderation_filters; these
tests check what the server does with each verdict, whatever decided it.
"""
from __future__ import annotations

from moderation.pipeline import Subject, Verdict


def keyword_hook():  # noqa: ANN201 - a factory, as MODERATION_HOOKS expects
    def hook(subject: Subject) -> Verdict | None:
        if subject.kind != "say":
            return None
        if "[block]" in subject.text:
            return Verdict("block", reason="blocked", rule="test:block")
        if "[hold]" in subject.text:
            return Verdict("hold", reason="held", rule="test:hold")
        if "[insult]" in subject.text:
            return Verdict("block", reason="blocked_harassment", rule="harassment:insult")
        if "[abuse]" in subject.text:
            return Verdict("hold", reason="support", rule="crisis:abuse")
        if "[crisis]" in subject.text:
            return Verdict("hold", reason="support", rule="test:crisis")
        if "[shout]" in subject.text:
            return Verdict("modify", text=subject.text.replace("[shout]", "").upper())
        return None

    return hook
