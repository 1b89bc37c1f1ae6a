"""The consultations API."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from services.consultations.log import operations, queries
from services.consultations.log.models import NextStep, Topic
from services.consultations.log.schemas import (
    ChangeSchema,
    ConsultationAmendSchema,
    ConsultationArgs,
    ConsultationInSchema,
    ConsultationSchema,
    NextStepArgs,
    NextStepPatchSchema,
    NextStepSchema,
    TopicSchema,
)
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("consultations", __name__, url_prefix="/consultations/api/v1", description="Consultations, webinars, next steps")


def actor() -> operations.Actor:
    p = g.principal
    return operations.Actor(account_id=p.account_id, name=p.name or f"#{p.account_id}", coordinator=p.has("coordinator"))


def _page(query, args):
    uow = current_uow()
    result = paginate(uow.session, query, page=args["page"], per_page=args["per_page"])
    result["items"] = [queries.expanded(uow, c) for c in result["items"]]
    return result


@api.route("/consultations")
class Consultations(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(ConsultationArgs, location="query")
    @api.response(200, page_schema(ConsultationSchema))
    def get(self, args):
        """Consultations (filter by team, mentor, status, kind)"""
        return _page(queries.consultations(args), args)

    @allow("coordinator", "mentor")
    @idempotent
    @api.arguments(ConsultationInSchema)
    @api.response(201, ConsultationSchema)
    def post(self, data):
        """Log a consultation; a start in the future makes a planned one"""
        uow = current_uow()
        return queries.expanded(uow, operations.log_consultation(uow, actor(), data))


@api.route("/consultations/<int:cid>")
class ConsultationItem(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, ConsultationSchema)
    def get(self, cid):
        """A consultation"""
        uow = current_uow()
        return queries.expanded(uow, operations.get(uow, cid))

    @allow("coordinator", "mentor")
    @api.arguments(ConsultationAmendSchema)
    @api.response(200, ConsultationSchema)
    def patch(self, changes, cid):
        """Amend (mentors their own, coordinators all); status held turns a planned one into a held one"""
        uow = current_uow()
        return queries.expanded(uow, operations.amend(uow, actor(), cid, changes))


@api.route("/consultations/<int:cid>/cancel")
class ConsultationCancel(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, ConsultationSchema)
    def post(self, cid):
        """Cancel a consultation"""
        uow = current_uow()
        return queries.expanded(uow, operations.cancel(uow, actor(), cid))


@api.route("/consultations/<int:cid>/history")
class ConsultationHistory(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, ChangeSchema(many=True))
    def get(self, cid):
        """Who changed the consultation, when, and what"""
        uow = current_uow()
        operations.get(uow, cid)
        return queries.history(uow, cid)


@api.route("/teams/<int:team_id>/consultations")
class TeamConsultations(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ConsultationSchema))
    def get(self, args, team_id):
        """A team's consultations, across mentors"""
        return _page(queries.consultations({"team_id": team_id}), args)


@api.route("/next-steps")
class NextSteps(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(NextStepArgs, location="query")
    @api.response(200, page_schema(NextStepSchema))
    def get(self, args):
        """Next steps (status=open, a team's, mine, overdue)"""
        return paginate(current_uow().session, queries.next_steps(args, account_id=g.principal.account_id), page=args["page"], per_page=args["per_page"])


@api.route("/next-steps/<int:step_id>")
class NextStepItem(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(NextStepPatchSchema)
    @api.response(200, NextStepSchema)
    def patch(self, data, step_id):
        """Close or reopen a next step"""
        return operations.set_step_status(current_uow(), actor(), step_id, data["status"])


@api.route("/topics")
class Topics(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, TopicSchema(many=True))
    def get(self):
        """The topics used so far, most used first"""
        import sqlalchemy as sa

        return current_uow().session.execute(sa.select(Topic).order_by(Topic.uses.desc(), Topic.name)).scalars().all()
