"""The coordinator's home: programmes and their cohorts, territories; creating them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_babel import gettext, lazy_gettext
from wtforms import DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from services.cohorts.programs import operations
from services.cohorts.programs.models import Cohort, Program, Territory
from services.cohorts.validation import MAX_MONEY
from shared.errors import UseCaseError
from shared.events.contracts import DEFAULT_TIMEZONE
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import Choice, apply_errors
from shared.web.idempotency import idempotent
from shared.web.redirects import local_path

pages = Blueprint("program_pages", __name__, url_prefix="/cohorts")

TIMEZONES = [
    ("Europe/Kaliningrad", lazy_gettext("Kaliningrad (UTC+2)")), ("Europe/Moscow", lazy_gettext("Moscow (UTC+3)")),
    ("Europe/Samara", lazy_gettext("Samara (UTC+4)")), ("Asia/Yekaterinburg", lazy_gettext("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", lazy_gettext("Omsk (UTC+6)")), ("Asia/Krasnoyarsk", lazy_gettext("Krasnoyarsk (UTC+7)")),
    ("Asia/Irkutsk", lazy_gettext("Irkutsk (UTC+8)")), ("Asia/Yakutsk", lazy_gettext("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", lazy_gettext("Vladivostok (UTC+10)")), ("Asia/Magadan", lazy_gettext("Magadan (UTC+11)")),
    ("Asia/Kamchatka", lazy_gettext("Kamchatka (UTC+12)")),
    # Kazakhstan's oblasts (one offset since 2024; the zones stay apart, as the time-zone database keeps them)
    ("Asia/Almaty", lazy_gettext("Almaty, Astana (Kazakhstan)")), ("Asia/Aqtobe", lazy_gettext("Aqtobe (Kazakhstan)")),
    ("Asia/Atyrau", lazy_gettext("Atyrau (Kazakhstan)")), ("Asia/Oral", lazy_gettext("Oral (Kazakhstan)")),
    ("Asia/Qostanay", lazy_gettext("Qostanay (Kazakhstan)")), ("Asia/Qyzylorda", lazy_gettext("Qyzylorda (Kazakhstan)")),
    ("Asia/Aqtau", lazy_gettext("Aqtau (Kazakhstan)")),
]


def target_words(targets: dict | None, currency: str | None = None) -> list[str]:
    """The programme's targets as the card says them ("50 participants", "участников: 50")."""
    from flask_babel import format_decimal

    from shared.web.i18n import money

    targets = targets or {}
    words = {
        "participants": lambda v: gettext("%(n)s participants", n=format_decimal(v)),
        "teams": lambda v: gettext("%(n)s teams", n=format_decimal(v)),
        "consultations": lambda v: gettext("%(n)s consultations", n=format_decimal(v)),
        "consultation_hours": lambda v: gettext("%(n)s consultation hours", n=format_decimal(v)),
        "leaders": lambda v: gettext("%(n)s leader projects", n=format_decimal(v)),
        "funds_raised": lambda v: gettext("%(amount)s to raise", amount=money(v, currency)),
    }
    return [words[code](targets[code]) for code in TARGETS if targets.get(code) is not None]


MONEY = [Optional(), NumberRange(min=0, max=MAX_MONEY)]
CURRENCY_CHOICES = [("RUB", lazy_gettext("₽ rubles")), ("KZT", lazy_gettext("₸ tenge")), ("EUR", lazy_gettext("€ euros")),
                    ("USD", lazy_gettext("$ US dollars"))]
COUNT = [Optional(), NumberRange(min=0, max=10_000_000)]
TARGETS = ("participants", "teams", "consultations", "consultation_hours", "leaders", "funds_raised")


class ProgramForm(FlaskForm):
    idempotency_key = HiddenField()
    name = StringField(lazy_gettext("Programme"), validators=[DataRequired(), Length(max=300)])
    funder = StringField(lazy_gettext("Funder"), validators=[Optional(), Length(max=300)])
    starts_on = DateField(lazy_gettext("Starts on"), validators=[DataRequired()])
    ends_on = DateField(lazy_gettext("Ends on"), validators=[DataRequired()])
    timezone = SelectField(lazy_gettext("Time zone"), choices=TIMEZONES, default=DEFAULT_TIMEZONE)
    currency = Choice(lazy_gettext("Money spent and raised in"), choices=CURRENCY_CHOICES, default="RUB")
    grant_currency = Choice(lazy_gettext("The grant comes in"), choices=CURRENCY_CHOICES, default="RUB")
    grant_amount = DecimalField(lazy_gettext("Grant"), places=2, validators=MONEY)
    cofinancing_amount = DecimalField(lazy_gettext("Co-financing"), places=2, validators=MONEY)
    target_participants = IntegerField(lazy_gettext("Target: participants"), validators=COUNT)
    target_teams = IntegerField(lazy_gettext("Target: teams"), validators=COUNT)
    target_consultations = IntegerField(lazy_gettext("Target: consultations"), validators=COUNT)
    target_consultation_hours = DecimalField(lazy_gettext("Target: consultation hours"), places=1, validators=COUNT)
    target_leaders = IntegerField(lazy_gettext("Target: leader projects"), validators=COUNT)
    target_funds_raised = DecimalField(lazy_gettext("Target: funds raised"), validators=MONEY)

    def program_data(self) -> dict | None:
        """The use case's data, or None with the error on the field."""
        if self.ends_on.data < self.starts_on.data:
            self.ends_on.errors = [gettext("The end is before the start.")]
            return None
        data = {k: self[k].data for k in ("name", "funder", "starts_on", "ends_on", "timezone", "currency", "grant_currency",
                                          "grant_amount", "cofinancing_amount")}
        data["funder"] = (data["funder"] or "").strip() or None
        data["targets"] = {code: self[f"target_{code}"].data for code in TARGETS if self[f"target_{code}"].data is not None}
        return data

    def fill_targets(self, program: Program) -> None:
        for code in TARGETS:
            if code in (program.targets or {}):
                self[f"target_{code}"].data = program.targets[code]


