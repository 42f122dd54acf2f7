"""The moderation state machine without a node: what a person may do after what was decided."""
from moderation.pipeline import Verdict
from moderation.policy import support_room_for
from moderation.state import ModerationState, is_offence
from rooms.session import User

VISITOR = User("u_1", "aki", "visitor", "15-17", "ja", None, "d_1")
T = 1_700_000_000_000
STAFF = User("u_9", "mod", "moderator", None, "ja", None, None)


def test_a_mute_follows_the_device_and_ends_at_its_time():
    state = ModerationState(says_per_s=10, says_burst=10)
    state.sanctions.mute("u_other_nick", "d_1", until_ms=5_000)
    assert state.say_refusal(VISITOR, "lobby", 1_000).reason == "muted"
    assert state.say_refusal(VISITOR, "lobby", 5_000) is None


def test_slow_mode_paces_visitors_but_not_staff_and_can_be_lifted():
    state = ModerationState(says_per_s=10, says_burst=10)
    state.set_slow("lobby", 30)
    assert state.say_refusal(VISITOR, "lobby", T) is None
    assert state.say_refusal(VISITOR, "lobby", T + 20_000).reason == "slow_mode"
    assert state.say_refusal(VISITOR, "lobby", T + 30_000) is None
    assert state.say_refusal(STAFF, "lobby", T + 30_001) is None and state.say_refusal(STAFF, "lobby", T + 30_002) is None
    state.set_slow("lobby", 0)
    assert state.say_refusal(VISITOR, "lobby", T + 30_500) is None


def test_a_persons_own_pace_is_limited():
    state = ModerationState(says_per_s=1, says_burst=2)
    assert [state.say_refusal(VISITOR, "lobby", 1_000) is None for _ in range(3)] == [True, True, False]


def test_locked_rooms_and_other_peoples_support_rooms_are_closed():
    state = ModerationState(says_per_s=1, says_burst=1)
    state.set_lock("lobby", True)
    assert state.entry_refusal(VISITOR, "lobby").reason == "room_locked"
    assert state.entry_refusal(STAFF, "lobby") is None
    state.set_lock("lobby", False)
    assert state.entry_refusal(VISITOR, "lobby") is None
    assert state.entry_refusal(VISITOR, support_room_for("u_2")).reason == "support_private"
    assert state.entry_refusal(VISITOR, support_room_for("u_1")) is None
    assert state.entry_refusal(STAFF, support_room_for("u_1")) is None


def test_harassment_escalates_per_person_and_other_verdicts_do_not():
    state = ModerationState(says_per_s=1, says_burst=1)
    insult = Verdict("block", reason="harassment", rule="harassment:insult")
    assert is_offence(insult) and not is_offence(Verdict("block", reason="personal_data", rule="phone"))
    assert state.offend(VISITOR, Verdict("hold", reason="support", rule="crisis"), 0.0) is None
    assert [state.offend(VISITOR, insult, t) for t in (1.0, 2.0, 3.0)] == ["warn", "hold", "mute"]
    renamed = User("u_2", "new-nick", "visitor", "15-17", "ja", None, "d_1")  # same device, new nickname
    assert state.offend(renamed, insult, 4.0) == "mute"
    assert state.offend(VISITOR, insult, 4.0 + 601) == "warn"  # the window has passed
