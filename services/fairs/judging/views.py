"""The judging API: fairs, criteria, lineup, jurors (coordinators); score sheets and conflicts (jurors, by account or link)."""
from __future__ import annotations

from flask import current_app, g, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from services.fairs.judging import operations
from services.fairs.judging.schemas import (
    ConflictInSchema,
    ConflictSchema,
    CriterionInSchema,
    CriterionPatchSchema,
    CriterionSchema,
    FairArgs,
    FairInSchema,
    FairPatchSchema,
    FairSchema,
    JurorInSchema,
    JurorSchema,
    PitchPatchSchema,
    PitchSchema,
    SheetInSchema,
    SheetSchema,
)
from shared import auth
from shared.web.access import LINK, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import page_schema, paginate

api = Blueprint("judging", __name__, url_prefix="/fairs/api/v1", description="Fairs, criteria, lineup, jurors, score sheets")


def is_coordinator() -> bool:
    p = g.principal
    return p.via != "link" and p.has("coordinator")


def fair_for_reader(fair_id: int):
    """The fair, for a coordinator; for a juror only a fair whose jury they sit on (else it does not exist for them)."""
    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    if not is_coordinator():
        operations.seat_for(uow, fair_id, g.principal)
    return fair


def seat(fair_id: int) -> operations.JurorSeat:
    uow = current_uow()
    operations.get_fair(uow, fair_id)
    return operations.seat_for(uow, fair_id, g.principal)


def link_token(juror) -> str:
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    return auth.issue_link(secret, account_id=juror.account_id, fair_id=juror.fair_id, juror_id=juror.id, version=juror.link_version)


def link_path(juror) -> str:
    return url_for("judging_pages.open_link", token=link_token(juror))


def link_url(juror) -> str:
    return request.host_url.rstrip("/") + link_path(juror)


def juror_body(juror, name: str) -> dict:
    return {
        "id": juror.id, "fair_id": juror.fair_id, "account_id": juror.account_id, "name": name,
        "link_url": link_url(juror), "link_token": link_token(juror), "link_version": juror.link_version,
        "qr_url": url_for("judging_pages.juror_qr", fair_id=juror.fair_id, juror_id=juror.id),
    }


def _juror_name(juror) -> str:
    return next((r["name"] for r in operations.jurors(current_uow(), juror.fair_id) if r["juror"].id == juror.id), "")


@api.route("/fairs")
class Fairs(MethodView):
    @allow("coordinator")
    @api.arguments(FairArgs, location="query")
    @api.response(200, page_schema(FairSchema))
    def get(self, args):
        """Fairs, newest first"""
        import sqlalchemy as sa

        from services.fairs.judging.models import Fair

        query = sa.select(Fair).order_by(Fair.held_on.desc(), Fair.id.desc())
        if args.get("cohort_id"):
            query = query.where(Fair.cohort_id == args["cohort_id"])
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(FairInSchema)
    @api.response(201, FairSchema)
    def post(self, data):
        """Create a fair of a cohort; its lineup fills from the cohort's nominated teams"""
        return operations.create_fair(current_uow(), data)


@api.route("/fairs/<int:fair_id>")
class FairItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, FairSchema)
    def get(self, fair_id):
        """A fair (jurors: only a fair whose jury they sit on)"""
        return fair_for_reader(fair_id)

    @allow("coordinator")
    @api.arguments(FairPatchSchema)
    @api.response(200, FairSchema)
    def patch(self, changes, fair_id):
        """Change a fair's name, date, place or weights"""
        return operations.update_fair(current_uow(), fair_id, changes)


@api.route("/fairs/<int:fair_id>/criteria")
class Criteria(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, CriterionSchema(many=True))
    def get(self, fair_id):
        """The fair's criteria in order"""
        fair_for_reader(fair_id)
        return operations.criteria(current_uow(), fair_id)

    @allow("coordinator")
    @idempotent
    @api.arguments(CriterionInSchema)
    @api.response(201, CriterionSchema)
    def post(self, data, fair_id):
        """Add a criterion (weight > 0, max_score 1..100)"""
        return operations.add_criterion(current_uow(), fair_id, data)


@api.route("/fairs/<int:fair_id>/criteria/<int:criterion_id>")
class CriterionItem(MethodView):
    @allow("coordinator")
    @api.arguments(CriterionPatchSchema)
    @api.response(200, CriterionSchema)
    def patch(self, changes, fair_id, criterion_id):
        """Rename a criterion or change its weight; its max_score only while no sheet has scored it (else 409)"""
        return operations.update_criterion(current_uow(), fair_id, criterion_id, changes)

    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, criterion_id):
        """Delete a criterion while no sheet has scored it; once scored, 409 (scores are never dropped)"""
        operations.delete_criterion(current_uow(), fair_id, criterion_id)


