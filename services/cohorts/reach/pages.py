"""The reach page (coordinators): the figures with charts, each opening its records, and the workbook."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request
from flask_babel import gettext

from services.cohorts.organisations.rules import KIND_LABELS as SECTOR_LABELS, KINDS as SECTORS
from services.cohorts.programs.models import Program
from services.cohorts.reach import operations, queries, xlsx
from services.cohorts.reach.views import person_row
from services.cohorts.report.charts import bars
from shared.errors import N_, UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import refusal_text

pages = Blueprint("reach_pages", __name__, url_prefix="/cohorts", template_folder="templates")

ACTIVITY_LABELS = {"events": N_("Events"), "cohorts": N_("Cohorts"), "school": N_("School"),
                   "consultations": N_("Consultations"), "visits": N_("Visits"), "fairs": N_("Fairs")}
LIST_LIMIT = 500


def _day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return None


def _asked():
    program_id = request.args.get("program_id", type=int)
    return _day("from"), _day("to"), program_id if program_id and program_id > 0 else None


def _label(key: str) -> str:
    if key in ACTIVITY_LABELS:
        return gettext(ACTIVITY_LABELS[key])
    if key in SECTOR_LABELS:
        return gettext(SECTOR_LABELS[key])
    if key == "none":
        return gettext("No organisation")
    return gettext(key)


@pages.route("/reach")
@allow("coordinator")
def reach():
    uow = current_uow()
    first, last, program_id = _asked()
    programs = uow.session.execute(sa.select(Program).order_by(Program.starts_on.desc(), Program.id)).scalars().all()
    try:
        cut = operations.cut(uow, first, last, program_id)
    except UseCaseError as exc:
        return render_template("reach/reach.html", error=refusal_text(exc), programs=programs, args=request.args), 422
    figures = queries.figures(uow.session, cut)
    charts = {
        "activity": bars(gettext("People by activity"), [(_label(k), v, str(v)) for k, v in figures["by_activity"].items()],
                         empty=gettext("Nobody yet.")),
        "sector": bars(gettext("People by sector"), [(_label(k), v, str(v)) for k, v in figures["by_sector"].items()],
                       empty=gettext("Nobody yet.")),
    }
    return render_template("reach/reach.html", figures=figures, charts=charts, programs=programs, args=request.args,
                           label=_label, error=None)


@pages.route("/reach/people")
@allow("coordinator")
def people():
    uow = current_uow()
    first, last, program_id = _asked()
    activity = request.args.get("activity") if request.args.get("activity") in queries.ACTIVITIES else None
    sector = request.args.get("sector") if request.args.get("sector") in SECTORS + ("none",) else None
    frequent = request.args.get("frequent") == "1"
    try:
        cut = operations.cut(uow, first, last, program_id)
    except UseCaseError as exc:
        return render_template("reach/people.html", error=refusal_text(exc), rows=[], total=0), 422
    query = queries.people(cut, activity=activity, sector=sector, frequent=frequent)
    total = uow.session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = [person_row(r) for r in uow.session.execute(query.limit(LIST_LIMIT)).all()]
    what = _label(activity) if activity else _label(sector) if sector else (gettext("Frequent") if frequent else None)
    return render_template("reach/people.html", rows=rows, total=total, what=what, limit=LIST_LIMIT, error=None)


@pages.route("/reach.xlsx")
@allow("coordinator")
def workbook():
    uow = current_uow()
    first, last, program_id = _asked()
    try:
        cut = operations.cut(uow, first, last, program_id)
    except UseCaseError as exc:
        return Response(refusal_text(exc), status=422, mimetype="text/plain")
    figures = queries.figures(uow.session, cut)
    people = [person_row(r) for r in uow.session.execute(queries.people(cut)).all()]
    organisations = [dict(r._mapping) for r in uow.session.execute(queries.organisations(cut)).all()]
    body = xlsx.workbook(figures, people, organisations, words=_label)
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="reach.xlsx"'})
