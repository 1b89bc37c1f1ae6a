"""The applicant's pages (no account): the public application form, and the private link that shows the application
and changes it until the call closes."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, gettext

from services.fairs.grants import operations, rules
from services.fairs.grants.forms import ApplicationForm
from services.fairs.grants.page_parts import in_zone
from shared.db import utcnow
from shared.errors import N_, UseCaseError
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent
from shared.web.urls import external_url

pages = Blueprint("grant_applicant_pages", __name__, url_prefix="/fairs", template_folder="templates")


@pages.route("/grants/<int:call_id>/apply", methods=["GET", "POST"])
@allow(PUBLIC)
@idempotent
def apply(call_id):
    uow = current_uow()
    call = operations.get_call(uow, call_id)
    if call.state == rules.DRAFT:
        raise UseCaseError(404, N_("No such call."))  # a draft is not public yet
    in_zone(uow, call)
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
                return redirect(url_for("grant_applicant_pages.my_application", token=token), 303)
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
    in_zone(uow, call)
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
                return redirect(url_for("grant_applicant_pages.my_application", token=token), 303)
        else:
            status = 422
    else:
        form.fill(application)
    return render_template("grants/my_application.html", call=call, application=application, form=form,
                           why=_closed_reason(call), limits=(call.min_award, call.max_award),
                           link=external_url(url_for("grant_applicant_pages.my_application", token=token))), status
