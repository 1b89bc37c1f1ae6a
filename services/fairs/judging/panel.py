"""The maths of a panel's sheets: each scorer (a juror, an expert) scores items (pitches, applications) on weighted
criteria; out come each item's score, the scorers' bias taken out where they share items, their disagreement, and
whether an outcome stands when any one scorer is left out.

Plain Python (no Flask, no database, no numpy). Every number a decision rests on is exact (``fractions.Fraction``,
or integers over one common denominator): two items equal in arithmetic are equal here, never apart by rounding.

Definitions (an "item" is what is scored; ``cells``: scorer -> item -> value numerator over ``Scale.denominator``):

- sheet value = ``100 x sum(weight x score / max) / sum(weight)``, 0 to 100, exact; over the criteria that apply
  (a criterion scored ``None`` is not applicable to the item).
- raw score: mean of the item's counted sheet values (None with none).
- Standardisation, per scorer: a scorer with at least ``min_sheets``
  counted sheets is *fitted*; the others keep their raw values
  (``Panel.raw_jurors``). Over the fitted scorers' sheets, the least-squares fit
  of value = item effect + scorer offset, the fitted scorers' offsets summing to
  zero, so a scorer is compared with the others only on the items they scored in
  common. Offsets only, no per-scorer scaling: with 3 to 12 sheets a scorer, a
  spread estimate is noise and would be hard for the chair to defend. Solved
  exactly: the offsets eliminated, the items' normal equations (a graph
  Laplacian scaled to integers, one row replaced by the sum-to-zero condition)
  solved by fraction-free elimination. When the fitted scorers' scorer-item graph
  is not connected (offsets of separate groups cannot be compared) or no scorer is
  fitted, nothing is standardised (``standardised`` False, ``fallback_reason``
  ``NOT_CONNECTED``, ``TOO_FEW_SHEETS`` or ``NO_SHEETS``).
- standardised score: mean over the item's counted sheets of (value - the
  scorer's offset), the offset 0 for a scorer kept raw. For a item only fitted
  scorers scored, this is the fit's item effect. Equal to raw score whenever
  ``standardised`` is False; it is always the score (``Panel.score``) an outcome uses.
- ``spread``: population standard deviation of the counted sheet values (None
  under two sheets); ``high_spread`` from ``HIGH_SPREAD`` points (compared exactly,
  as variances).
- ``leave_one_out``: the outcome recomputed from scratch without each scorer's sheets in turn; the scorers whose
  removal changes it, ascending.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

HIGH_SPREAD = 15  # standard deviation in points of the 0-100 scale: jurors disagree on the pitch, not on details
FIRST_PLACE_MIN_SHEETS = 2
NO_SHEETS, TOO_FEW_SHEETS, NOT_CONNECTED = "no_sheets", "too_few_sheets", "not_connected"


def exact(value) -> Fraction:
    """A number as an exact fraction; a float by its shortest decimal form, so 0.1 is one tenth."""
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, (int, Fraction, Decimal, str)):
        return Fraction(value)
    raise TypeError(f"not a number: {value!r}")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: object
    max_score: int


@dataclass(frozen=True)
class SheetInput:
    juror_id: int
    pitch_id: int
    scores: Mapping[int, int]


def sheet_value(scores: Mapping[int, int | None], criteria: Sequence[CriterionSpec]) -> Fraction | None:
    """The sheet's exact value from 0 to 100, or None while a criterion is unscored. A criterion scored ``None`` is
    not applicable to this item (a grants call allows it where the criterion says so): the value is taken over the
    criteria that apply, and None when none does."""
    weights, total = Fraction(0), Fraction(0)
    for criterion in criteria:
        if criterion.id not in scores:
            return None
        score = scores[criterion.id]
        if score is None:
            continue
        weights += exact(criterion.weight)
        total += exact(criterion.weight) * score / criterion.max_score
    if weights <= 0:
        return None
    return 100 * total / weights


def value_cells(sheets: Iterable[tuple[int, object, Mapping[int, int | None]]], criteria: Sequence[CriterionSpec]
                ) -> tuple[dict, int]:
    """``(scorer, item, scores)`` sheets as the panel's cells: each complete sheet's value (``sheet_value``, not
    applicable criteria left out) as an integer over one common denominator. An incomplete sheet counts for nothing;
    a later sheet of the same scorer and item replaces an earlier one."""
    values: dict[tuple, Fraction] = {}
    for scorer, item, scores in sheets:
        value = sheet_value(scores, criteria)
        if value is None:
            values.pop((scorer, item), None)
        else:
            values[(scorer, item)] = value
    denominator = math.lcm(*(v.denominator for v in values.values())) if values else 1
    cells: dict = {}
    for (scorer, item), value in values.items():
        cells.setdefault(scorer, {})[item] = int(value * denominator)
    return cells, denominator


class Scale:
    """Sheet values as integers over one denominator: value = sum(k_c x score) / denominator, k_c integers."""

    def __init__(self, criteria: Sequence[CriterionSpec]):
        weights = sum((exact(c.weight) for c in criteria), Fraction(0))
        self.ids = [c.id for c in criteria]
        if not criteria or weights <= 0:
            self.coefficients, self.denominator = None, 1
            return
        shares = [100 * exact(c.weight) / (c.max_score * weights) for c in criteria]
        self.denominator = math.lcm(*(share.denominator for share in shares))
        self.coefficients = [int(share * self.denominator) for share in shares]

    def numerator(self, scores: Mapping[int, int]) -> int | None:
        if self.coefficients is None:
            return None
        total = 0
        for cid, k in zip(self.ids, self.coefficients):
            score = scores.get(cid)
            if score is None:
                return None
            total += k * int(score)
        return total


@dataclass
class Panel:
    """A panel's counted sheets, exact, computed from scratch: per item its count, mean, variance and first places,
    and, standardised, each scorer's offset taken out.

    Values are integers over ``denominator`` (see ``_Scale``) until a mean or the fit divides them.
    """

    cells: dict[int, dict[int, int]]  # juror -> pitch -> value numerator
    denominator: int
    count: Counter  # pitch -> counted sheets
    sums: dict  # pitch -> sum of value numerators
    squares: dict  # pitch -> sum of squared value numerators
    first: Counter  # pitch -> first places
    raw_scores: dict[int, Fraction]  # pitch -> mean of its sheet values (pitches with sheets only)
    score: dict[int, Fraction]  # pitch -> jury score the total uses: the raw mean unless standardised
    raw_jurors: frozenset
    standardised: bool
    reason: str | None
    effects: dict[int, Fraction] | None = None  # pitch -> the fit's pitch effect, when standardised

    @classmethod
    def of(cls, cells: Mapping[int, dict[int, int]], denominator: int, standardise: bool = False,
           min_sheets: int = 3) -> "Panel":
        count: dict[int, int] = {}
        sums: dict[int, int] = {}
        squares: dict[int, int] = {}
        first: Counter = Counter()
        for row in cells.values():
            for pitch, value in row.items():
                count[pitch] = count.get(pitch, 0) + 1
                sums[pitch] = sums.get(pitch, 0) + value
                squares[pitch] = squares.get(pitch, 0) + value * value
            if len(row) >= FIRST_PLACE_MIN_SHEETS:
                best = max(row.values())
                first.update(pitch for pitch, value in row.items() if value == best)
        raw = {pitch: Fraction(sums[pitch], count[pitch] * denominator) for pitch in count}
        jury = cls(dict(cells), denominator, Counter(count), sums, squares, first, raw, raw, frozenset(cells), False, None)
        if standardise:
            jury._standardise(min_sheets)
        return jury

    def _standardise(self, min_sheets: int) -> None:
        if not self.cells:
            self.reason = NO_SHEETS
            return
        fitted = {juror: row for juror, row in self.cells.items() if len(row) >= min_sheets}
        if not fitted:
            self.reason = TOO_FEW_SHEETS
            return
        if not connected([frozenset(row) for row in fitted.values()]):
            self.reason = NOT_CONNECTED
            return
        sums = Counter(self.sums)
        for juror, row in self.cells.items():
            if juror not in fitted:
                sums.subtract(row)
        self.effects = effects = fit(fitted, sums, self.denominator)
        # a pitch's score: the mean of (value - offset) over all its sheets; the fitted ones' part is the effect
        fitted_count, raw_sums = Counter(), Counter()
        for juror, row in self.cells.items():
            for pitch, value in row.items():
                if juror in fitted:
                    fitted_count[pitch] += 1
                else:
                    raw_sums[pitch] += value
        self.score = {
            pitch: (effects.get(pitch, Fraction(0)) * fitted_count[pitch] + Fraction(raw_sums[pitch], self.denominator))
            / self.count[pitch]
            for pitch in self.count
        }
        self.raw_jurors = frozenset(self.cells) - frozenset(fitted)
        self.standardised = True

    def offsets(self) -> dict[int, Fraction]:
        """Each juror's offset: the mean over their sheets of (value - pitch effect); 0 for a juror kept raw."""
        out = {}
        for juror, row in self.cells.items():
            if self.effects is None or juror in self.raw_jurors:
                out[juror] = Fraction(0)
            else:
                out[juror] = sum((Fraction(value, self.denominator) - self.effects[pitch] for pitch, value in row.items()),
                                 Fraction(0)) / len(row)
        return out

    def variance(self, pitch) -> Fraction | None:
        """Population variance of the pitch's sheet values (None under two sheets)."""
        n = self.count[pitch]
        if n < 2:
            return None
        return Fraction(n * self.squares[pitch] - self.sums[pitch] ** 2, n * n * self.denominator ** 2)


