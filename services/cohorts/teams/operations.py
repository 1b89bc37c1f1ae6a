from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.programs.models import Cohort, Territory
from services.cohorts.teams.models import Team
from services.cohorts.teams.themes import THEMES, WORKING_GROUP
from services.cohorts.validation import require_text
from shared.errors import N_, conflict, invalid, not_found
from shared.text import normalise
from shared.hooks import Hook
from shared.uow import UnitOfWork

# (uow, team): what follows a team archived, before it changes (membership registers: mentors and members released)
team_archived = Hook("a team archived")


def team_body(team: Team, territory: Territory) -> dict:
    return {
        "id": team.id,
        "cohort_id": team.cohort_id,
        "name": team.name,
        "kind": team.kind,
        "theme": team.theme,
        "district": territory.district,
        "settlement": territory.settlement,
        "project_title": team.project_title,
        "project_summary": team.project_summary,
        "archived": team.archived,
    }


def _territory(uow: UnitOfWork, territory_id: int) -> Territory:
    territory = uow.session.get(Territory, territory_id)
    if territory is None:
        raise invalid("territory_id", N_("No such territory."))
    return territory


def _name_free(uow: UnitOfWork, cohort_id: int, name: str, except_id: int | None = None) -> None:
    query = sa.select(Team.id).where(Team.cohort_id == cohort_id, Team.name_key == normalise(name))
    if except_id is not None:
        query = query.where(Team.id != except_id)
    if uow.session.execute(query).first() is not None:
        raise conflict(N_("A team with this name already exists in the cohort."), {"name": [N_("A team with this name already exists in the cohort.")]})


def _theme(kind: str, theme: str | None) -> str | None:
    """A working group names its theme; another team has none."""
    if kind != WORKING_GROUP:
        return None
    if theme not in THEMES:
        raise invalid("theme", N_("Choose the working group's theme."))
    return theme


def register_team(uow: UnitOfWork, cohort_id: int, data: dict) -> Team:
    if uow.session.get(Cohort, cohort_id) is None:
        raise not_found(N_("No such cohort."))
    territory = _territory(uow, data["territory_id"])
    theme = _theme(data["kind"], data.get("theme"))
    name = require_text("name", data.get("name"))
    _name_free(uow, cohort_id, name)
    team = Team(
        cohort_id=cohort_id,
        name=name,
        name_key=normalise(name),
        kind=data["kind"],
        theme=theme,
        territory_id=territory.id,
        project_title=data.get("project_title"),
        project_summary=data.get("project_summary"),
        archived=False,
        version=1,
    )
    uow.session.add(team)
    uow.flush()
    uow.publish("cohorts.team.registered", team_body(team, territory), entity_version=team.version)
    return team


def get_team(uow: UnitOfWork, team_id: int, *, for_update: bool = False) -> Team:
    # a change locks the row: two concurrent changes must not both become version n+1
    team = uow.session.get(Team, team_id, with_for_update=for_update or None)
    if team is None:
        raise not_found(N_("No such team."))
    return team


def update_team(uow: UnitOfWork, team_id: int, changes: dict) -> Team:
    """Change a team. Archiving it (the team left) also withdraws its nomination, unassigns its
    mentors and releases its members (they stay participants of the cohort), each with its event."""
    team = get_team(uow, team_id, for_update=True)
    changes = dict(changes)
    if "territory_id" in changes:
        _territory(uow, changes["territory_id"])
    if "name" in changes:
        changes["name"] = require_text("name", changes["name"])
        _name_free(uow, team.cohort_id, changes["name"], except_id=team.id)
        team.name_key = normalise(changes["name"])
    if "kind" in changes or "theme" in changes:
        changes["theme"] = _theme(changes.get("kind", team.kind), changes.get("theme", team.theme))
    if changes.get("archived") and not team.archived:
        team_archived(uow, team)
    for key, value in changes.items():
        setattr(team, key, value)
    team.version += 1
    uow.flush()
    territory = uow.session.get(Territory, team.territory_id)
    uow.publish("cohorts.team.updated", team_body(team, territory), entity_version=team.version)
    return team


def announce_territory(uow: UnitOfWork, territory: Territory) -> None:
    """A territory's spelling corrected: its teams are announced again (their events carry it)."""
    for team in uow.session.execute(sa.select(Team).where(Team.territory_id == territory.id).order_by(Team.id).with_for_update()).scalars():
        team.version += 1
        uow.flush()
        uow.publish("cohorts.team.updated", team_body(team, territory), entity_version=team.version)
