"""How a fair ranks its pitches: sheets, recusals, votes and the formula in, the leaderboard out.

Plain Python (no Flask, no database, no numpy): dataclasses in, dataclasses out,
cheap enough to recompute on every sheet (12 pitches x 60 jurors x 6 criteria,
stability check included, in about 20 ms on a 2-core build machine).

Inputs of ``rank(pitches, criteria, sheets, recusals, votes, formula)``:

- ``pitches``: ``(pitch_id, team_id)`` of the active lineup, in lineup order (the
  order rows come out in among equals). Sheets, recusals and votes of any other
  pitch are ignored.
- ``criteria``: ``CriterionSpec`` (weight may be a Decimal; it is read as float).
- ``sheets``: ``SheetInput``; ``scores`` maps criterion id -> score. A sheet counts
  when it is complete (every criterion scored) and its juror is not recused from
  its pitch. Two sheets for the same (juror, pitch): the later one in the
  sequence wins.
- ``recusals``: a collection of ``(juror_id, pitch_id)`` pairs (preferred: those
  sheets are dropped, and ``Row.recused`` counts the pairs per pitch), or a
  mapping ``pitch_id -> count`` (counts only; the caller has already left the
  recused sheets out).
- ``votes``: ``pitch_id -> number of audience votes``.
- ``formula``: ``Formula`` (weights may be Decimals; ``tie_breaks`` any sequence
  of ``TIE_BREAKS`` keys, kept as a tuple; unknown keys raise ``ValueError``).

Definitions:

- sheet value = ``100 x sum(weight x score / max) / sum(weight)``, 0 to 100,
  rounded to ``PLACES`` decimals.
- ``jury_raw``: mean of the pitch's counted sheet values (None with none).
- ``jury_standardised``: the least-squares fit of value = pitch score + juror
  offset over the observed (juror, pitch) cells, offsets summing to zero, so a
  juror is compared with the others only on the pitches they scored in common.
  The pitch score equals the mean of (value - juror offset) over its sheets.
  Solved exactly: the juror offsets are eliminated and the pitches' normal
  equations (a graph Laplacian, one row replaced by the sum-to-zero condition)
  solved by Gaussian elimination. Offsets only, no per-juror scaling: with 3 to
  12 sheets a juror, a spread estimate is noise and would be hard for the chair
  to defend. Falls back to raw (``standardised`` False, ``fallback_reason`` one
  of ``NO_SHEETS``, ``TOO_FEW_SHEETS``, ``NOT_CONNECTED``) when there are no
  counted sheets, any juror with counted sheets has fewer than
  ``formula.min_sheets_per_juror``, or the juror-pitch graph of counted sheets is
  not connected (then offsets of separate groups cannot be compared). Pitches
  without sheets are outside the fit. Whenever ``standardised`` is False (off
  in the formula, or fallen back), ``jury_standardised`` equals ``jury_raw`` and
  every offset is 0: it is always the jury score the total uses.
- ``audience``: ``100 x votes / the most votes any pitch got`` (0 with no votes).
- ``total``: ``(jury_weight x jury + audience_weight x audience) / (jury_weight +
  audience_weight)``; None for a pitch without a jury score unless jury_weight is 0.
- order: total descending (None last), then ``formula.tie_breaks`` in order:
  ``jury`` higher jury score (the one the total uses), ``audience`` higher
  audience score, ``first_places`` more jurors who gave it their best value
  (a juror's equal best values each count), ``min_spread`` lower spread (no
  spread, under two sheets, counts as the worst). Numbers are compared rounded
  to ``PLACES`` decimals, so equal totals computed differently still tie. Pitches
  the list cannot separate share a rank (1, 2, 2, 4) with ``tied`` True.
- ``spread``: population standard deviation of the counted sheet values (None
  under two sheets); ``high_spread`` from ``HIGH_SPREAD`` points.
- ``stable_top``: the ranking recomputed without each juror's sheets in turn;
  stable when the set of pitches ranked 1 to 3 (ties included) stays the same.
  ``unstable_jurors`` lists, ascending, the jurors whose removal changes it.

Floats in ``Row`` are rounded to ``PLACES`` decimals.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

TIE_BREAKS = ("jury", "audience", "first_places", "min_spread")
HIGH_SPREAD = 15.0  # standard deviation in points of the 0-100 scale: jurors disagree on the pitch, not on details
PLACES = 6
TOP = 3
NO_SHEETS, TOO_FEW_SHEETS, NOT_CONNECTED = "no_sheets", "too_few_sheets", "not_connected"


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    max_score: int


@dataclass(frozen=True)
class SheetInput:
    juror_id: int
    pitch_id: int
    scores: Mapping[int, int]


@dataclass(frozen=True)
class Formula:
    jury_weight: float
    audience_weight: float
    standardise: bool
    tie_breaks: tuple[str, ...] = ("jury", "audience", "first_places")
    min_sheets_per_juror: int = 3

    def __post_init__(self):
        # values straight from the database (Decimal weights, a list of keys) are accepted as they come
        object.__setattr__(self, "jury_weight", float(self.jury_weight))
        object.__setattr__(self, "audience_weight", float(self.audience_weight))
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


@dataclass(frozen=True)
class Ranking:
    rows: list[Row]
    standardised: bool
    fallback_reason: str | None
    juror_offsets: dict[int, float]
    stable_top: bool
    unstable_jurors: list[int]


def sheet_value(scores: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> float | None:
    """The sheet's value from 0 to 100, or None while a criterion is unscored."""
    weighted = weights = 0.0
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            return None
        weight = float(criterion.weight)
        weighted += weight * score / criterion.max_score
        weights += weight
    # rounded here, once, so that sheets worth the same compare equal (a juror's first places)
    return round(100.0 * weighted / weights, PLACES) if weights > 0 else None


