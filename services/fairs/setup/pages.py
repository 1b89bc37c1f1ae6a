"""Pages: the coordinator's fairs (and a juror's list of theirs), a fair's settings and criteria, its lineup, its
state; the teams."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from services.fairs.db import REPLICAS
from services.fairs.fair import lookups
from services.fairs.fair import rules
from services.fairs.fair.history import history
from services.fairs.judging.rules import MAX_CRITERION_SCORE
from services.fairs.jury import operations as jury
from services.fairs.jury.consulted import pending_flags
from services.fairs.jury.views import is_coordinator
from services.fairs.setup import operations, states
from services.fairs.setup.forms import CriterionForm, FairForm, MoveForm, NewFairForm, StateForm, VotingForm
from shared.errors import UseCaseError
from shared.web.actor import current_actor
from shared.web.access import LINK, PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors, field_refusal, refusal_text
from shared.web.idempotency import idempotent

pages = Blueprint("setup_pages", __name__, url_prefix="/fairs", template_folder="templates")

FAIR_STATE_LABELS = {k: lazy_gettext(v) for k, v in rules.STATE_LABELS.items()}
TIE_BREAK_LABELS = {k: lazy_gettext(v) for k, v in rules.TIE_BREAK_LABELS.items()}


@pages.route("/", methods=["GET", "POST"])
@allow("coordinator", "juror", LINK)
@idempotent
def home():
    """Coordinators: every fair, with its jury and lineup, and a new fair. Jurors: the fairs whose jury they sit on.

    A juror's personal link opens only its own fair: here it leads to that juror's sheets.
    """
    if g.principal.via == "link":
        if request.method != "GET":
            raise UseCaseError(403)
        return redirect(url_for("jury_pages.my_sheets", fair_id=g.principal.scope["fair_id"]), 303)
    uow = current_uow()
    coordinator = is_coordinator()
    if request.method == "POST" and not coordinator:
        raise UseCaseError(403)
    form = NewFairForm(data={"jury_weight": Decimal("0.7"), "audience_weight": Decimal("0.3")})
    form.cohort_id.choices = _cohorts(uow)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                fair = operations.create_fair(uow, {"cohort_id": form.cohort_id.data, **form.changes(request.form)})
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Fair created."), "success")
                return redirect(url_for("jury_pages.jurors", fair_id=fair.id), 303)
    fairs = jury.fairs_of(uow, None if coordinator else g.principal.account_id)
    counts = {}
    for fair in fairs:
        counts[fair.id] = (len(lookups.lineup(uow, fair.id)), len(jury.jurors(uow, fair.id)))
    return render_template(
        "setup/home.html", fairs=fairs, counts=counts, cohorts=dict(form.cohort_id.choices), coordinator=coordinator, form=form,
    ), status


def _cohorts(uow) -> list[tuple[int, str]]:
    c = REPLICAS.cohorts
    return [(r.id, r.name) for r in uow.session.execute(sa.select(c.c.id, c.c.name).order_by(c.c.id.desc()))]


@pages.route("/teams")
@allow("coordinator", "juror")
def teams():
    t = REPLICAS.teams
    rows = current_uow().session.execute(sa.select(t).where(t.c.archived.is_(False)).order_by(t.c.name)).mappings().all()
    return render_template("setup/teams.html", teams=rows, coordinator=is_coordinator())


@pages.route("/<int:fair_id>/lineup")
@allow("coordinator")
def lineup(fair_id):
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    return render_template(
        "setup/lineup.html", fair=fair, pitches=lookups.lineup(uow, fair_id), criteria=lookups.criteria(uow, fair_id),
        cohort=lookups.cohort_name(uow, fair.cohort_id),
    )


@pages.route("/<int:fair_id>/pitches/<int:pitch_id>/move", methods=["POST"])
@allow("coordinator")
def move_pitch(fair_id, pitch_id):
    uow = current_uow()
    form = MoveForm()
    order = [p["id"] for p in lookups.lineup(uow, fair_id)]
    if pitch_id in order and form.validate():
        here = order.index(pitch_id) + 1
        target = here - 1 if form.direction.data == "up" else here + 1
        try:
            operations.move_pitch(uow, fair_id, pitch_id, max(1, target))
        except UseCaseError as exc:
            field_refusal(exc)
    return redirect(url_for("setup_pages.lineup", fair_id=fair_id) + f"#pitch-{pitch_id}", 303)


def _fair_form(fair) -> FairForm:
    """The settings form: what was posted, else the fair as it stands."""
    return FairForm(data={
        "name": fair.name, "held_on": fair.held_on, "place": fair.place or "", "jury_weight": fair.jury_weight,
        "audience_weight": fair.audience_weight, "standardise": bool(fair.standardise), "audience_mode": fair.audience_mode,
        "tie_breaks": list(fair.tie_breaks or []),
    })


def _settings(fair_id: int, *, fair_form=None, criterion_form=None, state_errors=None, status=200):
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    return render_template(
        "setup/settings.html", fair=fair, criteria=lookups.criteria(uow, fair_id),
        state_labels=FAIR_STATE_LABELS, tie_break_labels=TIE_BREAK_LABELS, tie_break_keys=rules.TIE_BREAKS,
        history=history(uow, fair_id), pending_flags=len(pending_flags(uow, fair)) if fair.state == "draft" else 0,
        state_errors=state_errors or {},
        scored=operations.scored_criteria(uow, fair_id), cohort=lookups.cohort_name(uow, fair.cohort_id),
        fair_form=fair_form or _fair_form(fair),
        criterion_form=criterion_form or CriterionForm(formdata=None, data={"weight": Decimal(1), "max_score": 10}),
        max_criterion_score=MAX_CRITERION_SCORE,
    ), status


@pages.route("/<int:fair_id>/settings", methods=["GET", "POST"])
@allow("coordinator")
def settings(fair_id):
    """The fair's name, date, place and weights; its criteria (added, corrected, deleted before they are scored)."""
    if request.method == "POST":
        uow = current_uow()
        form = _fair_form(lookups.get_fair(uow, fair_id))
        if not form.validate():
            return _settings(fair_id, fair_form=form, status=422)
        try:
            operations.update_fair(uow, fair_id, form.changes(request.form))
        except UseCaseError as exc:
            return _settings(fair_id, fair_form=form, status=apply_errors(form, exc))
        flash(gettext("Fair saved."), "success")
        return redirect(url_for("setup_pages.settings", fair_id=fair_id), 303)
    return _settings(fair_id)


