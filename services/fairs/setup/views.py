"""The fairs API: fairs, their state (draft, open, scoring closed) and formula, the audience vote open or closed, history."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from services.fairs.judging import operations
from services.fairs.judging.models import Fair
from services.fairs.listing import page_of
from services.fairs.setup import operations as life
from services.fairs.setup.schemas import (
    FairArgs, FairChangeSchema, FairInSchema, FairPatchSchema, FairSchema, WithoutJuryInSchema, WithoutJurySchema,
)
from shared.web.actor import current_actor
from shared.web.access import LINK, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("setup", __name__, url_prefix="/fairs/api/v1", description="Fairs: their state, formula and history")


@api.route("/fairs")
class Fairs(MethodView):
    @allow("coordinator")
    @api.arguments(FairArgs, location="query")
    @api.response(200, page_schema(FairSchema))
    def get(self, args):
        """Fairs, newest first"""
        query = sa.select(Fair).order_by(Fair.held_on.desc(), Fair.id.desc())
        if args.get("cohort_id"):
            query = query.where(Fair.cohort_id == args["cohort_id"])
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(FairInSchema)
    @api.response(201, FairSchema)
    def post(self, data):
        """Create a fair of a cohort (a draft); its lineup fills from the cohort's nominated teams"""
        return operations.create_fair(current_uow(), data)


@api.route("/fairs/<int:fair_id>")
class FairItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, FairSchema)
    def get(self, fair_id):
        """A fair with its state and formula (jurors: only a fair whose jury they sit on)"""
        from services.fairs.judging.views import fair_for_reader

        return fair_for_reader(fair_id)

    @allow("coordinator")
    @api.arguments(FairPatchSchema)
    @api.response(200, FairSchema)
    def patch(self, changes, fair_id):
        """Correct a fair; in a draft also its weights and formula. ``state``: open (a draft; or scoring again
        from closed, with a ``reason``), closed (scoring). ``voting_open``: the audience vote, while open."""
        uow = current_uow()
        state, reason, voting = changes.pop("state", None), changes.pop("reason", None), changes.pop("voting_open", None)
        fair = operations.get_fair(uow, fair_id)
        if changes:
            fair = operations.update_fair(uow, fair_id, changes)
        if state is not None:
            fair = life.change_state(uow, fair_id, state, current_actor(), reason)
        if voting is not None:
            fair = life.set_voting(uow, fair_id, voting, current_actor())
        return fair


@api.route("/fairs/<int:fair_id>/history")
class FairHistory(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(FairChangeSchema))
    def get(self, args, fair_id):
        """The fair's history: every change of state and of the audience vote, with who, when and why"""
        uow = current_uow()
        operations.get_fair(uow, fair_id)
        return page_of(life.history(uow, fair_id), args)


@api.route("/fairs/<int:fair_id>/pitches/<int:pitch_id>/without-jury")
class PitchWithoutJury(MethodView):
    @allow("coordinator")
    @api.arguments(WithoutJuryInSchema)
    @api.response(200, WithoutJurySchema)
    def put(self, data, fair_id, pitch_id):
        """The chair's decision for a pitch no juror's sheet counts for (every juror recused, or none sent): rank it
        on its audience score, with the ``reason`` shown on the results. Scoring does not close while such a pitch
        has no decision. Refused once the results are published."""
        pitch = life.rank_without_jury(current_uow(), fair_id, pitch_id, data["reason"], current_actor())
        return {"pitch_id": pitch.id, "reason": pitch.without_jury_reason}

    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, pitch_id):
        """Take the decision back (another juror scored the pitch after all)"""
        life.take_back_without_jury(current_uow(), fair_id, pitch_id, current_actor())
