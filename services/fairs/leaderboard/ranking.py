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

- sheet value, ``jury_raw``, standardisation, ``jury_standardised``: see ``services.fairs.judging.panel``
  (the jury's scores are the panel's, the fair's formula says whether to standardise).
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
- ``spread``, ``high_spread``: the panel's disagreement on the pitch (``Panel.variance``, ``HIGH_SPREAD``).
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
from fractions import Fraction

from services.fairs.judging.panel import HIGH_SPREAD, CriterionSpec, Panel, Scale, SheetInput, exact, leave_one_out

TIE_BREAKS = ("jury", "audience", "first_places", "min_spread")
PLACES = 6
TOP = 3



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


def rank(pitches: Sequence[tuple[int, int]], criteria: Sequence[CriterionSpec], sheets: Sequence[SheetInput],
         recusals: Collection[tuple[int, int]] | Mapping[int, int], votes: Mapping[int, int],
         formula: Formula, without_jury: Iterable[int] = (), stability: bool = True) -> Ranking:
    lineup = [(int(pitch), int(team)) for pitch, team in pitches]
    in_lineup = {pitch for pitch, _ in lineup}
    recused_pairs, recused = _recusals(recusals, in_lineup)
    scale = Scale(criteria)
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
    jury = _panel(cells, scale.denominator, formula)
    keyed = _keyed(lineup, jury, audience, formula, decided)
    rows = _rows(lineup, keyed, jury, recused, audience, decided)
    unstable = []
    if stability:
        unstable = leave_one_out(cells, lambda kept: _top(_keyed(lineup, _panel(kept, scale.denominator, formula), audience,
                                                                 formula, decided)))
    unscored = [pitch for pitch, _ in lineup
                if formula.jury_weight > 0 and jury.score and pitch not in jury.score and pitch not in decided]
    return Ranking(rows=rows, standardised=jury.standardised,
                   fallback_reason=jury.reason if formula.standardise else None,
                   juror_offsets={juror: _r(offset) for juror, offset in sorted(jury.offsets().items())},
                   stable_top=not unstable, unstable_jurors=unstable,
                   raw_jurors=sorted(jury.raw_jurors) if jury.standardised else [], unscored=unscored)


def _recusals(recusals, in_lineup) -> tuple[frozenset, dict[int, int]]:
    if isinstance(recusals, Mapping):
        return frozenset(), {int(pitch): int(count) for pitch, count in recusals.items()}
    pairs = frozenset((int(juror), int(pitch)) for juror, pitch in recusals)
    return pairs, dict(Counter(pitch for _, pitch in pairs if pitch in in_lineup))


def _audience(lineup, votes) -> dict[int, Fraction]:
    counts = {pitch: max(0, int(votes.get(pitch, 0))) for pitch, _ in lineup}
    most = max(counts.values(), default=0)
    return {pitch: (Fraction(100 * n, most) if most else Fraction(0)) for pitch, n in counts.items()}


def _panel(cells, denominator: int, formula: Formula) -> Panel:
    return Panel.of(cells, denominator, formula.standardise, formula.min_sheets_per_juror)


def _keyed(lineup, jury: Panel, audience, formula: Formula, decided) -> list[tuple[int, tuple, Fraction | None]]:
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


def _rows(lineup, keyed, jury: Panel, recused, audience, decided) -> list[Row]:
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
