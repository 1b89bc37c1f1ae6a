"""The audience vote: counts per pitch (more use cases below as they come)."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.audience.models import Vote
from shared.uow import UnitOfWork


def vote_counts(uow: UnitOfWork, fair_id: int) -> dict[int, int]:
    """pitch id -> votes it holds now (one query)."""
    return dict(uow.session.execute(
        sa.select(Vote.pitch_id, sa.func.count()).where(Vote.fair_id == fair_id).group_by(Vote.pitch_id)
    ).all())
