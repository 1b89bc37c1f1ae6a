"""How a fair ranks its pitches: sheets, recusals, votes and the formula in, the leaderboard out.

Plain Python (no Flask, no database, no numpy): dataclasses in, dataclasses out.
Every number a decision rests on is exact (``fractions.Fraction``, or integers
over one common denominator): two pitches that are equal in arithmetic are equal
here, so the published tie-break list decides, never rounding noise. Floats
appear only in ``Row`` and ``Ranking``, rounded to ``PLACES`` decimals, for display.

Inputs of ``rank(pitches, criteria, sheets, recusals, votes, formula, without_jury)``:

- ``pitches``: ``(pitch_id, team_id)`` of the active lineup, in lineup order (the
  order rows come out in among equals). Sheets, recusals and votes of any other
  pitch are ignored.
- ``criteria``: ``CriterionSpec``; a weight may be an int, a Decimal, a Fraction
  or a float (a float is read by its shortest decimal form: 0.1 is one tenth).
- ``sheets``: ``SheetInput``; ``scores`` maps criterion id -> score. A sheet counts
  when it is complete (every criterion scored) and its juror is not recused from
  its pitch. Two sheets for the same (juror, pitch): the later one in the
  sequence wins.
- ``recusals``: a collection of ``(juror_id, pitch_id)`` pairs (preferred: those
  sheets are dropped, and ``Row.recused`` counts the pairs per pitch), or a
  mapping ``pitch_id -> count`` (counts only; the caller has already left the
  recused sheets out).
- ``votes``: ``pitch_id -> number of audience votes``.
- ``formula``: ``Formula`` (weights read as ``criteria``' are; ``tie_breaks`` any
  sequence of ``TIE_BREAKS`` keys, kept as a tuple; unknown keys raise ``ValueError``).
- ``without_jury``: pitches the chair decided to rank on what they have when no
  juror's sheet counts for them (every juror recused, or none scored): their
  total is their audience score. A pitch with no jury score that is not in it
  ranks below every pitch with a total and, when other pitches have a jury
  score, is listed in ``Ranking.unscored`` so the chair decides before closing
  scoring (with no jury score anywhere, nothing ranks above it).
- ``stability``: False skips the leave-one-out check (``stable_top`` is then True
  and ``unstable_jurors`` empty): for a reader that needs only the order.

Definitions:

- sheet value = ``100 x sum(weight x score / max) / sum(weight)``, 0 to 100, exact.
- ``jury_raw``: mean of the pitch's counted sheet values (None with none).
- Standardisation, per juror: a juror with at least ``formula.min_sheets_per_juror``
  counted sheets is *fitted*; the others keep their raw values
  (``Ranking.raw_jurors``). Over the fitted jurors' sheets, the least-squares fit
  of value = pitch effect + juror offset, the fitted jurors' offsets summing to
  zero, so a juror is compared with the others only on the pitches they scored in
  common. Offsets only, no per-juror scaling: with 3 to 12 sheets a juror, a
  spread estimate is noise and would be hard for the chair to defend. Solved
  exactly: the offsets eliminated, the pitches' normal equations (a graph
  Laplacian scaled to integers, one row replaced by the sum-to-zero condition)
  solved by fraction-free elimination. When the fitted jurors' juror-pitch graph
  is not connected (offsets of separate groups cannot be compared) or no juror is
  fitted, nothing is standardised (``standardised`` False, ``fallback_reason``
  ``NOT_CONNECTED``, ``TOO_FEW_SHEETS`` or ``NO_SHEETS``).
- ``jury_standardised``: mean over the pitch's counted sheets of (value - the
  juror's offset), the offset 0 for a juror kept raw. For a pitch only fitted
  jurors scored, this is the fit's pitch effect. Equal to ``jury_raw`` whenever
  ``standardised`` is False; it is always the jury score the total uses.
- ``audience``: ``100 x votes / the most votes any pitch got`` (0 with no votes).
- ``total``: ``(jury_weight x jury + audience_weight x audience) / (jury_weight +
  audience_weight)``; for a pitch without a jury score, its audience score when
  jury_weight is 0 or the pitch is in ``without_jury``, None otherwise.
- order: total descending (None last), then ``formula.tie_breaks`` in order:
  ``jury`` higher jury score (the one the total uses; none below any), ``audience``
  higher audience score, ``first_places`` more jurors who gave it their best value
  (a juror's equal best values each count; a juror with fewer than
  ``FIRST_PLACE_MIN_SHEETS`` counted sheets gives none: one sheet is everyone's
  best), ``min_spread`` lower spread (no spread, under two sheets, counts as the
  worst). All compared exactly. Pitches the list cannot separate share a rank
  (1, 2, 2, 4) with ``tied`` True.
- ``spread``: population standard deviation of the counted sheet values (None
  under two sheets); ``high_spread`` from ``HIGH_SPREAD`` points (compared exactly,
  as variances).
- ``stable_top``: the whole ranking recomputed from scratch without each juror's
  sheets in turn; stable when the set of pitches ranked 1 to 3 (ties included)
  stays the same. ``unstable_jurors`` lists, ascending, the jurors whose removal
  changes it.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

TIE_BREAKS = ("jury", "audience", "first_places", "min_spread")
HIGH_SPREAD = 15  # standard deviation in points of the 0-100 scale: jurors disagree on the pitch, not on details
PLACES = 6
TOP = 3
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


@dataclass(frozen=True)
class Formula:
    jury_weight: Fraction
    audience_weight: Fraction
    standardise: bool
    tie_breaks: tuple[str, ...] = ("jury", "audience", "first_places")
    min_sheets_per_juror: int = 3

    def __post_init__(self):
        # values straight from the database (Decimal weights, a list of keys) are accepted as they come
        object.__setattr__(self, "jury_weight", exact(self.jury_weight))
        object.__setattr__(self, "audience_weight", exact(self.audience_weight))
        object.__setattr__(self, "tie_breaks", tuple(self.tie_breaks))
        unknown = [key for key in self.tie_breaks if key not in TIE_BREAKS]
        if unknown or len(set(self.tie_breaks)) != len(self.tie_breaks):
            raise ValueError(f"tie_breaks must be distinct keys of {TIE_BREAKS}: {self.tie_breaks!r}")
        if self.jury_weight < 0 or self.audience_weight < 0 or self.jury_weight + self.audience_weight <= 0:
            raise ValueError("weights must be non-negative and not both zero")


@dataclass(frozen=True)
class Row:
    pitch_id: int
    team_id: int
    rank: int
    tied: bool
    jury_raw: float | None
    jury_standardised: float | None
    audience: float
    total: float | None
    sheets: int
    recused: int
    spread: float | None
    high_spread: bool
    first_places: int
    without_jury: bool = False  # ranked on its audience score alone, as the chair decided


@dataclass(frozen=True)
class Ranking:
    rows: list[Row]
    standardised: bool
    fallback_reason: str | None
    juror_offsets: dict[int, float]
    stable_top: bool
    unstable_jurors: list[int]
    raw_jurors: list[int]  # jurors with counted sheets whose values are taken raw while the others are standardised
    unscored: list[int]  # pitches with no jury score the chair has not decided about, in lineup order


def sheet_value(scores: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> Fraction | None:
    """The sheet's exact value from 0 to 100, or None while a criterion is unscored."""
    weights = sum((exact(c.weight) for c in criteria), Fraction(0))
    if not criteria or weights <= 0:
        return None
    total = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            return None
        total += exact(criterion.weight) * score / criterion.max_score
    return 100 * total / weights


