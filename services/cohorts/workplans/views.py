"""A working group's work plan: the API (coordinators)."""
from __future__ import annotations

from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.workplans import operations
from services.cohorts.workplans.schemas import WorkItemPatchSchema, WorkItemSchema, WorkItemWriteSchema
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent

api = Blueprint("workplans", __name__, url_prefix="/cohorts/api/v1", description="Working groups' work plans")


def _row(uow, item) -> dict:
    _team, rows = operations.plan(uow, item.team_id)
    return next(r for r in rows if r["id"] == item.id)


@api.route("/teams/<int:team_id>/work-plan")
class WorkPlan(MethodView):
    @allow("coordinator")
    @api.response(200, WorkItemSchema(many=True))
    def get(self, team_id):
        """A working group's plan by due date, overdue items flagged"""
        return operations.plan(current_uow(), team_id)[1]

    @allow("coordinator")
    @idempotent
    @api.arguments(WorkItemWriteSchema)
    @api.response(201, WorkItemSchema)
    def post(self, data, team_id):
        """An item of the plan: what, who of the members owns it, by when"""
        uow = current_uow()
        return _row(uow, operations.add_item(uow, team_id, data))


@api.route("/work-plan/<int:item_id>")
class WorkPlanItem(MethodView):
    @allow("coordinator")
    @api.arguments(WorkItemPatchSchema)
    @api.response(200, WorkItemSchema)
    def patch(self, data, item_id):
        """Move an item on: its status, owner, due date, note (``version``: the one you saw)"""
        uow = current_uow()
        return _row(uow, operations.update_item(uow, item_id, data))


@api.route("/programs/<int:program_id>/work-plan/overdue")
class Overdue(MethodView):
    @allow("coordinator")
    @api.response(200, WorkItemSchema(many=True))
    def get(self, program_id):
        """Every working group's items of the programme still to do after their due date, oldest first"""
        return operations.overdue_in_programme(current_uow(), program_id)
