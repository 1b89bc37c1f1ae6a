"""Flagged conflicts: a juror who logged a consultation with a team in the lineup.

The chair confirms (the juror scores nothing for that pitch) or clears (the consultation was no conflict)
each flag; a fair does not open while a flag is undecided, and an undecided flag recuses.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.jury import recusal
from services.fairs.fair.models import Fair, Pitch
from services.fairs.jury.models import RecusalReview
from services.fairs.fair import rules as fair_rules
from shared.db import utcnow
from shared.errors import N_, UseCaseError, invalid
from shared.uow import UnitOfWork

DECISIONS = ("confirmed", "cleared")


def flags(uow: UnitOfWork, fair: Fair) -> list[dict]:
    """Every consultation flag of the fair's jury, with the chair's decision (None while undecided).

    A juror already recused as mentor or member of the team is not flagged again.
    """
    jurors = recusal.active_jurors(uow, fair.id)
    pitch_by_team = dict(uow.session.execute(
        sa.select(Pitch.team_id, Pitch.id).where(Pitch.fair_id == fair.id, Pitch.active.is_(True))
    ).all())
    found = recusal.consulted(uow, fair.id, jurors, pitch_by_team)
    if not found:
        return []
    standing = recusal.standing(uow, jurors, pitch_by_team)
    decided = recusal.reviews(uow, fair.id)
    team_of = {pid: tid for tid, pid in pitch_by_team.items()}
    return [
        {"juror_id": juror_id, "pitch_id": pitch_id, "team_id": team_of[pitch_id], "kind": "consulted",
         "decision": decided.get((juror_id, pitch_id))}
        for juror_id, pitch_id in sorted(found) if (juror_id, pitch_id) not in standing
    ]


def pending_flags(uow: UnitOfWork, fair: Fair) -> list[dict]:
    return [f for f in flags(uow, fair) if f["decision"] is None]


def review(uow: UnitOfWork, fair: Fair, juror_id: int, pitch_id: int, decision: str, account_id: int | None) -> dict:
    """The chair's decision on one flag; deciding again replaces the decision."""
    if fair.state == fair_rules.PUBLISHED:
        raise UseCaseError(409, fair_rules.FINAL, {"decision": [fair_rules.FINAL]})
    if decision not in DECISIONS:
        raise invalid("decision", N_("Must be one of: confirmed, cleared."))
    flag = next((f for f in flags(uow, fair) if f["juror_id"] == juror_id and f["pitch_id"] == pitch_id), None)
    if flag is None:
        raise invalid("pitch_id", N_("This juror has no flagged conflict for this pitch."))
    row = uow.session.execute(
        sa.select(RecusalReview).where(RecusalReview.juror_id == juror_id, RecusalReview.pitch_id == pitch_id)
    ).scalar_one_or_none()
    if row is None:
        uow.session.add(RecusalReview(fair_id=fair.id, juror_id=juror_id, pitch_id=pitch_id, decision=decision,
                                      account_id=account_id, at=utcnow()))
    elif row.decision != decision:
        row.decision, row.account_id, row.at = decision, account_id, utcnow()
    uow.flush()
    return {**flag, "decision": decision}
