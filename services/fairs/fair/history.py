"""The fair's history: every change of its state, of the audience vote, and the chair's decisions, with who and why."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.fair.models import Fair, FairChange
from shared.actor import Actor
from shared.db import utcnow
from shared.uow import UnitOfWork


def record(uow: UnitOfWork, fair: Fair, field: str, old, new, actor: Actor, reason: str | None = None) -> None:
    uow.session.add(FairChange(
        fair_id=fair.id, field=field, from_value=str(old), to_value=str(new), reason=reason,
        account_id=actor.account_id, actor_name=actor.name, at=utcnow(),
    ))


def history(uow: UnitOfWork, fair_id: int) -> list[FairChange]:
    return list(uow.session.execute(
        sa.select(FairChange).where(FairChange.fair_id == fair_id).order_by(FairChange.at, FairChange.id)
    ).scalars())
