"""Read models for lists (joined rows, not entities)."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.accounts.models import Account
from services.cohorts.membership.models import CohortParticipant, TeamMember, TeamMentor
from services.cohorts.people.models import Person
from services.cohorts.teams.models import Team


def members(team_id: int) -> sa.Select:
    return (
        sa.select(TeamMember.team_id, TeamMember.person_id, TeamMember.role, Person.full_name, Person.settlement)
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.role, Person.name_key)
    )


def participants(cohort_id: int, *, team_id: int | None = None, role: str | None = None, without_team: bool = False) -> sa.Select:
    query = (
        sa.select(
            CohortParticipant.cohort_id,
            CohortParticipant.person_id,
            Person.full_name,
            Person.settlement,
            TeamMember.team_id,
            Team.name.label("team_name"),
            TeamMember.role,
        )
        .join(Person, Person.id == CohortParticipant.person_id)
        .outerjoin(
            TeamMember,
            sa.and_(TeamMember.person_id == CohortParticipant.person_id, TeamMember.cohort_id == CohortParticipant.cohort_id),
        )
        .outerjoin(Team, Team.id == TeamMember.team_id)
        .where(CohortParticipant.cohort_id == cohort_id, CohortParticipant.withdrawn.is_(False))
        .order_by(Person.name_key, Person.id)
    )
    if team_id is not None:
        query = query.where(TeamMember.team_id == team_id)
    if role is not None:
        query = query.where(TeamMember.role == role)
    if without_team:
        query = query.where(TeamMember.team_id.is_(None))
    return query


def mentors(team_id: int) -> sa.Select:
    return (
        sa.select(TeamMentor.team_id, TeamMentor.account_id, Account.name)
        .join(Account, Account.id == TeamMentor.account_id)
        .where(TeamMentor.team_id == team_id)
        .order_by(Account.name)
    )


def page_rows(session, query: sa.Select, *, page: int, per_page: int) -> dict:
    total = session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": rows, "total": total, "page": page, "per_page": per_page}
