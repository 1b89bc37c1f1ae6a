"""The grants call's API: calls and their state, criteria (coordinators); applications sent with no account and read
or changed by their private link (anyone holding it)."""
from __future__ import annotations

import datetime as dt

from flask import Response, current_app, g, request, url_for
from flask_babel import gettext
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.fairs.grants import awards, exports, line, links, operations, reports, review, standing
from services.fairs.grants.schemas import (
    AheadSchema, ApplicationInSchema, BudgetInSchema, ApplicationSchema, AssignmentInSchema, AssignmentSchema, AwardSchema, CallInSchema,
    CallPatchSchema, CallSchema, CallStateSchema, ConflictInSchema, ConflictSchema, CriterionInSchema, CriterionSchema,
    ExpertInSchema, ExpertSchema, FundingSchema, LineInSchema, LineMoveSchema, ReviewInSchema, ReviewSchema,
    ReportArgs, ReportMarkSchema, ReportScheduleSchema, ReportSchema, SentApplicationSchema, StandingSchema)
from services.fairs.listing import page_of
from services.fairs.zones import zone_of_programme
from shared.db import utcnow
from shared.exports import workbook_bytes
from shared.web.actor import current_actor
from shared.web.access import LINK, PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate
from shared.web.urls import external_url

api = Blueprint("grants", __name__, url_prefix="/fairs/api/v1", description="Grants calls: calls, criteria, applications")


@api.route("/calls")
class Calls(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(CallSchema))
    def get(self, args):
        """Grants calls, newest first"""
        return paginate(current_uow().session, operations.calls(current_uow()), page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(CallInSchema)
    @api.response(201, CallSchema)
    def post(self, data):
        """A call of a programme (a draft): its dates, budget, award limits and reviews per application"""
        return operations.create_call(current_uow(), data)


@api.route("/calls/<int:call_id>")
class CallItem(MethodView):
    @allow("coordinator")
    @api.response(200, CallSchema)
    def get(self, call_id):
        """A call"""
        return operations.get_call(current_uow(), call_id)

    @allow("coordinator")
    @api.arguments(CallPatchSchema)
    @api.response(200, CallStateSchema)
    def patch(self, data, call_id):
        """Move the call one step (a coordinator only: a state never moves by itself); opening needs criteria; review
        assigns every application to experts free of conflict, loads even (``short``: who still lacks some)"""
        call, short = review.move(current_uow(), call_id, data["state"])
        call.short = {str(k): v for k, v in short.items()}
        return call


@api.route("/calls/<int:call_id>/criteria")
class Criteria(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(CriterionSchema))
    def get(self, args, call_id):
        """The call's criteria in order"""
        operations.get_call(current_uow(), call_id)
        return page_of(operations.criteria(current_uow(), call_id), args)

    @allow("coordinator")
    @idempotent
    @api.arguments(CriterionInSchema)
    @api.response(201, CriterionSchema)
    def post(self, data, call_id):
        """Add a criterion while the call is a draft (weight > 0, max_score 1..100, not_applicable allowed or not)"""
        return operations.add_criterion(current_uow(), call_id, data)


def _link(token: str) -> str:
    return external_url(url_for("grants.ApplicationByLink", token=token))


@api.route("/calls/<int:call_id>/applications")
class Applications(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ApplicationSchema))
    def get(self, args, call_id):
        """The call's applications"""
        operations.get_call(current_uow(), call_id)
        return paginate(current_uow().session, operations.applications(call_id), page=args["page"], per_page=args["per_page"])

    @allow(PUBLIC)
    @idempotent
    @api.arguments(ApplicationInSchema)
    @api.response(201, SentApplicationSchema)
    def post(self, data, call_id):
        """Send an application, no account needed (until the call closes); answers its private link"""
        application, token = operations.submit(current_uow(), call_id, data, now=utcnow(), address=request.remote_addr)
        application.link = _link(token)  # the answer's only copy: the database keeps its hash
        return application


@api.route("/applications/by-link/<string:token>")
class ApplicationByLink(MethodView):
    @allow(PUBLIC)
    @api.response(200, ApplicationSchema)
    def get(self, token):
        """The application its private link opens"""
        return operations.by_link(current_uow(), token)

    @allow(PUBLIC)
    @api.arguments(ApplicationInSchema)
    @api.response(200, ApplicationSchema)
    def put(self, data, token):
        """The application again, changed (until the call closes: then refused, naming when it closed)"""
        return operations.amend(current_uow(), token, data, now=utcnow())


