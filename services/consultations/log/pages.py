"""Mentors' pages: home (schedule, next steps, quiet teams, hours), the one-screen phone form, a team's timeline."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from services.consultations.db import REPLICAS
from services.consultations.log import operations, queries, rules
from services.consultations.log.models import Consultation, ConsultationTeam, NextStep, Topic
from services.consultations.log.views import actor
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors, refusal_text
from shared.web.idempotency import idempotent

pages = Blueprint("consultation_pages", __name__, url_prefix="/consultations")

KIND_LABELS = {"individual": lazy_gettext("Individual"), "group": lazy_gettext("Group"), "webinar": lazy_gettext("Webinar")}
STARTER_TOPICS = ("Социальное проектирование", "Управление проектом", "Фандрайзинг", "Продвижение", "Регистрация НКО")


class Checks(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):  # choices are offered, not enforced: the use case checks
        pass


class ConsultationForm(FlaskForm):
    idempotency_key = HiddenField()
    kind = RadioField(lazy_gettext("Kind"), choices=list(KIND_LABELS.items()), default="individual", validators=[DataRequired()])
    team_ids = Checks(lazy_gettext("Teams"), coerce=int)
    started_at = DateTimeLocalField(lazy_gettext("When"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), validators=[DataRequired(), NumberRange(min=1, max=rules.MAX_MINUTES)])
    attendee_ids = Checks(lazy_gettext("Who took part"), coerce=int)
    anonymous_attendees = IntegerField(lazy_gettext("Anonymous listeners (webinar)"), default=0, validators=[Optional(), NumberRange(min=0)])
    topics = Checks(lazy_gettext("Topics"))
    new_topics = StringField(lazy_gettext("Other topics, comma-separated"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=10000)])
    step_text = StringField(lazy_gettext("Next step"), validators=[Optional(), Length(max=500)])
    step_owner = StringField(lazy_gettext("Who does it"), validators=[Optional(), Length(max=200)])
    step_due = DateField(lazy_gettext("By when"), validators=[Optional()])


def _zone(uow, cohort_id: int | None) -> zoneinfo.ZoneInfo:
    tz = None
    if cohort_id is not None:
        tz = uow.session.execute(sa.select(REPLICAS.cohorts.c.timezone).where(REPLICAS.cohorts.c.id == cohort_id)).scalar_one_or_none()
    zone = zoneinfo.ZoneInfo(tz or "Europe/Moscow")
    g.timezone = zone.key
    return zone


def _choices(uow, form: ConsultationForm) -> dict:
    s = uow.session
    t = REPLICAS.teams
    teams = s.execute(sa.select(t).where(t.c.archived.is_(False)).order_by(t.c.name)).mappings().all()
    form.team_ids.choices = [(row["id"], row["name"]) for row in teams]
    p, people, m = REPLICAS.participants, REPLICAS.people, REPLICAS.members
    rows = s.execute(
        sa.select(p.c.cohort_id, p.c.person_id, people.c.full_name, m.c.team_id)
        .join(people, people.c.id == p.c.person_id)
        .outerjoin(m, sa.and_(m.c.person_id == p.c.person_id, m.c.cohort_id == p.c.cohort_id, m.c.active))
        .where(p.c.active, people.c.merged_into_id.is_(None))
        .order_by(people.c.full_name)
    ).mappings().all()
    form.attendee_ids.choices = [(r["person_id"], r["full_name"]) for r in rows]
    used = [tp.name for tp in s.execute(sa.select(Topic).order_by(Topic.uses.desc(), Topic.name).limit(12)).scalars()]
    names = used + [x for x in STARTER_TOPICS if rules.normalise_topic(x) not in {rules.normalise_topic(u) for u in used}]
    form.topics.choices = [(n, n) for n in names]
    return {"teams": teams, "attendees": rows}


def _defaults(uow, account_id: int) -> dict:
    """The mentor's last team and usual duration: most consultations repeat them."""
    last = uow.session.execute(
        sa.select(Consultation).where(Consultation.mentor_account_id == account_id).order_by(Consultation.created_at.desc()).limit(1)
    ).scalar_one_or_none()
    if last is None:
        assigned = uow.session.execute(
            sa.select(REPLICAS.mentors.c.team_id).where(REPLICAS.mentors.c.account_id == account_id, REPLICAS.mentors.c.active)
        ).scalars().all()
        return {"team_ids": assigned[:1], "duration": rules.DEFAULT_MINUTES["individual"], "cohort_id": None}
    return {"team_ids": operations.team_ids(uow, last.id)[:1], "duration": last.duration_minutes, "cohort_id": last.cohort_id}


@pages.route("/")
@allow("coordinator", "mentor")
def home():
    uow = current_uow()
    summary = queries.mentor_summary(uow, g.principal.account_id)
    _zone(uow, summary["teams"][0]["cohort_id"] if summary["teams"] else None)
    t = REPLICAS.teams
    teams = uow.session.execute(sa.select(t).where(t.c.archived.is_(False)).order_by(t.c.name)).mappings().all()
    return render_template("log/home.html", s=summary, teams=teams, kinds=KIND_LABELS)


