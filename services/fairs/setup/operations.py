"""A fair's life: opening, closing and reopening scoring, the audience vote open or closed, the history of it all.

Each use case takes a unit of work, locks the fair row (two chairs clicking at once make one change) and never commits.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from services.fairs.judging.models import Criterion, Fair, Pitch
from services.fairs.setup import rules
from services.fairs.setup.models import FairChange
from shared.db import utcnow
from shared.errors import N_, UseCaseError, not_found
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who makes a change, for the history."""

    account_id: int | None
    name: str | None


def locked_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    fair = uow.session.execute(sa.select(Fair).where(Fair.id == fair_id).with_for_update()).scalar_one_or_none()
    if fair is None:
        raise not_found(N_("No such fair."))
    return fair


def record(uow: UnitOfWork, fair: Fair, field: str, old, new, actor: Actor, reason: str | None = None) -> None:
    uow.session.add(FairChange(
        fair_id=fair.id, field=field, from_value=str(old), to_value=str(new), reason=reason,
        account_id=actor.account_id, actor_name=actor.name, at=utcnow(),
    ))


def move_to(uow: UnitOfWork, fair: Fair, target: str, actor: Actor, reason: str | None = None) -> None:
    """Change the state (already checked) and write it into the history."""
    now = utcnow()
    old = fair.state
    fair.state = target
    if target == rules.OPEN and fair.opened_at is None:
        fair.opened_at = now
    if target == rules.CLOSED:
        fair.closed_at = now
    if target == rules.PUBLISHED:
        fair.published_at = now
    fair.version += 1
    record(uow, fair, "state", old, target, actor, reason)
    uow.flush()


def change_state(uow: UnitOfWork, fair_id: int, target: str, actor: Actor, reason: str | None = None) -> Fair:
    """PATCH ``state``: open a draft, close scoring, reopen it with a reason. The same state again changes nothing."""
    fair = locked_fair(uow, fair_id)
    reason = (reason or "").strip() or None
    if target == fair.state and fair.state != rules.PUBLISHED:
        return fair
    rules.check_transition(fair.state, target, reason)
    if fair.state == rules.DRAFT and target == rules.OPEN:
        from services.fairs.judging.consulted import pending_flags

        criteria = uow.session.execute(sa.select(sa.func.count()).where(Criterion.fair_id == fair.id)).scalar_one()
        pitches = uow.session.execute(
            sa.select(sa.func.count()).where(Pitch.fair_id == fair.id, Pitch.active.is_(True))
        ).scalar_one()
        rules.check_opening(criteria, pitches, fair.jury_weight, len(pending_flags(uow, fair)))
    move_to(uow, fair, target, actor, reason)
    return fair


def set_voting(uow: UnitOfWork, fair_id: int, voting_open: bool, actor: Actor) -> Fair:
    """The chair closes (or reopens) the audience vote while the fair is open."""
    fair = locked_fair(uow, fair_id)
    if fair.state == rules.PUBLISHED:
        raise UseCaseError(409, rules.FINAL, {"voting_open": [rules.FINAL]})
    if fair.state != rules.OPEN:
        message = N_("The audience vote opens and closes only while the fair is open.")
        raise UseCaseError(409, message, {"voting_open": [message]})
    if fair.voting_open != voting_open:
        record(uow, fair, "voting_open", fair.voting_open, voting_open, actor)
        fair.voting_open = voting_open
        fair.version += 1
        uow.flush()
    return fair


def history(uow: UnitOfWork, fair_id: int) -> list[FairChange]:
    return list(uow.session.execute(
        sa.select(FairChange).where(FairChange.fair_id == fair_id).order_by(FairChange.at, FairChange.id)
    ).scalars())
