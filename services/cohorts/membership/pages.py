"""Team pages: a cohort's teams, one team (its members, mentors, nomination, places and pledges), editing and archiving."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from services.cohorts import fairs_results
from services.cohorts.accounts.models import Account
from services.cohorts.figures import pledges as pledge_figures
from services.cohorts.membership import operations as membership
from services.cohorts.membership import queries
from services.cohorts.programs.models import Cohort, Territory
from services.cohorts.programs.zones import show_times_of_cohort
from services.cohorts.teams import operations
from services.cohorts.teams.models import Team
from services.cohorts.teams.themes import THEME_LABELS
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import Choice, IdChoice, IdField, IdList, apply_errors, refusal_text, valid
from shared.web.idempotency import idempotent

pages = Blueprint("team_pages", __name__, url_prefix="/cohorts")  # the templates are the teams package's

KIND_LABELS = {"initiative_group": lazy_gettext("Initiative group"), "ngo": lazy_gettext("Young NGO"),
               "working_group": lazy_gettext("Working group")}
THEME_CHOICES = [("", lazy_gettext("— a working group's theme —"))] + [(k, lazy_gettext(v)) for k, v in THEME_LABELS.items()]


def territory_choices(territories) -> list[tuple]:
    return [("", gettext("— choose a territory —"))] + [(t.id, f"{t.district} / {t.settlement}") for t in territories]


class TeamForm(FlaskForm):
    idempotency_key = HiddenField()
    name = StringField(lazy_gettext("Team name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(lazy_gettext("Kind"), choices=list(KIND_LABELS.items()), validators=[DataRequired()])
    theme = Choice(lazy_gettext("Theme (a working group)"), choices=THEME_CHOICES, default="")
    # a blank first choice: a team is never silently put in the first territory of the list
    territory_id = SelectField(lazy_gettext("Territory"), coerce=lambda v: int(v) if v not in (None, "") else None,
                               validators=[DataRequired()], validate_choice=False)
    project_title = StringField(lazy_gettext("Project title"), validators=[Optional(), Length(max=500)])
    project_summary = TextAreaField(lazy_gettext("Project summary"), validators=[Optional(), Length(max=10000)])


@pages.route("/cohorts/<int:cohort_id>/teams", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def cohort_teams(cohort_id):
    uow = current_uow()
    cohort = uow.session.get(Cohort, cohort_id)
    if cohort is None:
        raise UseCaseError(404)
    form = TeamForm()
    territories = uow.session.execute(sa.select(Territory).order_by(Territory.district_key, Territory.settlement_key)).scalars().all()
    form.territory_id.choices = territory_choices(territories)
    status = 200
    if form.validate_on_submit():
        data = {k: form.data[k] or None for k in ("name", "kind", "theme", "territory_id", "project_title", "project_summary")}
        try:
            team = operations.register_team(uow, cohort_id, data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Team “%(name)s” registered.", name=team.name), "success")
            return redirect(url_for("team_pages.cohort_teams", cohort_id=cohort_id))
    elif request.method == "POST":
        status = 422
    teams = uow.session.execute(sa.select(Team).where(Team.cohort_id == cohort_id).order_by(Team.name_key)).scalars().all()
    return render_template("teams/cohort_teams.html", cohort=cohort, teams=teams, form=form, kinds=KIND_LABELS,
                           themes=THEME_LABELS), status


ROLE_LABELS = {"leader": lazy_gettext("Leader"), "member": lazy_gettext("Member")}


class MemberForm(FlaskForm):
    # any participant's id: the use case says who is not one
    person_id = IdChoice(lazy_gettext("Participant"), validators=[InputRequired()])
    role = Choice(lazy_gettext("Role in the team"), choices=list(ROLE_LABELS.items()), default="member")


class MentorForm(FlaskForm):
    account_id = IdChoice(lazy_gettext("Mentor"), validators=[InputRequired()])


class MoveForm(FlaskForm):
    to_team_id = IdField(validators=[InputRequired()])


class RoleForm(FlaskForm):
    role = Choice(choices=list(ROLE_LABELS.items()))


class NominationForm(FlaskForm):
    action = Choice(choices=[("nominate", "nominate"), ("withdraw", "withdraw")], default="nominate")


class NominationsForm(FlaskForm):
    team_ids = IdList()


class ArchiveForm(FlaskForm):
    action = Choice(choices=[("archive", "archive"), ("restore", "restore")], default="archive")


@pages.route("/teams/<int:team_id>", methods=["GET"])
@allow("coordinator")
def team(team_id):
    uow = current_uow()
    team = operations.get_team(uow, team_id)
    cohort = uow.session.get(Cohort, team.cohort_id)
    show_times_of_cohort(uow.session, team.cohort_id)  # the nomination's date as the timeline shows it
    members = uow.session.execute(queries.members(team_id)).mappings().all()
    mentors = uow.session.execute(queries.mentors(team_id)).mappings().all()
    member_form = MemberForm()
    candidates = uow.session.execute(queries.participants(team.cohort_id, without_team=True)).mappings().all()
    member_form.person_id.choices = [(p.person_id, p.full_name) for p in candidates]
    has_participants = bool(candidates) or uow.session.execute(
        sa.select(sa.func.count()).select_from(queries.participants(team.cohort_id).subquery())
    ).scalar_one() > 0
    any_mentor = bool(mentors) or any("mentor" in a.roles for a in uow.session.execute(sa.select(Account).where(Account.active.is_(True))).scalars())
    mentor_form = MentorForm()
    taken = {m.account_id for m in mentors}
    available = [a for a in uow.session.execute(sa.select(Account).where(Account.active.is_(True)).order_by(Account.name)).scalars() if "mentor" in a.roles and a.id not in taken]
    mentor_form.account_id.choices = [(a.id, a.name) for a in available]
    others = uow.session.execute(
        sa.select(Team).where(Team.cohort_id == team.cohort_id, Team.id != team.id, Team.archived.is_(False)).order_by(Team.name_key)
    ).scalars().all()
    territory = uow.session.get(Territory, team.territory_id)
    return render_template(
        "teams/team.html", team=team, cohort=cohort, members=members, mentors=mentors, member_form=member_form,
        mentor_form=mentor_form, others=others, kinds=KIND_LABELS, themes=THEME_LABELS, roles=ROLE_LABELS, territory=territory,
        has_participants=has_participants, any_mentor=any_mentor, fair_results=fairs_results.for_team(uow.session, team_id),
        pledges=pledge_figures.for_team(uow.session, team_id),
    )


@pages.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@allow("coordinator")
def edit(team_id):
    """Change a team's name, kind, territory and project."""
    uow = current_uow()
    team = operations.get_team(uow, team_id)
    cohort = uow.session.get(Cohort, team.cohort_id)
    form = TeamForm(obj=team)
    territories = uow.session.execute(sa.select(Territory).order_by(Territory.district_key, Territory.settlement_key)).scalars().all()
    form.territory_id.choices = territory_choices(territories)
    status = 200
    if form.validate_on_submit():
        changes = {k: form.data[k] for k in ("name", "kind", "territory_id")} | {"theme": form.theme.data or None}
        changes.update({k: (form.data[k] or "").strip() or None for k in ("project_title", "project_summary")})
        try:
            operations.update_team(uow, team_id, changes)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return _back(team_id)
    elif request.method == "POST":
        status = 422
    return render_template("teams/edit.html", team=team, cohort=cohort, form=form), status


