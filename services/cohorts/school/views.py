import sqlalchemy as sa
from flask import g
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.programs.operations import get_cohort
from services.cohorts.school import operations
from services.cohorts.school.models import SchoolSession
from services.cohorts.school.schemas import (
    AttendanceChangeSchema,
    AttendanceSchema,
    AttendanceWriteSchema,
    SessionSchema,
    SessionUpdateSchema,
    SessionWriteSchema,
)
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("school", __name__, url_prefix="/cohorts/api/v1", description="School sessions and attendance")


@api.route("/cohorts/<int:cohort_id>/sessions")
class Sessions(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(SessionSchema))
    def get(self, args, cohort_id):
        """Sessions of the cohort's school"""
        get_cohort(current_uow(), cohort_id)
        query = sa.select(SchoolSession).where(SchoolSession.cohort_id == cohort_id).order_by(SchoolSession.starts_at)
        return paginate(current_uow().session, query, **args)

    @allow("coordinator")
    @idempotent
    @api.arguments(SessionWriteSchema)
    @api.response(201, SessionSchema)
    def post(self, data, cohort_id):
        """Plan a session (title, time, place, duration, trainer)"""
        return operations.create_session(current_uow(), cohort_id, data)


@api.route("/sessions/<int:session_id>")
class SessionItem(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, SessionSchema)
    def get(self, session_id):
        """A session"""
        return operations.get_session(current_uow(), session_id)

    @allow("coordinator")
    @api.arguments(SessionUpdateSchema)
    @api.response(200, SessionSchema)
    def patch(self, data, session_id):
        """Change a session"""
        return operations.update_session(current_uow(), session_id, data)


def _record(data, session_id):
    principal = g.principal
    person_ids = operations.record_attendance(
        current_uow(), session_id, data["person_ids"], account_id=principal.account_id,
        account_name=principal.name or f"#{principal.account_id}", base_version=data.get("base_version"),
    )
    return {"person_ids": person_ids, "version": operations.get_session(current_uow(), session_id).version}


@api.route("/sessions/<int:session_id>/attendance")
class AttendanceResource(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, AttendanceSchema)
    def get(self, session_id):
        """Who attended"""
        session = operations.get_session(current_uow(), session_id)
        return {"person_ids": operations.present_ids(current_uow(), session_id), "version": session.version}

    @allow("coordinator")
    @api.arguments(AttendanceWriteSchema)
    @api.response(200, AttendanceSchema)
    def put(self, data, session_id):
        """Record attendance: the full list, which replaces the previous one"""
        return _record(data, session_id)

    @allow("coordinator")
    @api.arguments(AttendanceWriteSchema)
    @api.response(200, AttendanceSchema)
    def post(self, data, session_id):
        """Record attendance (same as PUT: the full list replaces the previous one)"""
        return _record(data, session_id)


@api.route("/sessions/<int:session_id>/attendance/history")
class AttendanceHistory(MethodView):
    @allow("coordinator")
    @api.response(200, AttendanceChangeSchema(many=True))
    def get(self, session_id):
        """Who changed the attendance list, when, and whom they added and removed (with names)"""
        return operations.history_rows(current_uow(), session_id)
