"""The judging core's panel maths on cases computed by hand: a sheet's value, a scorer's bias taken out where scorers
share items, disagreement, and an outcome that one scorer alone decides."""
from fractions import Fraction

from services.fairs.judging.panel import (
    HIGH_SPREAD, NOT_CONNECTED, CriterionSpec, Panel, Scale, leave_one_out, sheet_value, value_cells,
)

ONE = [CriterionSpec(id=1, weight=1, max_score=100)]  # a sheet's value is its score


def cells(sheets: dict[int, dict[str, int]]) -> tuple[dict, int]:
    scale = Scale(ONE)
    return {scorer: {item: scale.numerator({1: score}) for item, score in row.items()} for scorer, row in sheets.items()}, scale.denominator


def test_a_sheets_value_weighs_each_criterion_against_its_maximum():
    criteria = [CriterionSpec(id=1, weight=2, max_score=10), CriterionSpec(id=2, weight=1, max_score=5)]
    # 100 x (2 x 5/10 + 1 x 5/5) / 3 = 200/3
    assert sheet_value({1: 5, 2: 5}, criteria) == Fraction(200, 3)
    assert sheet_value({1: 10, 2: 5}, criteria) == 100
    assert sheet_value({1: 5}, criteria) is None  # a criterion unscored: no value yet


# Three items whose true values are A 60, B 50, C 40, scored by a lenient scorer (+10), a fair one and a harsh one
# (-10), each seeing only some items: the data fit value = item + offset exactly.
SHEETS = {1: {"A": 70, "B": 60}, 2: {"A": 60, "B": 50, "C": 40}, 3: {"B": 40, "C": 30}}


def test_raw_means_reward_whoever_drew_the_lenient_scorer():
    panel = Panel.of(*cells(SHEETS), standardise=False)
    assert panel.score == {"A": 65, "B": 50, "C": 35}


def test_standardised_the_offsets_come_out_and_the_true_values_with_them():
    panel = Panel.of(*cells(SHEETS), standardise=True, min_sheets=2)
    assert panel.standardised
    assert panel.score == {"A": 60, "B": 50, "C": 40}
    assert panel.offsets() == {1: 10, 2: 0, 3: -10}


def test_scorers_with_no_item_in_common_are_not_compared():
    panel = Panel.of(*cells({1: {"A": 70, "B": 60}, 2: {"C": 40, "D": 30}}), standardise=True, min_sheets=2)
    assert not panel.standardised and panel.reason == NOT_CONNECTED
    assert panel.score == {"A": 70, "B": 60, "C": 40, "D": 30}


def test_disagreement_is_the_spread_of_an_items_values():
    panel = Panel.of(*cells(SHEETS), standardise=False)
    assert panel.variance("B") == Fraction(200, 3)  # 60, 50, 40 around 50
    assert panel.variance("A") == 25  # 70 and 60 around 65
    assert panel.variance("B") < HIGH_SPREAD ** 2
    split = Panel.of(*cells({1: {"A": 90}, 2: {"A": 50}}), standardise=False)
    assert split.variance("A") == 400 >= HIGH_SPREAD ** 2  # 20 points apart each way: the jurors disagree


def test_leave_one_out_names_the_scorer_an_outcome_rests_on():
    def funded(kept):  # a funding line at 50, standardised
        return frozenset(item for item, score in Panel.of(kept, cells(SHEETS)[1], standardise=True, min_sheets=2).score.items()
                         if score >= 50)

    full, _ = cells(SHEETS)
    assert funded(full) == {"A", "B"}
    # without the lenient scorer the fair and the harsh one split their difference on B and C: B falls to 45
    assert leave_one_out(full, funded) == [1]


def test_a_criterion_not_applicable_leaves_the_value_over_the_rest():
    criteria = [CriterionSpec(id=1, weight=2, max_score=10), CriterionSpec(id=2, weight=1, max_score=5)]
    assert sheet_value({1: 5, 2: None}, criteria) == 50  # 100 x (2 x 5/10) / 2
    assert sheet_value({1: None, 2: None}, criteria) is None  # nothing applies: no value
    cells_, denominator = value_cells([(7, "A", {1: 5, 2: None}), (7, "B", {1: 10, 2: 5}), (8, "A", {1: 4, 2: 3}),
                                       (8, "B", {1: 4})], criteria)  # 8's sheet for B is incomplete: not counted
    values = {(s, i): Fraction(n, denominator) for s, row in cells_.items() for i, n in row.items()}
    assert values == {(7, "A"): 50, (7, "B"): 100, (8, "A"): Fraction(140, 3)}  # 100 x (2 x 4/10 + 3/5) / 3


def test_the_fit_is_the_same_exact_one_whichever_side_is_eliminated():
    """Fewer scorers than items (a grants call) solves for the offsets; more (a fair's jury) for the items' effects:
    on random connected designs both give the same exact effects."""
    import random
    from fractions import Fraction

    from services.fairs.judging import panel

    rnd = random.Random(5)
    for _ in range(40):
        items, scorers = rnd.randint(3, 12), rnd.randint(2, 9)
        cells: dict[int, dict[int, int]] = {}
        for scorer in range(1, scorers + 1):
            chosen = rnd.sample(range(1, items + 1), rnd.randint(2, items))
            cells[scorer] = {item: rnd.randint(0, 300) for item in chosen}
        if not panel.connected([frozenset(row) for row in cells.values()]):
            continue
        sums: dict[int, int] = {}
        for row in cells.values():
            for item, value in row.items():
                sums[item] = sums.get(item, 0) + value
        pitches = sorted(sums)
        by_offsets = panel._fit_by_offsets(cells, sums, 3, pitches)
        wide = {scorer + 1000 * k: row for k in range(items + 1) for scorer, row in cells.items()}  # more scorers: the other way
        by_effects = panel.fit(wide, {p: v * (items + 1) for p, v in sums.items()}, 3)
        assert by_offsets == by_effects and all(isinstance(v, Fraction) for v in by_offsets.values())
