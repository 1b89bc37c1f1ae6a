"""The leaderboard: the fair's sheets, recusals and votes read in one query per table, ranked by ``ranking.rank``.

Once the results are published the leaderboard is the published snapshot (``snapshot`` True): jurors, sheets,
recusals and votes may no longer move it, and every export reads it.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.audience.operations import vote_counts
from services.fairs.db import REPLICAS
from services.fairs.fair.models import Criterion, Fair, Pitch
from services.fairs.jury.models import Juror, Score, Sheet
from services.fairs.fair.lookups import get_fair
from services.fairs.jury.recusal import fair_recusals
from services.fairs.judging.panel import CriterionSpec, SheetInput
from services.fairs.leaderboard import ranking
from services.fairs.leaderboard.models import FairResult
from services.fairs.fair.rules import PUBLISHED, formula_of
from shared.uow import UnitOfWork


def formula(fair: Fair) -> ranking.Formula:
    return ranking.Formula(
        jury_weight=fair.jury_weight, audience_weight=fair.audience_weight, standardise=bool(fair.standardise),
        tie_breaks=tuple(k for k in (fair.tie_breaks or ()) if k in ranking.TIE_BREAKS),
    )


def _jury(uow: UnitOfWork, fair_id: int) -> tuple[list[Juror], dict[int, str]]:
    a = REPLICAS.accounts
    rows = uow.session.execute(
        sa.select(Juror, a.c.name).join(a, a.c.id == Juror.account_id, isouter=True)
        .where(Juror.fair_id == fair_id, Juror.removed.is_(False)).order_by(Juror.id)
    ).all()
    return [j for j, _ in rows], {j.id: name or f"#{j.account_id}" for j, name in rows}


def _sheets(uow: UnitOfWork, fair_id: int, juror_ids: set[int]) -> list[SheetInput]:
    """The sheets of the jurors on the jury (a juror taken off the jury no longer counts), scores included."""
    scores: dict[int, dict[int, int]] = {}
    owner: dict[int, tuple[int, int]] = {}
    for sheet_id, juror_id, pitch_id, cid, value in uow.session.execute(
        sa.select(Sheet.id, Sheet.juror_id, Sheet.pitch_id, Score.criterion_id, Score.value)
        .join(Score, Score.sheet_id == Sheet.id).where(Sheet.fair_id == fair_id)
    ):
        if juror_id in juror_ids:
            owner[sheet_id] = (juror_id, pitch_id)
            scores.setdefault(sheet_id, {})[cid] = value
    return [SheetInput(juror_id=j, pitch_id=p, scores=scores[sid]) for sid, (j, p) in sorted(owner.items())]


def leaderboard(uow: UnitOfWork, fair_id: int, *, stability: bool = True) -> dict:
    """The ranking as the chair sees it: rows best first, the formula, and how much to trust the top three.

    After publishing, the snapshot taken then. ``stability`` False skips the leave-one-out check of the live
    ranking (for readers that need only the order, such as the stage).
    """
    fair = get_fair(uow, fair_id)
    if fair.state == PUBLISHED:
        snapshot = published_board(uow, fair)
        if snapshot is not None:
            return snapshot
    return live_board(uow, fair, stability=stability)


def published_board(uow: UnitOfWork, fair: Fair) -> dict | None:
    result = uow.session.get(FairResult, fair.id)
    if result is None:
        return None
    board = dict(result.board) if result.board else {  # published before the whole board was kept
        "fair_id": fair.id, "items": result.ranking, "formula": result.formula, "standardised": result.standardised,
        "fallback_reason": result.fallback_reason, "stable_top": bool(result.stable_top), "unstable_jurors": [],
        "juror_offsets": [], "raw_jurors": [], "unscored": [],
    }
    return {**board, "state": fair.state, "snapshot": True, "published_at": result.published_at}


def live_board(uow: UnitOfWork, fair: Fair, *, stability: bool = True) -> dict:
    fair_id = fair.id
    t = REPLICAS.teams
    lineup = uow.session.execute(
        sa.select(Pitch.id, Pitch.team_id, Pitch.without_jury_reason, t.c.name, t.c.project_title)
        .join(t, t.c.id == Pitch.team_id, isouter=True)
        .where(Pitch.fair_id == fair_id, Pitch.active.is_(True)).order_by(Pitch.position, Pitch.id)
    ).all()
    criteria = [CriterionSpec(id=c.id, weight=c.weight, max_score=c.max_score) for c in uow.session.execute(
        sa.select(Criterion).where(Criterion.fair_id == fair_id).order_by(Criterion.position, Criterion.id)).scalars()]
    jurors, names = _jury(uow, fair_id)
    recusals = fair_recusals(uow, fair_id, jurors)
    votes = vote_counts(uow, fair_id)
    decided = {p.id for p in lineup if p.without_jury_reason}
    result = ranking.rank([(p.id, p.team_id) for p in lineup], criteria, _sheets(uow, fair_id, set(names)), set(recusals),
                          votes, formula(fair), without_jury=decided, stability=stability)
    pitches = {p.id: p for p in lineup}
    items = [
        {"pitch_id": r.pitch_id, "team_id": r.team_id, "team_name": pitches[r.pitch_id].name or f"#{r.team_id}",
         "project_title": pitches[r.pitch_id].project_title,
         "rank": r.rank, "tied": r.tied, "jury_raw": r.jury_raw, "jury_standardised": r.jury_standardised,
         "audience": r.audience, "total": r.total, "sheets": r.sheets, "recused": r.recused, "spread": r.spread,
         "high_spread": r.high_spread, "first_places": r.first_places, "votes": votes.get(r.pitch_id, 0),
         "without_jury_reason": pitches[r.pitch_id].without_jury_reason if r.without_jury else None}
        for r in result.rows
    ]
    return {
        "fair_id": fair.id, "state": fair.state, "snapshot": False, "published_at": None, "items": items,
        "formula": formula_of(fair),
        "standardised": result.standardised, "fallback_reason": result.fallback_reason, "stable_top": result.stable_top,
        "unstable_jurors": [{"juror_id": j, "name": names.get(j, f"#{j}")} for j in result.unstable_jurors],
        "juror_offsets": [{"juror_id": j, "name": names.get(j, f"#{j}"), "offset": o} for j, o in sorted(result.juror_offsets.items())],
        "raw_jurors": [{"juror_id": j, "name": names.get(j, f"#{j}")} for j in result.raw_jurors],
        "unscored": [
            {"pitch_id": pid, "team_name": pitches[pid].name or f"#{pitches[pid].team_id}",
             "recused": [{"juror_id": j, "name": names.get(j, f"#{j}"), "why": why}
                         for (j, p), why in sorted(recusals.items()) if p == pid and j in names]}
            for pid in result.unscored
        ],
    }