def rank(pitches: Sequence[tuple[int, int]], criteria: Sequence[CriterionSpec], sheets: Sequence[SheetInput],
         recusals: Collection[tuple[int, int]] | Mapping[int, int], votes: Mapping[int, int],
         formula: Formula, without_jury: Iterable[int] = (), stability: bool = True) -> Ranking:
    lineup = [(int(pitch), int(team)) for pitch, team in pitches]
    in_lineup = {pitch for pitch, _ in lineup}
    recused_pairs, recused = _recusals(recusals, in_lineup)
    scale = _Scale(criteria)
    counted: dict[tuple[int, int], int] = {}  # (juror, pitch) -> value x scale.denominator, an integer
    for sheet in sheets:
        pair = (int(sheet.juror_id), int(sheet.pitch_id))
        if pair[1] not in in_lineup or pair in recused_pairs:
            continue
        value = scale.numerator(sheet.scores)
        if value is None:
            counted.pop(pair, None)  # a later incomplete sheet replaces an earlier complete one
        else:
            counted[pair] = value
    audience = _audience(lineup, votes)
    decided = frozenset(int(pitch) for pitch in without_jury) & in_lineup

    cells: dict[int, dict[int, int]] = {}
    for (juror, pitch), value in counted.items():
        cells.setdefault(juror, {})[pitch] = value
    jury = _Jury.of(cells, scale.denominator, formula)
    keyed = _keyed(lineup, jury, audience, formula, decided)
    rows = _rows(lineup, keyed, jury, recused, audience, decided)
    top = _top(keyed)
    unstable = []
    if stability:
        unstable = [juror for juror in sorted(cells)
                    if _top(_keyed(lineup, _Jury.of({j: row for j, row in cells.items() if j != juror}, scale.denominator,
                                                    formula), audience, formula, decided)) != top]
    unscored = [pitch for pitch, _ in lineup
                if formula.jury_weight > 0 and jury.score and pitch not in jury.score and pitch not in decided]
    return Ranking(rows=rows, standardised=jury.standardised,
                   fallback_reason=jury.reason if formula.standardise else None,
                   juror_offsets={juror: _r(offset) for juror, offset in sorted(jury.offsets().items())},
                   stable_top=not unstable, unstable_jurors=unstable,
                   raw_jurors=sorted(jury.raw_jurors) if jury.standardised else [], unscored=unscored)


class _Scale:
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


