"""The plan's page (coordinators): lines by month, planned against held, people reached, what is overdue."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from services.cohorts.events.rules import KIND_LABELS
from services.cohorts.plan import operations, rules
from services.cohorts.programs.operations import get_program
from shared.db import utcnow
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent

pages = Blueprint("plan_pages", __name__, url_prefix="/cohorts", template_folder="templates")
LABELS = {**KIND_LABELS, **rules.KIND_LABELS_EXTRA}


class PlanLineForm(FlaskForm):
    idempotency_key = HiddenField()
    month = StringField(lazy_gettext("Month"), validators=[DataRequired(), Regexp(rules.MONTH, message=lazy_gettext("A month as 2027-03."))])
    kind = SelectField(lazy_gettext("Kind"), choices=[(k, lazy_gettext(LABELS[k])) for k in rules.KINDS])
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=300)])
    target_people = IntegerField(lazy_gettext("Target, people"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])


@pages.route("/programs/<int:program_id>/plan", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def plan(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    g.timezone = program.timezone
    form = PlanLineForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                operations.add_line(uow, program_id, {f: form[f].data for f in ("month", "kind", "title", "target_people")})
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Added to the plan."), "success")
                return redirect(url_for("plan_pages.plan", program_id=program_id), 303)
        else:
            status = 422
    now = utcnow()
    lines = operations.progress(uow, program_id, now=now, today=now.date())
    return render_template("plan/plan.html", program=program, lines=lines, form=form, labels=LABELS), status