@pages.route("/<int:fair_id>/state", methods=["POST"])
@allow("coordinator")
def change_state(fair_id):
    """The chair opens the fair, closes scoring, or reopens it with a reason."""
    uow = current_uow()
    lookups.get_fair(uow, fair_id)
    form = StateForm()
    if not form.validate():
        return _settings(fair_id, state_errors=form.errors, status=422)
    try:
        states.change_state(uow, fair_id, form.state.data, current_actor(), form.reason.data)
    except UseCaseError as exc:
        errors, status = field_refusal(exc)
        if "reason" in errors or not exc.message:
            return _settings(fair_id, state_errors=errors, status=status)
        return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#state", 303)
    flash(gettext("The fair's state: %(state)s.", state=FAIR_STATE_LABELS[form.state.data]), "success")
    return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#state", 303)


@pages.route("/<int:fair_id>/voting", methods=["POST"])
@allow("coordinator")
def change_voting(fair_id):
    """The chair closes or reopens the audience vote."""
    uow = current_uow()
    lookups.get_fair(uow, fair_id)
    form = VotingForm()
    if form.validate():
        try:
            fair = states.set_voting(uow, fair_id, form.voting_open.data, current_actor())
        except UseCaseError as exc:
            field_refusal(exc)
        else:
            flash(gettext("The audience vote is open.") if fair.voting_open else gettext("The audience vote is closed."), "success")
    return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#state", 303)


@pages.route("/<int:fair_id>/criteria", methods=["POST"])
@allow("coordinator")
@idempotent
def add_criterion(fair_id):
    uow = current_uow()
    lookups.get_fair(uow, fair_id)
    form = CriterionForm()
    if not form.validate():
        return _settings(fair_id, criterion_form=form, status=422)
    try:
        criterion = operations.add_criterion(uow, fair_id, form.data_for_use_case())
    except UseCaseError as exc:
        return _settings(fair_id, criterion_form=form, status=apply_errors(form, exc))
    flash(gettext("Criterion added: %(name)s.", name=criterion.name), "success")
    return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#criteria", 303)


@pages.route("/<int:fair_id>/criteria/<int:criterion_id>", methods=["GET", "POST"])
@allow("coordinator")
def edit_criterion(fair_id, criterion_id):
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    criterion = lookups.get_criterion(uow, fair_id, criterion_id)
    form = CriterionForm(data={"name": criterion.name, "weight": criterion.weight, "max_score": criterion.max_score})
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                operations.update_criterion(uow, fair_id, criterion_id, form.data_for_use_case())
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Criterion saved."), "success")
                return redirect(url_for("setup_pages.settings", fair_id=fair_id) + f"#criterion-{criterion_id}", 303)
    return render_template(
        "setup/criterion.html", fair=fair, criterion=criterion, scored=criterion_id in operations.scored_criteria(uow, fair_id),
        form=form, max_criterion_score=MAX_CRITERION_SCORE,
    ), status


@pages.route("/<int:fair_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
@allow("coordinator")
def delete_criterion(fair_id, criterion_id):
    uow = current_uow()
    criterion = lookups.get_criterion(uow, fair_id, criterion_id)
    name = criterion.name
    try:
        operations.delete_criterion(uow, fair_id, criterion_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        return redirect(url_for("setup_pages.settings", fair_id=fair_id) + f"#criterion-{criterion_id}", 303)
    flash(gettext("Criterion deleted: %(name)s.", name=name), "success")
    return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#criteria", 303)


@pages.route("/fairs/<int:fair_id>/<path:rest>", methods=["GET", "POST"])
@allow(PUBLIC)
def old_address(fair_id, rest):
    """A fair's pages were once under /fairs/fairs/<id>/…: a bookmark, a link in a letter or an open tab still lands
    on the page (308 keeps a form's method and body; the page itself checks who may use it)."""
    target = request.path.replace("/fairs/fairs/", "/fairs/", 1)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 308)
