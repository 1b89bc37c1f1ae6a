"""The fair's ranking rules without servers: sheet values, recusal, standardisation, blend, ties, stability.

Cost, measured on the 2-core build machine (not a timed test; exact arithmetic since the ranking decides on exact
values): ``rank`` with the stability check over 12 pitches x 9 jurors takes about 11 ms, over 12 pitches x 60
jurors with a tenth of the sheets missing about 125 ms (61 rankings from scratch); without the check (the stage's
reads) 2 and 7 ms.
"""
import random

import pytest

from services.fairs.judging.panel import (
    HIGH_SPREAD, NO_SHEETS, NOT_CONNECTED, TOO_FEW_SHEETS, CriterionSpec, SheetInput, sheet_value,
)
from services.fairs.leaderboard.ranking import TIE_BREAKS, Formula, rank

# one criterion out of 100, so a sheet's value is its score
PLAIN = [CriterionSpec(id=1, weight=1, max_score=100)]
RAW = Formula(jury_weight=1, audience_weight=0, standardise=False)
STANDARDISED = Formula(jury_weight=1, audience_weight=0, standardise=True)


def lineup(*pitch_ids):
    return [(pitch, 100 + pitch) for pitch in pitch_ids]


def sheets(by_juror: dict[int, dict[int, int]], criteria=PLAIN):
    """Sheets from {juror: {pitch: value}} on the one plain criterion."""
    return [SheetInput(juror, pitch, {criteria[0].id: value}) for juror, row in by_juror.items() for pitch, value in row.items()]


def ranked(result):
    return [row.pitch_id for row in result.rows]


def row(result, pitch_id):
    return next(r for r in result.rows if r.pitch_id == pitch_id)


def additive(truth: dict[int, float], offsets: dict[int, float], skipped: dict[int, set] = {}):
    """Every juror's values = the pitch's true worth + the juror's bias, except the pitches they skipped."""
    return {juror: {pitch: worth + bias for pitch, worth in truth.items() if pitch not in skipped.get(juror, set())}
            for juror, bias in offsets.items()}


def test_a_sheet_is_worth_its_weighted_share_of_the_maxima():
    criteria = [CriterionSpec(1, 2, 10), CriterionSpec(2, 1, 5)]
    assert sheet_value({1: 10, 2: 0}, criteria) == pytest.approx(200 / 3)
    assert sheet_value({1: 10, 2: 5}, criteria) == 100
    assert sheet_value({1: 0, 2: 0, 99: 7}, criteria) == 0  # a score for another fair's criterion is no part of it
    assert sheet_value({1: 10}, criteria) is None
    assert sheet_value({}, []) is None


def test_incomplete_sheets_do_not_count():
    criteria = [CriterionSpec(1, 1, 10), CriterionSpec(2, 1, 10)]
    given = [SheetInput(1, 1, {1: 8, 2: 8}), SheetInput(2, 1, {1: 2})]
    result = rank(lineup(1), criteria, given, set(), {}, RAW)
    assert (row(result, 1).jury_raw, row(result, 1).sheets) == (80, 1)


def test_a_recused_jurors_sheet_is_ignored_and_the_mean_taken_over_the_others():
    given = sheets({1: {1: 60, 2: 50}, 2: {1: 80, 2: 70}, 3: {1: 100, 2: 40}})
    result = rank(lineup(1, 2), PLAIN, given, {(3, 1)}, {}, RAW)
    assert (row(result, 1).jury_raw, row(result, 1).sheets, row(result, 1).recused) == (70, 2, 1)
    assert (row(result, 2).jury_raw, row(result, 2).sheets, row(result, 2).recused) == (pytest.approx(160 / 3), 3, 0)
    # recusals as counts per pitch: the caller has left those sheets out
    counts_only = rank(lineup(1, 2), PLAIN, [s for s in given if (s.juror_id, s.pitch_id) != (3, 1)], {1: 1}, {}, RAW)
    assert counts_only.rows == result.rows


def test_a_harsh_juror_who_skipped_the_runner_up_does_not_hand_it_first_place():
    truth = {1: 80, 2: 76, 3: 50, 4: 40, 5: 30}
    # three fair jurors and one 30 points harsher who was recused from pitch 2
    given = sheets(additive(truth, {1: 0, 2: 0, 3: 0, 4: -30}, skipped={4: {2}}))
    assert ranked(rank(lineup(*truth), PLAIN, given, {(4, 2)}, {}, RAW))[:2] == [2, 1]  # raw: pitch 1 pays for the harsh juror

    result = rank(lineup(*truth), PLAIN, given, {(4, 2)}, {}, STANDARDISED)
    assert result.standardised and result.fallback_reason is None
    assert ranked(result) == [1, 2, 3, 4, 5]
    assert result.juror_offsets == pytest.approx({1: 7.5, 2: 7.5, 3: 7.5, 4: -22.5})  # offsets sum to zero
    assert [row(result, p).jury_standardised for p in truth] == pytest.approx([72.5, 68.5, 42.5, 32.5, 22.5])
    assert row(result, 1).jury_raw == 72.5  # raw shown beside