@pages.route("/new", methods=["GET", "POST"])
@allow("coordinator", "mentor")
@idempotent
def new():
    uow = current_uow()
    form = ConsultationForm()
    lists = _choices(uow, form)
    defaults = _defaults(uow, g.principal.account_id)
    zone = _zone(uow, defaults["cohort_id"] or (lists["teams"][0]["cohort_id"] if lists["teams"] else None))
    status = 200
    if request.method == "GET":
        form.team_ids.data = defaults["team_ids"]
        form.duration_minutes.data = defaults["duration"]
        form.started_at.data = dt.datetime.now(zone).replace(second=0, microsecond=0, tzinfo=None)
    elif form.validate_on_submit():
        data = _form_data(form, zone)
        data["next_steps"] = [{"text": form.step_text.data, "owner": form.step_owner.data or None, "due_on": form.step_due.data}] if form.step_text.data else []
        if form.kind.data == "webinar" and not data["team_ids"] and lists["teams"]:
            data["cohort_id"] = lists["teams"][0]["cohort_id"]
        try:
            c = operations.log_consultation(uow, actor(), data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Consultation saved.") if c.status == "held" else gettext("Consultation planned."), "success")
            return redirect(url_for("consultation_pages.home"), 303)
    else:
        status = 422
    members = {}
    for row in lists["attendees"]:
        members.setdefault(row["person_id"], set()).add(row["team_id"])
    return render_template("log/form.html", form=form, kinds=KIND_LABELS, members=members), status


def _form_data(form: ConsultationForm, zone) -> dict:
    topics = list(form.topics.data or []) + [x.strip() for x in (form.new_topics.data or "").split(",") if x.strip()]
    return {
        "kind": form.kind.data,
        "team_ids": form.team_ids.data or [],
        "started_at": form.started_at.data.replace(tzinfo=zone).astimezone(dt.timezone.utc),
        "duration_minutes": form.duration_minutes.data,
        "attendee_ids": form.attendee_ids.data or [],
        "anonymous_attendees": form.anonymous_attendees.data or 0,
        "topics": topics,
        "notes": form.notes.data or None,
    }


@pages.route("/<int:cid>/edit", methods=["GET", "POST"])
@allow("coordinator", "mentor")
def edit(cid):
    """Amend a consultation (mentors their own, coordinators all); every change goes to its history."""
    uow = current_uow()
    c = operations.get(uow, cid)
    operations.check_editable(c, actor())
    form = ConsultationForm()
    lists = _choices(uow, form)
    zone = _zone(uow, c.cohort_id)
    status = 200
    if request.method == "GET":
        form.kind.data = c.kind
        form.team_ids.data = operations.team_ids(uow, c.id)
        form.started_at.data = c.started_at.astimezone(zone).replace(tzinfo=None)
        form.duration_minutes.data = c.duration_minutes
        form.attendee_ids.data = operations.attendee_ids(uow, c.id)
        form.anonymous_attendees.data = c.anonymous_attendees
        current = operations.topic_names(uow, c.id)
        form.topics.choices = [(n, n) for n in dict.fromkeys(current + [v for v, _ in form.topics.choices])]
        form.topics.data = current
        form.notes.data = c.notes
    elif form.validate_on_submit():
        changes = _form_data(form, zone)
        if form.step_text.data:
            changes["next_steps"] = [{"text": form.step_text.data, "owner": form.step_owner.data or None, "due_on": form.step_due.data}]
        try:
            operations.amend(uow, actor(), cid, changes)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("consultation_pages.home"), 303)
    else:
        status = 422
    members = {}
    for row in lists["attendees"]:
        members.setdefault(row["person_id"], set()).add(row["team_id"])
    history = queries.history(uow, cid)
    return render_template("log/form.html", form=form, kinds=KIND_LABELS, members=members, consultation=c, history=history), status


@pages.route("/teams/<int:team_id>")
@allow("coordinator", "mentor")
def team(team_id):
    uow = current_uow()
    row = uow.session.execute(sa.select(REPLICAS.teams).where(REPLICAS.teams.c.id == team_id)).mappings().first()
    if row is None:
        raise UseCaseError(404)
    _zone(uow, row["cohort_id"])
    steps = uow.session.execute(queries.next_steps({"status": "open", "team_id": team_id}, account_id=g.principal.account_id)).scalars().all()
    return render_template("log/team.html", team=row, items=queries.timeline(uow, team_id), steps=steps, kinds=KIND_LABELS)


@pages.route("/next-steps/<int:step_id>", methods=["POST"])
@allow("coordinator", "mentor")
def step(step_id):
    operations.set_step_status(current_uow(), actor(), step_id, "closed" if request.form.get("action") != "reopen" else "open")
    flash(gettext("Next step closed.") if request.form.get("action") != "reopen" else gettext("Next step reopened."), "success")
    return redirect(request.form.get("next") or url_for("consultation_pages.home"), 303)


@pages.route("/<int:cid>/cancel", methods=["POST"])
@allow("coordinator", "mentor")
def cancel(cid):
    try:
        operations.cancel(current_uow(), actor(), cid)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Consultation cancelled."), "success")
    return redirect(url_for("consultation_pages.home"), 303)


@pages.route("/<int:cid>/held", methods=["POST"])
@allow("coordinator", "mentor")
def held(cid):
    try:
        operations.amend(current_uow(), actor(), cid, {"status": "held"})
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Marked as held."), "success")
    return redirect(url_for("consultation_pages.home"), 303)
