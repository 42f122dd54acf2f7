"""The hook pipeline: ordered checks of what people type, before it is shown.

Each hook looks at one `Subject` (a nick at `hello`, a chat text at `say`, a
room at `join`) and returns a `Verdict` or None (no opinion). The first block
or hold wins; a modify passes the changed text to the next hook. With no hooks
the pipeline costs one attribute check per message.

Hooks are named in config (`MODERATION_HOOKS=package.module:factory,...`) so an
operator can add their own without editing the core; the moderation issue
ships the personal-data, crisis and NG-word hooks.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Literal, Protocol

Action = Literal["allow", "modify", "block", "hold"]

# The filters that keep young visitors safe, in the order they decide: a cry for help is held with
# support, and sexual solicitation held with a priority alert, before a personal-data rule can merely
# block it ("二人きりで会おうよ、お金出すから" is a meet-up request too). `MODERATION_HOOKS` replaces the list.
DEFAULT_HOOKS = ("moderation.crisis:crisis_hook,moderation.sexual:sexual_hook,"
                 "moderation.personal_data:personal_data_hook,moderation.harassment:harassment_hook,"
                 "moderation.ngwords:ngword_hook,moderation.nicknames:nickname_hook")


@dataclass(frozen=True, slots=True)
class Subject:
    kind: Literal["nick", "say", "join", "booth"]
    text: str
    user_id: str
    role: str
    room: str | None = None
    age_band: str | None = None
    # The same sender's previous texts in this room within a short window, oldest first
    # (`moderation.context`): hooks also screen them joined with `text`, so a number or a
    # sentence split over two sends is caught (the later half is held; the earlier one is out).
    recent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    text: str | None = None  # the changed text, for "modify"
    reason: str | None = None  # a key in the server's text catalogue, for block/hold
    rule: str | None = None  # which rule decided, for the audit trail


ALLOW = Verdict("allow")


class Hook(Protocol):
    def __call__(self, subject: Subject) -> Verdict | None: ...


@dataclass
class Pipeline:
    hooks: list[Hook]

    def review(self, subject: Subject) -> Verdict:
        if not self.hooks:
            return ALLOW
        text, changed = subject.text, False
        for hook in self.hooks:
            verdict = hook(subject if not changed else _with_text(subject, text))
            if verdict is None or verdict.action == "allow":
                continue
            if verdict.action == "modify":
                if verdict.text is not None:
                    text, changed = verdict.text, True
                continue
            if verdict.action not in ("block", "hold"):
                # A hook that answers nonsense must not wave a message through: hold it for a person.
                return Verdict("hold", reason="held", rule=verdict.rule)
            return verdict
        return Verdict("modify", text) if changed else ALLOW


def _with_text(subject: Subject, text: str) -> Subject:
    return Subject(subject.kind, text, subject.user_id, subject.role, subject.room, subject.age_band, subject.recent)


def load_hooks(spec: str) -> list[Hook]:
    """Build hooks from `module:factory,module:factory` (each factory returns a Hook)."""
    hooks: list[Hook] = []
    for item in filter(None, (s.strip() for s in spec.split(","))):
        module_name, _, attr = item.partition(":")
        if not attr:
            raise ValueError(f"moderation hook {item!r} must look like 'package.module:factory'")
        factory: Callable[[], Hook] = getattr(importlib.import_module(module_name), attr)
        hooks.append(factory())
    return hooks