def _expert_body(expert, name: str) -> dict:
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    token = links.issue(secret, account_id=expert.account_id, call_id=expert.call_id, expert_id=expert.id, version=expert.link_version)
    return {"id": expert.id, "call_id": expert.call_id, "account_id": expert.account_id, "name": name,
            "organisation": expert.organisation, "link_token": token, "link_version": expert.link_version}


@api.route("/calls/<int:call_id>/experts")
class Experts(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ExpertSchema))
    def get(self, args, call_id):
        """The call's experts, each with their personal link"""
        operations.get_call(current_uow(), call_id)
        return page_of([_expert_body(r["expert"], r["name"]) for r in review.experts(current_uow(), call_id)], args)

    @allow("coordinator")
    @idempotent
    @api.arguments(ExpertInSchema)
    @api.response(201, ExpertSchema)
    def post(self, data, call_id):
        """Make an account (the juror role) an expert of the call; answers their personal link"""
        uow = current_uow()
        expert = review.add_expert(uow, call_id, data["account_id"], data.get("organisation"), data.get("inn"))
        name = next((r["name"] for r in review.experts(uow, call_id) if r["expert"].id == expert.id), "")
        return _expert_body(expert, name)


@api.route("/calls/<int:call_id>/experts/<int:expert_id>")
class ExpertItem(MethodView):
    @allow("coordinator")
    @api.response(204)
    def delete(self, call_id, expert_id):
        """Take an expert off the call: their link stops, their assignments go, their sheets stay (no longer counted)"""
        review.remove_expert(current_uow(), call_id, expert_id)


@api.route("/calls/<int:call_id>/experts/<int:expert_id>/link")
class ExpertLink(MethodView):
    @allow("coordinator")
    @api.response(201, ExpertSchema)
    def post(self, call_id, expert_id):
        """A new personal link for the expert: the old one stops at once, the sheets stay"""
        uow = current_uow()
        expert = review.reissue_link(uow, call_id, expert_id, now=utcnow())
        return _expert_body(expert, next((r["name"] for r in review.experts(uow, call_id) if r["expert"].id == expert.id), ""))


@api.route("/calls/<int:call_id>/conflicts")
class Conflicts(MethodView):
    @allow(LINK)
    @api.arguments(ConflictInSchema)
    @api.response(201, ConflictSchema)
    def post(self, data, call_id):
        """An expert declares a conflict with an application (their link): off it at once, their sheet stops counting"""
        uow = current_uow()
        return review.declare_conflict(uow, review.seat_for(uow, g.principal), data["application_id"], data.get("reason"))


@api.route("/calls/<int:call_id>/assignments")
class Assignments(MethodView):
    @allow("coordinator", LINK)
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(AssignmentSchema))
    def get(self, args, call_id):
        """Who reviews what with each sheet's progress (coordinators); an expert's link: their own"""
        uow = current_uow()
        operations.get_call(uow, call_id)
        mine = review.seat_for(uow, g.principal).expert.id if g.principal.via == "link" else None
        return page_of(review.assignments(uow, call_id, expert_id=mine), args)

    @allow("coordinator")
    @api.arguments(AssignmentInSchema)
    @api.response(201, AssignmentSchema)
    def post(self, data, call_id):
        """Add an expert to an application, or swap one (replaces), with a reason kept; never a conflicted expert"""
        uow = current_uow()
        made = review.assign_by_hand(uow, call_id, data["application_id"], data["expert_id"], data["reason"], data["replaces"])
        return next(r for r in review.assignments(uow, call_id, expert_id=made.expert_id) if r["application_id"] == made.application_id)


@api.route("/calls/<int:call_id>/ahead")
class Ahead(MethodView):
    @allow("coordinator")
    @api.response(200, AheadSchema)
    def get(self, call_id):
        """What the call's next step would find, before a coordinator takes it: applications not fully reviewed,
        experts with nothing assigned"""
        return review.ahead(current_uow(), call_id)


@api.route("/applications/<int:application_id>/reviews")
class Reviews(MethodView):
    @allow(LINK)
    @api.arguments(ReviewInSchema)
    @api.response(200, ReviewSchema)
    def put(self, data, application_id):
        """The expert's sheet for an application assigned to them, saved as they go (null: not applicable)"""
        uow = current_uow()
        return review.save_review(uow, review.seat_for(uow, g.principal), application_id, data["scores"], data.get("comment"),
                                  now=utcnow())


