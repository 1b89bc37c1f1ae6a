"""The plan: the API (coordinators)."""
from __future__ import annotations

from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.plan import operations
from services.cohorts.plan.schemas import PlanLineSchema, PlanLineWriteSchema
from shared.db import utcnow
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent

api = Blueprint("plan", __name__, url_prefix="/cohorts/api/v1", description="A programme's plan of activities by month")


def _line(uow, program_id: int, line_id: int) -> dict:
    now = utcnow()
    return next(p for p in operations.progress(uow, program_id, now=now, today=now.date()) if p["id"] == line_id)


@api.route("/programs/<int:program_id>/plan")
class Plan(MethodView):
    @allow("coordinator")
    @api.response(200, PlanLineSchema(many=True))
    def get(self, program_id):
        """The plan by month: planned against held, people reached per line, what is overdue"""
        now = utcnow()
        return operations.progress(current_uow(), program_id, now=now, today=now.date())

    @allow("coordinator")
    @idempotent
    @api.arguments(PlanLineWriteSchema)
    @api.response(201, PlanLineSchema)
    def post(self, data, program_id):
        """A line of the plan: a kind of activity in a month (``2027-03``), with a target of people where there is one"""
        uow = current_uow()
        line = operations.add_line(uow, program_id, data)
        return _line(uow, program_id, line.id)