def rank(pitches: Sequence[tuple[int, int]], criteria: Sequence[CriterionSpec], sheets: Sequence[SheetInput],
         recusals: Collection[tuple[int, int]] | Mapping[int, int], votes: Mapping[int, int],
         formula: Formula) -> Ranking:
    lineup = [(int(pitch), int(team)) for pitch, team in pitches]
    in_lineup = {pitch for pitch, _ in lineup}
    recused_pairs, recused = _recusals(recusals, in_lineup)
    counted: dict[tuple[int, int], float] = {}
    for sheet in sheets:
        pair = (sheet.juror_id, sheet.pitch_id)
        if sheet.pitch_id not in in_lineup or pair in recused_pairs:
            continue
        value = sheet_value(sheet.scores, criteria)
        if value is None:
            counted.pop(pair, None)  # a later incomplete sheet replaces an earlier complete one
        else:
            counted[pair] = value
    by_juror: dict[int, list[tuple[int, float]]] = {}
    for (juror, pitch), value in counted.items():
        by_juror.setdefault(juror, []).append((pitch, value))
    audience = _audience(lineup, votes)

    tally = _Tally.of(by_juror, formula.min_sheets_per_juror)
    rows, scores = _rows(lineup, tally, recused, audience, formula)
    standardised = scores is not None
    offsets = {juror: 0.0 for juror in by_juror}
    if standardised:
        offsets = {juror: _r(sum(value - scores[pitch] for pitch, value in cells) / len(cells))
                   for juror, cells in by_juror.items()}
    top = _top(rows)
    unstable = [juror for juror in sorted(by_juror)
                if _top(_rows(lineup, tally.without(juror), recused, audience, formula)[0]) != top]
    return Ranking(rows=rows, standardised=standardised,
                   fallback_reason=_why_not_standardise(tally) if formula.standardise else None,
                   juror_offsets=offsets, stable_top=not unstable, unstable_jurors=unstable)


def _recusals(recusals, in_lineup) -> tuple[frozenset, dict[int, int]]:
    if isinstance(recusals, Mapping):
        return frozenset(), {int(pitch): int(count) for pitch, count in recusals.items()}
    pairs = frozenset((int(juror), int(pitch)) for juror, pitch in recusals)
    return pairs, dict(Counter(pitch for _, pitch in pairs if pitch in in_lineup))