def _back(team_id):
    return redirect(url_for("team_pages.team", team_id=team_id), 303)


@pages.route("/teams/<int:team_id>/members", methods=["POST"])
@allow("coordinator")
def add_member(team_id):
    try:
        form = valid(MemberForm())
        membership.add_member(current_uow(), team_id, form.person_id.data, form.role.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Added to the team."), "success")
    return _back(team_id)


@pages.route("/teams/<int:team_id>/members/<int:person_id>/remove", methods=["POST"])
@allow("coordinator")
def remove_member(team_id, person_id):
    try:
        membership.remove_member(current_uow(), team_id, person_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Removed from the team; still a participant of the cohort."), "success")
    return _back(team_id)


@pages.route("/teams/<int:team_id>/members/<int:person_id>/move", methods=["POST"])
@allow("coordinator")
def move_member(team_id, person_id):
    try:
        target = valid(MoveForm()).to_team_id.data
        membership.move_member(current_uow(), team_id, person_id, target)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        return _back(team_id)
    flash(gettext("Moved to another team."), "success")
    return _back(target)


@pages.route("/teams/<int:team_id>/members/<int:person_id>/role", methods=["POST"])
@allow("coordinator")
def member_role(team_id, person_id):
    try:
        membership.set_role(current_uow(), team_id, person_id, valid(RoleForm()).role.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Role changed."), "success")
    return _back(team_id)


@pages.route("/teams/<int:team_id>/mentors", methods=["POST"])
@allow("coordinator")
def assign_mentor(team_id):
    try:
        membership.assign_mentor(current_uow(), team_id, valid(MentorForm()).account_id.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Mentor assigned."), "success")
    return _back(team_id)


@pages.route("/teams/<int:team_id>/mentors/<int:account_id>/remove", methods=["POST"])
@allow("coordinator")
def unassign_mentor(team_id, account_id):
    try:
        membership.unassign_mentor(current_uow(), team_id, account_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    return _back(team_id)


@pages.route("/teams/<int:team_id>/nomination", methods=["POST"])
@allow("coordinator")
def nomination(team_id):
    try:
        if valid(NominationForm()).action.data == "withdraw":
            membership.withdraw_nomination(current_uow(), team_id)
            flash(gettext("Nomination withdrawn."), "success")
        else:
            membership.nominate(current_uow(), team_id)
            flash(gettext("The project is nominated to the fair."), "success")
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    return _back(team_id)


@pages.route("/cohorts/<int:cohort_id>/nominations", methods=["POST"])
@allow("coordinator")
def nominate_several(cohort_id):
    """Nominate the ticked teams of a cohort's list at once; each refusal is named, the others go through."""
    uow = current_uow()
    form = NominationsForm()
    ids = form.team_ids.data if form.validate() else []
    if not ids:
        flash(gettext("Tick the teams to nominate."), "error")
        return redirect(url_for("team_pages.cohort_teams", cohort_id=cohort_id), 303)
    done = 0
    for team_id in ids:
        team = uow.session.get(Team, team_id)
        if team is None or team.cohort_id != cohort_id:
            continue
        try:
            membership.nominate(uow, team_id)  # refuses before changing anything: the others still go through
        except UseCaseError as exc:
            flash(gettext("“%(name)s”: %(reason)s", name=team.name, reason=refusal_text(exc, keep_work=True)), "error")
        else:
            done += 1
    if done:
        flash(ngettext("%(num)d project nominated to the fair.", "%(num)d projects nominated to the fair.", done), "success")
    return redirect(url_for("team_pages.cohort_teams", cohort_id=cohort_id), 303)


@pages.route("/teams/<int:team_id>/archive", methods=["POST"])
@allow("coordinator")
def archive(team_id):
    form = ArchiveForm()
    if not form.validate():
        return _back(team_id)
    team = operations.update_team(current_uow(), team_id, {"archived": form.action.data != "restore"})
    flash(gettext("The team is archived: its nomination is withdrawn, its mentors unassigned and its members released (they stay participants).")
          if team.archived else gettext("The team is back."), "success")
    return _back(team_id)
