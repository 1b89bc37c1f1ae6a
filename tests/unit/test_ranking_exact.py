"""The ranking against a reference written here in exact fractions, on thousands of generated small fairs.

The reference shares nothing with ``ranking.py`` but the definitions: it solves the
least squares of value = pitch effect + juror offset as the full system of the
fit's optimality conditions (pitch effects, juror offsets and a Lagrange
multiplier for the offsets summing to zero) by Gauss-Jordan elimination in
``Fraction``, finds connectedness by a walk over jurors and pitches, and
recomputes every leave-one-out ranking from the sheets. Small maxima and few
jurors make exact ties common, which is where rounding used to decide.
"""
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.fairs.judging.panel import CriterionSpec, SheetInput
from services.fairs.leaderboard.ranking import TIE_BREAKS, Formula, rank

F = Fraction


def reference(lineup, criteria, sheets, recused, votes, formula, decided):
    pitch_ids = [p for p, _ in lineup]
    weights = sum(F(c.weight) for c in criteria)
    values = {}
    for s in sheets:  # later sheets win; an incomplete later one removes the earlier
        pair = (s.juror_id, s.pitch_id)
        if s.pitch_id not in pitch_ids or pair in recused:
            continue
        if all(c.id in s.scores for c in criteria):
            values[pair] = 100 * sum(F(c.weight) * s.scores[c.id] / c.max_score for c in criteria) / weights
        else:
            values.pop(pair, None)
    most = max(votes.get(p, 0) for p in pitch_ids)
    audience = {p: F(100 * votes.get(p, 0), most) if most else F(0) for p in pitch_ids}
    jw, aw = F(str(formula.jury_weight)), F(str(formula.audience_weight))

    def board(values):
        jurors = sorted({j for j, _ in values})
        by_pitch = {p: [(j, v) for (j, q), v in values.items() if q == p] for p in pitch_ids}
        offsets = {j: F(0) for j in jurors}
        standardised = False
        if formula.standardise:
            fitted = [j for j in jurors if sum(1 for (k, _) in values if k == j) >= formula.min_sheets_per_juror]
            if fitted and connected(fitted, values):
                offsets.update(least_squares_offsets(fitted, values))
                standardised = True
        score = {p: sum(v - offsets[j] for j, v in cells) / len(cells) for p, cells in by_pitch.items() if cells}
        first = {p: 0 for p in pitch_ids}
        for j in jurors:
            mine = {q: v for (k, q), v in values.items() if k == j}
            if len(mine) >= 2:
                for q, v in mine.items():
                    first[q] += v == max(mine.values())
        variance = {}
        for p, cells in by_pitch.items():
            if len(cells) >= 2:
                mean = sum(v for _, v in cells) / len(cells)
                variance[p] = sum((v - mean) ** 2 for _, v in cells) / len(cells)
        keys, totals = {}, {}
        for p in pitch_ids:
            if p in score:
                total = (jw * score[p] + aw * audience[p]) / (jw + aw)
            else:
                total = audience[p] if jw == 0 or p in decided else None
            totals[p] = total
            key = [none_lowest(total)]
            for name in formula.tie_breaks:
                key.append(none_lowest({"jury": score.get(p), "audience": audience[p], "first_places": first[p],
                                        "min_spread": -variance[p] if p in variance else None}[name]))
            keys[p] = tuple(key)
        ranks = {p: 1 + sum(keys[q] > keys[p] for q in pitch_ids) for p in pitch_ids}
        tied = {p: sum(keys[q] == keys[p] for q in pitch_ids) > 1 for p in pitch_ids}
        return ranks, tied, totals, standardised, score

    ranks, tied, totals, standardised, score = board(values)
    top = {p for p in pitch_ids if ranks[p] <= 3}
    unstable = [j for j in sorted({j for j, _ in values})
                if {p for p, r in board({k: v for k, v in values.items() if k[0] != j})[0].items() if r <= 3} != top]
    unscored = [p for p in pitch_ids if jw > 0 and score and p not in score and p not in decided]
    return ranks, tied, totals, standardised, unstable, unscored


def none_lowest(value):
    return (0, 0) if value is None else (1, value)


def connected(jurors, values):
    seen_jurors, seen_pitches, todo = {jurors[0]}, set(), [("j", jurors[0])]
    while todo:
        kind, node = todo.pop()
        for (j, p) in values:
            if j not in jurors:
                continue
            if kind == "j" and j == node and p not in seen_pitches:
                seen_pitches.add(p)
                todo.append(("p", p))
            elif kind == "p" and p == node and j not in seen_jurors:
                seen_jurors.add(j)
                todo.append(("j", j))
    return seen_jurors == set(jurors)


def least_squares_offsets(jurors, values):
    """Minimise sum (v - c_p - o_j)^2 over the fitted jurors' sheets with sum o_j = 0: its optimality conditions, solved."""
    cells = {(j, p): v for (j, p), v in values.items() if j in jurors}
    pitches = sorted({p for _, p in cells})
    unknowns = [("c", p) for p in pitches] + [("o", j) for j in jurors] + [("lambda", 0)]
    at = {u: i for i, u in enumerate(unknowns)}
    n = len(unknowns)
    rows = []
    for p in pitches:  # d/dc_p: sum over the pitch's sheets of (c_p + o_j - v) = 0
        row = [F(0)] * (n + 1)
        for (j, q), v in cells.items():
            if q == p:
                row[at["c", p]] += 1
                row[at["o", j]] += 1
                row[n] += v
        rows.append(row)
    for j in jurors:  # d/do_j: sum over the juror's sheets of (c_p + o_j - v) + lambda = 0
        row = [F(0)] * (n + 1)
        for (k, p), v in cells.items():
            if k == j:
                row[at["c", p]] += 1
                row[at["o", j]] += 1
                row[n] += v
        row[at["lambda", 0]] = F(1)
        rows.append(row)
    row = [F(0)] * (n + 1)
    for j in jurors:
        row[at["o", j]] = F(1)
    rows.append(row)
    for col in range(n):  # Gauss-Jordan
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        head[:] = [x / head[col] for x in head]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], head)]
    return {j: rows[at["o", j]][n] for j in jurors}


