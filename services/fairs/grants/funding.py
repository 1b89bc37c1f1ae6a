"""The funding line: who is funded, with how much, in rank order while the budget lasts.

Plain Python, exact (``Decimal`` money). Definitions:

- In rank order, each application is funded in full while its request fits in what is left of the budget. The first
  that does not fit gets what is left when that is at least the call's minimum award (a *partial* award, shown as
  such), and the line stops there: nothing below it is funded, even a smaller request that would fit (the ranking,
  not the size of a request, decides).
- A coordinator may move the line (``funded``: how many from the top): the top ``funded`` are funded as above while
  the budget lasts; ``short`` says how many of them the budget does not reach. The reason is the caller's to keep.
- A tie at the line: the last funded and the first not funded share a rank; both are named, never hidden.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Ranked:
    application_id: int
    requested: Decimal
    rank: int  # 1 is the best; equal ranks are ties


@dataclass(frozen=True)
class Award:
    application_id: int
    amount: Decimal
    partial: bool


@dataclass(frozen=True)
class FundingLine:
    awards: list[Award]
    left: Decimal  # what the budget keeps
    tie_at_line: list[int]  # the applications that share the rank across the line (empty: no tie there)
    short: int = 0  # with a moved line: how many above it the budget does not reach


def draw(ranked: Sequence[Ranked], budget: Decimal, min_award: Decimal, *, funded: int | None = None) -> FundingLine:
    """``ranked`` in rank order (ties in the order the caller gives them)."""
    order = list(ranked) if funded is None else list(ranked)[:funded]
    left = Decimal(budget)
    awards: list[Award] = []
    for application in order:
        if application.requested <= left:
            awards.append(Award(application.application_id, application.requested, False))
            left -= application.requested
            continue
        if left >= min_award:
            awards.append(Award(application.application_id, left, True))
            left = Decimal(0)
        break
    short = len(order) - len(awards) if funded is not None else 0
    tie: list[int] = []
    if awards and len(awards) < len(ranked):
        last = next(r for r in ranked if r.application_id == awards[-1].application_id)
        tie = [r.application_id for r in ranked if r.rank == last.rank]
        if len(tie) < 2 or all(any(a.application_id == t for a in awards) for t in tie):
            tie = []
    return FundingLine(awards, left, tie, short)
