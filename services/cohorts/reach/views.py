"""Reach: the API (coordinators)."""
from __future__ import annotations

from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.reach import operations, queries
from services.cohorts.reach.schemas import (
    ReachArgs, ReachListArgs, ReachOrganisationSchema, ReachPeopleArgs, ReachPersonSchema, ReachSchema,
)
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.pagination import page_schema, paginate

api = Blueprint("reach", __name__, url_prefix="/cohorts/api/v1", description="People and organisations reached, each once")


def _cut(args):
    return operations.cut(current_uow(), args.get("first_day"), args.get("last_day"), args.get("program_id"))


def _page(query, args, row):
    page = paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"], rows=True)
    return {**page, "items": [row(r) for r in page["items"]]}


def person_row(r) -> dict:
    erased = r.erased_at is not None
    return {"id": r.id, "full_name": None if erased else r.full_name, "organisation": None if erased else r.organisation,
            "settlement": None if erased else r.settlement, "contacts": r.contacts, "sector": r.sector, "erased": erased}


@api.route("/reach")
class Reach(MethodView):
    @allow("coordinator")
    @api.arguments(ReachArgs, location="query")
    @api.response(200, ReachSchema)
    def get(self, args):
        """Different people and organisations who took part, for a period (``from``, ``to``: days) and a programme or
        the whole centre: by activity, by sector, the frequent ones; the unnamed apart"""
        return queries.figures(current_uow().session, _cut(args))


@api.route("/reach/people")
class ReachPeople(MethodView):
    @allow("coordinator")
    @api.arguments(ReachPeopleArgs, location="query")
    @api.response(200, page_schema(ReachPersonSchema))
    def get(self, args):
        """The people behind the figure (``activity``, ``sector``, ``frequent`` cut it as the figures do); an erased
        person is listed without a name"""
        query = queries.people(_cut(args), activity=args.get("activity"), sector=args.get("sector"), frequent=args["frequent"])
        return _page(query, args, person_row)


@api.route("/reach/organisations")
class ReachOrganisations(MethodView):
    @allow("coordinator")
    @api.arguments(ReachListArgs, location="query")
    @api.response(200, page_schema(ReachOrganisationSchema))
    def get(self, args):
        """The organisations behind the figure, with how many of their people took part"""
        return _page(queries.organisations(_cut(args)), args, lambda r: dict(r._mapping))
