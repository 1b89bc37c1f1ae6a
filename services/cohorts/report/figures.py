"""The funder's report: the programme's indicators for a cohort, each person counted once."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.figures import pledges as pledge_figures
from services.cohorts.figures.models import ConsultationFact, FairResultFact, PledgeFact
from services.cohorts.membership.models import CohortParticipant
from services.cohorts.people.models import Person
from services.cohorts.teams.dashboard import cohort_dashboard
from services.cohorts.teams.models import Team
from shared.uow import UnitOfWork


def report(uow: UnitOfWork, cohort_id: int) -> dict:
    d = cohort_dashboard(uow, cohort_id)
    s = uow.session
    people = sa.select(CohortParticipant.person_id).where(CohortParticipant.cohort_id == cohort_id, CohortParticipant.withdrawn.is_(False))
    by_sex = dict(s.execute(sa.select(Person.sex, sa.func.count()).where(Person.id.in_(people)).group_by(Person.sex)).all())
    developed = s.execute(sa.select(sa.func.count()).select_from(Team).where(
        Team.cohort_id == cohort_id, Team.archived.is_(False), Team.project_title.is_not(None))).scalar_one()
    webinars = s.execute(sa.select(sa.func.coalesce(sa.func.sum(ConsultationFact.anonymous_attendees), 0)).where(
        ConsultationFact.cohort_id == cohort_id, ConsultationFact.status == "held", ConsultationFact.kind == "webinar")).scalar_one()
    by_kind = dict(s.execute(sa.select(ConsultationFact.kind, sa.func.count()).where(
        ConsultationFact.cohort_id == cohort_id, ConsultationFact.status == "held").group_by(ConsultationFact.kind)).all())
    leaders = [row for row in s.execute(sa.select(FairResultFact.team_id, FairResultFact.rank, FairResultFact.score).where(
        FairResultFact.cohort_id == cohort_id, FairResultFact.leader.is_(True)).order_by(FairResultFact.rank)).mappings()]
    in_kind = s.execute(sa.select(sa.func.count()).select_from(PledgeFact).where(
        PledgeFact.cohort_id == cohort_id, PledgeFact.kind == "in_kind", PledgeFact.status != "cancelled")).scalar_one()
    indicators = {i["code"]: {"value": _plain(i["value"]), "target": _plain(i["target"]), "percent": i["percent"]} for i in d["indicators"]}
    return {
        "cohort_id": cohort_id,
        "cohort": d["cohort"].name,
        "program": d["program"].name,
        "funder": d["program"].funder,
        "generated_at": dt.datetime.now(dt.timezone.utc),
        "indicators": indicators,
        "participants_by_sex": {k or "unknown": v for k, v in by_sex.items()},
        "youth_14_35": d["youth"],
        "projects_developed": developed,
        "projects_presented": d["nominated"],
        "consultations_by_kind": by_kind,
        "webinar_anonymous_attendees": int(webinars),  # reported apart, never added to the people
        "pledges_in_kind": in_kind,
        "pledges": {k: float(v) for k, v in pledge_figures.totals(s, cohort_id).items()},
        "leaders": [dict(row) for row in leaders],
        "sessions": [
            {"title": row["session"].title, "starts_at": row["session"].starts_at, "duration_minutes": row["session"].duration_minutes,
             "present": row["present"]}
            for row in d["sessions"]
        ],
    }


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value
