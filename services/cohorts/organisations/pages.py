"""The register's page: find an organisation by name or INN, register a new one (coordinators)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from services.cohorts.organisations import operations, rules
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent
from shared.web.pagination import paginate

pages = Blueprint("organisation_pages", __name__, url_prefix="/cohorts", template_folder="templates")


def kind_choices(blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(kind, lazy_gettext(rules.KIND_LABELS[kind])) for kind in rules.KINDS]
    return ([("", blank)] if blank is not None else []) + choices


class OrganisationForm(FlaskForm):
    idempotency_key = HiddenField()
    name = StringField(lazy_gettext("Name of the organisation"), validators=[DataRequired(), Length(max=rules.NAME_LENGTH)])
    kind = SelectField(lazy_gettext("Kind of organisation"), choices=kind_choices(), validators=[DataRequired()])
    inn = StringField(lazy_gettext("INN"), validators=[Optional(), Length(max=40)])
    settlement = StringField(lazy_gettext("Settlement"), validators=[Optional(), Length(max=200)])


@pages.route("/organisations", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def register():
    uow = current_uow()
    form = OrganisationForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                made, namesakes = operations.register(uow, {f: form[f].data for f in ("name", "kind", "inn", "settlement")})
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Organisation registered: %(name)s.", name=made.name), "success")
                if namesakes:
                    flash(gettext("Check it is not one already registered: %(names)s.",
                                  names=", ".join(f"{o.name} (#{o.id})" for o in namesakes)), "warning")
                return redirect(url_for("organisation_pages.register", q=made.name), 303)
        else:
            status = 422
    q = (request.args.get("q") or "").strip()[:200]
    kind = request.args.get("kind") if request.args.get("kind") in rules.KINDS else None
    page = min(max(1, request.args.get("page", 1, type=int)), 10_000)
    result = paginate(uow.session, operations.search(q, kind), page=page, per_page=50)
    return render_template("organisations/register.html", form=form, result=result, q=q, kind=kind,
                           kinds=kind_choices(gettext("Every kind")), labels=rules.KIND_LABELS), status
