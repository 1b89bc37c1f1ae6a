"""Reading a fair: the fair itself (locked for a change), its criteria, its lineup with the teams. Every package of the
fair day reads through these; none of them writes."""
from __future__ import annotations

import functools

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from services.fairs.fair.models import Criterion, Fair, Pitch
from shared.errors import N_, not_found
from shared.uow import UnitOfWork


def get_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    fair = uow.session.get(Fair, fair_id)
    if fair is None:
        raise not_found(N_("No such fair."))
    return fair


def locked_fair(uow: UnitOfWork, fair_id: int, *, shared: bool = False) -> Fair:
    """The fair locked until the transaction ends: exclusively to change it, or ``shared`` (``held_fair``)."""
    fair = uow.session.execute(sa.select(Fair).where(Fair.id == fair_id).with_for_update(read=shared)).scalar_one_or_none()
    if fair is None:
        raise not_found(N_("No such fair."))
    return fair


def held_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    """The fair held (shared) until the transaction ends: its state cannot move meanwhile (a change of state locks it
    exclusively), so what is allowed in this state stays allowed until the commit."""
    return locked_fair(uow, fair_id, shared=True)


def cohort_name(uow: UnitOfWork, cohort_id: int) -> str:
    c = REPLICAS.cohorts
    name = uow.session.execute(sa.select(c.c.name).where(c.c.id == cohort_id)).scalar_one_or_none()
    return name or f"#{cohort_id}"


def criteria(uow: UnitOfWork, fair_id: int) -> list[Criterion]:
    """The fair's criteria in order."""
    return list(uow.session.execute(_criteria_query(), {"fair_id": fair_id}).scalars())


@functools.cache
def _criteria_query():
    """Built once (a juror's phone reads the criteria with every sheet it shows)."""
    return sa.select(Criterion).where(Criterion.fair_id == sa.bindparam("fair_id")).order_by(Criterion.position, Criterion.id)


def get_criterion(uow: UnitOfWork, fair_id: int, criterion_id: int, *, lock: bool = False) -> Criterion:
    query = sa.select(Criterion).where(Criterion.id == criterion_id, Criterion.fair_id == fair_id)
    criterion = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if criterion is None:
        raise not_found(N_("No such criterion at this fair."))
    return criterion


def lineup(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """The active pitches in order, each with its team."""
    t = REPLICAS.teams
    rows = uow.session.execute(
        sa.select(Pitch, t.c.name, t.c.project_title, t.c.settlement)
        .join(t, t.c.id == Pitch.team_id, isouter=True)
        .where(Pitch.fair_id == fair_id, Pitch.active.is_(True))
        .order_by(Pitch.position, Pitch.id)
    ).all()
    return [
        {"pitch": p, "id": p.id, "fair_id": p.fair_id, "team_id": p.team_id, "position": index,
         "team_name": name or f"#{p.team_id}", "project_title": title, "settlement": settlement}
        for index, (p, name, title, settlement) in enumerate(rows, start=1)
    ]


def get_pitch(uow: UnitOfWork, fair_id: int, pitch_id: int) -> Pitch:
    pitch = uow.session.get(Pitch, pitch_id)
    if pitch is None or pitch.fair_id != fair_id:
        raise not_found(N_("No such pitch at this fair."))
    return pitch
