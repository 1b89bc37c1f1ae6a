"""People pages: a cohort's participants (register, enrol), the directory, one person (edit, merge, erase)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, IntegerField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from services.cohorts.directory import queries as directory_queries
from services.cohorts.membership import operations as membership
from services.cohorts.membership import queries
from services.cohorts.people import operations
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort, Territory
from services.cohorts.programs.operations import get_cohort
from services.cohorts.teams.models import Team
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import Choice, IdField, apply_errors, form_int, refusal_text, valid
from shared.web.idempotency import idempotent
from shared.web.pagination import paginate

pages = Blueprint("people_pages", __name__, url_prefix="/cohorts", template_folder="templates")

SEX_CHOICES = [("", "—"), ("female", lazy_gettext("female")), ("male", lazy_gettext("male"))]
CONSENT_CHOICES = [("", "—"), ("paper", lazy_gettext("on paper")), ("online", lazy_gettext("online form")), ("verbal_recorded", lazy_gettext("recorded verbally"))]


class PersonForm(FlaskForm):
    idempotency_key = HiddenField()
    full_name = StringField(lazy_gettext("Full name"), validators=[DataRequired(), Length(min=2, max=300)])
    phone = TelField(lazy_gettext("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(lazy_gettext("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    settlement = StringField(lazy_gettext("Settlement"), validators=[Optional(), Length(max=200)])
    organisation = StringField(lazy_gettext("Organisation"), validators=[Optional(), Length(max=300)])
    birth_year = IntegerField(lazy_gettext("Year of birth"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    sex = SelectField(lazy_gettext("Sex"), choices=SEX_CHOICES, validators=[Optional()])
    consent_on = DateField(lazy_gettext("Consent to personal data processing, date"), validators=[Optional()])
    consent_method = SelectField(lazy_gettext("How the consent was given"), choices=CONSENT_CHOICES, validators=[Optional()])
    consent_guardian = StringField(lazy_gettext("Parent or guardian (for a minor)"), validators=[Optional(), Length(max=300)])

    def data_for_use_case(self) -> dict:
        fields = ("full_name", "phone", "email", "settlement", "organisation", "birth_year", "sex", "consent_on", "consent_method", "consent_guardian")
        return {f: (getattr(self, f).data or None) for f in fields}


@pages.route("/cohorts/<int:cohort_id>/participants", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def participants(cohort_id):
    uow = current_uow()
    cohort = get_cohort(uow, cohort_id)
    form = PersonForm()
    status = 200
    duplicate = None
    if form.validate_on_submit():
        try:
            person, namesakes = operations.register_person(uow, form.data_for_use_case())
            membership.enroll(uow, cohort_id, person.id)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
            duplicate = _duplicate(uow, exc, cohort_id)
        else:
            flash(gettext("%(name)s is registered and enrolled.", name=person.full_name), "success")
            for other in namesakes:
                flash(gettext("Someone with the same name is already registered: %(name)s (#%(id)d, %(place)s). If it is the same person, merge the records.",
                              name=other.full_name, id=other.id, place=other.settlement or "—"), "warning")
            return redirect(url_for("people_pages.participants", cohort_id=cohort_id))
    elif request.method == "POST":
        status = 422
    team_id = request.args.get("team_id", type=int)
    without_team = request.args.get("without_team") == "1"
    rows = uow.session.execute(queries.participants(cohort_id, team_id=team_id, without_team=without_team)).mappings().all()
    teams = uow.session.execute(sa.select(Team).where(Team.cohort_id == cohort_id).order_by(Team.name_key)).scalars().all()
    return render_template(
        "people/participants.html", cohort=cohort, participants=rows, form=form, teams=teams, team_id=team_id, without_team=without_team,
        duplicate=duplicate,
    ), status


def _duplicate(uow, exc: UseCaseError, cohort_id: int) -> dict | None:
    """A phone or e-mail that belongs to someone already registered: who, and whether they are in this cohort,
    for the refusal shown at the top of the page with the ways on."""
    person_id = exc.extra.get("person_id") if exc.status == 409 else None
    other = uow.session.get(Person, person_id) if person_id else None
    if other is None:
        return None
    enrolled = any(row.person_id == other.id for row in uow.session.execute(queries.participants(cohort_id)).mappings())
    return {"person": other, "fields": sorted(exc.errors), "enrolled": enrolled}


@pages.route("/cohorts/<int:cohort_id>/participants/enrol", methods=["POST"])
@allow("coordinator")
def enrol(cohort_id):
    get_cohort(current_uow(), cohort_id)
    try:
        membership.enroll(current_uow(), cohort_id, valid(EnrolForm()).person_id.data)
    except UseCaseError as exc:
        flash(gettext("Not enrolled.") + " " + refusal_text(exc), "error")
    else:
        flash(gettext("Enrolled."), "success")
    return redirect(url_for("people_pages.participants", cohort_id=cohort_id), 303)


@pages.route("/people")
@allow("coordinator")
def directory():
    uow = current_uow()
    q = (request.args.get("q") or "").strip()[:200]
    page = min(max(1, request.args.get("page", 1, type=int)), 10_000)
    filters = {k: form_int(request.args.get(k)) for k in ("cohort_id", "team_id", "territory_id")}
    role = request.args.get("role") if request.args.get("role") in ("leader", "member") else None
    query = directory_queries.search(q, include_archived=request.args.get("archived") == "1", role=role, **filters)
    result = paginate(uow.session, query, page=page, per_page=50)
    cohorts = uow.session.execute(sa.select(Cohort).order_by(Cohort.id.desc())).scalars().all()
    territories = uow.session.execute(sa.select(Territory).order_by(Territory.district_key, Territory.settlement_key)).scalars().all()
    teams_query = sa.select(Team).where(Team.archived.is_(False)).order_by(Team.name_key)
    if filters["cohort_id"]:
        teams_query = teams_query.where(Team.cohort_id == filters["cohort_id"])
    teams = uow.session.execute(teams_query).scalars().all()
    args = {k: v for k, v in {"q": q, "role": role, **filters}.items() if v}
    return render_template("people/directory.html", q=q, result=result, cohorts=cohorts, territories=territories, teams=teams,
                           filters=filters, role=role, args=args)


@pages.route("/people/<int:person_id>", methods=["GET", "POST"])
@allow("coordinator")
def person(person_id):
    uow = current_uow()
    record = operations.get_person(uow, person_id)
    # came from a cohort's participants (?cohort=<id>): the way back leads there, not to everyone
    from_cohort = uow.session.get(Cohort, form_int(request.args.get("cohort")) or 0)
    back = {"cohort": from_cohort.id} if from_cohort else {}
    form = PersonForm(obj=record)
    status = 200
    if form.validate_on_submit():
        try:
            operations.update_person(uow, person_id, form.data_for_use_case())
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("people_pages.person", person_id=person_id, **back))
    elif request.method == "POST":
        status = 422
    into = request.args.get("merge_into", type=int)
    preview = None
    if into:
        try:
            preview = operations.merge_preview(uow, person_id, into)
        except UseCaseError as exc:
            flash(refusal_text(exc), "error")
    namesakes = operations.namesakes(uow, record.full_name, except_id=record.id) if record.erased_at is None else []
    return render_template("people/person.html", person=record, form=form, preview=preview, namesakes=namesakes,
                           from_cohort=from_cohort, back=back), status


class EnrolForm(FlaskForm):
    person_id = IdField(validators=[InputRequired()])


class MergeForm(FlaskForm):
    into = IdField(validators=[InputRequired()])


class ArchiveForm(FlaskForm):
    action = Choice(choices=[("archive", "archive"), ("restore", "restore")], default="archive")


class EraseForm(FlaskForm):
    confirm = BooleanField(validators=[DataRequired()])  # the box ticked: erasing cannot be undone


@pages.route("/people/<int:person_id>/merge", methods=["POST"])
@allow("coordinator")
def merge(person_id):
    try:
        kept = operations.merge(current_uow(), person_id, valid(MergeForm()).into.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        return redirect(url_for("people_pages.person", person_id=person_id), 303)
    flash(gettext("The records are merged."), "success")
    return redirect(url_for("people_pages.person", person_id=kept.id), 303)


@pages.route("/people/<int:person_id>/archive", methods=["POST"])
@allow("coordinator")
def archive(person_id):
    form = ArchiveForm()
    if not form.validate():
        return redirect(url_for("people_pages.person", person_id=person_id), 303)
    archived = form.action.data != "restore"
    operations.update_person(current_uow(), person_id, {"archived": archived})
    flash(gettext("Archived: kept with their history, hidden from lists.") if archived else gettext("Back from the archive."), "success")
    return redirect(url_for("people_pages.person", person_id=person_id), 303)


@pages.route("/people/<int:person_id>/erase", methods=["POST"])
@allow("coordinator")
def erase(person_id):
    if not EraseForm().validate():
        flash(gettext("Tick the confirmation to erase."), "error")
    else:
        operations.erase(current_uow(), person_id)
        flash(gettext("The person's data is erased; they still count once in the figures."), "success")
    return redirect(url_for("people_pages.person", person_id=person_id), 303)