def plain_mean_centred(by_juror: dict[int, dict[int, int]]) -> list[int]:
    """The naive correction: each value moved by (the grand mean - the juror's own mean), pitches by their mean."""
    values = [v for row in by_juror.values() for v in row.values()]
    grand = sum(values) / len(values)
    corrected: dict[int, list[float]] = {}
    for row in by_juror.values():
        own = sum(row.values()) / len(row)
        for pitch, value in row.items():
            corrected.setdefault(pitch, []).append(value - own + grand)
    return sorted(corrected, key=lambda p: -sum(corrected[p]) / len(corrected[p]))


def test_a_harsh_juror_who_scored_only_weak_pitches_is_compared_on_those_pitches_not_on_their_plain_mean():
    truth = {1: 80, 2: 70, 3: 62, 4: 60, 5: 40, 6: 20}
    scored = additive(truth, {1: 0, 2: 0, 3: 0, 4: -10}, skipped={4: {1, 2, 3}})  # arrived late: 4, 5 and 6
    given = sheets(scored)
    # a plain-mean correction takes the weak pitches' low marks for harshness and lifts pitch 4 over pitch 3
    assert plain_mean_centred(scored) == [1, 2, 4, 3, 5, 6]
    assert ranked(rank(lineup(*truth), PLAIN, given, set(), {}, RAW)) == [1, 2, 3, 4, 5, 6]

    result = rank(lineup(*truth), PLAIN, given, set(), {}, STANDARDISED)
    assert result.standardised
    assert ranked(result) == [1, 2, 3, 4, 5, 6]
    assert row(result, 3).jury_standardised - row(result, 4).jury_standardised == pytest.approx(2)
    assert result.juror_offsets[4] - result.juror_offsets[1] == pytest.approx(-10)


def test_a_juror_with_too_few_sheets_keeps_raw_values_while_the_others_are_standardised():
    given = sheets({1: {1: 90, 2: 50, 3: 40}, 2: {1: 80, 2: 60, 3: 30}, 3: {1: 20, 2: 70}})  # juror 3: two sheets
    result = rank(lineup(1, 2, 3), PLAIN, given, set(), {}, STANDARDISED)
    assert (result.standardised, result.fallback_reason, result.raw_jurors) == (True, None, [3])
    # jurors 1 and 2 scored the same pitches, 10 points apart in all: half each side of zero
    assert result.juror_offsets == pytest.approx({1: 5 / 3, 2: -5 / 3, 3: 0})
    # each pitch: the mean of (value - offset), juror 3's values as they are
    assert [row(result, p).jury_standardised for p in (1, 2, 3)] == pytest.approx([(85 + 85 + 20) / 3, (55 + 55 + 70) / 3, 35])
    relaxed = Formula(jury_weight=1, audience_weight=0, standardise=True, min_sheets_per_juror=2)
    assert rank(lineup(1, 2, 3), PLAIN, given, set(), {}, relaxed).raw_jurors == []

    everyone_short = rank(lineup(1, 2, 3), PLAIN, sheets({1: {1: 90, 2: 50}, 2: {2: 80, 3: 60}}), set(), {}, STANDARDISED)
    assert (everyone_short.standardised, everyone_short.fallback_reason) == (False, TOO_FEW_SHEETS)
    assert all(r.jury_standardised == r.jury_raw for r in everyone_short.rows)
    assert set(everyone_short.juror_offsets.values()) == {0}

    apart = sheets({1: {1: 90, 2: 50, 3: 40}, 2: {1: 80, 2: 60, 3: 30}, 3: {4: 20, 5: 70, 6: 10}})
    result = rank(lineup(1, 2, 3, 4, 5, 6), PLAIN, apart, set(), {}, STANDARDISED)
    assert (result.standardised, result.fallback_reason) == (False, NOT_CONNECTED)

    nothing = rank(lineup(1, 2), PLAIN, [], set(), {}, STANDARDISED)
    assert (nothing.standardised, nothing.fallback_reason) == (False, NO_SHEETS)
    off = rank(lineup(1, 2, 3), PLAIN, given, set(), {}, RAW)
    assert (off.standardised, off.fallback_reason) == (False, None)


