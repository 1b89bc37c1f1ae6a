"""What the stage reads of the rest of the fair: the jury's progress per pitch, the audience's counts, the leaderboard.

Thin: the rules that decide these live with judging, audience and the leaderboard; here they are only read.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.audience.models import Vote
from services.fairs.judging import operations as judging
from services.fairs.judging.models import Score, Sheet
from shared.uow import UnitOfWork


def progress(uow: UnitOfWork, fair_id: int) -> dict[int, dict]:
    """Per pitch of the lineup: the jurors who sent a complete sheet, those still missing, those recused.

    Each juror as ``{"juror_id", "name", "sheet_id"}``: names and sheet ids, never the scores.
    """
    lineup = [row["id"] for row in judging.lineup(uow, fair_id)]
    n_criteria = len(judging.criteria(uow, fair_id))
    scored = {
        (juror_id, pitch_id): (sheet_id, n)
        for sheet_id, juror_id, pitch_id, n in uow.session.execute(
            sa.select(Sheet.id, Sheet.juror_id, Sheet.pitch_id, sa.func.count(Score.criterion_id))
            .join(Score, Score.sheet_id == Sheet.id, isouter=True)
            .where(Sheet.fair_id == fair_id)
            .group_by(Sheet.id, Sheet.juror_id, Sheet.pitch_id)
        )
    }
    out = {pid: {"sent": [], "missing": [], "recused": []} for pid in lineup}
    for row in judging.jurors(uow, fair_id):
        juror = row["juror"]
        recused = judging.recusals(uow, juror)
        for pid in lineup:
            sheet_id, n = scored.get((juror.id, pid), (None, 0))
            who = {"juror_id": juror.id, "name": row["name"], "sheet_id": sheet_id}
            if pid in recused:
                out[pid]["recused"].append({**who, "recusal": recused[pid]})
            elif n_criteria and n >= n_criteria:
                out[pid]["sent"].append(who)
            else:
                out[pid]["missing"].append(who)
    return out


def vote_counts(uow: UnitOfWork, fair_id: int) -> dict[int, int]:
    """Votes per pitch (pitches without votes left out)."""
    return dict(uow.session.execute(
        sa.select(Vote.pitch_id, sa.func.count()).where(Vote.fair_id == fair_id).group_by(Vote.pitch_id)
    ).all())


def votes_tag(uow: UnitOfWork, fair_id: int) -> str:
    """Changes whenever a vote is cast or changed: part of the stage's ETag."""
    count, changes = uow.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Vote.changes), 0)).where(Vote.fair_id == fair_id)
    ).one()
    return f"{count}:{changes}"


def leaderboard_items(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """The leaderboard's items (``pitch_id``, ``rank``, ``tied``, ``total``...), best first."""
    try:
        from services.fairs.leaderboard import operations as leaderboard
    except ImportError:  # the leaderboard is not part of this build yet: no leaders to reveal
        return []
    return list(leaderboard.leaderboard(uow, fair_id)["items"])


def vote_bursts(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Bursts of votes from one address, as the audience module reports them to the chair (none if it does not)."""
    try:
        from services.fairs.audience import operations as audience
    except ImportError:
        return []
    bursts = getattr(audience, "vote_bursts", None)
    return list(bursts(uow, fair_id)) if bursts else []
