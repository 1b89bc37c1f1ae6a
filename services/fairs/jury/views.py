"""The jury API: jurors and their links (coordinators); score sheets and conflicts (jurors, by account or link)."""
from __future__ import annotations

from flask import current_app, g, url_for
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.fairs.fair import lookups
from services.fairs.jury import conflicts, consulted, links, operations, sheets
from services.fairs.jury.models import Juror
from services.fairs.jury.schemas import (
    ConflictInSchema,
    ConflictSchema,
    JurorInSchema,
    JurorSchema,
    PitchStatusSchema,
    ReopenInSchema,
    ReviewInSchema,
    SheetInSchema,
    SheetRevisionSchema,
    SheetSchema,
)
from services.fairs.listing import page_of
from shared.web.access import LINK, allow
from shared.web.actor import current_actor
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema
from shared.web.urls import external_url

api = Blueprint("jury", __name__, url_prefix="/fairs/api/v1", description="Jurors and their links, score sheets, conflicts")


def is_coordinator() -> bool:
    p = g.principal
    return p.via != "link" and p.has("coordinator")


def fair_for_reader(fair_id: int):
    """The fair, for a coordinator; for a juror only a fair whose jury they sit on (else it does not exist for them)."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    if not is_coordinator():
        operations.seat_for(uow, fair_id, g.principal)
    return fair


def seat(fair_id: int) -> operations.JurorSeat:
    """The juror this request is at this fair (an unknown fair has no jury: 404 all the same)."""
    return operations.seat_for(current_uow(), fair_id, g.principal)


def link_token(juror) -> str:
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    return links.issue(secret, account_id=juror.account_id, fair_id=juror.fair_id, juror_id=juror.id, version=juror.link_version)


def link_path(juror) -> str:
    return url_for("jury_pages.open_link", token=link_token(juror))


def link_url(juror) -> str:
    return external_url(link_path(juror))


def juror_body(juror, name: str) -> dict:
    return {
        "id": juror.id, "fair_id": juror.fair_id, "account_id": juror.account_id, "name": name,
        "link_url": link_url(juror), "link_token": link_token(juror), "link_version": juror.link_version,
        "qr_url": url_for("jury_pages.juror_qr", fair_id=juror.fair_id, juror_id=juror.id),
    }


def _juror_name(juror) -> str:
    return next((r["name"] for r in operations.jurors(current_uow(), juror.fair_id) if r["juror"].id == juror.id), "")


@api.route("/fairs/<int:fair_id>/jurors")
class Jurors(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(JurorSchema))
    def get(self, args, fair_id):
        """The jury, each juror with their personal link"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of([juror_body(r["juror"], r["name"]) for r in operations.jurors(uow, fair_id)], args)

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
        return sheets.own_sheet(current_uow(), seat(fair_id), pitch_id)

    @allow("juror", LINK)
    @idempotent
    @api.arguments(SheetInSchema)
    @api.response(200, SheetSchema)
    def put(self, data, fair_id, pitch_id):
        """Save the caller's own score sheet for a pitch while the fair is open: it becomes exactly these scores and
        comment; a change of a sent sheet is kept in its history. Refused (409, with ``reason``) when scoring is not
        open (draft, closed, published) or the juror is recused."""
        return sheets.save_sheet(current_uow(), seat(fair_id), pitch_id, data["scores"], data.get("comment"))


@api.route("/fairs/<int:fair_id>/sheets")
class Sheets(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(SheetSchema))
    def get(self, args, fair_id):
        """Every juror's sheets (coordinators only)"""
        return page_of(sheets.all_sheets(current_uow(), fair_id), args)


@api.route("/fairs/<int:fair_id>/sheets/<int:sheet_id>/reopen")
class SheetReopen(MethodView):
    @allow("coordinator")
    @api.arguments(ReopenInSchema)
    @api.response(200, SheetSchema)
    def post(self, data, fair_id, sheet_id):
        """Ask the juror to correct a sheet, with a ``reason`` (shown on their phone; their next change carries it)"""
        uow = current_uow()
        body = sheets.reopen_sheet(uow, fair_id, sheet_id, data.get("reason"), current_actor())
        return {**body, "juror_name": _juror_name(uow.session.get(Juror, body["juror_id"]))}


@api.route("/fairs/<int:fair_id>/sheets/<int:sheet_id>/history")
class SheetHistory(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(SheetRevisionSchema))
    def get(self, args, fair_id, sheet_id):
        """Every change of a sheet: old and new scores and comment, when, by whom, the chair's reason"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(sheets.sheet_history(uow, fair_id, sheet_id), args)


@api.route("/fairs/<int:fair_id>/pitch-status")
class PitchStatus(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(PitchStatusSchema))
    def get(self, args, fair_id):
        """For each pitch: which jurors have sent their sheet, who is missing, who is recused"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(sheets.pitch_status(uow, fair_id), args)


@api.route("/fairs/<int:fair_id>/conflicts")
class Conflicts(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ConflictSchema))
    def get(self, args, fair_id):
        """Conflicts of interest: declared by jurors, standing ones (mentor or member of the team), and flagged ones
        (the juror logged a consultation with the team: ``decision`` confirmed, cleared, or none while undecided)"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(conflicts.conflicts(uow, fair_id), args)

    @allow("juror", LINK)
    @idempotent
    @api.arguments(ConflictInSchema)
    @api.response(201, ConflictSchema)
    def post(self, data, fair_id):
        """Declare a conflict of interest for a pitch: the caller's scores for it are dropped"""
        s = seat(fair_id)
        c = conflicts.declare_conflict(current_uow(), s, data["pitch_id"], data.get("reason"))
        return {"id": c.id, "juror_id": c.juror_id, "juror_name": g.principal.name, "pitch_id": c.pitch_id,
                "kind": "declared", "reason": c.reason, "declared_at": c.declared_at, "decision": None}


@api.route("/fairs/<int:fair_id>/conflicts/reviews")
class ConflictReviews(MethodView):
    @allow("coordinator")
    @api.arguments(ReviewInSchema)
    @api.response(200, ConflictSchema)
    def post(self, data, fair_id):
        """The chair confirms (recused) or clears a flagged conflict (a juror who consulted the team)"""
        uow = current_uow()
        fair = lookups.get_fair(uow, fair_id)
        flag = consulted.review(uow, fair, data["juror_id"], data["pitch_id"], data["decision"], g.principal.account_id)
        name = next((r["name"] for r in operations.jurors(uow, fair_id) if r["juror"].id == flag["juror_id"]), "")
        return {"id": None, "juror_name": name, "reason": None, "declared_at": None, **flag}


@api.route("/fairs/<int:fair_id>/conflicts/<int:conflict_id>")
class ConflictItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(204)
    def delete(self, fair_id, conflict_id):
        """Withdraw a declaration (jurors their own, coordinators any)"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        conflicts.withdraw_conflict(uow, fair_id, conflict_id, seat=None if is_coordinator() else seat(fair_id))