@api.route("/calls/<int:call_id>/ranking")
class Ranking(MethodView):
    @allow("coordinator")
    @api.response(200, StandingSchema)
    def get(self, call_id):
        """The applications ranked on the experts' sheets (bias taken out), disagreement flagged, with the funding
        line drawn: in rank order while the budget lasts, a partial award for the next, a tie at the line named, and
        whether the funded set stands without any one expert"""
        return standing.standing(current_uow(), call_id)


@api.route("/calls/<int:call_id>/funding")
class Funding(MethodView):
    @allow("coordinator")
    @api.response(200, FundingSchema)
    def get(self, call_id):
        """The funding line: where it stands, and every move a coordinator made with the reason"""
        uow = current_uow()
        return {"funded_by_hand": line.current(uow, call_id), "moves": line.moves(uow, call_id),
                "standing": standing.standing(uow, call_id)}

    @allow("coordinator")
    @api.arguments(LineInSchema)
    @api.response(201, LineMoveSchema)
    def put(self, data, call_id):
        """Move the line (how many from the top are funded; null: back to the budget's line) with a reason kept"""
        return line.move(current_uow(), call_id, data["funded"], data["reason"], current_actor())


@api.route("/calls/<int:call_id>/budget")
class Budget(MethodView):
    @allow("coordinator")
    @api.arguments(BudgetInSchema)
    @api.response(201, LineMoveSchema)
    def put(self, data, call_id):
        """Change the call's budget with a reason (until the awards are published): the funding line is drawn again on
        it, and the change stays in the line's record"""
        return line.change_budget(current_uow(), call_id, data["budget"], data["reason"], current_actor())


@api.route("/calls/<int:call_id>/awards")
class Awards(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(AwardSchema))
    def get(self, args, call_id):
        """The awards as published"""
        operations.get_call(current_uow(), call_id)
        return page_of(awards.awards(current_uow(), call_id), args)

    @allow("coordinator")
    @api.response(201, page_schema(AwardSchema))
    def post(self, call_id):
        """Publish the awards of a decided call: frozen as the funding line stands; the call is then final"""
        made = awards.publish(current_uow(), call_id, now=utcnow())
        return page_of(made, {"page": 1, "per_page": max(1, len(made))})


@api.route("/calls/<int:call_id>/export.xlsx")
class CallWorkbook(MethodView):
    @allow("coordinator")
    @api.response(200, description="An XLSX workbook: the ranking with the funding line, every sheet, the applications")
    def get(self, call_id):
        """The call as an XLSX workbook: the ranking and the line, every sheet (counted or why not), the applications"""
        uow = current_uow()
        operations.get_call(uow, call_id)
        return Response(workbook_bytes(exports.parts(uow, call_id, gettext)),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="grants-call-{call_id}.xlsx"'})


def local_today(uow, call) -> dt.date:
    """Today where the programme is: a report due today is not overdue in Kamchatka while it is already tomorrow."""
    import zoneinfo

    return utcnow().astimezone(zoneinfo.ZoneInfo(zone_of_programme(uow, call.program_id) or "UTC")).date()


@api.route("/calls/<int:call_id>/reports")
class Reports(MethodView):
    @allow("coordinator")
    @api.arguments(ReportArgs, location="query")
    @api.response(200, ReportSchema(many=True))
    def get(self, args, call_id):
        """The grantees' reports by due date with their state; ``overdue``: past due and not received"""
        uow = current_uow()
        call = operations.get_call(uow, call_id)
        return reports.reports(uow, call_id, today=local_today(uow, call), overdue_only=args["overdue"])

    @allow("coordinator")
    @api.arguments(ReportScheduleSchema)
    @api.response(200, ReportSchema(many=True))
    def put(self, data, call_id):
        """Every award owes an interim and/or a final report by these dates (reports not yet received move)"""
        uow = current_uow()
        call = operations.get_call(uow, call_id)
        reports.schedule(uow, call_id, data["interim_due"], data["final_due"])
        return reports.reports(uow, call_id, today=local_today(uow, call))


@api.route("/calls/<int:call_id>/reports/<int:report_id>")
class ReportItem(MethodView):
    @allow("coordinator")
    @api.arguments(ReportMarkSchema)
    @api.response(200, ReportSchema)
    def patch(self, data, call_id, report_id):
        """Mark a report received and accepted (dates; null clears)"""
        uow = current_uow()
        call = operations.get_call(uow, call_id)
        today = local_today(uow, call)
        reports.mark(uow, call_id, report_id, data["received_on"], data["accepted_on"], data["note"], today=today)
        return next(r for r in reports.reports(uow, call_id, today=today) if r["id"] == report_id)
