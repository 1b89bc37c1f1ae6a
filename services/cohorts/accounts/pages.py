"""Account pages: the coordinator's list, invitations and resets; setting a password by link."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from services.cohorts.accounts import links, operations, rules
from services.cohorts.accounts.models import Account
from shared.errors import UseCaseError
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors
from shared.web.idempotency import idempotent

pages = Blueprint("account_admin", __name__, url_prefix="/cohorts")

ROLE_LABELS = {
    "coordinator": lazy_gettext("Coordinator"),
    "mentor": lazy_gettext("Mentor"),
    "juror": lazy_gettext("Juror"),
}


class RolesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(FlaskForm):
    idempotency_key = HiddenField()
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(lazy_gettext("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = RolesField(lazy_gettext("Roles"), choices=list(ROLE_LABELS.items()), validators=[DataRequired()])


class AccountForm(FlaskForm):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    roles = RolesField(lazy_gettext("Roles"), choices=list(ROLE_LABELS.items()), validators=[DataRequired()])
    active = BooleanField(lazy_gettext("Active (may sign in)"))


class ForgotForm(FlaskForm):
    email = EmailField(lazy_gettext("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class PasswordForm(FlaskForm):
    password = PasswordField(
        lazy_gettext("New password"), validators=[DataRequired(), Length(min=rules.MIN_PASSWORD_LENGTH, max=1024)]
    )
    confirm = PasswordField(
        lazy_gettext("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=lazy_gettext("The passwords differ."))]
    )


@pages.route("/accounts", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def accounts():
    uow = current_uow()
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = operations.create_account(
                uow, email=form.email.data, name=form.name.data, roles=form.roles.data, password=None, testing=False
            )
            _, token = operations.issue_link(uow, account.id, "invite", actor_id=g.principal.account_id)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            url, mailed = links.deliver(account, "invite", token)
            _announce_link(account, url, mailed)
            return redirect(url_for("account_admin.accounts"))
    elif request.method == "POST":
        status = 422
    rows = uow.session.execute(sa.select(Account).order_by(Account.active.desc(), Account.name)).scalars().all()
    return render_template("accounts/list.html", accounts=rows, form=form, role_labels=ROLE_LABELS), status


def _announce_link(account, url: str, mailed: bool) -> None:
    if mailed:
        flash(gettext("A link was sent to %(email)s.", email=account.email), "success")
    else:
        # text and address apart: the page shows the address in a field to copy whole
        flash({"text": gettext("Pass this one-time link to %(name)s:", name=account.name), "url": url}, "link")


@pages.route("/accounts/<int:account_id>", methods=["GET", "POST"])
@allow("coordinator")
def account(account_id):
    uow = current_uow()
    target = operations.get_account(uow, account_id)
    form = AccountForm(obj=target)
    status = 200
    if form.validate_on_submit():
        changes = {"name": form.name.data, "roles": form.roles.data, "active": form.active.data}
        try:
            operations.update_account(uow, account_id, changes, actor_id=g.principal.account_id)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("account_admin.account", account_id=account_id))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/edit.html", account=target, form=form, role_labels=ROLE_LABELS), status


@pages.route("/accounts/<int:account_id>/reset", methods=["POST"])
@allow("coordinator")
def reset(account_id):
    target, token = operations.issue_link(current_uow(), account_id, "reset", actor_id=g.principal.account_id)
    url, mailed = links.deliver(target, "reset", token)
    _announce_link(target, url, mailed)
    return redirect(url_for("account_admin.account", account_id=account_id))


@pages.route("/forgot-password", methods=["GET", "POST"])
@allow(PUBLIC)
def forgot_password():
    """A person who forgot the password asks for a link by mail; without a mail server, the coordinator gives one."""
    from flask import current_app

    mail_on = links.mail_configured()
    form = ForgotForm()
    status = 200
    if form.validate_on_submit():
        if mail_on:
            issued = operations.request_reset(current_uow(), form.email.data)
            if issued is not None:
                account, token = issued
                links.deliver(account, "reset", token)
        current_app.logger.info("password reset asked for")
        flash(gettext("If this e-mail belongs to an account, a link to set a new password is on its way. "
                      "No letter within a few minutes? Ask your coordinator for a link."), "info")
        return redirect(url_for("account_pages.sign_in"))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/forgot_password.html", form=form, mail_on=mail_on), status


@pages.route("/set-password/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def set_password(token):
    from flask import current_app

    uow = current_uow()
    link, target = operations.link_account(uow, token)
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            testing = current_app.extensions["rostok.runtime"].settings.testing
            operations.set_password_with_link(uow, token, form.password.data, testing=testing)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Your password is set. Sign in with it."), "success")
            return redirect(url_for("account_pages.sign_in", email=target.email))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/set_password.html", form=form, account=target, purpose=link.purpose), status
