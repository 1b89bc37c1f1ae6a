"""Pages of a grants call: the public application and its private link (no account); the coordinator's calls and a
call's page (state, criteria, experts and their links, assignments, ranking and funding line, awards); the expert's
personal link, their list and their sheet, which saves as they go."""
from __future__ import annotations

import io

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, gettext, lazy_gettext

from services.fairs.db import REPLICAS
from services.fairs.grants import awards, line, links, operations, reports, review, rules, standing
from services.fairs.grants.forms import (
    ApplicationForm, AssignForm, BudgetForm, CallForm, ConflictForm, CriterionForm, ExpertActionForm, ExpertForm, LineForm, ReportMarkForm,
    ReviewSheetForm, ScheduleForm, StateForm)
from services.fairs.grants.models import GrantApplication, GrantAward, GrantConflict, GrantReview
from services.fairs.grants.views import local_today
from services.fairs.zones import currency_of, zone_of_programme
from shared import auth
from shared.db import utcnow
from shared.errors import N_, UseCaseError
from shared.web.access import LINK, PUBLIC, allow
from shared.web.actor import current_actor
from shared.web.app import LINK_SESSION_KEY
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages
from shared.web.forms import apply_errors, field_refusal, refusal_text, refusal_with_reasons, valid
from shared.web.idempotency import idempotent
from shared.web.urls import external_url

pages = Blueprint("grant_pages", __name__, url_prefix="/fairs", template_folder="templates")

STATE_LABELS = {
    rules.DRAFT: lazy_gettext("draft"), rules.OPEN: lazy_gettext("taking applications"),
    rules.REVIEW: lazy_gettext("in review"), rules.DECIDED: lazy_gettext("decided"), rules.PUBLISHED: lazy_gettext("awards published"),
}
REPORT_STATES = {"due": lazy_gettext("due"), "overdue": lazy_gettext("overdue"), "received": lazy_gettext("received"),
                 "accepted": lazy_gettext("accepted")}
NEXT_LABELS = {
    rules.OPEN: lazy_gettext("Open the call for applications"), rules.REVIEW: lazy_gettext("Close applications and start the review"),
    rules.DECIDED: lazy_gettext("End the review: the funding line is drawn"), rules.PUBLISHED: lazy_gettext("Publish the awards"),
}


def _in_zone(uow, call) -> None:
    """The call's times in its programme's zone and its money in the programme's currency (the applicant's pages and
    the coordinator's alike)."""
    zone = zone_of_programme(uow, call.program_id)
    if zone:
        g.timezone = zone
    g.currency = currency_of(uow, program_id=call.program_id)


def _qr(url: str, title: str) -> Response:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=title)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- the applicant (no account) ------------------------------------------------------------------------------------


@pages.route("/grants/<int:call_id>/apply", methods=["GET", "POST"])
@allow(PUBLIC)
@idempotent
def apply(call_id):
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    if call.state == rules.DRAFT:
        raise UseCaseError(404, N_("No such call."))  # a draft is not public yet
    _in_zone(uow, call)
    form = ApplicationForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                application, token = operations.submit(uow, call.id, form.data_for_use_case(), now=utcnow(),
                                                       address=request.remote_addr)
            except UseCaseError as exc:
                status = _refused(form, exc)
            else:
                flash(gettext("Application sent. Keep this page's address: it is your private link to see and change "
                              "the application until the call closes."), "success")
                return redirect(url_for("grant_pages.my_application", token=token), 303)
        else:
            status = 422
    return render_template("grants/apply.html", call=call, form=form, why=_closed_reason(call),
                           limits=(call.min_award, call.max_award)), status


def _refused(form: ApplicationForm, exc: UseCaseError) -> int:
    """The use case's messages beside their fields; the rows' own (``partners.0.inn``) beside the row's field."""
    rows = {k: v for k, v in (exc.errors or {}).items() if "." in k}
    status = apply_errors(form, UseCaseError(exc.status, exc.message, {k: v for k, v in (exc.errors or {}).items() if "." not in k}))
    for key, messages in translate_messages(rows).items():
        name, index, field = key.split(".", 2)
        entries = getattr(form, name, None)
        if entries is not None and int(index) < len(entries.entries):
            target = entries.entries[int(index)].form[field]
            target.errors = list(target.errors or []) + list(messages)
    if "requested_amount" in (exc.errors or {}):
        form.budget_lines.errors = list(translate_messages({"x": exc.errors["requested_amount"]})["x"])
    return status


