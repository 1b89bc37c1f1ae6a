"""Visits' page on a phone (the desk): one line per visitor, the day's log below."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from services.cohorts.visits import operations
from services.cohorts.visits.models import PURPOSES
from shared.db import utcnow
from shared.errors import N_, UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent

pages = Blueprint("visit_pages", __name__, url_prefix="/cohorts", template_folder="templates")
PURPOSE_LABELS = {"library": N_("Library"), "office": N_("Office"), "incubator": N_("Incubator's desk"), "other": N_("Other")}


class VisitForm(FlaskForm):
    idempotency_key = HiddenField()
    full_name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(min=2, max=300)])
    contact = StringField(lazy_gettext("Phone or e-mail"), validators=[DataRequired(), Length(max=254)])
    purpose = SelectField(lazy_gettext("What for"), choices=[(p, lazy_gettext(PURPOSE_LABELS[p])) for p in PURPOSES])
    visited_on = DateField(lazy_gettext("Day"), validators=[InputRequired()])
    organisation = StringField(lazy_gettext("Organisation"), validators=[Optional(), Length(max=300)])


@pages.route("/visits", methods=["GET", "POST"])
@allow("coordinator", "mentor")
@idempotent
def visits():
    uow = current_uow()
    form = VisitForm()
    if request.method == "GET":
        form.visited_on.data = utcnow().date()
    status = 200
    if request.method == "POST":
        if form.validate():
            contact = form.contact.data.strip()
            data = {"full_name": form.full_name.data, "purpose": form.purpose.data, "visited_on": form.visited_on.data,
                    "organisation": form.organisation.data or None,
                    **({"email": contact} if "@" in contact else {"phone": contact})}
            try:
                principal = g.get("principal")
                operations.log_visit(uow, data, account_id=principal.account_id if principal else None)
            except UseCaseError as exc:
                if exc.errors and ("phone" in exc.errors or "email" in exc.errors):
                    exc.errors = {"contact": exc.errors.get("phone") or exc.errors.get("email")}
                status = apply_errors(form, exc)
            else:
                flash(gettext("Visit logged: %(name)s.", name=form.full_name.data), "success")
                return redirect(url_for("visit_pages.visits"), 303)
        else:
            status = 422
    recent = uow.session.execute(operations.visits().limit(30)).all()
    return render_template("visits/visits.html", form=form, recent=recent, labels=PURPOSE_LABELS), status
