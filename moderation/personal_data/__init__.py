"""The personal-data filter: nothing that finds a young visitor leaves the chat.

What it stops, before anything is broadcast (the kind is the rule name, `personal_data:<kind>`):

- `phone`: Japanese numbers in any written form — mobiles and IP phones (050/060/070/080/090),
  free dial (0120/0800), landlines, +81; with any dash, dot, space, の or invisible character
  between the digits, in any digit script, keycaps, O/o for zero; spelled in kana, kanji, English
  or romaji (ぜろきゅーぜろ…, zero nine zero…, rei kyu rei…); with one more digit next to it;
- `email` (also "at"/"dot" and あっと/どっと forms), `link`, `handle` (an @name, or a handle after a
  service name with or without a colon or arrow: いんすた→abc_12, insta abc, ラインはabc),
  `contact_id` (ID: …);
- `contact_request` (番号おしえて, LINE交換しよ, DMして, 緑のアプリで話そ, "what's your snap"),
  `place_request` (どこ住み, 最寄り駅どこ, 何中？), `address`, `school` (a school with a grade or
  class), `meetup` (a proposal to meet in person: a station, an exit, a park or "near your home"
  with a meet verb or a time: 駅前で会おう, 北口に17時).

Service names are matched after `normalize.fold`, so Cyrillic or Greek look-alikes (ІNSTA, LІNE),
full-width and spaced-out letters are the same word; 緑のアプリ is LINE.

What it leaves alone: times, dates, prices, room numbers and counts; talk *about* the rules
(電話番号は教えちゃダメだよね, 個人情報は書かないでね) — a request or a place question in a
sentence that says it is not allowed is not a request; `@moderator`/`@スタッフ`; a film title
with 丁目 in brackets (「三丁目の夕日」); a station in general talk (渋谷駅のイルミきれいだった).
An organisation's landline (and 050 IP number), address, e-mail and web page are fine in booth
content written by its host (`host_rules`); a mobile number never is.

Cost: cheap literal gates (tries) decide which precise patterns run at all, so an ordinary chat
line costs a few µs; see tests/unit/test_personal_data.py for the corpus scores.

Across messages: the hook also screens the sender's previous lines (`Subject.recent`) joined
with the new one, so "090-1234" then "5678" is a phone. Only the later half can be stopped (the
earlier half was already shown and cannot be recalled): it is held for a moderator.

`mask(text)` hides the data itself for the audit trail (090-****-****, ***@example.com).

The modules, named for what they find: `contacts` (e-mail, links, handles, asking for contact;
phones are read by `moderation.phones`), `places` (address, school and grade, asking where),
`meetups` (proposals to meet), `scan` (the gates and the scan that runs them all), `split`
(data split over several sends), `masking` (the audit excerpt), `patterns` (how the patterns
are built and run cheaply). This module is the door: `find`, `mask` and the hook.
"""
from __future__ import annotations

from rooms.roles import ACCOUNT_ROLES

from ..pipeline import Subject, Verdict
from .masking import mask
from .scan import ASK_KINDS, DATA_KINDS, KINDS, Match, find, find_all
from .split import split_rule


REASON = "blocked_personal_data"
HOLD_REASON = "held_personal_data"


def personal_data_hook():  # noqa: ANN201 - a hook factory for MODERATION_HOOKS
    def hook(subject: Subject) -> Verdict | None:
        host_rules = subject.kind == "booth" and subject.role in ACCOUNT_ROLES
        rule = find(subject.text, host_rules=host_rules)
        if rule is not None:
            return Verdict("block", reason=REASON, rule=f"personal_data:{rule}")
        if subject.recent and subject.kind == "say":
            rule = split_rule(subject.recent, subject.text)
            if rule is not None:
                # Only the later half can be stopped: the earlier one was shown already.
                return Verdict("hold", reason=HOLD_REASON, rule=f"personal_data:{rule}:split")
        return None

    return hook


__all__ = ["ASK_KINDS", "DATA_KINDS", "HOLD_REASON", "KINDS", "REASON", "Match", "find", "find_all", "mask",
           "personal_data_hook", "split_rule"]
