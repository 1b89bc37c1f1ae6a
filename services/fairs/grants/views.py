"""The grants call's API: calls and their state, criteria (coordinators); applications sent with no account and read
or changed by their private link (anyone holding it)."""
from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from services.fairs.grants import operations
from services.fairs.grants.schemas import (
    ApplicationInSchema, ApplicationSchema, CallInSchema, CallPatchSchema, CallSchema, CriterionInSchema, CriterionSchema,
    SentApplicationSchema)
from services.fairs.listing import page_of
from shared.db import utcnow
from shared.web.access import PUBLIC, allow
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
    @api.response(200, CallSchema)
    def patch(self, data, call_id):
        """Move the call one step (a coordinator only: a state never moves by itself); opening needs criteria"""
        return operations.change_state(current_uow(), call_id, data["state"])


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
        application, token = operations.submit(current_uow(), call_id, data, now=utcnow())
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
