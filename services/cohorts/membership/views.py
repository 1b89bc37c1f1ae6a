from flask.views import MethodView
from shared.web.blueprint import Blueprint
from marshmallow import fields, validate

from services.cohorts.membership import operations, queries
from services.cohorts.membership.schemas import (
    MemberAddSchema,
    MemberMoveSchema,
    MemberRoleSchema,
    MemberSchema,
    MentorAssignSchema,
    MentorSchema,
    NominationSchema,
    ParticipantAddSchema,
    ParticipantSchema,
)
from services.cohorts.programs.operations import get_cohort
from services.cohorts.teams.operations import get_team
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.fields import Id
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema

api = Blueprint("membership", __name__, url_prefix="/cohorts/api/v1", description="Members, participants, mentors, nominations")


class ParticipantArgs(PageArgs):
    team_id = Id(strict=False)
    role = fields.String(validate=validate.OneOf(("leader", "member")))
    without_team = fields.Boolean(load_default=False)


def _member_row(team_id, person_id):
    session = current_uow().session
    return session.execute(queries.members(team_id).where(queries.TeamMember.person_id == person_id)).mappings().one()


@api.route("/teams/<int:team_id>/members")
class Members(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(MemberSchema))
    def get(self, args, team_id):
        """Members of a team"""
        get_team(current_uow(), team_id)
        return queries.page_rows(current_uow().session, queries.members(team_id), **args)

    @allow("coordinator")
    @idempotent
    @api.arguments(MemberAddSchema)
    @api.response(201, MemberSchema)
    def post(self, data, team_id):
        """Add a person to the team (they become a participant of its cohort)"""
        operations.add_member(current_uow(), team_id, data["person_id"], data["role"])
        return _member_row(team_id, data["person_id"])


@api.route("/teams/<int:team_id>/members/<int:person_id>")
class MemberItem(MethodView):
    @allow("coordinator")
    @api.arguments(MemberRoleSchema)
    @api.response(200, MemberSchema)
    def patch(self, data, team_id, person_id):
        """Change a member's role (leader or member)"""
        operations.set_role(current_uow(), team_id, person_id, data["role"])
        return _member_row(team_id, person_id)

    @allow("coordinator")
    @api.response(204)
    def delete(self, team_id, person_id):
        """Remove a member from the team (they stay a participant)"""
        operations.remove_member(current_uow(), team_id, person_id)


@api.route("/teams/<int:team_id>/members/<int:person_id>/move")
class MemberMove(MethodView):
    @allow("coordinator")
    @api.arguments(MemberMoveSchema)
    @api.response(200, MemberSchema)
    def post(self, data, team_id, person_id):
        """Move a member to another team of the same cohort"""
        operations.move_member(current_uow(), team_id, person_id, data["to_team_id"])
        return _member_row(data["to_team_id"], person_id)


@api.route("/cohorts/<int:cohort_id>/participants")
class Participants(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(ParticipantArgs, location="query")
    @api.response(200, page_schema(ParticipantSchema))
    def get(self, args, cohort_id):
        """Participants of a cohort (filter by team, role, or those without a team)"""
        get_cohort(current_uow(), cohort_id)
        query = queries.participants(cohort_id, team_id=args.get("team_id"), role=args.get("role"), without_team=args["without_team"])
        return queries.page_rows(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(ParticipantAddSchema)
    @api.response(201, ParticipantSchema)
    def post(self, data, cohort_id):
        """Enrol a person without a team (a school guest, a webinar attendee)"""
        get_cohort(current_uow(), cohort_id)
        operations.enroll(current_uow(), cohort_id, data["person_id"])
        query = queries.participants(cohort_id).where(queries.CohortParticipant.person_id == data["person_id"])
        return current_uow().session.execute(query).mappings().one()


@api.route("/cohorts/<int:cohort_id>/participants/<int:person_id>")
class ParticipantItem(MethodView):
    @allow("coordinator")
    @api.response(204)
    def delete(self, cohort_id, person_id):
        """Withdraw a participant (not while they are in a team)"""
        operations.withdraw(current_uow(), cohort_id, person_id)


@api.route("/teams/<int:team_id>/mentors")
class Mentors(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, MentorSchema(many=True))
    def get(self, team_id):
        """Mentors assigned to the team"""
        get_team(current_uow(), team_id)
        return current_uow().session.execute(queries.mentors(team_id)).mappings().all()

    @allow("coordinator")
    @api.arguments(MentorAssignSchema)
    @api.response(201, MentorSchema)
    def post(self, data, team_id):
        """Assign a mentor (an account with the mentor role)"""
        operations.assign_mentor(current_uow(), team_id, data["account_id"])
        return current_uow().session.execute(
            queries.mentors(team_id).where(queries.TeamMentor.account_id == data["account_id"])
        ).mappings().one()


@api.route("/teams/<int:team_id>/mentors/<int:account_id>")
class MentorItem(MethodView):
    @allow("coordinator")
    @api.response(204)
    def delete(self, team_id, account_id):
        """Unassign a mentor"""
        operations.unassign_mentor(current_uow(), team_id, account_id)


@api.route("/teams/<int:team_id>/nomination")
class Nomination(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, NominationSchema)
    def get(self, team_id):
        """Whether the team's project is nominated to the fair"""
        return get_team(current_uow(), team_id)

    @allow("coordinator")
    @api.response(200, NominationSchema)
    def post(self, team_id):
        """Nominate the team's project to the fair"""
        return operations.nominate(current_uow(), team_id)

    @allow("coordinator")
    @api.response(200, NominationSchema)
    def delete(self, team_id):
        """Withdraw the nomination"""
        return operations.withdraw_nomination(current_uow(), team_id)
