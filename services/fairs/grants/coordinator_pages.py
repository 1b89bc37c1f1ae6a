"""The coordinator's pages of grants calls: the calls, a call's page and every step taken from it (state,
criteria, experts and their links, assignments, the funding line and the budget, the grantees' reports), the award
letter."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from services.fairs.db import REPLICAS
from services.fairs.grants import awards, line, links, operations, reports, review, rules, standing
from services.fairs.grants.forms import (
    AssignForm, BudgetForm, CallForm, CriterionForm, ExpertActionForm, ExpertForm, LineForm, ReportMarkForm, ScheduleForm,
    StateForm)
from services.fairs.grants.models import GrantApplication, GrantAward
from services.fairs.grants.page_parts import STATE_LABELS, in_zone, qr
from services.fairs.grants.views import local_today
from services.fairs.zones import currency_of, zone_of_programme
from shared.db import utcnow
from shared.errors import N_, UseCaseError
from shared.web.access import allow
from shared.web.actor import current_actor
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors, refusal_text, refusal_with_reasons, valid
from shared.web.idempotency import idempotent
from shared.web.urls import external_url

REPORT_STATES = {"due": lazy_gettext("due"), "overdue": lazy_gettext("overdue"), "received": lazy_gettext("received"),
                 "accepted": lazy_gettext("accepted")}
NEXT_LABELS = {
    rules.OPEN: lazy_gettext("Open the call for applications"), rules.REVIEW: lazy_gettext("Close applications and start the review"),
    rules.DECIDED: lazy_gettext("End the review: the funding line is drawn"), rules.PUBLISHED: lazy_gettext("Publish the awards"),
}

pages = Blueprint("grant_call_pages", __name__, url_prefix="/fairs", template_folder="templates")


def _programme_choices(uow) -> list[tuple[int, str]]:
    """The programmes fairs knows (by their cohorts): "#id · the cohorts' names"."""
    c = REPLICAS.cohorts
    names: dict[int, list[str]] = {}
    for program_id, name in uow.session.execute(sa.select(c.c.program_id, c.c.name).order_by(c.c.program_id, c.c.id)):
        names.setdefault(program_id, []).append(name)
    return [(pid, f"№{pid} · " + ", ".join(cohorts[:3])) for pid, cohorts in names.items()]


@pages.route("/grants", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def calls():
    uow = current_uow()
    form = CallForm()
    form.program_id.choices = _programme_choices(uow)
    status = 200
    if request.method == "POST":
        try:
            valid(form)
            zone = zone_of_programme(uow, form.program_id.data) or "UTC"
            data = {k: form[k].data for k in ("program_id", "name", "eligibility", "budget", "min_award", "max_award",
                                              "reviews_per_application")}
            data.update(opens_at=_aware(form.opens_at.data, zone), closes_at=_aware(form.closes_at.data, zone))
            call = operations.create_call(uow, data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Call made as a draft: add its criteria and experts, then open it."), "success")
            return redirect(url_for("grant_call_pages.call", call_id=call.id), 303)
    rows = list(uow.session.execute(operations.calls(uow).limit(200)).scalars())
    currencies = {c.id: currency_of(uow, program_id=c.program_id) for c in rows}
    return render_template("grants/calls.html", calls=rows, form=form, states=STATE_LABELS, currencies=currencies), status


def _aware(moment, zone: str):
    import zoneinfo

    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _expert_link(expert) -> str:
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    token = links.issue(secret, account_id=expert.account_id, call_id=expert.call_id, expert_id=expert.id, version=expert.link_version)
    return external_url(url_for("grant_expert_pages.open_link", token=token))


@pages.route("/grants/<int:call_id>")
@allow("coordinator")
def call(call_id):
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    in_zone(uow, call)
    experts = review.experts(uow, call_id)
    names = {row["expert"].id: row["name"] for row in experts}
    apps = list(uow.session.execute(operations.applications(call_id)).scalars())
    board = standing.standing(uow, call_id) if call.state in (rules.REVIEW, rules.DECIDED, rules.PUBLISHED) else None
    assignments = review.assignments(uow, call_id)
    by_application: dict[int, list[dict]] = {}
    for row in assignments:
        by_application.setdefault(row["application_id"], []).append({**row, "name": names.get(row["expert_id"], "")})
    expert_form = ExpertForm()
    a = REPLICAS.accounts
    on_call = {row["expert"].account_id for row in experts}
    expert_form.account_id.choices = [(r.id, r.name) for r in uow.session.execute(
        sa.select(a.c.id, a.c.name).where(a.c.active.is_(True)).order_by(a.c.name))
        if r.id not in on_call and set(review.EXPERT_ROLES) & set(_roles(uow, r.id))]
    assign_form = AssignForm()
    assign_form.expert_id.choices = [(e["expert"].id, e["name"]) for e in experts]
    assign_form.replaces.choices = [("", "—")] + assign_form.expert_id.choices
    ahead = review.ahead(uow, call_id)
    return render_template(
        "grants/call.html", call=call, ahead=ahead, report_states=REPORT_STATES, idle_names=[names.get(e, "") for e in ahead["experts_without_assignments"]],
        unstable_names=[names.get(e, f"#{e}") for e in (board or {}).get("unstable_experts", [])], states=STATE_LABELS, next_labels=NEXT_LABELS, next_state=rules.NEXT.get(call.state),
        criteria=operations.criteria(uow, call_id), apps=apps, experts=experts,
        expert_links={row["expert"].id: _expert_link(row["expert"]) for row in experts}, names=names,
        by_application=by_application, board=board, moves=line.moves(uow, call_id), awards=awards.awards(uow, call_id),
        titles={a.id: a.title for a in apps}, orgs={a.id: a.organisation for a in apps},
        apply_url=external_url(url_for("grant_applicant_pages.apply", call_id=call_id)),
        reports=reports.reports(uow, call_id, today=local_today(uow, call)) if call.state == rules.PUBLISHED else [],
        forms={"state": StateForm(), "criterion": CriterionForm(), "expert": expert_form, "action": ExpertActionForm(),
               "assign": assign_form, "line": LineForm(), "schedule": ScheduleForm(), "mark": ReportMarkForm(),
               "budget": BudgetForm()},
    )


def _roles(uow, account_id: int) -> list[str]:
    a = REPLICAS.accounts
    return uow.session.execute(sa.select(a.c.roles).where(a.c.id == account_id)).scalar_one_or_none() or []


def _back(call_id: int, anchor: str = ""):
    return redirect(url_for("grant_call_pages.call", call_id=call_id) + anchor, 303)


@pages.route("/grants/<int:call_id>/state", methods=["POST"])
@allow("coordinator")
def move_state(call_id):
    form = StateForm()
    try:
        valid(form)
        if form.state.data == rules.PUBLISHED:
            awards.publish(current_uow(), call_id, now=utcnow())
        else:
            review.move(current_uow(), call_id, form.state.data)
    except UseCaseError as exc:
        flash(refusal_with_reasons(exc), "error")
    else:
        flash(gettext("The call is now: %(state)s.", state=STATE_LABELS[form.state.data]), "success")
    return _back(call_id)


@pages.route("/grants/<int:call_id>/criteria", methods=["POST"])
@allow("coordinator")
def add_criterion(call_id):
    form = CriterionForm()
    try:
        valid(form)
        operations.add_criterion(current_uow(), call_id, {"name": form.name.data, "weight": form.weight.data,
                                                          "max_score": form.max_score.data, "not_applicable": form.not_applicable.data})
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Criterion added."), "success")
    return _back(call_id, "#criteria")


@pages.route("/grants/<int:call_id>/experts", methods=["POST"])
@allow("coordinator")
def add_expert(call_id):
    form = ExpertForm()
    form.account_id.choices = []
    try:
        valid(form)
        review.add_expert(current_uow(), call_id, form.account_id.data, form.organisation.data, form.inn.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Expert added. Give them the personal link or let them scan the QR code."), "success")
    return _back(call_id, "#experts")


@pages.route("/grants/<int:call_id>/experts/<int:expert_id>/reissue", methods=["POST"])
@allow("coordinator")
def reissue(call_id, expert_id):
    if not ExpertActionForm().validate():
        raise UseCaseError(400, N_("The form expired: open the page again."))
    review.reissue_link(current_uow(), call_id, expert_id, now=utcnow())
    flash(gettext("New link made: the old one no longer works. The sheets stay."), "success")
    return _back(call_id, "#experts")


@pages.route("/grants/<int:call_id>/experts/<int:expert_id>/remove", methods=["POST"])
@allow("coordinator")
def remove(call_id, expert_id):
    if not ExpertActionForm().validate():
        raise UseCaseError(400, N_("The form expired: open the page again."))
    review.remove_expert(current_uow(), call_id, expert_id)
    flash(gettext("Expert removed: their link no longer works and their sheets no longer count."), "success")
    return _back(call_id, "#experts")


@pages.route("/grants/<int:call_id>/experts/<int:expert_id>/qr.svg")
@allow("coordinator")
def expert_qr(call_id, expert_id):
    expert = next((row["expert"] for row in review.experts(current_uow(), call_id) if row["expert"].id == expert_id), None)
    if expert is None:
        raise UseCaseError(404, N_("No such expert of this call."))
    return qr(_expert_link(expert), gettext("Personal link"))


@pages.route("/grants/<int:call_id>/apply-qr.svg")
@allow("coordinator")
def apply_qr(call_id):
    operations.get_call(current_uow(), call_id)
    return qr(external_url(url_for("grant_applicant_pages.apply", call_id=call_id)), gettext("Application form"))


@pages.route("/grants/<int:call_id>/assign", methods=["POST"])
@allow("coordinator")
def assign(call_id):
    form = AssignForm()
    form.expert_id.choices = form.replaces.choices = []
    try:
        valid(form)
        review.assign_by_hand(current_uow(), call_id, form.application_id.data, form.expert_id.data, form.reason.data,
                              form.replaces.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Assignment saved with its reason."), "success")
    return _back(call_id, f"#application-{form.application_id.data or ''}")


@pages.route("/grants/<int:call_id>/line", methods=["POST"])
@allow("coordinator")
def move_line(call_id):
    form = LineForm()
    try:
        valid(form)
        line.move(current_uow(), call_id, form.funded.data, form.reason.data, current_actor())
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("The funding line is moved; the reason is kept."), "success")
    return _back(call_id, "#ranking")


@pages.route("/grants/<int:call_id>/budget", methods=["POST"])
@allow("coordinator")
def change_budget(call_id):
    form = BudgetForm()
    try:
        valid(form)
        line.change_budget(current_uow(), call_id, form.budget.data, form.reason.data, current_actor())
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("The budget is changed: the funding line is drawn again on it."), "success")
    return _back(call_id, "#ranking")


@pages.route("/grants/<int:call_id>/reports", methods=["POST"])
@allow("coordinator")
def schedule_reports(call_id):
    form = ScheduleForm()
    try:
        valid(form)
        reports.schedule(current_uow(), call_id, form.interim_due.data, form.final_due.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Report dates saved for every grantee."), "success")
    return _back(call_id, "#reports")


@pages.route("/grants/<int:call_id>/reports/<int:report_id>", methods=["POST"])
@allow("coordinator")
def mark_report(call_id, report_id):
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    form = ReportMarkForm()
    try:
        valid(form)
        reports.mark(uow, call_id, report_id, form.received_on.data, form.accepted_on.data, form.note.data,
                     today=local_today(uow, call))
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Report marked."), "success")
    return _back(call_id, f"#report-{report_id}")


@pages.route("/grants/<int:call_id>/awards/<int:application_id>/letter")
@allow("coordinator")
def letter(call_id, application_id):
    """An award letter to print (or save as PDF) for one grantee: the award as published, the reports it owes."""
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    in_zone(uow, call)
    award = uow.session.get(GrantAward, application_id)
    if award is None or award.call_id != call_id:
        raise UseCaseError(404, N_("No award to this application."))
    application = uow.session.get(GrantApplication, application_id)
    owed = [r for r in reports.reports(uow, call_id, today=local_today(uow, call)) if r["application_id"] == application_id]
    return render_template("grants/letter.html", call=call, award=award, application=application, reports=owed)
