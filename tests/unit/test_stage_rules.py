"""The stage's rules: moving along the lineup, skipping an absent team, the pitch timer, revealing leaders."""
from __future__ import annotations

import datetime as dt

import pytest

from services.fairs.stage import rules
from shared.errors import UseCaseError

ORDER = [11, 12, 13, 14]
T0 = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.timezone.utc)


def test_next_starts_with_the_first_pitch_and_passes_over_skipped_ones():
    assert rules.next_pitch(ORDER, None) == 11
    assert rules.next_pitch(ORDER, 11) == 12
    assert rules.next_pitch(ORDER, 11, skipped=[12, 13]) == 14
    assert rules.next_pitch(ORDER, 99) == 11  # a pitch no longer in the lineup: from the start


def test_next_after_the_last_and_previous_before_the_first_are_refused():
    with pytest.raises(UseCaseError) as last:
        rules.next_pitch(ORDER, 14)
    assert last.value.status == 409
    with pytest.raises(UseCaseError):
        rules.next_pitch(ORDER, 12, skipped=[13, 14])
    with pytest.raises(UseCaseError):
        rules.previous_pitch(ORDER, 11)
    with pytest.raises(UseCaseError):
        rules.previous_pitch(ORDER, None)
    assert rules.previous_pitch(ORDER, 14, skipped=[13]) == 12


def test_skip_marks_the_team_absent_and_brings_on_the_next():
    assert rules.skip(ORDER, 12) == (13, [12])
    assert rules.skip(ORDER, 13, skipped=[14, 12]) == (None, [12, 13, 14])  # nobody left after it
    with pytest.raises(UseCaseError):
        rules.skip(ORDER, None)


def test_going_to_a_skipped_pitch_brings_the_late_team_back():
    assert rules.go_to(ORDER, 12, skipped=[12, 13]) == (12, [13])
    with pytest.raises(UseCaseError) as unknown:
        rules.go_to(ORDER, 99)
    assert unknown.value.status == 422 and "pitch_id" in unknown.value.errors


def test_the_timer_counts_while_running_and_keeps_its_time_when_stopped():
    clock = rules.Timer()
    assert not clock.running and clock.seconds(T0) == 0
    clock = clock.start(T0)
    assert clock.running and clock.seconds(T0 + dt.timedelta(seconds=65)) == 65
    assert clock.start(T0 + dt.timedelta(seconds=10)) == clock  # a second start changes nothing
    clock = clock.stop(T0 + dt.timedelta(seconds=90))
    assert not clock.running and clock.seconds(T0 + dt.timedelta(hours=1)) == 90
    assert clock.stop(T0 + dt.timedelta(hours=1)) == clock
    clock = clock.start(T0 + dt.timedelta(seconds=200))
    assert clock.seconds(T0 + dt.timedelta(seconds=230)) == 120
    assert clock.seconds(T0) == 90  # a clock behind the start never counts backwards
    assert rules.minutes_seconds(305) == "5:05"


def test_planned_length_is_one_minute_to_an_hour():
    assert rules.check_planned(300) == {}
    assert "planned_seconds" in rules.check_planned(59)
    assert "planned_seconds" in rules.check_planned(3601)
    assert "planned_seconds" in rules.check_planned(None)


def _items(*ranks):
    return [{"pitch_id": 100 + i, "rank": rank, "tied": ranks.count(rank) > 1} for i, rank in enumerate(ranks)]


def test_leaders_are_revealed_third_place_first_ties_together():
    steps = rules.leader_steps(_items(1, 2, 3, 4, 5))
    assert [[i["pitch_id"] for i in step] for step in steps] == [[102], [101], [100]]
    tied = rules.leader_steps(_items(1, 2, 2, 4))
    assert [[i["pitch_id"] for i in step] for step in tied] == [[101, 102], [100]]  # rank 4 does not lead
    assert rules.revealed_leaders(_items(1, 2, 3), 0) == []
    assert [s[0]["rank"] for s in rules.revealed_leaders(_items(1, 2, 3), 2)] == [3, 2]
    assert len(rules.revealed_leaders(_items(1, 2, 3), 7)) == 3
    assert rules.leader_steps([{"pitch_id": 1, "rank": None}]) == []


def test_reveal_one_by_one_only_once_scoring_is_over():
    rules.check_reveal(0, 1, 3, scoring_over=True)
    rules.check_reveal(2, 0, 3, scoring_over=False)  # hiding again is always allowed
    for current, wanted, steps, over in ((0, 1, 3, False), (0, 2, 3, True), (3, 4, 3, True), (1, 2, 1, True)):
        with pytest.raises(UseCaseError) as refused:
            rules.check_reveal(current, wanted, steps, scoring_over=over)
        assert refused.value.status == 409 and "revealed" in refused.value.errors
    with pytest.raises(UseCaseError):
        rules.check_reveal(0, -1, 3, scoring_over=True)


def test_the_halls_presence_code_changes_each_period_and_the_one_before_is_still_taken():
    import datetime as dt

    from services.fairs.audience import rules as audience

    secret = b"k" * 32
    at = dt.datetime(2026, 3, 20, 12, 0, 5, tzinfo=dt.timezone.utc)
    code = audience.presence_code(secret, 7, at)
    assert len(code) == audience.PRESENCE_DIGITS and code.isdigit()
    assert audience.presence_code(secret, 7, at + dt.timedelta(seconds=50)) == code  # the same minute
    later = at + dt.timedelta(seconds=audience.PRESENCE_PERIOD)
    assert audience.presence_valid(secret, 7, code, later)  # read just before it changed
    assert not audience.presence_valid(secret, 7, code, at + dt.timedelta(seconds=2 * audience.PRESENCE_PERIOD))
    assert audience.presence_valid(secret, 7, f" {code[:2]}-{code[2:]} ", at)  # typed with a space and a dash
    assert not audience.presence_valid(secret, 8, code, at) or audience.presence_code(secret, 8, at) == code
    assert not audience.presence_valid(b"x" * 32, 7, code, at) or audience.presence_code(b"x" * 32, 7, at) == code
    assert not audience.presence_valid(secret, 7, "", at) and not audience.presence_valid(secret, 7, None, at)
    codes = {audience.presence_code(secret, 7, at + dt.timedelta(minutes=m)) for m in range(50)}
    assert len(codes) > 40  # not a fixed code
