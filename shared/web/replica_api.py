"""The API over the team replica, for the services that keep one (consultations, fairs): its pages are each service's."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from shared.web.blueprint import Blueprint
from marshmallow import Schema, fields

from shared.errors import N_, not_found
from shared.events.replicas import ReplicaTables
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.fields import Id
from shared.web.pagination import PageArgs, page_schema


class ReplicaTeamSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    district = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    project_title = fields.String(allow_none=True)
    archived = fields.Boolean()
    version = fields.Integer()


class TeamFilter(PageArgs):
    cohort_id = Id(strict=False)


def team_replica_api(service: str, replicas: ReplicaTables, roles: tuple[str, ...]) -> Blueprint:
    teams = replicas.teams
    api = Blueprint("teams", f"{service}.teams", url_prefix=f"/{service}/api/v1", description="Teams (replica of cohorts)")

    @api.route("/teams")
    class Teams(MethodView):
        @allow(*roles)
        @api.arguments(TeamFilter, location="query")
        @api.response(200, page_schema(ReplicaTeamSchema))
        def get(self, args):
            """Teams known from cohorts' events"""
            session = current_uow().session
            query = sa.select(teams)
            if args.get("cohort_id"):
                query = query.where(teams.c.cohort_id == args["cohort_id"])
            total = session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
            page, per_page = args["page"], args["per_page"]
            rows = session.execute(
                query.order_by(teams.c.name, teams.c.id).limit(per_page).offset((page - 1) * per_page)
            ).mappings().all()
            return {"items": rows, "total": total, "page": page, "per_page": per_page}

    @api.route("/teams/<int:team_id>")
    class TeamItem(MethodView):
        @allow(*roles)
        @api.response(200, ReplicaTeamSchema)
        def get(self, team_id):
            """A team"""
            row = current_uow().session.execute(sa.select(teams).where(teams.c.id == team_id)).mappings().first()
            if row is None:
                raise not_found(N_("No such team."))
            return row

    return api
