"""The expert's pages (a personal link): the link itself, their list with progress, their sheet (saved as they go by
the page's script, by the plain form without it) and a conflict declared on it."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext

from services.fairs.grants import links, operations, review, rules
from services.fairs.grants.forms import ConflictForm, ReviewSheetForm
from services.fairs.grants.models import GrantApplication, GrantConflict, GrantReview
from services.fairs.grants.page_parts import STATE_LABELS, in_zone
from shared import auth
from shared.db import utcnow
from shared.errors import N_, UseCaseError
from shared.web.access import LINK, PUBLIC, allow
from shared.web.app import LINK_SESSION_KEY
from shared.web.boundary import current_uow
from shared.web.forms import field_refusal

pages = Blueprint("grant_expert_pages", __name__, url_prefix="/fairs", template_folder="templates")


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
    return redirect(url_for("grant_expert_pages.my_reviews", call_id=principal.scope["call_id"]), 303)


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
    in_zone(uow, call)
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
    in_zone(uow, call)
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
        return redirect(url_for("grant_expert_pages.my_reviews", call_id=call_id), 303)
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
                return redirect(url_for("grant_expert_pages.my_reviews", call_id=call_id) + f"#application-{application_id}", 303)
    return render_template("grants/sheet.html", call=call, application=application, criteria=criteria, values=values,
                           comment=comment or "", errors=errors.get("scores", {}) if isinstance(errors.get("scores"), dict) else {},
                           other_errors=errors, conflict_form=conflict_form, saved_at=kept.updated_at if kept else None,
                           open=call.state == rules.REVIEW), status