def test_the_total_blends_jury_and_audience_by_their_weights():
    given = sheets({1: {1: 80, 2: 60}, 2: {1: 60, 2: 60}})
    formula = Formula(jury_weight=3, audience_weight=1, standardise=False)
    result = rank(lineup(1, 2, 3), PLAIN, given, set(), {1: 5, 2: 20, 3: 10}, formula)
    assert [(r.pitch_id, r.audience, r.total) for r in result.rows] == [
        (2, 100, pytest.approx((3 * 60 + 100) / 4)),
        (1, 25, pytest.approx((3 * 70 + 25) / 4)),
        (3, 50, None),  # no jury score: shown, ranked last
    ]
    assert [r.rank for r in result.rows] == [1, 2, 3]


def test_no_votes_give_every_pitch_an_audience_score_of_zero():
    result = rank(lineup(1, 2), PLAIN, sheets({1: {1: 50, 2: 40}}), set(), {}, Formula(1, 1, False))
    assert [r.audience for r in result.rows] == [0, 0]
    assert [r.total for r in result.rows] == [25, 20]


def test_with_no_jury_weight_the_audience_decides_even_for_an_unscored_pitch():
    formula = Formula(jury_weight=0, audience_weight=1, standardise=True)
    result = rank(lineup(1, 2, 3), PLAIN, sheets({1: {1: 90, 2: 10}}), set(), {1: 1, 2: 2, 3: 4}, formula)
    assert [(r.pitch_id, r.total) for r in result.rows] == [(3, 100), (2, 50), (1, 25)]


def level_pitches(tie_breaks):
    """Pitches 1 and 2 on the same total 65 (jury and audience weigh the same); pitch 3 far ahead."""
    given = sheets({1: {1: 80, 2: 70, 3: 100}})
    return rank(lineup(1, 2, 3), PLAIN, given, set(), {1: 5, 2: 6, 3: 10}, Formula(1, 1, False, tie_breaks))


def test_the_jury_or_the_audience_breaks_a_level_total_as_the_list_says():
    assert [row(level_pitches(("jury",)), 1).total, row(level_pitches(("jury",)), 2).total] == [65, 65]
    assert ranked(level_pitches(("jury", "audience"))) == [3, 1, 2]
    assert ranked(level_pitches(("audience", "jury"))) == [3, 2, 1]
    assert not any(r.tied for r in level_pitches(("jury",)).rows)


def split_jury(tie_breaks):
    """Same mean 70 for pitches 1 and 2: two jurors put 1 first, one juror puts 2 first, and 2 is less disputed."""
    given = sheets({1: {1: 90, 2: 60}, 2: {1: 90, 2: 60}, 3: {1: 30, 2: 90}})
    return rank(lineup(1, 2), PLAIN, given, set(), {}, Formula(1, 1, False, tie_breaks))


def test_first_places_or_the_smaller_spread_break_what_jury_and_audience_cannot():
    both = split_jury(("jury", "audience"))
    assert [(r.pitch_id, r.rank, r.tied) for r in both.rows] == [(1, 1, True), (2, 1, True)]  # never broken silently
    assert [(r.first_places, r.high_spread) for r in both.rows] == [(2, True), (1, False)]
    assert row(both, 1).spread == pytest.approx(28.284271) and row(both, 2).spread == pytest.approx(14.142136)
    assert row(both, 2).spread < HIGH_SPREAD <= row(both, 1).spread
    assert ranked(split_jury(("jury", "audience", "first_places"))) == [1, 2]
    assert ranked(split_jury(("jury", "min_spread"))) == [2, 1]
    assert ranked(split_jury(("min_spread", "first_places"))) == [2, 1]


def test_a_juror_who_rates_two_pitches_best_gives_each_a_first_place():
    result = rank(lineup(1, 2, 3), PLAIN, sheets({1: {1: 90, 2: 90, 3: 10}, 2: {1: 90, 2: 80, 3: 10}}), set(), {}, RAW)
    assert [(r.pitch_id, r.first_places) for r in result.rows] == [(1, 2), (2, 1), (3, 0)]