def _audience(lineup, votes) -> dict[int, float]:
    counts = {pitch: max(0, int(votes.get(pitch, 0))) for pitch, _ in lineup}
    most = max(counts.values(), default=0)
    return {pitch: (100.0 * n / most if most else 0.0) for pitch, n in counts.items()}


@dataclass
class _Tally:
    """The sums a ranking is made of, kept so that one juror's sheets come out cheaply (the stability check).

    Per pitch: sheet count, mean and sum of squared deviations (spread), first
    places. For the fit: the jurors' pitch sets and, per pitch, the sums of the
    normal equations (see ``_fit``).
    """

    jurors: dict[int, list[tuple[int, float]]]
    min_sheets: int
    count: Counter
    mean: dict[int, float]
    squares: dict[int, float]
    first: Counter
    pitch_sets: Counter  # pitch set -> number of jurors who scored exactly it
    links: Counter  # (pitch, other pitch) -> sum of 1/sheet count of the jurors who scored both
    centred: Counter  # pitch -> sum over its sheets of (value - the juror's mean)
    inverse: Counter  # pitch -> sum over its jurors of 1/sheet count
    juror_means: float  # sum over jurors of their mean value
    short: int  # jurors with fewer sheets than min_sheets

    @classmethod
    def of(cls, jurors, min_sheets) -> "_Tally":
        values: dict[int, list[float]] = {}
        for cells in jurors.values():
            for pitch, value in cells:
                values.setdefault(pitch, []).append(value)
        mean = {pitch: sum(vs) / len(vs) for pitch, vs in values.items()}
        tally = cls(jurors, min_sheets, Counter({pitch: len(vs) for pitch, vs in values.items()}), mean,
                    {pitch: sum((v - mean[pitch]) ** 2 for v in vs) for pitch, vs in values.items()},
                    Counter(), Counter(), Counter(), Counter(), Counter(), 0.0, 0)
        for cells in jurors.values():
            tally._add(cells, 1)
        return tally

    def _add(self, cells, sign):
        inverse = 1.0 / len(cells)
        juror_mean = sum(value for _, value in cells) * inverse
        best = max(value for _, value in cells)
        pitches = frozenset(pitch for pitch, _ in cells)
        self.pitch_sets[pitches] += sign
        for pitch in pitches:
            for other in pitches:
                if other != pitch:
                    self.links[pitch, other] += sign * inverse
        self.juror_means += sign * juror_mean
        self.short += sign * (len(cells) < self.min_sheets)
        for pitch, value in cells:
            self.centred[pitch] += sign * (value - juror_mean)
            self.inverse[pitch] += sign * inverse
            if value == best:
                self.first[pitch] += sign

    def without(self, juror) -> "_Tally":
        cells = self.jurors[juror]
        count, mean, squares = Counter(self.count), dict(self.mean), dict(self.squares)
        for pitch, value in cells:  # a running mean and squared deviations, one value taken out
            n = count[pitch] - 1
            old = mean[pitch]
            mean[pitch] = (old * (n + 1) - value) / n if n else 0.0
            squares[pitch] = max(0.0, squares[pitch] - (value - old) * (value - mean[pitch])) if n else 0.0
            count[pitch] = n
        rest = _Tally({j: c for j, c in self.jurors.items() if j != juror}, self.min_sheets,
                      +count, mean, squares, Counter(self.first), Counter(self.pitch_sets), Counter(self.links),
                      Counter(self.centred), Counter(self.inverse), self.juror_means, self.short)
        rest._add(cells, -1)
        rest.pitch_sets = +rest.pitch_sets  # the sets nobody scored any more go
        return rest

    def spread(self, pitch) -> float | None:
        n = self.count[pitch]
        return math.sqrt(self.squares[pitch] / n) if n >= 2 else None


