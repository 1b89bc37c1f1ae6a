"""Visits: the API (the desk: coordinators and mentors)."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.visits import operations
from services.cohorts.visits.schemas import VisitArgs, VisitSchema, VisitWriteSchema
from shared.errors import N_, invalid
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import page_schema, paginate

api = Blueprint("visits", __name__, url_prefix="/cohorts/api/v1", description="Visits to the library, the office, the incubator")


@api.route("/visits")
class Visits(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(VisitArgs, location="query")
    @api.response(200, page_schema(VisitSchema))
    def get(self, args):
        """Visits, the latest first"""
        page = paginate(current_uow().session, operations.visits(args.get("first_day"), args.get("last_day")),
                        page=args["page"], per_page=args["per_page"])
        return page

    @allow("coordinator", "mentor")
    @idempotent
    @api.arguments(VisitWriteSchema)
    @api.response(201, VisitSchema)
    def post(self, data):
        """Log a visit: ``person_id``, or a visitor's ``full_name`` with a phone or e-mail (one person of the register)"""
        if data.get("person_id") is None and not data.get("full_name"):
            raise invalid("person_id", N_("Name the visitor: a person of the register, or a name with a phone or e-mail."))
        principal = g.get("principal")
        return operations.log_visit(current_uow(), data, account_id=principal.account_id if principal else None)