def connected(pitch_sets: list[frozenset]) -> bool:
    """Whether every juror and scored pitch hang together through shared pitches (the fit is unique only then)."""
    pending = set(pitch_sets)
    reached = set(pending.pop())
    grew = True
    while pending and grew:
        joining = {pitches for pitches in pending if not reached.isdisjoint(pitches)}
        grew = bool(joining)
        pending -= joining
        for pitches in joining:
            reached |= pitches
    return not pending


def fit(cells: Mapping[int, Mapping[int, int]], sums: Mapping[int, int], denominator: int) -> dict[int, Fraction]:
    """Pitch effects of the least-squares fit value = pitch effect + juror offset, offsets summing to zero.

    Normal equations: a juror's offset is the mean over their pitches of (value -
    pitch effect); put into the pitches' equations, the effects c solve L c = r
    where L is the Laplacian of the pitches linked by the jurors they share (a
    juror with m sheets adds 1/m to each pair of their pitches) and r[p] = sum
    over the pitch's sheets of (value - the juror's mean). L is singular (a
    constant moved from every effect to every offset fits the same), so its last
    row is replaced by the offsets summing to zero: sum_p c[p] x (sum over the
    pitch's jurors of 1/m) = sum over jurors of their mean. Every row is
    multiplied by the least common multiple M of the jurors' sheet counts and
    by the values' denominator, so the system is in integers; jurors who scored
    the same pitches are added as one group. ``sums``: per pitch, the sum of
    these jurors' values on it.
    """
    pitches = sorted({pitch for row in cells.values() for pitch in row})
    if len(cells) < len(pitches):
        return _fit_by_offsets(cells, sums, denominator, pitches)
    index = {pitch: i for i, pitch in enumerate(pitches)}
    n = len(pitches)
    scale = math.lcm(*(len(row) for row in cells.values()))
    groups: Counter = Counter()  # pitch set -> sum over its jurors of M/m
    shifts: Counter = Counter()  # pitch set -> sum over its jurors of M/m x the juror's value total
    rhs = [0] * n  # r x M x denominator
    for row in cells.values():
        share = scale // len(row)
        pitch_set = frozenset(row)
        groups[pitch_set] += share
        shifts[pitch_set] += share * sum(row.values())
    for pitch, i in index.items():
        rhs[i] += scale * sums[pitch]
    gauge_rhs = sum(shifts.values())
    for pitch_set, shift in shifts.items():
        for pitch in pitch_set:
            rhs[index[pitch]] -= shift
    laplacian = [[0] * n for _ in range(n)]
    gauge = [0] * n
    for pitch_set, weight in groups.items():
        members = [index[pitch] for pitch in pitch_set]
        for i in members:
            gauge[i] += weight
            laplacian[i][i] += weight * (len(members) - 1)
            row = laplacian[i]
            for j in members:
                if j != i:
                    row[j] -= weight
    laplacian[-1], rhs[-1] = gauge, gauge_rhs
    solution = solve(laplacian, rhs)
    return {pitch: solution[i] / denominator for pitch, i in index.items()}


