"""The stage API: the projector's and the phones' view polled with ETags; the chair's moves and settings."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask.views import MethodView
from shared.web.blueprint import Blueprint
from marshmallow import Schema, fields, validate

from services.fairs.fair import lookups
from services.fairs.jury.views import is_coordinator, seat
from services.fairs.audience.views import presence_secret
from services.fairs.stage import operations
from shared.db import utcnow
from shared.web.access import LINK, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent

api = Blueprint("stage", __name__, url_prefix="/fairs/api/v1", description="The stage: pitch on stage, timer, counts, leaders")

ID = validate.Range(min=1, max=2**63 - 1)
INT4 = validate.Range(min=-(2**31), max=2**31 - 1)


class StagePatchSchema(Schema):
    version = fields.Integer(strict=True, validate=INT4, metadata={"description": "the version the chair's screen shows; a stale one is refused (409)"})
    pitch_id = fields.Integer(strict=True, validate=ID, metadata={"description": "put this pitch on stage"})
    planned_seconds = fields.Integer(strict=True, validate=INT4)
    counts_shown = fields.Boolean()
    revealed = fields.Integer(strict=True, validate=INT4, metadata={"description": "leaders revealed: one more at a time, or fewer"})
    timer = fields.String(validate=validate.OneOf(("start", "stop", "reset")))


class StageMoveSchema(Schema):
    version = fields.Integer(strict=True, validate=INT4)


class StageSchema(Schema):
    fair = fields.Dict()
    version = fields.Integer()
    pitch = fields.Dict(allow_none=True)
    next = fields.Dict(allow_none=True)
    timer = fields.Dict()
    sheets = fields.Dict(allow_none=True, metadata={"description": "complete sheets sent for the pitch on stage, and expected"})
    lineup = fields.List(fields.Dict())
    counts_shown = fields.Boolean()
    votes = fields.List(fields.Dict(), allow_none=True, metadata={"description": "only while the chair shows the counts"})
    revealed = fields.Integer()
    leaders = fields.List(fields.Dict(), metadata={"description": "only the leaders revealed, third place first"})
    mine = fields.Dict(metadata={"description": "a juror's own sheets' states"})
    presence = fields.String(allow_none=True, metadata={
        "description": "the projector's code of the minute, which a phone votes with (coordinators only, while voting by phone is open)"})


def _polled(build, fair_id: int, audience: str):
    """The view, or 304 when the caller's ETag still holds: the view is not even built then."""
    uow = current_uow()
    now = utcnow()
    tag = operations.fingerprint(uow, fair_id, now=now, audience=audience)
    if request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
    else:
        response = jsonify(build(uow, now))
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"  # revalidated on every poll, never shown stale
    return response


@api.route("/fairs/<int:fair_id>/stage")
class StageItem(MethodView):
    @allow("coordinator", "juror", LINK)
    @api.response(200, StageSchema)
    def get(self, fair_id):
        """What the hall sees (the projector); a juror also gets their own sheets' states. ETag: 304 while unchanged"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        if is_coordinator():
            secret = presence_secret()  # the projector shows the hall's code of the minute; jurors' phones do not get it
            return _polled(lambda u, now: operations.hall_view(u, fair_id, now=now, presence_secret=secret), fair_id, "hall")
        juror_seat = seat(fair_id)
        return _polled(lambda u, now: operations.juror_view(u, juror_seat, now=now), fair_id, f"juror:{juror_seat.juror.id}")

    @allow("coordinator")
    @idempotent
    @api.arguments(StagePatchSchema)
    @api.response(200, StageSchema)
    def patch(self, changes, fair_id):
        """The chair: a pitch on stage, the timer, the planned length, the counts shown, the leaders revealed"""
        uow = current_uow()
        operations.change(uow, fair_id, changes, now=utcnow())
        return operations.console_view(uow, fair_id, now=utcnow())


def _move(where: str):
    @allow("coordinator")
    @idempotent
    @api.arguments(StageMoveSchema)
    @api.response(200, StageSchema)
    def post(self, data, fair_id):
        uow = current_uow()
        operations.move(uow, fair_id, where, version=data.get("version"))
        return operations.console_view(uow, fair_id, now=utcnow())

    return post


@api.route("/fairs/<int:fair_id>/stage/next")
class StageNext(MethodView):
    post = _move("next")
    post.__doc__ = "The next pitch of the lineup on stage (skipped ones passed over)"


@api.route("/fairs/<int:fair_id>/stage/previous")
class StagePrevious(MethodView):
    post = _move("previous")
    post.__doc__ = "Back to the previous pitch"


@api.route("/fairs/<int:fair_id>/stage/skip")
class StageSkip(MethodView):
    post = _move("skip")
    post.__doc__ = "The team on stage is absent: skipped, the next pitch comes on"


@api.route("/fairs/<int:fair_id>/console")
class ConsoleItem(MethodView):
    @allow("coordinator")
    @api.response(200, StageSchema)
    def get(self, fair_id):
        """The chair's view: every pitch's sheets sent, missing and recused (names, never scores). ETag: 304 while unchanged"""
        lookups.get_fair(current_uow(), fair_id)
        return _polled(lambda u, now: operations.console_view(u, fair_id, now=now), fair_id, "console")
