"""Who is in which team and cohort, and which mentors look after a team.

Membership and nomination events carry the team's version; enrolment events
carry the participant row's own version.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.accounts.models import Account
from services.cohorts.membership.models import CohortParticipant, TeamMember, TeamMentor
from services.cohorts.people.models import Person
from services.cohorts.teams.models import Team
from services.cohorts.teams.operations import get_team
from shared.db import utcnow
from shared.errors import N_, Msg, conflict, invalid, not_found
from shared.uow import UnitOfWork


def _live_person(uow: UnitOfWork, person_id: int, field: str = "person_id") -> Person:
    person = uow.session.get(Person, person_id)
    if person is None or person.merged_into_id is not None:
        raise invalid(field, N_("No such person."))
    if person.erased_at is not None or person.archived:
        raise invalid(field, N_("This person is archived."))
    return person


def _open_team(uow: UnitOfWork, team_id: int) -> Team:
    team = get_team(uow, team_id, for_update=True)
    if team.archived:
        raise conflict(N_("The team is archived."))
    return team


def _bump(uow: UnitOfWork, team: Team) -> int:
    team.version += 1
    uow.flush()
    return team.version


def _member_body(team: Team, person_id: int, role: str) -> dict:
    return {"team_id": team.id, "cohort_id": team.cohort_id, "person_id": person_id, "role": role}


def enroll(uow: UnitOfWork, cohort_id: int, person_id: int, *, quiet_if_enrolled: bool = False) -> CohortParticipant:
    _live_person(uow, person_id)
    row = uow.session.get(CohortParticipant, (cohort_id, person_id), with_for_update=True)
    if row is not None and not row.withdrawn:
        if quiet_if_enrolled:
            return row
        raise conflict(N_("This person is already a participant of the cohort."), {"person_id": [N_("This person is already a participant of the cohort.")]})
    if row is None:
        row = CohortParticipant(cohort_id=cohort_id, person_id=person_id, withdrawn=False, version=1)
        uow.session.add(row)
    else:
        row.withdrawn = False
        row.version += 1
        row.enrolled_at = utcnow()
    uow.flush()
    uow.publish("cohorts.participant.enrolled", {"cohort_id": cohort_id, "person_id": person_id}, entity_version=row.version)
    return row


def withdraw(uow: UnitOfWork, cohort_id: int, person_id: int) -> None:
    row = uow.session.get(CohortParticipant, (cohort_id, person_id), with_for_update=True)
    if row is None or row.withdrawn:
        raise not_found(N_("This person is not a participant of the cohort."))
    in_team = uow.session.execute(
        sa.select(Team.name).join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.cohort_id == cohort_id, TeamMember.person_id == person_id)
    ).scalar_one_or_none()
    if in_team is not None:
        raise conflict(Msg(N_("This person is a member of “%(team)s”: remove them from the team first."), team=in_team))
    row.withdrawn = True
    row.version += 1
    uow.flush()
    uow.publish("cohorts.participant.withdrawn", {"cohort_id": cohort_id, "person_id": person_id}, entity_version=row.version)


def add_member(uow: UnitOfWork, team_id: int, person_id: int, role: str) -> TeamMember:
    team = _open_team(uow, team_id)
    _live_person(uow, person_id)
    existing = uow.session.execute(
        sa.select(TeamMember, Team.name).join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.cohort_id == team.cohort_id, TeamMember.person_id == person_id)
    ).first()
    if existing is not None:
        member, team_name = existing
        if member.team_id == team.id:
            message = N_("This person is already a member of the team.")
        else:
            message = Msg(N_("This person is already in “%(team)s”: move them instead."), team=team_name)
        raise conflict(message, {"person_id": [message]})
    member = TeamMember(team_id=team.id, person_id=person_id, cohort_id=team.cohort_id, role=role)
    uow.session.add(member)
    enroll(uow, team.cohort_id, person_id, quiet_if_enrolled=True)
    version = _bump(uow, team)
    uow.publish("cohorts.member.added", _member_body(team, person_id, role), entity_version=version)
    return member


def remove_member(uow: UnitOfWork, team_id: int, person_id: int) -> None:
    team = get_team(uow, team_id, for_update=True)
    member = uow.session.get(TeamMember, (team_id, person_id))
    if member is None:
        raise not_found(N_("This person is not a member of the team."))
    role = member.role
    uow.session.delete(member)
    version = _bump(uow, team)
    uow.publish("cohorts.member.removed", _member_body(team, person_id, role), entity_version=version)


def move_member(uow: UnitOfWork, team_id: int, person_id: int, to_team_id: int) -> TeamMember:
    source = get_team(uow, team_id)
    target = uow.session.get(Team, to_team_id)
    if target is None or target.cohort_id != source.cohort_id:
        raise invalid("to_team_id", N_("No such team in this cohort."))
    member = uow.session.get(TeamMember, (team_id, person_id))
    if member is None:
        raise not_found(N_("This person is not a member of the team."))
    # what would refuse the joining is checked before the leaving
    _open_team(uow, to_team_id)
    _live_person(uow, person_id)
    role = member.role
    remove_member(uow, team_id, person_id)
    uow.flush()
    return add_member(uow, to_team_id, person_id, role)


def set_role(uow: UnitOfWork, team_id: int, person_id: int, role: str) -> TeamMember:
    team = get_team(uow, team_id, for_update=True)
    member = uow.session.get(TeamMember, (team_id, person_id))
    if member is None:
        raise not_found(N_("This person is not a member of the team."))
    if member.role == role:
        return member
    member.role = role
    version = _bump(uow, team)
    uow.publish("cohorts.member.updated", _member_body(team, person_id, role), entity_version=version)
    return member


def assign_mentor(uow: UnitOfWork, team_id: int, account_id: int) -> TeamMentor:
    team = _open_team(uow, team_id)
    account = uow.session.get(Account, account_id)
    if account is None or not account.active or "mentor" not in account.roles:
        raise invalid("account_id", N_("No such active mentor."))
    if uow.session.get(TeamMentor, (team_id, account_id)) is not None:
        raise conflict(N_("This mentor is already assigned to the team."), {"account_id": [N_("This mentor is already assigned to the team.")]})
    row = TeamMentor(team_id=team_id, account_id=account_id)
    uow.session.add(row)
    version = _bump(uow, team)
    uow.publish("cohorts.mentor.assigned", {"team_id": team.id, "cohort_id": team.cohort_id, "account_id": account_id}, entity_version=version)
    return row


def unassign_mentor(uow: UnitOfWork, team_id: int, account_id: int) -> None:
    team = get_team(uow, team_id, for_update=True)
    row = uow.session.get(TeamMentor, (team_id, account_id))
    if row is None:
        raise not_found(N_("This mentor is not assigned to the team."))
    uow.session.delete(row)
    version = _bump(uow, team)
    uow.publish("cohorts.mentor.unassigned", {"team_id": team.id, "cohort_id": team.cohort_id, "account_id": account_id}, entity_version=version)


def nominate(uow: UnitOfWork, team_id: int) -> Team:
    """Idempotent: nominating a nominated team (a resend) answers its current state, with no new event."""
    team = _open_team(uow, team_id)
    if team.nominated_at is not None:
        return team
    if not team.project_title:
        raise invalid("project_title", N_("Give the project a title before nominating it."))
    team.nominated_at = utcnow()
    version = _bump(uow, team)
    uow.publish("cohorts.team.nominated", {"team_id": team.id, "cohort_id": team.cohort_id, "project_title": team.project_title}, entity_version=version)
    return team


def withdraw_nomination(uow: UnitOfWork, team_id: int) -> Team:
    team = get_team(uow, team_id, for_update=True)
    if team.nominated_at is None:
        raise not_found(N_("The team is not nominated."))
    team.nominated_at = None
    version = _bump(uow, team)
    uow.publish("cohorts.team.withdrawn", {"team_id": team.id, "cohort_id": team.cohort_id, "project_title": team.project_title}, entity_version=version)
    return team


def release_team(uow: UnitOfWork, team: Team) -> None:
    """A team that leaves: its nomination is withdrawn, its mentors unassigned, its members released."""
    if team.nominated_at is not None:
        withdraw_nomination(uow, team.id)
    for account_id in list(uow.session.execute(sa.select(TeamMentor.account_id).where(TeamMentor.team_id == team.id).order_by(TeamMentor.account_id)).scalars()):
        unassign_mentor(uow, team.id, account_id)
    for person_id in list(uow.session.execute(sa.select(TeamMember.person_id).where(TeamMember.team_id == team.id).order_by(TeamMember.person_id)).scalars()):
        remove_member(uow, team.id, person_id)
