"""What cohorts shows of the fairs' published results: a team's places and whether it led (from ``fairs.results.published``,
stored by the handler in ``fair_result_facts``)."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.figures.models import FairResultFact


def for_team(session, team_id: int) -> list[dict]:
    """The team's results at every published fair: rank and whether it is a leader project, latest fair first."""
    rows = session.execute(
        sa.select(FairResultFact.fair_id, FairResultFact.rank, FairResultFact.leader, FairResultFact.score)
        .where(FairResultFact.team_id == team_id).order_by(FairResultFact.fair_id.desc())
    ).mappings().all()
    return [dict(r) for r in rows]
