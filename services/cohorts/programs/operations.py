from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.programs.models import Cohort, Program, Territory
from shared.errors import N_, conflict, invalid, not_found
from shared.text import normalise
from shared.uow import UnitOfWork


def create_program(uow: UnitOfWork, data: dict) -> Program:
    targets = {k: float(v) if v != int(v) else int(v) for k, v in data.pop("targets", {}).items()}
    program = Program(**data, targets=targets)
    uow.session.add(program)
    uow.flush()
    return program


def get_program(uow: UnitOfWork, program_id: int) -> Program:
    program = uow.session.get(Program, program_id)
    if program is None:
        raise not_found(N_("No such programme."))
    return program


def cohort_body(cohort: Cohort, program: Program) -> dict:
    return {"id": cohort.id, "program_id": cohort.program_id, "name": cohort.name, "timezone": program.timezone}


def create_cohort(uow: UnitOfWork, *, program_id: int, name: str) -> Cohort:
    program = uow.session.get(Program, program_id)
    if program is None:
        raise invalid("program_id", N_("No such programme."))
    cohort = Cohort(program_id=program_id, name=name.strip(), version=1)
    uow.session.add(cohort)
    uow.flush()
    uow.publish("cohorts.cohort.created", cohort_body(cohort, program), entity_version=cohort.version)
    return cohort


def get_cohort(uow: UnitOfWork, cohort_id: int) -> Cohort:
    cohort = uow.session.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found(N_("No such cohort."))
    return cohort


def create_territory(uow: UnitOfWork, *, district: str, settlement: str) -> Territory:
    district, settlement = district.strip(), settlement.strip()
    keys = dict(district_key=normalise(district), settlement_key=normalise(settlement))
    existing = uow.session.execute(sa.select(Territory).filter_by(**keys)).scalar_one_or_none()
    if existing is not None:
        raise conflict(N_("This territory already exists."), {"settlement": [N_("This territory already exists.")]}, id=existing.id)
    territory = Territory(district=district, settlement=settlement, **keys)
    uow.session.add(territory)
    uow.flush()
    return territory
