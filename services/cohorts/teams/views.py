import sqlalchemy as sa
from flask.views import MethodView
from shared.web.blueprint import Blueprint
from marshmallow import fields, validate

from services.cohorts.programs.models import Cohort, Territory
from services.cohorts.teams import operations
from services.cohorts.teams.models import Team
from services.cohorts.teams.schemas import TeamCreateSchema, TeamSchema, TeamUpdateSchema
from shared.errors import N_, not_found
from shared.text import normalise
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.fields import Id
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("teams", __name__, url_prefix="/cohorts/api/v1", description="Teams")


class TeamFilter(PageArgs):
    territory_id = Id(strict=False)
    district = fields.String(validate=validate.Length(max=200))
    nominated = fields.Boolean()
    include_archived = fields.Boolean(load_default=False)


@api.route("/cohorts/<int:cohort_id>/teams")
class CohortTeams(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(TeamFilter, location="query")
    @api.response(200, page_schema(TeamSchema))
    def get(self, args, cohort_id):
        """Teams of a cohort (filter by territory, district, nominated, archived)"""
        if current_uow().session.get(Cohort, cohort_id) is None:
            raise not_found(N_("No such cohort."))
        query = sa.select(Team).where(Team.cohort_id == cohort_id).order_by(Team.name_key)
        if args.get("territory_id"):
            query = query.where(Team.territory_id == args["territory_id"])
        if args.get("district") and "\x00" not in args["district"]:
            query = query.where(Team.territory_id.in_(sa.select(Territory.id).where(Territory.district_key == normalise(args["district"]))))
        if args.get("nominated") is not None:
            query = query.where(Team.nominated_at.is_not(None) if args["nominated"] else Team.nominated_at.is_(None))
        if not args["include_archived"]:
            query = query.where(Team.archived.is_(False))
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(TeamCreateSchema)
    @api.response(201, TeamSchema)
    def post(self, data, cohort_id):
        """Register a team (initiative group or young NGO)"""
        return operations.register_team(current_uow(), cohort_id, data)


@api.route("/teams/<int:team_id>")
class TeamItem(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, TeamSchema)
    def get(self, team_id):
        """A team"""
        return operations.get_team(current_uow(), team_id)

    @allow("coordinator")
    @api.arguments(TeamUpdateSchema)
    @api.response(200, TeamSchema)
    def patch(self, changes, team_id):
        """Change a team's name, kind, territory or project"""
        return operations.update_team(current_uow(), team_id, changes)
