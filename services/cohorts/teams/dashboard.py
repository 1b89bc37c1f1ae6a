"""The cohort's figures against the programme's targets (the funder's indicators)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.figures.models import ConsultationFact, FairResultFact, PledgeFact
from services.cohorts.membership.models import CohortParticipant
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort, Program
from services.cohorts.school.models import Attendance, SchoolSession
from services.cohorts.teams.models import Team
from shared.errors import N_, not_found
from shared.uow import UnitOfWork

INDICATORS = (
    ("participants", N_("Participants (each counted once)")),
    ("teams", N_("Teams")),
    ("consultations", N_("Consultations held")),
    ("consultation_hours", N_("Consultation hours")),
    ("leaders", N_("Leader projects")),
    ("funds_raised", N_("Funds raised")),
)


def cohort_dashboard(uow: UnitOfWork, cohort_id: int) -> dict:
    s = uow.session
    cohort = s.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found(N_("No such cohort."))
    program = s.get(Program, cohort.program_id)
    people = sa.select(CohortParticipant.person_id).where(CohortParticipant.cohort_id == cohort_id, CohortParticipant.withdrawn.is_(False))
    participants = s.execute(sa.select(sa.func.count()).select_from(people.subquery())).scalar_one()
    year = dt.date.today().year
    youth = s.execute(
        sa.select(sa.func.count()).select_from(Person).where(Person.id.in_(people), Person.birth_year.between(year - 35, year - 14))
    ).scalar_one()
    teams = s.execute(sa.select(sa.func.count()).select_from(Team).where(Team.cohort_id == cohort_id, Team.archived.is_(False))).scalar_one()
    nominated = s.execute(sa.select(sa.func.count()).select_from(Team).where(Team.cohort_id == cohort_id, Team.nominated_at.is_not(None), Team.archived.is_(False))).scalar_one()
    held = s.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(ConsultationFact.duration_minutes), 0))
        .where(ConsultationFact.cohort_id == cohort_id, ConsultationFact.status == "held")
    ).one()
    leaders = s.execute(sa.select(sa.func.count()).select_from(FairResultFact).where(FairResultFact.cohort_id == cohort_id, FairResultFact.leader.is_(True))).scalar_one()
    funds = s.execute(
        sa.select(sa.func.coalesce(sa.func.sum(PledgeFact.amount), 0)).where(
            PledgeFact.cohort_id == cohort_id, PledgeFact.kind == "money", PledgeFact.status != "cancelled"
        )
    ).scalar_one()
    actual = {
        "participants": participants,
        "teams": teams,
        "consultations": held[0],
        "consultation_hours": round(held[1] / 60, 1),
        "leaders": leaders,
        "funds_raised": Decimal(funds),
    }
    targets = program.targets or {}
    indicators = []
    for code, label in INDICATORS:
        target = targets.get(code)
        value = actual[code]
        percent = min(100, round(float(value) * 100 / float(target))) if target else None
        indicators.append({"code": code, "label": label, "value": value, "target": target, "percent": percent})
    sessions = s.execute(
        sa.select(SchoolSession, sa.func.count(Attendance.person_id))
        .outerjoin(Attendance, Attendance.session_id == SchoolSession.id)
        .where(SchoolSession.cohort_id == cohort_id)
        .group_by(SchoolSession.id)
        .order_by(SchoolSession.starts_at)
    ).all()
    return {
        "cohort": cohort,
        "program": program,
        "indicators": indicators,
        "actual": actual,
        "youth": youth,
        "nominated": nominated,
        "sessions": [{"session": row[0], "present": row[1]} for row in sessions],
    }