def _closed_reason(call) -> str | None:
    why = rules.accepting(call.state, call.closes_at, utcnow())
    return None if why is None else gettext(why, closes_at=format_datetime(call.closes_at, "d MMMM y, HH:mm"))


@pages.route("/grants/applications/<string:token>", methods=["GET", "POST"])
@allow(PUBLIC)
def my_application(token):
    """The applicant's private link: the application as sent, changed until the call closes, then read only."""
    uow = current_uow()
    application = operations.by_link(uow, token)
    call = operations.get_call(uow, application.call_id)
    _in_zone(uow, call)
    form = ApplicationForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                operations.amend(uow, token, form.data_for_use_case(), now=utcnow())
            except UseCaseError as exc:
                status = _refused(form, exc)
            else:
                flash(gettext("Changes saved."), "success")
                return redirect(url_for("grant_pages.my_application", token=token), 303)
        else:
            status = 422
    else:
        form.fill(application)
    return render_template("grants/my_application.html", call=call, application=application, form=form,
                           why=_closed_reason(call), limits=(call.min_award, call.max_award),
                           link=external_url(url_for("grant_pages.my_application", token=token))), status


# --- the coordinator -----------------------------------------------------------------------------------------------


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
            return redirect(url_for("grant_pages.call", call_id=call.id), 303)
    rows = list(uow.session.execute(operations.calls(uow).limit(200)).scalars())
    currencies = {c.id: currency_of(uow, program_id=c.program_id) for c in rows}
    return render_template("grants/calls.html", calls=rows, form=form, states=STATE_LABELS, currencies=currencies), status


def _aware(moment, zone: str):
    import zoneinfo

    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _expert_link(expert) -> str:
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    token = links.issue(secret, account_id=expert.account_id, call_id=expert.call_id, expert_id=expert.id, version=expert.link_version)
    return external_url(url_for("grant_pages.open_link", token=token))


@pages.route("/grants/<int:call_id>")
@allow("coordinator")
def call(call_id):
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    _in_zone(uow, call)
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
        apply_url=external_url(url_for("grant_pages.apply", call_id=call_id)),
        reports=reports.reports(uow, call_id, today=local_today(uow, call)) if call.state == rules.PUBLISHED else [],
        forms={"state": StateForm(), "criterion": CriterionForm(), "expert": expert_form, "action": ExpertActionForm(),
               "assign": assign_form, "line": LineForm(), "schedule": ScheduleForm(), "mark": ReportMarkForm(),
               "budget": BudgetForm()},
    )


def _roles(uow, account_id: int) -> list[str]:
    a = REPLICAS.accounts
    return uow.session.execute(sa.select(a.c.roles).where(a.c.id == account_id)).scalar_one_or_none() or []


def _back(call_id: int, anchor: str = ""):
    return redirect(url_for("grant_pages.call", call_id=call_id) + anchor, 303)


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
    return _qr(_expert_link(expert), gettext("Personal link"))


@pages.route("/grants/<int:call_id>/apply-qr.svg")
@allow("coordinator")
def apply_qr(call_id):
    operations.get_call(current_uow(), call_id)
    return _qr(external_url(url_for("grant_pages.apply", call_id=call_id)), gettext("Application form"))


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
    _in_zone(uow, call)
    award = uow.session.get(GrantAward, application_id)
    if award is None or award.call_id != call_id:
        raise UseCaseError(404, N_("No award to this application."))
    application = uow.session.get(GrantApplication, application_id)
    owed = [r for r in reports.reports(uow, call_id, today=local_today(uow, call)) if r["application_id"] == application_id]
    return render_template("grants/letter.html", call=call, award=award, application=application, reports=owed)


# --- the expert (a personal link) ----------------------------------------------------------------------------------