@api.route("/fairs/<int:fair_id>/pitches")
class Pitches(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, PitchSchema(many=True))
    def get(self, fair_id):
        """The lineup: the cohort's nominated teams in stage order"""
        fair_for_reader(fair_id)
        return operations.lineup(current_uow(), fair_id)


@api.route("/fairs/<int:fair_id>/pitches/<int:pitch_id>")
class PitchItem(MethodView):
    @allow("coordinator")
    @api.arguments(PitchPatchSchema)
    @api.response(200, PitchSchema(many=True))
    def patch(self, data, fair_id, pitch_id):
        """Move a pitch to a position in the lineup; answers the whole lineup"""
        uow = current_uow()
        operations.move_pitch(uow, fair_id, pitch_id, data["position"])
        return operations.lineup(uow, fair_id)


@api.route("/fairs/<int:fair_id>/jurors")
class Jurors(MethodView):
    @allow("coordinator")
    @api.response(200, JurorSchema(many=True))
    def get(self, fair_id):
        """The jury, each juror with their personal link"""
        uow = current_uow()
        operations.get_fair(uow, fair_id)
        return [juror_body(r["juror"], r["name"]) for r in operations.jurors(uow, fair_id)]

    @allow("coordinator")
    @idempotent
    @api.arguments(JurorInSchema)
    @api.response(201, JurorSchema)
    def post(self, data, fair_id):
        """Put an account with the juror role on the jury; answers their personal link and QR code"""
        juror = operations.add_juror(current_uow(), fair_id, data["account_id"])
        return juror_body(juror, _juror_name(juror))


@api.route("/fairs/<int:fair_id>/jurors/<int:juror_id>")
class JurorItem(MethodView):
    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, juror_id):
        """Take a juror off the jury: their link stops working (their sheets are kept)"""
        operations.remove_juror(current_uow(), fair_id, juror_id)


@api.route("/fairs/<int:fair_id>/jurors/<int:juror_id>/link")
class JurorLink(MethodView):
    @allow("coordinator")
    @api.response(200, JurorSchema)
    def post(self, fair_id, juror_id):
        """A new personal link for a juror (a lost phone); the old one stops working"""
        juror = operations.reissue_link(current_uow(), fair_id, juror_id)
        return juror_body(juror, _juror_name(juror))


@api.route("/fairs/<int:fair_id>/pitches/<int:pitch_id>/scores")
class Scores(MethodView):
    @allow("juror", LINK)
    @api.response(200, SheetSchema)
    def get(self, fair_id, pitch_id):
        """The caller's own score sheet for a pitch"""
        return operations.own_sheet(current_uow(), seat(fair_id), pitch_id)

    @allow("juror", LINK)
    @idempotent
    @api.arguments(SheetInSchema)
    @api.response(200, SheetSchema)
    def put(self, data, fair_id, pitch_id):
        """Save the caller's own score sheet for a pitch: it becomes exactly these scores and comment"""
        return operations.save_sheet(current_uow(), seat(fair_id), pitch_id, data["scores"], data.get("comment"))


@api.route("/fairs/<int:fair_id>/sheets")
class Sheets(MethodView):
    @allow("coordinator")
    @api.response(200, SheetSchema(many=True))
    def get(self, fair_id):
        """Every juror's sheets (coordinators only)"""
        return operations.all_sheets(current_uow(), fair_id)


@api.route("/fairs/<int:fair_id>/conflicts")
class Conflicts(MethodView):
    @allow("coordinator")
    @api.response(200, ConflictSchema(many=True))
    def get(self, fair_id):
        """Conflicts of interest: declared by jurors, and standing ones (mentor or member of the team)"""
        uow = current_uow()
        operations.get_fair(uow, fair_id)
        return operations.conflicts(uow, fair_id)

    @allow("juror", LINK)
    @idempotent
    @api.arguments(ConflictInSchema)
    @api.response(201, ConflictSchema)
    def post(self, data, fair_id):
        """Declare a conflict of interest for a pitch: the caller's scores for it are dropped"""
        s = seat(fair_id)
        c = operations.declare_conflict(current_uow(), s, data["pitch_id"], data.get("reason"))
        return {"id": c.id, "juror_id": c.juror_id, "juror_name": g.principal.name, "pitch_id": c.pitch_id,
                "kind": "declared", "reason": c.reason, "declared_at": c.declared_at}


@api.route("/fairs/<int:fair_id>/conflicts/<int:conflict_id>")
class ConflictItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(204)
    def delete(self, fair_id, conflict_id):
        """Withdraw a declaration (jurors their own, coordinators any)"""
        uow = current_uow()
        operations.get_fair(uow, fair_id)
        operations.withdraw_conflict(uow, fair_id, conflict_id, seat=None if is_coordinator() else seat(fair_id))
