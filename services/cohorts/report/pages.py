"""The report's pages: the figures with their charts, the records behind each figure, the print view for signing."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext, ngettext
from markupsafe import Markup
from marshmallow import ValidationError

from services.cohorts.cascade import drawing as cascade_drawing
from services.cohorts.cascade.operations import tree as cascade_tree
from services.cohorts.programs.zones import show_programme
from services.cohorts.report import board, breakdowns, figures, funds, indicators, people, scope as scopes
from services.cohorts.report import dashboard as dashboards
from services.cohorts.report import words as words_of
from services.cohorts.report.views import PeriodArgs
from services.cohorts.report.words import word
from shared.errors import N_
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
    show_programme(scope.program)
    return session, scope


def _base(kind: str, ident: int) -> str:
    return f"/cohorts/{'cohorts' if kind == 'cohort' else 'programs'}/{ident}/report"


def _report_page(kind: str, ident: int, template: str):
    period, errors = _period()
    session, scope = _scope(kind, ident, period)
    report = figures.report(session, scope, base=_base(kind, ident))
    if kind == "cohort":
        report["cohort"] = scope.cohorts[0].name
    tree = None
    if report.get("cascade"):
        people_word = lambda n: ngettext("%(num)d person", "%(num)d people", n)  # noqa: E731
        tree = Markup(cascade_drawing.svg(cascade_tree(session, scope.program.id), people_word=people_word,
                                          title=gettext("The cascade of trainers")))
    return render_template(template, r=report, scope=scope, kind=kind, ident=ident, base=_base(kind, ident), errors=errors,
                           cascade_tree=tree,
                           charts=board.draw(session, scope, report), labels=indicators.LABELS, shown=board.shown,
                           api_base=f"/cohorts/api/v1{_base(kind, ident)[len('/cohorts'):]}")


def _subset(indicator: str) -> tuple[dict, dict]:
    """The part of an indicator's records a figure beside it stands for, from the query (unknown values: 404):
    the arguments for the records function, and the words naming the part."""
    args = request.args
    if indicator == "participants" and args.get("by"):
        if args["by"] not in breakdowns.COLUMNS or not args.get("key"):
            abort(404)
        return {"by": args["by"], "key": args["key"]}, {"column": args["by"], "key": args["key"]}
    if indicator in ("consultations", "consultation_hours") and args.get("kind"):
        if args["kind"] not in words_of.CONSULTATION_KINDS:
            abort(404)
        return {"kind": args["kind"]}, {"kind": word("consultation_kind", args["kind"])}
    if indicator == "teams" and args.get("projects"):
        if args["projects"] not in indicators.PROJECTS:
            abort(404)
        return {"projects": args["projects"]}, {"projects": args["projects"]}
    if indicator == "funds_raised" and (args.get("kind") or args.get("stage") or args.get("partner_kind")):
        chosen = {"kind": args.get("kind") or "money", "stage": args.get("stage") or "pledged",
                  "partner_kind": args.get("partner_kind") or None}
        if (chosen["kind"] not in words_of.PLEDGE_KINDS or chosen["stage"] not in indicators.STAGE_STATUSES
                or chosen["partner_kind"] not in (None, *funds.PARTNER_KINDS)):
            abort(404)
        return chosen, {"pledge_kind": word("pledge_kind", chosen["kind"]), "stage": word("pledge_status", chosen["stage"]),
                        "partner_kind": chosen["partner_kind"]}
    return {}, {}


def _records_page(kind: str, ident: int, indicator: str):
    if indicator not in indicators.RECORDS and indicator not in EXTRA:
        abort(404)
    period, errors = _period()
    session, scope = _scope(kind, ident, period)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    subset, named = _subset(indicator)
    page, per_page = min(page, 1_000_000), PER_PAGE
    if indicator in EXTRA:
        listing = EXTRA[indicator](session, scope, page, per_page)
        figure = listing["total"]
    elif "by" in subset:
        reached = people.reached(session, scope)
        keys = breakdowns.person_keys(session, scope, reached)
        column = breakdowns.COLUMNS.index(subset["by"])
        chosen = {pid: reached[pid] for pid, row in keys.items() if str(row[column]) == subset["key"]}
        listing = indicators.participants_records(session, scope, page, per_page, reached=chosen)
        figure = listing["total"]
    elif subset:
        listing = indicators.RECORDS[indicator](session, scope, page, per_page, **subset)
        figure = listing.get("sum", listing["total"]) if indicator in ("consultation_hours", "funds_raised") else listing["total"]
    else:
        listing = indicators.RECORDS[indicator](session, scope, page, per_page)
        figure = indicators.VALUES[indicator](session, scope)
    cut = {k: v.isoformat() for k, v in (("from", scope.first_day), ("to", scope.last_day)) if v}
    keep = {k: v for k, v in request.args.items() if k in ("by", "key", "kind", "projects", "stage", "partner_kind")}
    return render_template("report/records.html", listing=listing, indicator=indicator, figure=figure, scope=scope, kind=kind,
                           ident=ident, base=_base(kind, ident), cut=cut, labels={**indicators.LABELS, **EXTRA_LABELS},
                           shown=board.shown, word=word, named=named, keep=keep)


EXTRA = {"sessions": indicators.sessions_records}
EXTRA_LABELS = {"sessions": N_("School sessions held")}


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


@pages.route("/cohorts/<int:cohort_id>/dashboard")
@allow("coordinator")
def dashboard(cohort_id):
    uow = current_uow()
    data = dashboards.cohort_dashboard(uow, cohort_id)
    show_programme(data["program"])
    return render_template("report/dashboard.html", cohort=data["cohort"], d=data,
                           charts=board.draw(uow.session, data["scope"], data["report"]))