def test_a_tie_the_list_cannot_break_shares_a_rank_and_the_next_rank_is_skipped():
    # weights of tenths make float sums that differ in the last bits; equal values still tie
    criteria = [CriterionSpec(1, 0.1, 3), CriterionSpec(2, 0.2, 3)]
    given = [SheetInput(juror, pitch, dict(zip((1, 2), scores))) for juror, pitch, scores in [
        (1, 1, (3, 3)), (2, 1, (3, 3)),
        (1, 2, (3, 3)), (2, 2, (0, 0)),  # 100 and 0
        (1, 3, (3, 0)), (2, 3, (0, 3)),  # a third and two thirds of 100
        (1, 4, (0, 0)), (2, 4, (1, 1)),
    ]]
    result = rank(lineup(1, 2, 3, 4), criteria, given, set(), {}, Formula(1, 0, False, ("jury", "audience")))
    assert [(r.pitch_id, r.rank, r.tied) for r in result.rows] == [(1, 1, False), (2, 2, True), (3, 2, True), (4, 4, False)]
    assert row(result, 2).total == row(result, 3).total == 50


def test_the_top_three_are_checked_against_each_jurors_removal_and_the_juror_named():
    fair = {1: 90, 2: 85, 3: 60, 4: 62, 5: 30}
    given = sheets({1: fair, 2: fair, 3: fair, 4: {**fair, 3: 100}})  # juror 4 alone carries pitch 3 into the top three
    result = rank(lineup(*fair), PLAIN, given, set(), {}, RAW)
    assert ranked(result)[:3] == [1, 2, 3]
    assert (result.stable_top, result.unstable_jurors) == (False, [4])

    agreed = rank(lineup(*fair), PLAIN, sheets({1: fair, 2: fair, 3: fair, 4: fair}), set(), {}, STANDARDISED)
    assert (agreed.stable_top, agreed.unstable_jurors) == (True, [])


def test_a_formula_with_an_unknown_tie_break_or_no_weight_is_refused():
    with pytest.raises(ValueError):
        Formula(1, 1, False, ("luck",))
    with pytest.raises(ValueError):
        Formula(0, 0, False)
    assert Formula("0.7", 0.3, True, ["jury"]).tie_breaks == ("jury",)


def backfitted(by_juror: dict[int, dict[int, float]], rounds=3000) -> dict[int, float]:
    """The same least squares by plain alternation: pitch scores from offsets, offsets from pitch scores."""
    offsets = dict.fromkeys(by_juror, 0.0)
    for _ in range(rounds):
        scores = {}
        for juror, row in by_juror.items():
            for pitch, value in row.items():
                scores.setdefault(pitch, []).append(value - offsets[juror])
        scores = {pitch: sum(vs) / len(vs) for pitch, vs in scores.items()}
        offsets = {juror: sum(v - scores[p] for p, v in row.items()) / len(row) for juror, row in by_juror.items()}
        centre = sum(offsets.values()) / len(offsets)
        offsets = {juror: o - centre for juror, o in offsets.items()}
    return scores


@pytest.mark.parametrize("seed", range(4))
def test_standardised_scores_are_the_least_squares_fit_on_a_patchy_jury(seed):
    rng = random.Random(seed)
    by_juror = {juror: {pitch: rng.randint(20, 95) for pitch in range(1, 11) if rng.random() > 0.3} for juror in range(1, 9)}
    result = rank(lineup(*range(1, 11)), PLAIN, sheets(by_juror), set(), {}, Formula(1, 0, True, min_sheets_per_juror=1))
    assert result.standardised
    reference = backfitted(by_juror)
    assert {r.pitch_id: r.jury_standardised for r in result.rows} == pytest.approx(reference, abs=1e-5)
    assert sum(result.juror_offsets.values()) == pytest.approx(0, abs=1e-5)


@pytest.mark.parametrize("formula", [RAW, STANDARDISED, Formula(1, 1, True, TIE_BREAKS)])
def test_the_stability_check_agrees_with_ranking_again_without_each_juror(formula):
    unstable_seen = 0
    for seed in range(6):
        rng = random.Random(seed)
        by_juror = {juror: {pitch: rng.randint(40, 90) for pitch in range(1, 8) if rng.random() > 0.15} for juror in range(1, 7)}
        given, votes = sheets(by_juror), {pitch: rng.randint(0, 9) for pitch in range(1, 8)}
        result = rank(lineup(*range(1, 8)), PLAIN, given, set(), votes, formula)
        top = {r.pitch_id for r in result.rows if r.rank <= 3}
        again = [juror for juror in sorted(by_juror) if top != {
            r.pitch_id for r in rank(lineup(*range(1, 8)), PLAIN, [s for s in given if s.juror_id != juror], set(), votes, formula).rows
            if r.rank <= 3}]
        assert result.unstable_jurors == again
        unstable_seen += bool(again)
    assert unstable_seen  # the check was put to the test
