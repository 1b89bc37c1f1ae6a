"""Work plan pages: a working group's plan (add an item, move one on) and the programme's working groups with what
is overdue first."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from services.cohorts.membership.models import TeamMember
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort, Program
from services.cohorts.programs.operations import get_program
from services.cohorts.teams.models import Team
from services.cohorts.teams.themes import THEME_LABELS, WORKING_GROUP
from services.cohorts.workplans import operations, rules
from services.cohorts.workplans.models import WorkItem
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import Choice, IdChoice, apply_errors, refusal_text, valid
from shared.web.idempotency import idempotent

pages = Blueprint("workplan_pages", __name__, url_prefix="/cohorts", template_folder="templates")

STATUS_CHOICES = [(s, lazy_gettext(rules.STATUS_LABELS[s])) for s in rules.STATUSES]


class ItemForm(FlaskForm):
    idempotency_key = HiddenField()
    title = StringField(lazy_gettext("What"), validators=[DataRequired(), Length(max=rules.TITLE_LENGTH)])
    owner_person_id = IdChoice(lazy_gettext("Who owns it"), validators=[InputRequired()])
    due_on = DateField(lazy_gettext("By when"), validators=[InputRequired()])
    note = StringField(lazy_gettext("Note"), validators=[Optional(), Length(max=1000)])


class StatusForm(FlaskForm):
    status = Choice(lazy_gettext("Status"), choices=STATUS_CHOICES)
    due_on = DateField(lazy_gettext("By when"), validators=[Optional()])
    note = StringField(lazy_gettext("Note"), validators=[Optional(), Length(max=1000)])
    version = HiddenField()


def _members(uow, team_id: int) -> list[tuple[int, str]]:
    return [(pid, name) for pid, name in uow.session.execute(
        sa.select(Person.id, Person.full_name).join(TeamMember, TeamMember.person_id == Person.id)
        .where(TeamMember.team_id == team_id).order_by(Person.name_key))]


@pages.route("/teams/<int:team_id>/work-plan", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def plan(team_id):
    uow = current_uow()
    form = ItemForm()
    form.owner_person_id.choices = [("", "—")] + _members(uow, team_id)
    status = 200
    if request.method == "POST":
        try:
            valid(form)
            operations.add_item(uow, team_id, {"title": form.title.data, "owner_person_id": form.owner_person_id.data,
                                               "due_on": form.due_on.data, "note": form.note.data})
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Added to the work plan."), "success")
            return redirect(url_for("workplan_pages.plan", team_id=team_id), 303)
    team, rows = operations.plan(uow, team_id)
    program = uow.session.execute(sa.select(Program).join(Cohort, Cohort.program_id == Program.id)
                                  .where(Cohort.id == team.cohort_id)).scalar_one()
    g.timezone = program.timezone
    return render_template("workplans/plan.html", team=team, program=program, rows=rows, form=form, status_form=StatusForm(),
                           statuses=dict(STATUS_CHOICES), themes=THEME_LABELS), status


@pages.route("/work-plan/<int:item_id>", methods=["POST"])
@allow("coordinator")
def move_on(item_id):
    uow = current_uow()
    item = uow.session.get(WorkItem, item_id)
    if item is None:
        raise UseCaseError(404)
    form = StatusForm()
    try:
        valid(form)
        operations.update_item(uow, item_id, {"status": form.status.data, "due_on": form.due_on.data, "note": form.note.data,
                                              "version": int(form.version.data) if (form.version.data or "").isdigit() else None})
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Saved."), "success")
    return redirect(url_for("workplan_pages.plan", team_id=item.team_id) + f"#item-{item_id}", 303)


@pages.route("/programs/<int:program_id>/work-plans")
@allow("coordinator")
def programme(program_id):
    """The programme's working groups, each with its plan's progress, and every overdue item first."""
    uow = current_uow()
    program = get_program(uow, program_id)
    g.timezone = program.timezone
    groups = uow.session.execute(sa.select(Team).join(Cohort, Cohort.id == Team.cohort_id).where(
        Cohort.program_id == program_id, Team.kind == WORKING_GROUP, Team.archived.is_(False)).order_by(Team.name_key)).scalars().all()
    counts = {team_id: (total, done) for team_id, total, done in uow.session.execute(
        sa.select(WorkItem.team_id, sa.func.count(), sa.func.count().filter(WorkItem.status == rules.DONE))
        .where(WorkItem.team_id.in_([t.id for t in groups] or [0])).group_by(WorkItem.team_id))}
    return render_template("workplans/programme.html", program=program, groups=groups, counts=counts, themes=THEME_LABELS,
                           overdue=operations.overdue_in_programme(uow, program_id), statuses=dict(STATUS_CHOICES))