def _fit_by_offsets(cells: Mapping[int, Mapping[int, int]], sums: Mapping[int, int], denominator: int,
                    pitches: list[int]) -> dict[int, Fraction]:
    """The same fit solved for the scorers' offsets when there are fewer scorers than items (a grants call: 20 experts,
    300 applications), the items' effects eliminated instead: the system is as large as the smaller side.

    A pitch's effect is the mean over its sheets of (value - offset): c[p] = (S[p] - sum of its jurors' offsets) / n[p].
    Put into the jurors' equations: m[j] o[j] - sum over j's pitches of (sum of the pitch's jurors' offsets) / n[p] =
    T[j] - sum over j's pitches of S[p] / n[p], for T[j] the juror's value total. Singular as the other way round; its
    last row is replaced by the offsets summing to zero (the same gauge). Rows times the least common multiple of the
    n[p] are integers, solved exactly as the other way round."""
    jurors = sorted(cells)
    index = {juror: i for i, juror in enumerate(jurors)}
    on: dict[int, list[int]] = {}
    for juror, row in cells.items():
        for pitch in row:
            on.setdefault(pitch, []).append(index[juror])
    scale = math.lcm(*(len(members) for members in on.values()))
    n = len(jurors)
    matrix = [[0] * n for _ in range(n)]
    rhs = [0] * n
    for juror, row in cells.items():
        i = index[juror]
        rhs[i] = scale * sum(row.values())
        matrix[i][i] += scale * len(row)
        for pitch in row:
            share = scale // len(on[pitch])
            rhs[i] -= share * sums[pitch]
            for k in on[pitch]:
                matrix[i][k] -= share
    matrix[-1], rhs[-1] = [1] * n, 0
    offsets = solve(matrix, rhs)
    return {pitch: (sums[pitch] - sum((offsets[k] for k in on[pitch]), Fraction(0))) / len(on[pitch]) / denominator
            for pitch in pitches}