def _rows(lineup, tally: _Tally, recused, audience, formula):
    """The rows in rank order, and the standardised pitch scores (None when raw was used)."""
    raw = {pitch: (tally.mean[pitch] if tally.count[pitch] else None) for pitch, _ in lineup}
    jury, scores = raw, None
    if formula.standardise and _why_not_standardise(tally) is None:
        scores = _fit(tally)
        jury = {pitch: scores.get(pitch) for pitch, _ in lineup}

    jw, aw = formula.jury_weight, formula.audience_weight
    facts = []
    for pitch, team in lineup:
        score = jury[pitch]
        if score is None:
            total = audience[pitch] if jw == 0 else None
        else:
            total = (jw * score + aw * audience[pitch]) / (jw + aw)
        spread = tally.spread(pitch)
        facts.append(dict(pitch_id=pitch, team_id=team, jury_raw=_r(raw[pitch]), jury_standardised=_r(score),
                          audience=_r(audience[pitch]), total=_r(total), sheets=tally.count[pitch],
                          recused=recused.get(pitch, 0), spread=_r(spread),
                          high_spread=spread is not None and spread >= HIGH_SPREAD, first_places=tally.first[pitch]))

    keys = [_order_key(fact, formula.tie_breaks) for fact in facts]
    equal = Counter(keys)
    rows = [Row(rank=1 + sum(1 for other in keys if other > key), tied=equal[key] > 1, **fact)
            for fact, key in zip(facts, keys)]
    rows.sort(key=lambda row: row.rank)  # stable: lineup order among equals
    return rows, scores


def _order_key(fact, tie_breaks) -> tuple:
    """Larger is better in every place; None (no score) below any number."""
    def high(value):
        return -math.inf if value is None else value

    key = [high(fact["total"])]
    for name in tie_breaks:
        if name == "jury":
            key.append(high(fact["jury_standardised"]))
        elif name == "audience":
            key.append(fact["audience"])
        elif name == "first_places":
            key.append(fact["first_places"])
        else:  # min_spread
            key.append(-math.inf if fact["spread"] is None else -fact["spread"])
    return tuple(key)


def _top(rows) -> frozenset[int]:
    return frozenset(row.pitch_id for row in rows if row.rank <= TOP)


def _why_not_standardise(tally: _Tally) -> str | None:
    if not tally.jurors:
        return NO_SHEETS
    if tally.short:
        return TOO_FEW_SHEETS
    if not _connected(tally.pitch_sets):
        return NOT_CONNECTED
    return None


def _connected(pitch_sets) -> bool:
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


def _fit(tally: _Tally) -> dict[int, float]:
    """Pitch scores of the least-squares fit value = pitch score + juror offset, offsets summing to zero.

    Normal equations: a juror's offset is the mean over their pitches of (value -
    pitch score); put into the pitches' equations, the pitch scores c solve
    L c = r where L is the Laplacian of the pitches linked by the jurors they
    share (a juror with m sheets adds 1/m to each pair of their pitches) and
    r[p] = sum over the pitch's sheets of (value - the juror's mean). L is
    singular (a constant moved from every pitch score to every offset fits the
    same), so its last row is replaced by the offsets summing to zero:
    sum_p c[p] x (sum over the pitch's jurors of 1/m) = sum over jurors of their mean.
    """
    pitches = sorted(pitch for pitch, n in tally.count.items() if n > 0)
    index = {pitch: i for i, pitch in enumerate(pitches)}
    n = len(pitches)
    laplacian = [[0.0] * n for _ in range(n)]
    for (pitch, other), weight in tally.links.items():
        if pitch in index and other in index:  # a pitch whose last sheet was taken out has only float dust left
            i, j = index[pitch], index[other]
            laplacian[i][j] -= weight
            laplacian[i][i] += weight
    rhs = [tally.centred[pitch] for pitch in pitches]
    laplacian[-1] = [tally.inverse[pitch] for pitch in pitches]
    rhs[-1] = tally.juror_means
    solution = _solve(laplacian, rhs)
    return {pitch: solution[i] for pitch, i in index.items()}


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small: one row per pitch)."""
    n = len(rhs)
    a = [row[:] + [b] for row, b in zip(matrix, rhs)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        head = a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / head[col]
            if factor:
                row = a[r]
                for k in range(col, n + 1):
                    row[k] -= factor * head[k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][k] * x[k] for k in range(r + 1, n))) / a[r][r]
    return x


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, PLACES)
