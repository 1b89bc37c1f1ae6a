"""The report's API: a cohort's and a programme's figures, the records behind each, the workbook."""
import datetime as dt

from flask import Response
from flask.views import MethodView
from shared.web.blueprint import Blueprint
from marshmallow import Schema, ValidationError, fields, validates_schema

from services.cohorts.report import figures, indicators, scope as scopes, xlsx
from shared.errors import N_, not_found
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.pagination import PageArgs

api = Blueprint("report", __name__, url_prefix="/cohorts/api/v1", description="The funder's report")


class PeriodArgs(Schema):
    first_day = fields.Date(data_key="from", load_default=None, metadata={"description": "first day of the cut (programme's time zone)"})
    last_day = fields.Date(data_key="to", load_default=None, metadata={"description": "last day of the cut, included"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("first_day") and data.get("last_day") and data["first_day"] > data["last_day"]:
            raise ValidationError(N_("The end is before the start."), "to")


class RecordArgs(PeriodArgs, PageArgs):
    pass


class PeriodSchema(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    timezone = fields.String()
    cut = fields.Boolean(metadata={"description": "whether a date range was asked"})


class ReportSessionSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    duration_minutes = fields.Integer()
    present = fields.Integer()


class GrantFiguresSchema(Schema):
    awarded = fields.Integer(metadata={"description": "grants awarded"})
    amount = fields.Decimal(as_string=True, places=2, metadata={"description": "money awarded"})
    organisations = fields.Integer(metadata={"description": "different organisations funded (by INN, else by name)"})
    partial = fields.Integer(metadata={"description": "awards below the request (the funding line's last)"})


class CascadeLevelSchema(Schema):
    level = fields.Integer(metadata={"description": "1: the cohorts trained by the programme's experts; 2: those their trainers lead; …"})
    cohorts = fields.List(fields.Integer())
    people = fields.Integer(metadata={"description": "different people taking part at this level"})
    organisations = fields.Integer()
    by_region = fields.Dict(keys=fields.String(), values=fields.Integer(),
                            metadata={"description": "people by the region (oblast) their cohort works in"})


class CascadeTrainerSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    cohorts = fields.List(fields.Integer())
    reached = fields.Integer(metadata={"description": "different people in the cohorts they lead, themselves aside"})
    attended_half = fields.Integer(metadata={"description": "of those, who came to at least half of their cohort's sessions"})


class CascadeSchema(Schema):
    levels = fields.List(fields.Nested(CascadeLevelSchema))
    people_total = fields.Integer(metadata={"description": "everyone once, whatever levels they are at"})
    trainers = fields.List(fields.Nested(CascadeTrainerSchema))


class ReportSchema(Schema):
    cohort_id = fields.Integer()
    cohort = fields.String()
    program_id = fields.Integer()
    program = fields.String()
    funder = fields.String(allow_none=True)
    currency = fields.String(metadata={"description": "what pledges, awards and funds raised are counted in"})
    grant_currency = fields.String(metadata={"description": "what the grant and co-financing are counted in"})
    cohorts = fields.List(fields.Dict())
    period = fields.Nested(PeriodSchema, metadata={"description": "the cut asked for, or the programme's own dates"})
    generated_at = fields.DateTime()
    fresh_as_of = fields.DateTime(allow_none=True, metadata={"description": "when the newest event behind the figures was applied"})
    indicators = fields.Dict(metadata={"description": "by the report's indicator codes: value, target, percent, records (link)"})
    breakdowns = fields.Dict(metadata={"description": "unique people by district, settlement, team_kind, role, sex, youth_14_35, first_contact_month, sector (their organisation's kind: state and municipal bodies' people represent the state)"})
    participants_by_sex = fields.Dict()
    youth_14_35 = fields.Integer()
    projects_developed = fields.Integer()
    projects_presented = fields.Integer()
    consultations_by_kind = fields.Dict()
    consultation_hours_by_kind = fields.Dict()
    webinar_anonymous_attendees = fields.Integer()
    webinar_audience = fields.Dict(metadata={"description": "reported apart, never added into the unique people"})
    pledges_in_kind = fields.Integer()
    pledges = fields.Dict(metadata={"description": "rubles pledged at the fairs, money and in-kind (estimated) apart: "
                                                   "money_pledged, money_confirmed, money_received, in_kind_pledged, ..."})
    funds = fields.Dict(metadata={"description": "grant, cofinancing, raised (money and in-kind: pledged, confirmed, received), "
                                                 "by_project, by_partner, by_partner_kind (business, authority, ngo, "
                                                 "person, unknown: pledges from before fairs announced the kind)"})
    grant_amount = fields.Float(allow_none=True)
    cofinancing_amount = fields.Float(allow_none=True)
    leaders = fields.List(fields.Dict())
    grants = fields.Nested(GrantFiguresSchema, allow_none=True,
                           metadata={"description": "the programme's grants calls (a programme's report only; none in a cohort's)"})
    cascade = fields.Nested(CascadeSchema, allow_none=True,
                            metadata={"description": "a programme whose cohorts name parents: the cascade of trainers"})
    sessions = fields.List(fields.Nested(ReportSessionSchema))


class RecordsSchema(Schema):
    items = fields.List(fields.Dict(), metadata={"description": "each record with its url"})
    total = fields.Integer(metadata={"description": "equals the indicator's value for counts"})
    page = fields.Integer()
    per_page = fields.Integer()
    sum = fields.Float(metadata={"description": "hours and rubles: equals the indicator's value"})
    sum_minutes = fields.Integer()


def cohort_report(cohort_id, args) -> dict:
    session = current_uow().session
    scope = scopes.for_cohort(session, cohort_id, args["first_day"], args["last_day"])
    data = figures.report(session, scope, base=f"/cohorts/api/v1/cohorts/{cohort_id}/report")
    return {"cohort_id": cohort_id, "cohort": scope.cohorts[0].name, **data}


def program_report(program_id, args) -> dict:
    session = current_uow().session
    scope = scopes.for_program(session, program_id, args["first_day"], args["last_day"])
    return figures.report(session, scope, base=f"/cohorts/api/v1/programs/{program_id}/report")


def _records(scope, indicator, args) -> dict:
    if indicator not in indicators.RECORDS:
        raise not_found(N_("No such indicator."))
    page = indicators.RECORDS[indicator](current_uow().session, scope, args["page"], args["per_page"])
    return {**page, "items": [_iso(item) for item in page["items"]]}


def _iso(item: dict) -> dict:
    """Records carry instants; the API writes them as ISO 8601 like every other answer."""
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in item.items()}


@api.route("/cohorts/<int:cohort_id>/report")
class Report(MethodView):
    @allow("coordinator")
    @api.arguments(PeriodArgs, location="query")
    @api.response(200, ReportSchema)
    def get(self, args, cohort_id):
        """The cohort's indicators for the funder (each person counted once)"""
        return cohort_report(cohort_id, args)


@api.route("/programs/<int:program_id>/report")
class ProgramReport(MethodView):
    @allow("coordinator")
    @api.arguments(PeriodArgs, location="query")
    @api.response(200, ReportSchema)
    def get(self, args, program_id):
        """The programme's indicators over all its cohorts (a person in two cohorts counts once)"""
        return program_report(program_id, args)


@api.route("/cohorts/<int:cohort_id>/report/records/<indicator>")
class CohortRecords(MethodView):
    @allow("coordinator")
    @api.arguments(RecordArgs, location="query")
    @api.response(200, RecordsSchema)
    def get(self, args, cohort_id, indicator):
        """The records behind one of the cohort's figures, paged"""
        return _records(scopes.for_cohort(current_uow().session, cohort_id, args["first_day"], args["last_day"]), indicator, args)


@api.route("/programs/<int:program_id>/report/records/<indicator>")
class ProgramRecords(MethodView):
    @allow("coordinator")
    @api.arguments(RecordArgs, location="query")
    @api.response(200, RecordsSchema)
    def get(self, args, program_id, indicator):
        """The records behind one of the programme's figures, paged"""
        return _records(scopes.for_program(current_uow().session, program_id, args["first_day"], args["last_day"]), indicator, args)


def _workbook(data: dict, scope, filename: str) -> Response:
    return Response(
        xlsx.workbook(data, current_uow().session, scope),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@api.route("/cohorts/<int:cohort_id>/report.xlsx")
class ReportWorkbook(MethodView):
    @allow("coordinator")
    @api.arguments(PeriodArgs, location="query")
    @api.response(200, description="An XLSX workbook")
    def get(self, args, cohort_id):
        """The same report as an XLSX workbook: the funder's table, then the records behind each figure"""
        data = cohort_report(cohort_id, args)
        scope = scopes.for_cohort(current_uow().session, cohort_id, args["first_day"], args["last_day"])
        return _workbook(data, scope, f"report-cohort-{cohort_id}.xlsx")


@api.route("/programs/<int:program_id>/report.xlsx")
class ProgramWorkbook(MethodView):
    @allow("coordinator")
    @api.arguments(PeriodArgs, location="query")
    @api.response(200, description="An XLSX workbook")
    def get(self, args, program_id):
        """The programme's report as an XLSX workbook"""
        data = program_report(program_id, args)
        scope = scopes.for_program(current_uow().session, program_id, args["first_day"], args["last_day"])
        return _workbook(data, scope, f"report-programme-{program_id}.xlsx")