@pages.route("/x/<token>", methods=["GET"])
@allow(PUBLIC)
def open_link(token):
    """An expert's personal link signs in for that expert on that call, without an account, on a phone or a laptop."""
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    try:
        principal = links.principal(secret, token)
    except auth.TokenError:
        return _link_refused(404)
    if review.expert_link_name(current_uow().session, principal) is None:
        return _link_refused(410)
    language = session.get("lang")
    session.clear()  # whoever was signed in on this browser, it is now this expert's
    if language:
        session["lang"] = language
    session[LINK_SESSION_KEY] = token
    session.permanent = True
    return redirect(url_for("grant_pages.my_reviews", call_id=principal.scope["call_id"]), 303)


def _link_refused(status: int):
    session.pop(LINK_SESSION_KEY, None)
    return render_template("grants/link_refused.html", status=status), status


def _seat(call_id: int):
    seat = review.seat_for(current_uow(), g.principal)
    if seat.expert.call_id != call_id:
        raise UseCaseError(404, N_("No such call."))
    return seat


@pages.route("/grants/<int:call_id>/my-reviews")
@allow(LINK)
def my_reviews(call_id):
    uow = current_uow()
    seat = _seat(call_id)
    call = operations.get_call(uow, call_id)
    _in_zone(uow, call)
    rows = review.assignments(uow, call_id, expert_id=seat.expert.id)
    declared = list(uow.session.execute(
        sa.select(GrantConflict, GrantApplication.title).join(GrantApplication, GrantApplication.id == GrantConflict.application_id)
        .where(GrantConflict.expert_id == seat.expert.id)).all())
    return render_template("grants/my_reviews.html", call=call, rows=rows, declared=declared, states=STATE_LABELS,
                           done=sum(1 for r in rows if r["complete"]))


@pages.route("/grants/<int:call_id>/review/<int:application_id>", methods=["GET", "POST"])
@allow(LINK)
def sheet(call_id, application_id):
    """The expert's sheet: the application and a score per criterion ("does not apply" where allowed), saved as they
    go by the page's script (the API), and by this form when there is no script; a conflict declared here takes them
    off the application at once."""
    uow = current_uow()
    seat = _seat(call_id)
    call = operations.get_call(uow, call_id)
    _in_zone(uow, call)
    application = uow.session.get(GrantApplication, application_id)
    assigned = {r["application_id"]: r for r in review.assignments(uow, call_id, expert_id=seat.expert.id)}
    if application is None or application.call_id != call_id or application_id not in assigned:
        raise UseCaseError(404, N_("This application is not assigned to you."))
    criteria = operations.criteria(uow, call_id)
    conflict_form = ConflictForm()
    form = ReviewSheetForm.for_criteria(criteria)
    kept = uow.session.execute(sa.select(GrantReview).where(
        GrantReview.application_id == application_id, GrantReview.expert_id == seat.expert.id)).scalar_one_or_none()
    values = {k: ("na" if v is None else v) for k, v in ((kept.scores if kept else None) or {}).items()}
    comment = kept.comment if kept else ""
    errors: dict = {}
    status = 200
    if request.method == "POST" and request.form.get("declare") == "1":
        if not conflict_form.validate():
            raise UseCaseError(400, N_("The form expired: open the page again."))
        review.declare_conflict(uow, seat, application_id, conflict_form.reason.data)
        flash(gettext("Conflict declared: the application is no longer yours to review, and your sheet for it does not count."), "success")
        return redirect(url_for("grant_pages.my_reviews", call_id=call_id), 303)
    if request.method == "POST":
        values = {str(c.id): form[f"score_{c.id}"]._value() for c in criteria}
        comment = form.comment.data or ""
        if not form.validate():
            errors, status = {"scores": form.score_errors(criteria), **{k: v for k, v in form.errors.items() if not k.startswith("score")}}, 422
        else:
            try:
                review.save_review(uow, seat, application_id, form.scores(criteria), form.comment.data, now=utcnow())
            except UseCaseError as exc:
                errors, status = field_refusal(exc)
            else:
                flash(gettext("Sheet saved."), "success")
                return redirect(url_for("grant_pages.my_reviews", call_id=call_id) + f"#application-{application_id}", 303)
    return render_template("grants/sheet.html", call=call, application=application, criteria=criteria, values=values,
                           comment=comment or "", errors=errors.get("scores", {}) if isinstance(errors.get("scores"), dict) else {},
                           other_errors=errors, conflict_form=conflict_form, saved_at=kept.updated_at if kept else None,
                           open=call.state == rules.REVIEW), status
