"""A fair's life and formula rules, without Flask or a database."""
import pytest

from services.fairs.judging import rules as judging_rules
from services.fairs.fair import rules as fair_rules
from shared.errors import UseCaseError


@pytest.mark.parametrize("current,target,reason,status,field", [
    ("draft", "closed", None, 409, "state"),
    ("open", "draft", None, 409, "state"),
    ("closed", "draft", None, 409, "state"),
    ("closed", "open", None, 422, "reason"),
    ("closed", "open", "   ", 422, "reason"),
    ("open", "published", None, 422, "state"),
    ("published", "open", "a reason", 409, "state"),
])
def test_refused_state_changes_name_the_field(current, target, reason, status, field):
    with pytest.raises(UseCaseError) as refused:
        fair_rules.check_transition(current, target, reason)
    assert refused.value.status == status and list(refused.value.errors) == [field]


@pytest.mark.parametrize("current,target,reason", [
    ("draft", "open", None), ("open", "closed", None), ("closed", "open", "Жюри исправляет лист"),
])
def test_allowed_state_changes(current, target, reason):
    fair_rules.check_transition(current, target, reason)


def test_tie_breaks_are_known_and_listed_once():
    assert fair_rules.check_tie_breaks(["jury", "audience", "first_places", "min_spread"]) == {}
    assert fair_rules.check_tie_breaks([]) == {}
    errors = fair_rules.check_tie_breaks(["jury", "coin", "jury"])["tie_breaks"]
    assert len(errors) == 2 and errors[0].values["key"] == "coin"


def test_opening_needs_a_lineup_criteria_when_the_jury_counts_and_every_flag_decided():
    fair_rules.check_opening(criteria=2, pitches=3, jury_weight=1, pending_flags=0)
    fair_rules.check_opening(criteria=0, pitches=3, jury_weight=0, pending_flags=0)  # an audience-only fair
    with pytest.raises(UseCaseError) as refused:
        fair_rules.check_opening(criteria=0, pitches=0, jury_weight=1, pending_flags=2)
    assert refused.value.status == 409 and set(refused.value.errors) == {"pitches", "criteria", "conflicts"}


def test_editing_what_opening_fixed_is_refused_naming_the_field():
    fair_rules.check_editable("draft", "criteria")
    for state in ("open", "closed", "published"):
        with pytest.raises(UseCaseError) as refused:
            fair_rules.check_editable(state, "position")
        assert refused.value.status == 409 and list(refused.value.errors) == ["position"]


def test_a_sheet_changed_only_when_scores_or_comment_change():
    assert not judging_rules.scores_changed({1: 3}, {1: 3}, "", None)
    assert judging_rules.scores_changed({1: 3}, {1: 4}, None, None)
    assert judging_rules.scores_changed({1: 3}, {1: 3}, "a", "b")


def test_votes_per_address_are_limited_in_a_sliding_minute_and_bursts_are_found():
    import datetime as dt

    from services.fairs.audience import rules as audience

    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
    earlier = [now - dt.timedelta(seconds=s) for s in range(audience.VOTES_PER_WINDOW - 1, 0, -1)]
    assert audience.retry_after(earlier, now) is None  # the 30th within a minute is taken
    full = [now - dt.timedelta(seconds=59)] + earlier
    assert audience.retry_after(full, now) == 1
    assert audience.retry_after([now - dt.timedelta(seconds=61)] * 100, now) is None  # an old burst is over
    attempts = [("10.0.0.1", now + dt.timedelta(seconds=i), i < 20) for i in range(25)] + [("10.0.0.2", now, True)]
    assert [(b["address"], b["most_in_a_minute"], b["slowed"]) for b in audience.bursts(attempts)] == [("10.0.0.1", 25, 5)]
    assert audience.clean_code(" k7m2-x9qp ") == "K7M2X9QP" and audience.pretty_code("K7M2X9QP") == "K7M2-X9QP"
    assert audience.refusal("open", True) is None and audience.refusal("open", False) == "voting_closed"
    assert audience.refusal("published", True) == "published"


def test_leaders_are_the_ranks_one_to_three_ties_included_and_only_with_a_total():
    from services.fairs.results import rules as results

    rows = [{"pitch_id": i, "rank": rank, "total": total} for i, (rank, total) in
            enumerate([(1, 90.0), (2, 80.0), (3, 70.0), (3, 70.0), (5, 60.0), (6, None)])]
    assert [r["pitch_id"] for r in results.leaders(rows)] == [0, 1, 2, 3]  # a tie at third place: four leaders
    assert results.leaders([{"pitch_id": 1, "rank": 1, "total": None}]) == []
