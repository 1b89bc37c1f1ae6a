import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask.views import MethodView
from flask_babel import gettext, lazy_gettext
from flask_smorest import Blueprint
from marshmallow import fields, validate
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from services.cohorts.programs.models import Cohort, Territory
from services.cohorts.teams import operations
from services.cohorts.teams.models import Team
from services.cohorts.teams.schemas import TeamCreateSchema, TeamSchema, TeamUpdateSchema
from shared.errors import N_, UseCaseError, not_found
from shared.text import normalise
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.fields import Id
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("teams", __name__, url_prefix="/cohorts/api/v1", description="Teams")
pages = Blueprint("team_pages", __name__, url_prefix="/cohorts", template_folder="templates")


class TeamFilter(PageArgs):
    territory_id = Id(strict=False)
    district = fields.String(validate=validate.Length(max=200))
    nominated = fields.Boolean()
    include_archived = fields.Boolean(load_default=False)


@api.route("/cohorts/<int:cohort_id>/teams")
class CohortTeams(MethodView):
    @allow("coordinator", "mentor")
    @api.arguments(TeamFilter, location="query")
    @api.response(200, page_schema(TeamSchema))
    def get(self, args, cohort_id):
        """Teams of a cohort (filter by territory, district, nominated, archived)"""
        if current_uow().session.get(Cohort, cohort_id) is None:
            raise not_found(N_("No such cohort."))
        query = sa.select(Team).where(Team.cohort_id == cohort_id).order_by(Team.name_key)
        if args.get("territory_id"):
            query = query.where(Team.territory_id == args["territory_id"])
        if args.get("district") and "\x00" not in args["district"]:
            query = query.where(Team.territory_id.in_(sa.select(Territory.id).where(Territory.district_key == normalise(args["district"]))))
        if args.get("nominated") is not None:
            query = query.where(Team.nominated_at.is_not(None) if args["nominated"] else Team.nominated_at.is_(None))
        if not args["include_archived"]:
            query = query.where(Team.archived.is_(False))
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(TeamCreateSchema)
    @api.response(201, TeamSchema)
    def post(self, data, cohort_id):
        """Register a team (initiative group or young NGO)"""
        return operations.register_team(current_uow(), cohort_id, data)


@api.route("/teams/<int:team_id>")
class TeamItem(MethodView):
    @allow("coordinator", "mentor")
    @api.response(200, TeamSchema)
    def get(self, team_id):
        """A team"""
        return operations.get_team(current_uow(), team_id)

    @allow("coordinator")
    @api.arguments(TeamUpdateSchema)
    @api.response(200, TeamSchema)
    def patch(self, changes, team_id):
        """Change a team's name, kind, territory or project"""
        return operations.update_team(current_uow(), team_id, changes)


KIND_LABELS = {"initiative_group": lazy_gettext("Initiative group"), "ngo": lazy_gettext("Young NGO")}


def territory_choices(territories) -> list[tuple]:
    return [("", gettext("— choose a territory —"))] + [(t.id, f"{t.district} / {t.settlement}") for t in territories]


class TeamForm(FlaskForm):
    idempotency_key = HiddenField()
    name = StringField(lazy_gettext("Team name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(lazy_gettext("Kind"), choices=list(KIND_LABELS.items()), validators=[DataRequired()])
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
        data = {k: form.data[k] or None for k in ("name", "kind", "territory_id", "project_title", "project_summary")}
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
    return render_template("teams/cohort_teams.html", cohort=cohort, teams=teams, form=form, kinds=KIND_LABELS), status
