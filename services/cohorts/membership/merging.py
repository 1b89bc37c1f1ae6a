"""A merge of two people as team membership sees it: the folded record's places move to the kept one, a team both
are in keeps one membership, and two different teams of one cohort are refused before anything moves."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.membership import operations as membership
from services.cohorts.membership.models import CohortParticipant, TeamMember
from services.cohorts.people.references import Holder
from services.cohorts.teams.models import Team
from shared.errors import N_, Msg, conflict
from shared.uow import UnitOfWork


def _memberships(uow: UnitOfWork, person_id: int) -> list:
    return uow.session.execute(
        sa.select(TeamMember.cohort_id, TeamMember.team_id, TeamMember.role, Team.name)
        .join(Team, Team.id == TeamMember.team_id).where(TeamMember.person_id == person_id)
    ).all()


def merge_plan(uow: UnitOfWork, merged, kept) -> list[dict]:
    """What a merge does to the folded record's team memberships; two different teams of one cohort are refused."""
    kept_teams = {row.cohort_id: row for row in _memberships(uow, kept.id)}
    plan = []
    for row in _memberships(uow, merged.id):
        other = kept_teams.get(row.cohort_id)
        if other is not None and other.team_id != row.team_id:
            message = Msg(
                N_("%(merged)s (#%(merged_id)d) is in the team “%(team)s” and %(kept)s (#%(kept_id)d) in “%(other)s” of the same cohort: "
                   "remove one of them from their team first, then merge."),
                merged=merged.full_name, merged_id=merged.id, team=row.name, kept=kept.full_name, kept_id=kept.id, other=other.name,
            )
            raise conflict(message, {"into": [message]})
        plan.append({"team_id": row.team_id, "team": row.name, "outcome": "already_member" if other is not None else "moved"})
    return plan




def plan(uow: UnitOfWork, merged, kept) -> dict:
    return {"memberships": merge_plan(uow, merged, kept)}


def before_merge(uow: UnitOfWork, merged, kept) -> None:
    """The same team twice: the folded record leaves it, announced, the team's version counting it."""
    for item in merge_plan(uow, merged, kept):
        if item["outcome"] == "already_member":
            membership.remove_member(uow, item["team_id"], merged.id)


HOLDER = Holder(
    name="membership",
    tables=((TeamMember.__table__, "person_id", ("cohort_id",)), (CohortParticipant.__table__, "person_id", ("cohort_id",))),
    plan=plan,
    before_merge=before_merge,
)
