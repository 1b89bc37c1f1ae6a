"""Visits: a one-line log of who used the library, the office or the incubator's desk. Helpers flush, never commit."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.cohorts.people.models import Person
from services.cohorts.visits.models import PURPOSES, Visit
from shared.errors import N_, invalid
from shared.uow import UnitOfWork


def log_visit(uow: UnitOfWork, data: dict, *, account_id: int | None) -> Visit:
    """By a person of the register (``person_id``), or a visitor typed at the desk (name with a phone or e-mail),
    matched to one person as everywhere."""
    from services.cohorts.people.operations import match_or_register

    if data.get("purpose") not in PURPOSES:
        raise invalid("purpose", N_("Choose what the visit was for."))
    if data.get("person_id") is not None:
        person = uow.session.get(Person, data["person_id"])
        if person is None or person.erased_at is not None:
            raise invalid("person_id", N_("No such person."))
        person_id = person.merged_into_id or person.id
    else:
        person, _new = match_or_register(uow, {"full_name": data.get("full_name"), "phone": data.get("phone"),
                                               "email": data.get("email"), "organisation": data.get("organisation")})
        person_id = person.id
    if data.get("program_id") is not None:
        from services.cohorts.programs.models import Program

        if uow.session.get(Program, data["program_id"]) is None:
            raise invalid("program_id", N_("No such programme."))
    visit = Visit(person_id=person_id, purpose=data["purpose"], visited_on=data["visited_on"], note=data.get("note"),
                  program_id=data.get("program_id"), account_id=account_id)
    uow.session.add(visit)
    uow.flush()
    return visit


def visits(first_day: dt.date | None = None, last_day: dt.date | None = None) -> sa.Select:
    query = sa.select(Visit, Person.full_name).join(Person, Person.id == Visit.person_id)
    if first_day is not None:
        query = query.where(Visit.visited_on >= first_day)
    if last_day is not None:
        query = query.where(Visit.visited_on <= last_day)
    return query.order_by(Visit.visited_on.desc(), Visit.id.desc())
