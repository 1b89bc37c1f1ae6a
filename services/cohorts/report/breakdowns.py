"""The unique people split for the funder: territory, team kind, role, sex, youth 14–35, month of first contact.

A person in a team is placed by the team's territory (their latest team in the scope); a person without a team by the
settlement on their record, in its district when the register of territories knows that settlement in one district
only (a school guest from с. Долиновка counts in Мильковский МР, not under "district not given"). Each breakdown adds
up to the participants figure.
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from services.cohorts.membership.models import TeamMember
from services.cohorts.organisations.models import Organisation
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Territory
from services.cohorts.report.people import ids_in
from services.cohorts.report.scope import Scope
from services.cohorts.teams.models import Team
from shared.text import normalise

UNKNOWN = "unknown"


COLUMNS = ("district", "settlement", "team_kind", "role", "sex", "youth_14_35", "first_contact_month", "sector")


def sector_of(kind: str | None) -> str:
    """A person's sector: their organisation's kind (a state or municipal body's people represent the state); "none"
    without an organisation of the register. The kind "other" reads "other_sector" (beside "other" ages)."""
    if kind is None:
        return "none"
    return "other_sector" if kind == "other" else kind


def person_keys(session, scope: Scope, reached: dict) -> dict[int, tuple]:
    """Person id -> the person's key in each of ``COLUMNS``: the rows each breakdown counts (and its records list)."""
    # rows unpacked into plain tuples once: thousands of people, several fields each
    persons = {pid: (sex, born, settlement, erased, kind) for pid, sex, born, settlement, erased, kind in session.execute(
        sa.select(Person.id, Person.sex, Person.birth_year, Person.settlement, Person.erased_at.is_not(None), Organisation.kind)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(ids_in(session, Person.id, reached)))} if reached else {}
    teams = {}
    for pid, role, kind, district, settlement in session.execute(
            sa.select(TeamMember.person_id, TeamMember.role, Team.kind, Territory.district, Territory.settlement)
            .join(Team, Team.id == TeamMember.team_id).join(Territory, Territory.id == Team.territory_id)
            .where(TeamMember.cohort_id.in_(scope.cohort_ids)).order_by(TeamMember.added_at)):
        teams[pid] = (district, f"{settlement} ({district})", kind, role)  # the latest team wins
    places = _register(session)
    year, tz = scope.reference_year, scope.tz
    nobody = (None, None, None, True, None)
    keys = {}
    for pid, entry in reached.items():
        sex, born, settlement, erased, kind = persons.get(pid, nobody)
        placed = teams.get(pid) or (*_place(places, None if erased else settlement), "no_team", "no_team")
        local = entry.first_contact.astimezone(tz) if entry.first_contact else None
        keys[pid] = (*placed, sex or UNKNOWN, "unknown" if born is None else ("youth_14_35" if 14 <= year - born <= 35 else "other"),
                     f"{local.year:04d}-{local.month:02d}" if local else UNKNOWN, sector_of(kind))
    return keys


def breakdowns(session, scope: Scope, reached: dict) -> dict:
    keys = list(person_keys(session, scope, reached).values())
    # counted per column at the end (Counter over a list counts in C)
    district, settlement, kind, role, sex, youth, month, sector = (
        (Counter(column) for column in zip(*keys)) if keys else (Counter() for _ in range(len(COLUMNS))))
    ordered = lambda counter: dict(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    return {"district": ordered(district), "settlement": ordered(settlement), "team_kind": ordered(kind), "role": ordered(role),
            "sex": ordered(sex), "youth_14_35": dict(youth), "first_contact_month": dict(sorted(month.items())),
            "sector": ordered(sector)}


def _register(session) -> dict[str, list[tuple[str, str]]]:
    """Settlement (normalised) -> the (district, settlement) pairs of the register of territories."""
    out: dict[str, list[tuple[str, str]]] = {}
    for district, settlement, key in session.execute(sa.select(Territory.district, Territory.settlement, Territory.settlement_key)):
        out.setdefault(key, []).append((district, settlement))
    return out


def _place(places, settlement: str | None) -> tuple[str, str]:
    """(district, "settlement (district)") for a settlement the register knows in one district, else as written."""
    if not settlement:
        return UNKNOWN, UNKNOWN
    known = places.get(normalise(settlement), [])
    if len(known) == 1:
        district, name = known[0]
        return district, f"{name} ({district})"
    return UNKNOWN, settlement