@st.composite
def fairs(draw):
    n_pitches = draw(st.integers(2, 6))
    n_jurors = draw(st.integers(1, 5))
    criteria = [CriterionSpec(i, draw(st.sampled_from([1, 2, 3, 0.5, "0.7"])), draw(st.integers(1, 4)))
                for i in range(1, draw(st.integers(1, 3)) + 1)]
    lineup = [(p, 100 + p) for p in range(1, n_pitches + 1)]
    sheets, recused = [], set()
    for j in range(1, n_jurors + 1):
        for p in range(1, n_pitches + 1):
            fate = draw(st.sampled_from(["scored", "scored", "scored", "missing", "recused", "incomplete"]))
            if fate == "recused":
                recused.add((j, p))
            if fate in ("scored", "recused"):
                sheets.append(SheetInput(j, p, {c.id: draw(st.integers(0, c.max_score)) for c in criteria}))
            elif fate == "incomplete":
                sheets.append(SheetInput(j, p, {criteria[0].id: 0} if len(criteria) > 1 else {}))
    votes = {p: draw(st.integers(0, 4)) for p in range(1, n_pitches + 1)}
    jury_weight, audience_weight = draw(st.sampled_from([(1, 0), (0, 1), (1, 1), ("0.7", "0.3"), (3, 1)]))
    formula = Formula(jury_weight, audience_weight, draw(st.booleans()),
                      tuple(draw(st.permutations(TIE_BREAKS))[:draw(st.integers(0, 4))]), draw(st.integers(1, 3)))
    decided = draw(st.sets(st.integers(1, n_pitches), max_size=2))
    return lineup, criteria, sheets, recused, votes, formula, decided


@settings(max_examples=3000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fairs())
def test_every_rank_tie_and_stability_answer_equals_the_exact_reference(fair):
    lineup, criteria, sheets, recused, votes, formula, decided = fair
    result = rank(lineup, criteria, sheets, recused, votes, formula, decided)
    ranks, tied, totals, standardised, unstable, unscored = reference(*fair)
    assert {r.pitch_id: r.rank for r in result.rows} == ranks
    assert {r.pitch_id: r.tied for r in result.rows} == tied
    assert {r.pitch_id: r.total for r in result.rows} == {
        p: None if t is None else round(float(t), 6) for p, t in totals.items()}
    assert result.standardised == standardised
    assert result.unstable_jurors == unstable and result.stable_top == (not unstable)
    assert result.unscored == unscored


def test_equal_values_reached_by_different_sheets_share_a_place_and_the_list_is_applied():
    """One criterion out of 3, two jurors: A gets 0 and 2, B 1 and 1 (both exactly 33.3...), C 3 and 3."""
    criteria = [CriterionSpec(1, 1, 3)]
    given_sheets = [SheetInput(j, p, {1: s}) for j, p, s in [(1, 1, 0), (2, 1, 2), (1, 2, 1), (2, 2, 1), (1, 3, 3), (2, 3, 3)]]
    result = rank([(1, 11), (2, 12), (3, 13)], criteria, given_sheets, set(), {}, Formula(1, 0, False))
    assert [(r.pitch_id, r.rank, r.tied) for r in result.rows] == [(3, 1, False), (1, 2, True), (2, 2, True)]
    assert result.rows[1].total == result.rows[2].total == 33.333333
    # the list decides once it can: the smaller spread puts B ahead of A
    by_spread = rank([(1, 11), (2, 12), (3, 13)], criteria, given_sheets, set(), {}, Formula(1, 0, False, ("jury", "min_spread")))
    assert [(r.pitch_id, r.rank, r.tied) for r in by_spread.rows] == [(3, 1, False), (2, 2, False), (1, 3, False)]


def test_a_juror_with_one_sheet_gives_no_first_place():
    criteria = [CriterionSpec(1, 1, 10)]
    given_sheets = [SheetInput(1, 1, {1: 8}), SheetInput(1, 2, {1: 6}), SheetInput(2, 1, {1: 6}), SheetInput(2, 2, {1: 8}),
                    SheetInput(3, 2, {1: 1})]  # juror 3 arrived late and scored pitch 2 only
    result = rank([(1, 11), (2, 12)], criteria, given_sheets, set(), {}, Formula(1, 0, False, ("first_places",)))
    assert [r.first_places for r in sorted(result.rows, key=lambda r: r.pitch_id)] == [1, 1]


def test_a_pitch_without_a_jury_score_is_reported_and_ranked_on_its_votes_once_the_chair_decides():
    criteria = [CriterionSpec(1, 1, 10)]
    given_sheets = [SheetInput(j, p, {1: 5}) for j in (1, 2) for p in (1, 2)]
    lineup, recused, votes = [(1, 11), (2, 12), (3, 13)], {(1, 3), (2, 3)}, {1: 1, 2: 1, 3: 10}
    undecided = rank(lineup, criteria, given_sheets, recused, votes, Formula(1, 1, False))
    assert undecided.unscored == [3]
    assert [(r.pitch_id, r.total, r.rank) for r in undecided.rows][-1] == (3, None, 3)
    decided = rank(lineup, criteria, given_sheets, recused, votes, Formula(1, 1, False), without_jury={3})
    assert decided.unscored == []
    assert [(r.pitch_id, r.total, r.without_jury) for r in decided.rows][0] == (3, 100, True)