class CohortForm(FlaskForm):
    idempotency_key = HiddenField()
    program_id = SelectField(lazy_gettext("Programme"), coerce=int, validators=[DataRequired()])
    name = StringField(lazy_gettext("Cohort"), validators=[DataRequired(), Length(max=300)])


class CohortNameForm(FlaskForm):
    name = StringField(lazy_gettext("Cohort"), validators=[DataRequired(), Length(max=300)])


class TerritoryForm(FlaskForm):
    idempotency_key = HiddenField()
    district = StringField(lazy_gettext("Municipal district"), validators=[DataRequired(), Length(max=200)])
    settlement = StringField(lazy_gettext("Settlement"), validators=[DataRequired(), Length(max=200)])


def _forms(uow):
    programs = uow.session.execute(sa.select(Program).order_by(Program.starts_on.desc())).scalars().all()
    cohort_form = CohortForm(prefix="cohort")
    cohort_form.program_id.choices = [(p.id, p.name) for p in programs]
    return programs, ProgramForm(prefix="program"), cohort_form


@pages.route("/", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def home():
    uow = current_uow()
    programs, program_form, cohort_form = _forms(uow)
    status = 200
    if request.method == "POST":
        status = 422
        if "program-name" in request.form and program_form.validate_on_submit():
            data = program_form.program_data()
            if data is not None:
                try:
                    operations.create_program(uow, data)
                except UseCaseError as exc:
                    status = apply_errors(program_form, exc)
                else:
                    flash(gettext("Programme created."), "success")
                    return redirect(url_for("program_pages.home"))
        elif "cohort-name" in request.form and cohort_form.validate_on_submit():
            try:
                cohort = operations.create_cohort(uow, program_id=cohort_form.program_id.data, name=cohort_form.name.data)
            except UseCaseError as exc:
                status = apply_errors(cohort_form, exc)
            else:
                flash(gettext("Cohort created."), "success")
                return redirect(url_for("team_pages.cohort_teams", cohort_id=cohort.id))
    cohorts = uow.session.execute(sa.select(Cohort).order_by(Cohort.id)).scalars().all()
    by_program = {p.id: [c for c in cohorts if c.program_id == p.id] for p in programs}
    return render_template(
        "programs/home.html", programs=programs, by_program=by_program, program_form=program_form, cohort_form=cohort_form,
        zone_label=lambda tz: dict(TIMEZONES).get(tz, tz), target_words=target_words, demo_offered=operations.demo_offered(uow, current_app.extensions["rostok.runtime"].settings.embedded)
    ), status


@pages.route("/territories", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def territories():
    uow = current_uow()
    form = TerritoryForm()
    status = 200
    if form.validate_on_submit():
        try:
            operations.create_territory(uow, district=form.district.data, settlement=form.settlement.data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Territory added."), "success")
            # added from a team form: straight back to it, where the new territory is now offered
            return redirect(local_path(request.args.get("next")) or url_for("program_pages.territories"), 303)
    elif request.method == "POST":
        status = 422
    rows = uow.session.execute(sa.select(Territory).order_by(Territory.district_key, Territory.settlement_key)).scalars().all()
    return render_template("programs/territories.html", territories=rows, form=form, back=local_path(request.args.get("next"))), status


@pages.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
@allow("coordinator")
def edit_program(program_id):
    uow = current_uow()
    program = operations.get_program(uow, program_id)
    form = ProgramForm(obj=program)
    status = 200
    if request.method == "GET":
        form.fill_targets(program)
    elif form.validate_on_submit():
        data = form.program_data()
        if data is None:
            status = 422
        else:
            try:
                operations.update_program(uow, program_id, data)
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Saved."), "success")
                return redirect(url_for("program_pages.home"), 303)
    else:
        status = 422
    return render_template("programs/edit.html", program=program, form=form), status


@pages.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@allow("coordinator")
def edit_cohort(cohort_id):
    uow = current_uow()
    cohort = operations.get_cohort(uow, cohort_id)
    form = CohortNameForm(obj=cohort)
    status = 200
    if form.validate_on_submit():
        try:
            operations.update_cohort(uow, cohort_id, {"name": form.name.data})
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("team_pages.cohort_teams", cohort_id=cohort_id), 303)
    elif request.method == "POST":
        status = 422
    return render_template("programs/edit_cohort.html", cohort=cohort, form=form), status


@pages.route("/territories/<int:territory_id>/edit", methods=["GET", "POST"])
@allow("coordinator")
def edit_territory(territory_id):
    uow = current_uow()
    territory = uow.session.get(Territory, territory_id)
    if territory is None:
        raise UseCaseError(404)
    form = TerritoryForm(obj=territory)
    status = 200
    if form.validate_on_submit():
        try:
            operations.update_territory(uow, territory_id, {"district": form.district.data, "settlement": form.settlement.data})
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("program_pages.territories"), 303)
    elif request.method == "POST":
        status = 422
    return render_template("programs/edit_territory.html", territory=territory, form=form), status
