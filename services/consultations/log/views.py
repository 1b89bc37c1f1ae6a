"""The consultations API."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.consultations.log import operations, queries, rules
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
    SummaryArgs,
    SummarySchema,
    TimelineSchema,
    TopicSchema,
)
from shared.web.actor import current_actor
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("consultations", __name__, url_prefix="/consultations/api/v1", description="Consultations, webinars, next steps")


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
        return queries.expanded(uow, operations.log_consultation(uow, current_actor(), data))


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
        return queries.expanded(uow, operations.amend(uow, current_actor(), cid, changes))


@api.route("/consultations/<int:cid>/cancel")
class ConsultationCancel(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, ConsultationSchema)
    def post(self, cid):
        """Cancel a consultation"""
        uow = current_uow()
        return queries.expanded(uow, operations.cancel(uow, current_actor(), cid))


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
        return paginate(current_uow().session, queries.next_steps(args, account_id=g.principal.account_id, session=current_uow().session), page=args["page"], per_page=args["per_page"])


@api.route("/next-steps/<int:step_id>")
class NextStepItem(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(NextStepPatchSchema)
    @api.response(200, NextStepSchema)
    def patch(self, data, step_id):
        """Close or reopen a next step"""
        return operations.set_step_status(current_uow(), current_actor(), step_id, data["status"])


@api.route("/teams/<int:team_id>/timeline")
class TeamTimeline(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, TimelineSchema)
    def get(self, team_id):
        """A team's timeline: consultations, school attendance and nomination, newest first, and its open next steps"""
        uow = current_uow()
        team = queries.team(uow, team_id)
        items = queries.timeline(uow, team_id)
        for item in items:
            if item["type"] == "consultation":
                item["consultation"] = queries.expanded(uow, item["consultation"])
        steps = uow.session.execute(queries.next_steps({"status": "open", "team_id": team_id}, account_id=g.principal.account_id)).scalars().all()
        return {"team_id": team_id, "team_name": team["name"], "timezone": queries.cohort_zones(uow.session).get(team["cohort_id"]) or rules.DEFAULT_TIMEZONE,
                "items": items, "open_steps": steps}


@api.route("/me/summary")
class MySummary(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(SummaryArgs, location="query")
    @api.response(200, SummarySchema)
    def get(self, args):
        """The signed-in mentor's open next steps (with their teams), teams not seen for quiet_days, hours by month, planned"""
        uow = current_uow()
        s = queries.mentor_summary(uow, g.principal.account_id, quiet_days=args["quiet_days"])
        overdue = {st.id for st in s["overdue"]}
        return {
            "quiet_days": s["quiet_days"],
            "timezone": s["timezone"],
            "open_steps": [{**{f: getattr(st, f) for f in NextStepSchema().fields}, "team_names": s["step_teams"].get(st.id, []),
                            "overdue": st.id in overdue} for st in s["open_steps"]],
            "overdue": len(overdue),
            "quiet_teams": [{"id": q["team"]["id"], "name": q["team"]["name"], "last_held_at": q["last"]} for q in s["quiet_teams"]],
            "hours_by_month": [{"month": month.strftime("%Y-%m"), "hours": hours} for month, hours in s["hours_by_month"]],
            "planned": [queries.expanded(uow, c) for c in s["planned"]],
        }


@api.route("/topics")
class Topics(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, TopicSchema(many=True))
    def get(self):
        """The topics used so far, most used first"""
        import sqlalchemy as sa

        return current_uow().session.execute(sa.select(Topic).order_by(Topic.uses.desc(), Topic.name)).scalars().all()