def solve(matrix: list[list[int]], rhs: list[int]) -> list[Fraction]:
    """The exact solution of a nonsingular integer system: Bareiss' fraction-free elimination, then back substitution."""
    n = len(rhs)
    a = [row[:] + [b] for row, b in zip(matrix, rhs)]
    previous = 1
    for k in range(n):
        if a[k][k] == 0:
            swap = next(r for r in range(k + 1, n) if a[r][k] != 0)
            a[k], a[swap] = a[swap], a[k]
        head, pivot = a[k], a[k][k]
        for r in range(k + 1, n):
            row = a[r]
            factor = row[k]
            for c in range(k + 1, n + 1):
                row[c] = (row[c] * pivot - factor * head[c]) // previous  # exact: Sylvester's identity
            row[k] = 0
        previous = pivot
    x = [Fraction(0)] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][k] * x[k] for k in range(r + 1, n))) / Fraction(a[r][r])
    return x


def leave_one_out(cells: Mapping[int, Mapping[int, int]], outcome: Callable[[dict], object]) -> list[int]:
    """The scorers whose removal changes ``outcome`` (a function of the cells, e.g. the set of items ranked in the top
    three, or funded above a line), ascending; the outcome is recomputed from scratch each time."""
    baseline = outcome(dict(cells))
    return [scorer for scorer in sorted(cells)
            if outcome({other: row for other, row in cells.items() if other != scorer}) != baseline]
