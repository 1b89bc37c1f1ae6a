"""Finding people in the register with what places them: cohort, team, territory, role."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.membership.models import CohortParticipant, TeamMember
from services.cohorts.people.models import Person
from services.cohorts.teams.models import Team
from shared.text import normalise


def search(
    query_text: str | None, *, include_archived: bool = False, cohort_id: int | None = None, team_id: int | None = None,
    territory_id: int | None = None, role: str | None = None,
) -> sa.Select:
    query = sa.select(Person).where(Person.merged_into_id.is_(None))
    if cohort_id is not None:
        query = query.where(Person.id.in_(sa.select(CohortParticipant.person_id).where(
            CohortParticipant.cohort_id == cohort_id, CohortParticipant.withdrawn.is_(False))))
    if team_id is not None or territory_id is not None or role is not None:
        members = sa.select(TeamMember.person_id).join(Team, Team.id == TeamMember.team_id)
        if team_id is not None:
            members = members.where(TeamMember.team_id == team_id)
        if territory_id is not None:
            members = members.where(Team.territory_id == territory_id, Team.archived.is_(False))
        if role is not None:
            members = members.where(TeamMember.role == role)
        if cohort_id is not None:
            members = members.where(TeamMember.cohort_id == cohort_id)
        query = query.where(Person.id.in_(members))
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    if query_text:
        needle = normalise(query_text)
        digits = "".join(ch for ch in query_text if ch.isdigit())
        conditions = [Person.name_key.contains(needle, autoescape=True), Person.email.contains(needle, autoescape=True)]
        if len(digits) >= 4:
            conditions.append(Person.phone.contains(digits[-10:], autoescape=True))
        query = query.where(sa.or_(*conditions))
    return query.order_by(Person.name_key, Person.id)
