"""Publishing the awards: the funding line as it stands when the call is decided, frozen."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.fairs.grants import rules
from services.fairs.grants.models import GrantApplication, GrantAward
from services.fairs.grants.operations import change_state, get_call
from services.fairs.grants.standing import standing
from shared.errors import N_, conflict
from shared.uow import UnitOfWork


def publish(uow: UnitOfWork, call_id: int, *, now: dt.datetime) -> list[GrantAward]:
    """A decided call's awards, frozen as the funding line draws them now; the call is published (final)."""
    call = get_call(uow, call_id, lock=True)
    if call.state != rules.DECIDED:
        message = N_("Awards are published once the call is decided.")
        raise conflict(message, {"state": [message]})
    board = standing(uow, call_id)
    made = [GrantAward(application_id=row["application_id"], call_id=call.id, amount=row["award"], partial=row["partial"],
                       rank=row["rank"], published_at=now) for row in board["rows"] if row["award"] is not None]
    uow.session.add_all(made)
    change_state(uow, call_id, rules.PUBLISHED)
    uow.flush()
    apps = {a.id: a for a in uow.session.execute(
        sa.select(GrantApplication).where(GrantApplication.id.in_([award.application_id for award in made] or [0]))).scalars()}
    uow.publish("fairs.grant.awarded", {  # cohorts' report counts grants, money and organisations funded
        "call_id": call.id, "program_id": call.program_id, "call_name": call.name, "published_at": now,
        "awards": [{"application_id": award.application_id, "title": apps[award.application_id].title,
                    "organisation": apps[award.application_id].organisation, "inn": apps[award.application_id].inn,
                    "amount": award.amount, "partial": award.partial} for award in made],
    }, entity_version=1)
    return made


def awards(uow: UnitOfWork, call_id: int) -> list[GrantAward]:
    return list(uow.session.execute(
        sa.select(GrantAward).where(GrantAward.call_id == call_id).order_by(GrantAward.rank, GrantAward.application_id)).scalars())
