"""The judging rules on hand-worked cases: a sheet's scores against the criteria, its state, the weights, the lineup."""
from __future__ import annotations

from services.fairs.fair import rules as fair_rules
from services.fairs.judging import rules as judging_rules


def test_scores_are_checked_against_the_fairs_criteria_and_maxima():
    maxima = {1: 10, 2: 5}
    clean, errors = judging_rules.check_scores({"1": 7, "2": 5}, maxima)
    assert (clean, errors) == ({1: 7, 2: 5}, {})
    clean, errors = judging_rules.check_scores({"1": 11, "2": -1, "3": 1, "x": 2}, maxima)
    assert clean == {} and sorted(errors["scores"]) == ["1", "2", "3", "x"]
    out_of_range = [errors["scores"][k][0] for k in ("1", "2")]
    assert [(m.msgid, m.values) for m in out_of_range] == [("The score must be from 0 to %(max)s.", {"max": 10}),
                                                            ("The score must be from 0 to %(max)s.", {"max": 5})]
    assert errors["scores"]["3"] == errors["scores"]["x"] == ["No such criterion at this fair."]
    # a boolean or a fraction is not a score, even where Python would take it for a number
    _, errors = judging_rules.check_scores({"1": True, "2": 2.5}, maxima)
    assert errors == {"scores": {"1": ["Not a valid integer."], "2": ["Not a valid integer."]}}
    # the bounds themselves are scores
    assert judging_rules.check_scores({"1": 0, "2": 5}, maxima) == ({1: 0, 2: 5}, {})


def test_a_sheets_state_by_what_is_scored():
    assert judging_rules.sheet_state(0, 3, recused=False) == judging_rules.NOT_STARTED
    assert judging_rules.sheet_state(2, 3, recused=False) == judging_rules.INCOMPLETE
    assert judging_rules.sheet_state(3, 3, recused=False) == judging_rules.COMPLETE
    assert judging_rules.sheet_state(3, 3, recused=True) == judging_rules.RECUSED  # a recused juror's old scores do not count
    assert judging_rules.sheet_state(1, 0, recused=False) == judging_rules.INCOMPLETE  # no criteria yet: nothing is complete


def test_weights_and_criteria_limits():
    assert fair_rules.check_weights(0.7, 0.3) == {}
    assert list(fair_rules.check_weights(-1, 0.3)) == ["jury_weight"]
    assert list(fair_rules.check_weights(0, 0)) == ["jury_weight"]  # both weighing nothing
    assert list(fair_rules.check_weights(1, judging_rules.MAX_WEIGHT + 1)) == ["audience_weight"]
    assert judging_rules.check_criterion(2, 10) == {}
    assert list(judging_rules.check_criterion(0, 10)) == ["weight"]
    assert list(judging_rules.check_criterion(1, 0)) == ["max_score"]
    assert list(judging_rules.check_criterion(1, judging_rules.MAX_CRITERION_SCORE + 1)) == ["max_score"]


def test_a_change_is_a_change_of_scores_or_comment():
    assert not judging_rules.scores_changed({1: 3}, {1: 3}, "", None)  # an empty comment is no comment
    assert judging_rules.scores_changed({1: 3}, {1: 4}, None, None)
    assert judging_rules.scores_changed({1: 3}, {1: 3}, None, "Хорошо")


def test_moving_a_pitch_in_the_lineup():
    order = [10, 20, 30, 40]
    assert fair_rules.move(order, 30, 1) == [30, 10, 20, 40]
    assert fair_rules.move(order, 10, 4) == [20, 30, 40, 10]
    assert fair_rules.move(order, 20, 0) == [20, 10, 30, 40]  # clamped to the ends
    assert fair_rules.move(order, 20, 99) == [10, 30, 40, 20]
