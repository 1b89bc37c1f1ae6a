"""The unique people split for the funder: territory, team kind, role, sex, youth 14–35, month of first contact.

A person in a team is placed by the team's territory (their latest team in the scope); a person without a team by the
settlement on their record, district unknown. Each breakdown adds up to the participants figure.
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from services.cohorts.membership.models import TeamMember
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Territory
from services.cohorts.report.people import ids_in
from services.cohorts.report.scope import Scope
from services.cohorts.teams.models import Team

UNKNOWN = "unknown"


def breakdowns(session, scope: Scope, reached: dict) -> dict:
    persons = {row.id: row for row in session.execute(
        sa.select(Person.id, Person.sex, Person.birth_year, Person.settlement, Person.erased_at).where(ids_in(session, Person.id, reached)))
    } if reached else {}
    teams = {}
    for row in session.execute(sa.select(TeamMember.person_id, TeamMember.role, Team.kind, Territory.district, Territory.settlement)
                               .join(Team, Team.id == TeamMember.team_id).join(Territory, Territory.id == Team.territory_id)
                               .where(TeamMember.cohort_id.in_(scope.cohort_ids)).order_by(TeamMember.added_at)):
        teams[row.person_id] = row  # the latest team wins
    year = scope.reference_year
    district, settlement, kind, role, sex, youth, month = (Counter() for _ in range(7))
    for pid, entry in reached.items():
        person, team = persons.get(pid), teams.get(pid)
        if team is not None:
            district[team.district] += 1
            settlement[f"{team.settlement} ({team.district})"] += 1
        else:
            district[UNKNOWN] += 1
            settlement[(person.settlement if person is not None and person.erased_at is None else None) or UNKNOWN] += 1
        kind[team.kind if team else "no_team"] += 1
        role[team.role if team else "no_team"] += 1
        sex[(person.sex if person else None) or UNKNOWN] += 1
        born = person.birth_year if person else None
        youth["unknown" if born is None else ("youth_14_35" if 14 <= year - born <= 35 else "other")] += 1
        month[entry.first_contact.astimezone(scope.tz).strftime("%Y-%m") if entry.first_contact else UNKNOWN] += 1
    ordered = lambda counter: dict(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    return {"district": ordered(district), "settlement": ordered(settlement), "team_kind": ordered(kind), "role": ordered(role),
            "sex": ordered(sex), "youth_14_35": dict(youth), "first_contact_month": dict(sorted(month.items()))}
