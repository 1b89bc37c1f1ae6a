import zoneinfo

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.cohorts.report import figures, xlsx
from shared.web.access import allow
from shared.web.boundary import current_uow

api = Blueprint("report", __name__, url_prefix="/cohorts/api/v1", description="The funder's report")


class ReportSchema(Schema):
    cohort_id = fields.Integer()
    cohort = fields.String()
    program = fields.String()
    funder = fields.String(allow_none=True)
    generated_at = fields.DateTime()
    indicators = fields.Dict(metadata={"description": "by the report's indicator codes: value, target, percent"})
    participants_by_sex = fields.Dict()
    youth_14_35 = fields.Integer()
    projects_developed = fields.Integer()
    projects_presented = fields.Integer()
    consultations_by_kind = fields.Dict()
    webinar_anonymous_attendees = fields.Integer()
    pledges_in_kind = fields.Integer()
    pledges = fields.Dict(metadata={"description": "rubles pledged at the fairs, money and in-kind (estimated) apart: "
                                                   "money_pledged, money_confirmed, money_received, in_kind_pledged, ..."})
    leaders = fields.List(fields.Dict())
    sessions = fields.List(fields.Dict())


@api.route("/cohorts/<int:cohort_id>/report")
class Report(MethodView):
    @allow("coordinator")
    @api.response(200, ReportSchema)
    def get(self, cohort_id):
        """The cohort's indicators for the funder (each person counted once)"""
        return figures.report(current_uow(), cohort_id)


@api.route("/cohorts/<int:cohort_id>/report.xlsx")
class ReportWorkbook(MethodView):
    @allow("coordinator")
    @api.response(200, description="An XLSX workbook")
    def get(self, cohort_id):
        """The same report as an XLSX workbook"""
        data = figures.report(current_uow(), cohort_id)
        from services.cohorts.programs.models import Program, Cohort

        session = current_uow().session
        tz = zoneinfo.ZoneInfo(session.get(Program, session.get(Cohort, cohort_id).program_id).timezone)
        return Response(
            xlsx.workbook(data, tz=tz),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="report-cohort-{cohort_id}.xlsx"'},
        )
