"""A working group's work plan: adding and updating items, the plan with what is overdue, the programme's overdue
items. Helpers flush, never commit."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa

from services.cohorts.membership.models import TeamMember
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort, Program
from services.cohorts.teams.models import Team
from services.cohorts.teams.themes import WORKING_GROUP
from services.cohorts.validation import require_text
from services.cohorts.workplans import rules
from services.cohorts.workplans.models import WorkItem
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.uow import UnitOfWork


def _group(uow: UnitOfWork, team_id: int) -> Team:
    team = uow.session.get(Team, team_id)
    if team is None:
        raise not_found(N_("No such team."))
    if team.kind != WORKING_GROUP:
        raise conflict(N_("A work plan is a working group's: this team is not one."))
    return team


def _owner(uow: UnitOfWork, team: Team, person_id: int | None) -> int:
    """The owner is one of the group's members."""
    member = uow.session.execute(sa.select(TeamMember.person_id).where(
        TeamMember.team_id == team.id, TeamMember.person_id == person_id)).first()
    if member is None:
        raise invalid("owner_person_id", N_("The owner is one of the group's members."))
    return person_id


def group_today(uow: UnitOfWork, team: Team) -> dt.date:
    """Today in the group's programme: an item due today is late only once the day is over there."""
    zone = uow.session.execute(sa.select(Program.timezone).join(Cohort, Cohort.program_id == Program.id)
                               .where(Cohort.id == team.cohort_id)).scalar_one()
    return utcnow().astimezone(zoneinfo.ZoneInfo(zone)).date()


def add_item(uow: UnitOfWork, team_id: int, data: dict) -> WorkItem:
    team = _group(uow, team_id)
    status = data.get("status") or rules.PLANNED
    if status not in rules.STATUSES:
        raise invalid("status", N_("Not a valid choice."))
    item = WorkItem(team_id=team.id, title=require_text("title", data.get("title"))[:rules.TITLE_LENGTH],
                    owner_person_id=_owner(uow, team, data.get("owner_person_id")), due_on=data["due_on"], status=status,
                    note=(data.get("note") or "").strip()[:1000] or None, version=1, updated_at=utcnow())
    uow.session.add(item)
    uow.flush()
    return item


def update_item(uow: UnitOfWork, item_id: int, changes: dict) -> WorkItem:
    """The group's coordinator moves an item on (its status, owner, date, note); ``version``, when given, must be the
    one they saw (two people updating one item: the second is told, not silently overwritten)."""
    item = uow.session.get(WorkItem, item_id, with_for_update=True)
    if item is None:
        raise not_found(N_("No such work plan item."))
    if changes.get("version") is not None and changes["version"] != item.version:
        raise UseCaseError(409, Msg(N_("Someone changed this item meanwhile (now version %(v)s): open it again."), v=item.version))
    team = _group(uow, item.team_id)
    if "title" in changes:
        item.title = require_text("title", changes["title"])[:rules.TITLE_LENGTH]
    if "owner_person_id" in changes:
        item.owner_person_id = _owner(uow, team, changes["owner_person_id"])
    if "status" in changes:
        if changes["status"] not in rules.STATUSES:
            raise invalid("status", N_("Not a valid choice."))
        item.status = changes["status"]
    if changes.get("due_on") is not None:
        item.due_on = changes["due_on"]
    if "note" in changes:
        item.note = (changes["note"] or "").strip()[:1000] or None
    item.version += 1
    item.updated_at = utcnow()
    uow.flush()
    return item


def _rows(query, today: dt.date) -> list[dict]:
    return [{"id": item.id, "team_id": item.team_id, "team_name": team_name, "title": item.title,
             "owner_person_id": item.owner_person_id, "owner_name": owner_name, "due_on": item.due_on, "status": item.status,
             "note": item.note, "version": item.version, "overdue": rules.overdue(item.status, item.due_on, today)}
            for item, team_name, owner_name in query]


def _select():
    return (sa.select(WorkItem, Team.name, Person.full_name).join(Team, Team.id == WorkItem.team_id)
            .join(Person, Person.id == WorkItem.owner_person_id))


def plan(uow: UnitOfWork, team_id: int) -> tuple[Team, list[dict]]:
    """The group's plan by due date, each item saying whether it is overdue."""
    team = _group(uow, team_id)
    rows = uow.session.execute(_select().where(WorkItem.team_id == team_id).order_by(WorkItem.due_on, WorkItem.id)).all()
    return team, _rows(rows, group_today(uow, team))


def overdue_in_programme(uow: UnitOfWork, program_id: int) -> list[dict]:
    """Every working group's items of the programme still to do after their day, oldest first."""
    program = uow.session.get(Program, program_id)
    if program is None:
        raise not_found(N_("No such programme."))
    today = utcnow().astimezone(zoneinfo.ZoneInfo(program.timezone)).date()
    rows = uow.session.execute(_select().join(Cohort, Cohort.id == Team.cohort_id).where(
        Cohort.program_id == program_id, WorkItem.status.in_(rules.OPEN), WorkItem.due_on < today)
        .order_by(WorkItem.due_on, WorkItem.id)).all()
    return _rows(rows, today)
