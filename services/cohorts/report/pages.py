"""The report's pages: the figures with their charts, the records behind each figure, the print view for signing."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request
from marshmallow import ValidationError

from services.cohorts.report import board, figures, indicators, scope as scopes
from services.cohorts.report.views import PeriodArgs
from services.cohorts.report.words import word
from shared.web.access import allow
from shared.web.boundary import current_uow

pages = Blueprint("report_pages", __name__, url_prefix="/cohorts", template_folder="templates")
PER_PAGE = 50


def _period() -> tuple[dict, dict]:
    """The cut asked for in the query, and the errors of a cut that cannot be read (then the whole period is shown)."""
    try:
        return PeriodArgs().load({k: v for k, v in request.args.items() if k in ("from", "to") and v}), {}
    except ValidationError as exc:
        return {"first_day": None, "last_day": None}, exc.messages


def _scope(kind: str, ident: int, period: dict):
    session = current_uow().session
    make = scopes.for_cohort if kind == "cohort" else scopes.for_program
    scope = make(session, ident, period["first_day"], period["last_day"])
    g.timezone = scope.program.timezone
    return session, scope


def _base(kind: str, ident: int) -> str:
    return f"/cohorts/{'cohorts' if kind == 'cohort' else 'programs'}/{ident}/report"


def _report_page(kind: str, ident: int, template: str):
    period, errors = _period()
    session, scope = _scope(kind, ident, period)
    report = figures.report(session, scope, base=_base(kind, ident))
    if kind == "cohort":
        report["cohort"] = scope.cohorts[0].name
    return render_template(template, r=report, scope=scope, kind=kind, ident=ident, base=_base(kind, ident), errors=errors,
                           charts=board.draw(session, scope, report), labels=indicators.LABELS, shown=board.shown,
                           api_base=f"/cohorts/api/v1{_base(kind, ident)[len('/cohorts'):]}")


def _records_page(kind: str, ident: int, indicator: str):
    if indicator not in indicators.RECORDS:
        abort(404)
    period, errors = _period()
    session, scope = _scope(kind, ident, period)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    listing = indicators.RECORDS[indicator](session, scope, min(page, 1_000_000), PER_PAGE)
    figure = indicators.VALUES[indicator](session, scope)
    cut = {k: v.isoformat() for k, v in (("from", scope.first_day), ("to", scope.last_day)) if v}
    return render_template("report/records.html", listing=listing, indicator=indicator, figure=figure, scope=scope, kind=kind,
                           ident=ident, base=_base(kind, ident), cut=cut, labels=indicators.LABELS, shown=board.shown, word=word)


@pages.route("/cohorts/<int:cohort_id>/report")
@allow("coordinator")
def cohort_report(cohort_id):
    return _report_page("cohort", cohort_id, "report/report.html")


@pages.route("/programs/<int:program_id>/report")
@allow("coordinator")
def program_report(program_id):
    return _report_page("program", program_id, "report/report.html")


@pages.route("/cohorts/<int:cohort_id>/report/print")
@allow("coordinator")
def cohort_print(cohort_id):
    return _report_page("cohort", cohort_id, "report/print.html")


@pages.route("/programs/<int:program_id>/report/print")
@allow("coordinator")
def program_print(program_id):
    return _report_page("program", program_id, "report/print.html")


@pages.route("/cohorts/<int:cohort_id>/report/records/<indicator>")
@allow("coordinator")
def cohort_records(cohort_id, indicator):
    return _records_page("cohort", cohort_id, indicator)


@pages.route("/programs/<int:program_id>/report/records/<indicator>")
@allow("coordinator")
def program_records(program_id, indicator):
    return _records_page("program", program_id, indicator)
