"""The funding line as a coordinator moves it: how many applications from the top are funded, with the reason, every
move kept in the record. No move: the budget draws the line."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.grants import rules
from services.fairs.grants.models import GrantLineMove
from services.fairs.grants.operations import get_call
from shared.actor import Actor
from shared.errors import N_, UseCaseError, conflict
from shared.uow import UnitOfWork


def moves(uow: UnitOfWork, call_id: int) -> list[GrantLineMove]:
    return list(uow.session.execute(
        sa.select(GrantLineMove).where(GrantLineMove.call_id == call_id).order_by(GrantLineMove.at, GrantLineMove.id)).scalars())


def current(uow: UnitOfWork, call_id: int) -> int | None:
    """How many the coordinator funds from the top (None: where the budget draws the line)."""
    last = uow.session.execute(sa.select(GrantLineMove.funded).where(GrantLineMove.call_id == call_id)
                               .order_by(GrantLineMove.at.desc(), GrantLineMove.id.desc()).limit(1)).first()
    return None if last is None else last.funded


def move(uow: UnitOfWork, call_id: int, funded: int | None, reason: str | None, actor: Actor) -> GrantLineMove:
    call = get_call(uow, call_id, lock=True)
    if call.state not in (rules.REVIEW, rules.DECIDED):
        message = N_("The funding line moves while the call is in review or decided.")
        raise conflict(message, {"funded": [message]})
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise UseCaseError(422, None, {"reason": [N_("Say why the line moves: the reason stays in the record.")]})
    if funded is not None and funded < 0:
        raise UseCaseError(422, None, {"funded": [N_("How many applications are funded: none or more.")]})
    made = GrantLineMove(call_id=call.id, funded=funded, reason=reason, account_id=actor.account_id, actor_name=actor.name)
    uow.session.add(made)
    uow.flush()
    return made
