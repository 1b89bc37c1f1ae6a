"""Where the applications stand: the ranking from the judging core's panel maths and the funding line drawn on it.

A sheet counts when it is complete (every criterion scored or, where allowed, said not to apply), its expert is
assigned to the application and has no conflict with it. Its value is over the criteria that apply. Each expert's
bias is taken out over the applications experts share (the fair's standardisation, experts with at least two sheets
fitted); where it cannot be (experts with nothing in common) the raw means stand and the ranking says so.
Disagreement: two experts far apart on an application (the fair's spread). Stability: the funded applications
recomputed without each expert in turn. The line is the budget's, or where a coordinator moved it (``line``).
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from services.fairs.grants import line as line_moves
from services.fairs.grants.funding import Ranked, draw
from services.fairs.grants.models import GrantApplication, GrantAssignment, GrantReview
from services.fairs.grants.operations import criteria, get_call
from services.fairs.grants.review import conflicted_pairs
from services.fairs.judging.panel import HIGH_SPREAD, CriterionSpec, Panel, leave_one_out, value_cells
from shared.uow import UnitOfWork

MIN_SHEETS = 2  # an expert's bias is estimated from two sheets or more


def _cells(uow: UnitOfWork, call_id: int, apps: list[GrantApplication]) -> tuple[dict, int]:
    specs = [CriterionSpec(id=c.id, weight=c.weight, max_score=c.max_score) for c in criteria(uow, call_id)]
    pairs = conflicted_pairs(uow, call_id, apps)
    assigned = set(uow.session.execute(
        sa.select(GrantAssignment.expert_id, GrantAssignment.application_id).where(GrantAssignment.call_id == call_id)).tuples())
    reviews = uow.session.execute(sa.select(GrantReview).where(GrantReview.call_id == call_id).order_by(GrantReview.id)).scalars()
    sheets = [(r.expert_id, r.application_id, {int(k): v for k, v in (r.scores or {}).items()}) for r in reviews
              if (r.expert_id, r.application_id) in assigned and (r.expert_id, r.application_id) not in pairs]
    return value_cells(sheets, specs)


def _order(panel: Panel, requested: dict[int, Decimal]) -> list[Ranked]:
    """Best score first; equal scores share a rank (1, 2, 2, 4), listed by application id."""
    scored = sorted(panel.score.items(), key=lambda item: (-item[1], item[0]))
    out: list[Ranked] = []
    for place, (application_id, score) in enumerate(scored, start=1):
        rank = out[-1].rank if out and panel.score[out[-1].application_id] == score else place
        out.append(Ranked(application_id, requested[application_id], rank))
    return out


def standing(uow: UnitOfWork, call_id: int) -> dict:
    call = get_call(uow, call_id)
    apps = {a.id: a for a in uow.session.execute(sa.select(GrantApplication).where(GrantApplication.call_id == call_id)).scalars()}
    requested = {i: a.requested_amount for i, a in apps.items()}
    cells, denominator = _cells(uow, call_id, list(apps.values()))
    panel = Panel.of(cells, denominator, standardise=True, min_sheets=MIN_SHEETS)
    ranked = _order(panel, requested)
    funded_by_hand = line_moves.current(uow, call_id)
    line = draw(ranked, call.budget, call.min_award, funded=funded_by_hand)

    def funded(kept: dict) -> frozenset:
        again = Panel.of(kept, denominator, standardise=True, min_sheets=MIN_SHEETS)
        return frozenset(a.application_id for a in draw(_order(again, requested), call.budget, call.min_award,
                                                           funded=funded_by_hand).awards)

    unstable = leave_one_out(cells, funded)
    awards = {a.application_id: a for a in line.awards}
    rows = []
    for r in ranked:
        variance = panel.variance(r.application_id)
        rows.append({
            "application_id": r.application_id, "title": apps[r.application_id].title, "rank": r.rank,
            "score": round(float(panel.score[r.application_id]), 6), "raw": round(float(panel.raw_scores[r.application_id]), 6),
            "sheets": panel.count[r.application_id], "requested": requested[r.application_id],
            "disagreement": variance is not None and variance >= HIGH_SPREAD ** 2,
            "award": awards[r.application_id].amount if r.application_id in awards else None,
            "partial": awards[r.application_id].partial if r.application_id in awards else False,
        })
    unscored = sorted(set(apps) - set(panel.score))
    return {"call_id": call.id, "budget": call.budget, "left": line.left, "standardised": panel.standardised,
            "fallback_reason": panel.reason, "rows": rows, "unscored": unscored, "tie_at_line": line.tie_at_line,
            "stable": not unstable, "unstable_experts": unstable, "funded_by_hand": funded_by_hand, "short": line.short,
            "offsets": {e: round(float(o), 6) for e, o in sorted(panel.offsets().items())} if panel.standardised else {}}
