"""What the stage reads of the rest of the fair: the jury's progress per pitch, the audience's counts, the leaderboard.

Thin: the rules that decide these live with judging, audience and the leaderboard; here they are only read.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.audience import operations as audience
from services.fairs.audience.models import Vote, VoteAttempt
from services.fairs.jury import sheets
from services.fairs.leaderboard import operations as leaderboard
from shared.uow import UnitOfWork


def progress(uow: UnitOfWork, fair_id: int) -> dict[int, dict]:
    """Per pitch of the lineup: the jurors who sent a complete sheet, those still missing, those recused.

    Each juror as ``{"juror_id", "name", "sheet_id", "state", "recusal", "correction"}``: names and states, never scores.
    """
    out = {}
    for row in sheets.pitch_status(uow, fair_id):
        groups = {"sent": [], "missing": [], "recused": []}
        for seat in row["jurors"]:
            group = "recused" if seat["juror_id"] in row["recused"] else "sent" if seat["juror_id"] in row["sent"] else "missing"
            groups[group].append(seat)
        out[row["pitch_id"]] = groups
    return out


def vote_counts(uow: UnitOfWork, fair_id: int) -> dict[int, int]:
    """Votes per pitch (pitches without votes left out)."""
    return audience.vote_counts(uow, fair_id)


def votes_tag(uow: UnitOfWork, fair_id: int) -> str:
    """Changes whenever a vote is cast, changed or set aside, and with every attempt (refused ones too, so the chair
    sees a burst as it happens): part of the stage's ETag."""
    count, changes, aside = uow.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Vote.changes), 0), sa.func.count(Vote.set_aside_at))
        .where(Vote.fair_id == fair_id)
    ).one()
    attempts = uow.session.execute(sa.select(sa.func.count()).where(VoteAttempt.fair_id == fair_id)).scalar_one()
    return f"{count}:{changes}:{aside}:{attempts}"


def leaderboard_items(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """The leaderboard's items (``pitch_id``, ``rank``, ``tied``, ``total``...), best first."""
    return list(leaderboard.leaderboard(uow, fair_id, stability=False)["items"])


def ranking(uow: UnitOfWork, fair_id: int) -> dict:
    """The leaderboard without its stability check: ``items`` best first, and ``unscored``, the pitches no juror's
    sheet counts for that the chair has not decided about (each with who is recused and why)."""
    return leaderboard.leaderboard(uow, fair_id, stability=False)


def vote_bursts(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Bursts of votes from one address, as the audience module reports them to the chair."""
    return audience.vote_bursts(uow, fair_id)