def _recusals(recusals, in_lineup) -> tuple[frozenset, dict[int, int]]:
    if isinstance(recusals, Mapping):
        return frozenset(), {int(pitch): int(count) for pitch, count in recusals.items()}
    pairs = frozenset((int(juror), int(pitch)) for juror, pitch in recusals)
    return pairs, dict(Counter(pitch for _, pitch in pairs if pitch in in_lineup))


def _audience(lineup, votes) -> dict[int, Fraction]:
    counts = {pitch: max(0, int(votes.get(pitch, 0))) for pitch, _ in lineup}
    most = max(counts.values(), default=0)
    return {pitch: (Fraction(100 * n, most) if most else Fraction(0)) for pitch, n in counts.items()}


@dataclass
class _Jury:
    """The jury's side of one ranking, exact, computed from scratch from the counted sheets.

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
    def of(cls, cells: Mapping[int, dict[int, int]], denominator: int, formula: Formula) -> "_Jury":
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
        if formula.standardise:
            jury._standardise(formula.min_sheets_per_juror)
        return jury

    def _standardise(self, min_sheets: int) -> None:
        if not self.cells:
            self.reason = NO_SHEETS
            return
        fitted = {juror: row for juror, row in self.cells.items() if len(row) >= min_sheets}
        if not fitted:
            self.reason = TOO_FEW_SHEETS
            return
        if not _connected([frozenset(row) for row in fitted.values()]):
            self.reason = NOT_CONNECTED
            return
        sums = Counter(self.sums)
        for juror, row in self.cells.items():
            if juror not in fitted:
                sums.subtract(row)
        self.effects = effects = _fit(fitted, sums, self.denominator)
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


def _connected(pitch_sets: list[frozenset]) -> bool:
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


def _fit(cells: Mapping[int, Mapping[int, int]], sums: Mapping[int, int], denominator: int) -> dict[int, Fraction]:
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
    solution = _solve(laplacian, rhs)
    return {pitch: solution[i] / denominator for pitch, i in index.items()}


def _solve(matrix: list[list[int]], rhs: list[int]) -> list[Fraction]:
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


def _keyed(lineup, jury: _Jury, audience, formula: Formula, decided) -> list[tuple[int, tuple, Fraction | None]]:
    """(pitch, order key, total) per pitch of the lineup: larger keys rank higher, compared exactly."""
    jw, aw = formula.jury_weight, formula.audience_weight
    out = []
    for pitch, _ in lineup:
        score = jury.score.get(pitch)
        if score is None:
            total = audience[pitch] if jw == 0 or pitch in decided else None
        else:
            total = (jw * score + aw * audience[pitch]) / (jw + aw)
        key = [_high(total)]
        for name in formula.tie_breaks:
            if name == "jury":
                key.append(_high(score))
            elif name == "audience":
                key.append(_high(audience[pitch]))
            elif name == "first_places":
                key.append(_high(jury.first[pitch]))
            else:  # min_spread: the smaller variance is better; no spread is the worst
                variance = jury.variance(pitch)
                key.append(_high(None if variance is None else -variance))
        out.append((pitch, tuple(key), total))
    return out


def _high(value) -> tuple:
    """An order key part: any number above none."""
    return (0, 0) if value is None else (1, value)


def _ranks(keyed) -> dict[int, tuple[int, bool]]:
    """Rank = 1 + the number of keys strictly greater; tied when another key is equal. Keys are sorted and compared,
    never hashed (hashing a fraction with a large denominator costs more than comparing it)."""
    order = sorted(keyed, key=lambda item: item[1], reverse=True)
    out: dict[int, tuple[int, bool]] = {}
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and order[end + 1][1] == order[start][1]:
            end += 1
        for pitch, _, _ in order[start:end + 1]:
            out[pitch] = (start + 1, end > start)
        start = end + 1
    return out


def _top(keyed) -> frozenset[int]:
    return frozenset(pitch for pitch, (place, _) in _ranks(keyed).items() if place <= TOP)


def _rows(lineup, keyed, jury: _Jury, recused, audience, decided) -> list[Row]:
    ranks = _ranks(keyed)
    totals = {pitch: total for pitch, _, total in keyed}
    rows = []
    for pitch, team in lineup:
        variance = jury.variance(pitch)
        score = jury.score.get(pitch)
        place, tied = ranks[pitch]
        rows.append(Row(
            pitch_id=pitch, team_id=team, rank=place, tied=tied, jury_raw=_r(jury.raw_scores.get(pitch)), jury_standardised=_r(score),
            audience=_r(audience[pitch]), total=_r(totals[pitch]), sheets=jury.count[pitch], recused=recused.get(pitch, 0),
            spread=None if variance is None else round(math.sqrt(variance), PLACES),
            high_spread=variance is not None and variance >= HIGH_SPREAD ** 2, first_places=jury.first[pitch],
            without_jury=score is None and pitch in decided,
        ))
    rows.sort(key=lambda row: row.rank)  # stable: lineup order among equals
    return rows


def _r(value) -> float | None:
    """For display only: decisions are taken on the exact value."""
    return None if value is None else round(float(value), PLACES)
