"""The cohort's figures against the programme's targets (the funder's indicators)."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort, Program
from services.cohorts.report import indicators as figures, people as reach, scope as scopes
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
    # the same figures as the funder's report, so the two never disagree
    scope = scopes.for_cohort(s, cohort_id)
    reached = reach.reached(s, scope)
    year = scope.reference_year
    born = list(s.execute(sa.select(Person.birth_year).where(reach.ids_in(s, Person.id, reached))).scalars()) if reached else []
    youth = sum(1 for b in born if b is not None and 14 <= year - b <= 35)
    nominated = s.execute(sa.select(sa.func.count()).select_from(Team).where(Team.cohort_id == cohort_id, Team.nominated_at.is_not(None), Team.archived.is_(False))).scalar_one()
    actual = {code: (len(reached) if code == "participants" else figures.VALUES[code](s, scope)) for code, _ in INDICATORS}
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
        "scope": scope,
    }
