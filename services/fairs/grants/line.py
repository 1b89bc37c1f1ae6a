"""The funding line as a coordinator moves it: how many applications from the top are funded, with the reason, every
move kept in the record. No move: the budget draws the line."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.grants import rules
from services.fairs.grants.models import GrantLineMove
from services.fairs.grants.operations import get_call, money
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


def _reason(reason: str | None, field_message: str) -> str:
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise UseCaseError(422, None, {"reason": [field_message]})
    return reason


def change_budget(uow: UnitOfWork, call_id: int, budget, reason: str | None, actor: Actor) -> GrantLineMove:
    """The call's budget changes (a partner adds money, a cut) until the awards are published, with a reason: the
    line is drawn again on it, and the record says from what to what."""
    call = get_call(uow, call_id, lock=True)
    if call.state == rules.PUBLISHED:
        message = N_("The awards are published: the call no longer changes.")
        raise conflict(message, {"budget": [message]})
    budget = money(budget)
    errors = {k: v for k, v in rules.check_limits(budget, call.min_award, call.max_award, call.reviews_per_application).items()
              if k in ("budget", "max_award")}
    if "max_award" in errors:  # the largest award no longer fits: it is the budget that is wrong here
        errors = {"budget": [N_("The budget cannot be below the largest award.")]}
    reason = (reason or "").strip()[:1000]
    if not reason:
        errors["reason"] = [N_("Say why the budget changes: the reason stays in the record.")]
    if errors:
        raise UseCaseError(422, None, errors)
    made = GrantLineMove(call_id=call.id, funded=current(uow, call_id), reason=reason, budget_from=call.budget, budget_to=budget,
                         account_id=actor.account_id, actor_name=actor.name)
    call.budget = budget
    call.version += 1
    uow.session.add(made)
    uow.flush()
    return made


def move(uow: UnitOfWork, call_id: int, funded: int | None, reason: str | None, actor: Actor) -> GrantLineMove:
    call = get_call(uow, call_id, lock=True)
    if call.state not in (rules.REVIEW, rules.DECIDED):
        message = N_("The funding line moves while the call is in review or decided.")
        raise conflict(message, {"funded": [message]})
    reason = _reason(reason, N_("Say why the line moves: the reason stays in the record."))
    if funded is not None and funded < 0:
        raise UseCaseError(422, None, {"funded": [N_("How many applications are funded: none or more.")]})
    made = GrantLineMove(call_id=call.id, funded=funded, reason=reason, account_id=actor.account_id, actor_name=actor.name)
    uow.session.add(made)
    uow.flush()
    return made
