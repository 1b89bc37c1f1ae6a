import sqlalchemy as sa
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.programs import operations
from services.cohorts.programs.models import Cohort, Program, Territory
from services.cohorts.programs.schemas import (
    CohortArgs,
    CohortCreateSchema,
    CohortSchema,
    CohortUpdateSchema,
    ProgramCreateSchema,
    ProgramSchema,
    ProgramUpdateSchema,
    TerritoryCreateSchema,
    TerritorySchema,
    TerritoryUpdateSchema,
)
from shared.errors import N_, not_found
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("programs", __name__, url_prefix="/cohorts/api/v1", description="Programmes, cohorts, territories")


@api.route("/programs")
class Programs(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ProgramSchema))
    def get(self, args):
        """List programmes"""
        return paginate(current_uow().session, sa.select(Program).order_by(Program.starts_on.desc(), Program.id), **args)

    @allow("coordinator")
    @idempotent
    @api.arguments(ProgramCreateSchema)
    @api.response(201, ProgramSchema)
    def post(self, data):
        """Create a programme with its funder, dates and targets"""
        return operations.create_program(current_uow(), data)


@api.route("/programs/<int:program_id>")
class ProgramItem(MethodView):
    @allow("coordinator")
    @api.response(200, ProgramSchema)
    def get(self, program_id):
        """A programme"""
        return operations.get_program(current_uow(), program_id)

    @allow("coordinator")
    @api.arguments(ProgramUpdateSchema)
    @api.response(200, ProgramSchema)
    def patch(self, changes, program_id):
        """Change a programme (dates, time zone, money, targets: ``targets`` replaces them all)"""
        return operations.update_program(current_uow(), program_id, changes)


@api.route("/cohorts")
class Cohorts(MethodView):
    @allow("coordinator")
    @api.arguments(CohortArgs, location="query")
    @api.response(200, page_schema(CohortSchema))
    def get(self, args):
        """List cohorts (of one programme with ``program_id``)"""
        query = sa.select(Cohort).order_by(Cohort.id)
        if args.get("program_id") is not None:
            query = query.where(Cohort.program_id == args["program_id"])
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(CohortCreateSchema)
    @api.response(201, CohortSchema)
    def post(self, data):
        """Create a cohort of a programme (in a cascade: its parent cohort and trainers, people of the parent)"""
        uow = current_uow()
        return operations.with_trainers(uow, operations.create_cohort(uow, **data))


@api.route("/cohorts/<int:cohort_id>")
class CohortItem(MethodView):
    @allow("coordinator")
    @api.response(200, CohortSchema)
    def get(self, cohort_id):
        """A cohort"""
        uow = current_uow()
        return operations.with_trainers(uow, operations.get_cohort(uow, cohort_id))

    @allow("coordinator")
    @api.arguments(CohortUpdateSchema)
    @api.response(200, CohortSchema)
    def patch(self, changes, cohort_id):
        """Rename a cohort, or name its parent cohort and trainers (a cascade)"""
        uow = current_uow()
        return operations.with_trainers(uow, operations.update_cohort(uow, cohort_id, changes))


@api.route("/territories")
class Territories(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(TerritorySchema))
    def get(self, args):
        """List territories"""
        query = sa.select(Territory).order_by(Territory.district_key, Territory.settlement_key)
        return paginate(current_uow().session, query, **args)

    @allow("coordinator")
    @idempotent
    @api.arguments(TerritoryCreateSchema)
    @api.response(201, TerritorySchema)
    def post(self, data):
        """Add a territory (municipal district and settlement)"""
        return operations.create_territory(current_uow(), **data)


@api.route("/territories/<int:territory_id>")
class TerritoryItem(MethodView):
    @allow("coordinator")
    @api.response(200, TerritorySchema)
    def get(self, territory_id):
        """A territory"""
        territory = current_uow().session.get(Territory, territory_id)
        if territory is None:
            raise not_found(N_("No such territory."))
        return territory

    @allow("coordinator")
    @api.arguments(TerritoryUpdateSchema)
    @api.response(200, TerritorySchema)
    def patch(self, changes, territory_id):
        """Correct a territory's district or settlement (its teams are announced again)"""
        return operations.update_territory(current_uow(), territory_id, changes)
