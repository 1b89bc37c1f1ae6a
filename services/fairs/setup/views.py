"""The fairs API: fairs, their state (draft, open, scoring closed) and formula, the audience vote open or closed, history."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.fairs.fair import lookups
from services.fairs.setup import operations as setup
from services.fairs.fair.models import Fair
from services.fairs.listing import page_of
from services.fairs.fair import history as fair_history
from services.fairs.setup import states
from services.fairs.jury.views import fair_for_reader
from services.fairs.setup.schemas import (
    CriterionInSchema, CriterionPatchSchema, CriterionSchema, FairArgs, FairChangeSchema, FairInSchema, FairPatchSchema, FairSchema, PitchPatchSchema, PitchSchema, WithoutJuryInSchema,
    WithoutJurySchema,
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
        return setup.create_fair(current_uow(), data)


@api.route("/fairs/<int:fair_id>")
class FairItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, FairSchema)
    def get(self, fair_id):
        """A fair with its state and formula (jurors: only a fair whose jury they sit on)"""
        return fair_for_reader(fair_id)

    @allow("coordinator")
    @api.arguments(FairPatchSchema)
    @api.response(200, FairSchema)
    def patch(self, changes, fair_id):
        """Correct a fair; in a draft also its weights and formula. ``state``: open (a draft; or scoring again
        from closed, with a ``reason``), closed (scoring). ``voting_open``: the audience vote, while open."""
        uow = current_uow()
        state, reason, voting = changes.pop("state", None), changes.pop("reason", None), changes.pop("voting_open", None)
        fair = lookups.get_fair(uow, fair_id)
        if changes:
            fair = setup.update_fair(uow, fair_id, changes)
        if state is not None:
            fair = states.change_state(uow, fair_id, state, current_actor(), reason)
        if voting is not None:
            fair = states.set_voting(uow, fair_id, voting, current_actor())
        return fair


@api.route("/fairs/<int:fair_id>/history")
class FairHistory(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(FairChangeSchema))
    def get(self, args, fair_id):
        """The fair's history: every change of state and of the audience vote, with who, when and why"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(fair_history.history(uow, fair_id), args)


@api.route("/fairs/<int:fair_id>/pitches/<int:pitch_id>/without-jury")
class PitchWithoutJury(MethodView):
    @allow("coordinator")
    @api.arguments(WithoutJuryInSchema)
    @api.response(200, WithoutJurySchema)
    def put(self, data, fair_id, pitch_id):
        """The chair's decision for a pitch no juror's sheet counts for (every juror recused, or none sent): rank it
        on its audience score, with the ``reason`` shown on the results. Scoring does not close while such a pitch
        has no decision. Refused once the results are published."""
        pitch = states.rank_without_jury(current_uow(), fair_id, pitch_id, data["reason"], current_actor())
        return {"pitch_id": pitch.id, "reason": pitch.without_jury_reason}

    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, pitch_id):
        """Take the decision back (another juror scored the pitch after all)"""
        states.take_back_without_jury(current_uow(), fair_id, pitch_id, current_actor())


@api.route("/fairs/<int:fair_id>/criteria")
class Criteria(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(CriterionSchema))
    def get(self, args, fair_id):
        """The fair's criteria in order"""
        fair_for_reader(fair_id)
        return page_of(lookups.criteria(current_uow(), fair_id), args)

    @allow("coordinator")
    @idempotent
    @api.arguments(CriterionInSchema)
    @api.response(201, CriterionSchema)
    def post(self, data, fair_id):
        """Add a criterion (weight > 0, max_score 1..100)"""
        return setup.add_criterion(current_uow(), fair_id, data)


@api.route("/fairs/<int:fair_id>/criteria/<int:criterion_id>")
class CriterionItem(MethodView):
    @allow("coordinator")
    @api.arguments(CriterionPatchSchema)
    @api.response(200, CriterionSchema)
    def patch(self, changes, fair_id, criterion_id):
        """Rename a criterion or change its weight; its max_score only while no sheet has scored it (else 409)"""
        return setup.update_criterion(current_uow(), fair_id, criterion_id, changes)

    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, criterion_id):
        """Delete a criterion while no sheet has scored it; once scored, 409 (scores are never dropped)"""
        setup.delete_criterion(current_uow(), fair_id, criterion_id)


@api.route("/fairs/<int:fair_id>/pitches")
class Pitches(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(PitchSchema))
    def get(self, args, fair_id):
        """The lineup: the cohort's nominated teams in stage order (fixed once the fair opens)"""
        fair_for_reader(fair_id)
        return page_of(lookups.lineup(current_uow(), fair_id), args)


@api.route("/fairs/<int:fair_id>/pitches/<int:pitch_id>")
class PitchItem(MethodView):
    @allow("coordinator")
    @api.arguments(PitchPatchSchema)
    @api.response(200, page_schema(PitchSchema))
    def patch(self, data, fair_id, pitch_id):
        """Move a pitch to a position in the lineup (a draft only); answers the whole lineup"""
        uow = current_uow()
        setup.move_pitch(uow, fair_id, pitch_id, data["position"])
        items = lookups.lineup(uow, fair_id)
        return page_of(items, {"page": 1, "per_page": max(1, len(items))})
