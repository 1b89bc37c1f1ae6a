"""Sign-in (API token and page session), sign-out, accounts."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask.views import MethodView
from flask_babel import gettext, lazy_gettext
from shared.web.blueprint import Blueprint
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from services.cohorts.accounts import operations
from services.cohorts.accounts.models import Account
from services.cohorts.accounts import links
from services.cohorts.accounts.schemas import (
    AccountCreatedSchema,
    AccountCreateSchema,
    AccountSchema,
    AccountUpdateSchema,
    LinkSchema,
    SetPasswordSchema,
    TokenRequestSchema,
    TokenSchema,
)
from shared.db import utcnow
from shared import auth
from shared.errors import UseCaseError
from shared.web.access import PUBLIC, SIGNED_IN, allow
from shared.web.boundary import current_uow, in_own_transaction
from shared.web.errors import translate_messages
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("accounts", __name__, url_prefix="/cohorts/api/v1", description="Accounts and sign-in")
pages = Blueprint("account_pages", __name__, url_prefix="/cohorts")


def _settings():
    return current_app.extensions["rostok.runtime"].settings


def _authenticate(email: str, password: str) -> Account:
    settings = _settings()
    address = request.remote_addr or "unknown"  # the client's, once ROSTOK_PROXY_HOPS trusts the gateway
    try:
        return operations.authenticate(current_uow(), email=email, password=password, address=address, testing=settings.testing)
    except operations.SignInRefused as exc:
        if exc.status == 401:
            current_uow().rollback()  # release the request's transaction (SQLite has one writer)
            in_own_transaction(operations.record_sign_in_failure, email=email, address=address)
        raise


@api.route("/auth/token")
class TokenResource(MethodView):
    @allow(PUBLIC)
    @api.arguments(TokenRequestSchema)
    @api.response(200, TokenSchema)
    def post(self, data):
        """Sign in: exchange e-mail and password for a bearer token"""
        account = _authenticate(data["email"], data["password"])
        settings = _settings()
        token = auth.issue_token(settings.secret_key, account_id=account.id, roles=account.roles, version=account.version)
        return {"token": token, "expires_in": settings.token_ttl_seconds, "account_id": account.id, "roles": account.roles}


@api.route("/accounts")
class AccountsResource(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(AccountSchema))
    def get(self, args):
        """List accounts"""
        return paginate(current_uow().session, sa.select(Account).order_by(Account.name), **args)

    @allow("coordinator")
    @idempotent
    @api.arguments(AccountCreateSchema)
    @api.response(201, AccountCreatedSchema)
    def post(self, data):
        """Create an account; without a password it gets a one-time invitation link"""
        uow = current_uow()
        account = operations.create_account(
            uow,
            email=data["email"],
            name=data["name"],
            roles=data["roles"],
            password=data.get("password"),
            testing=_settings().testing,
        )
        result = AccountSchema().dump(account)
        if not data.get("password"):
            _, token = operations.issue_link(uow, account.id, "invite", actor_id=g.principal.account_id)
            result["invitation_url"], result["mailed"] = links.deliver(account, "invite", token)
        return result


@api.route("/accounts/<int:account_id>")
class AccountItem(MethodView):
    @allow("coordinator")
    @api.response(200, AccountSchema)
    def get(self, account_id):
        """An account"""
        return operations.get_account(current_uow(), account_id)

    @allow("coordinator")
    @api.arguments(AccountUpdateSchema)
    @api.response(200, AccountSchema)
    def patch(self, changes, account_id):
        """Change name, roles or language; deactivate or reactivate"""
        return operations.update_account(current_uow(), account_id, changes, actor_id=g.principal.account_id)


def _link(account_id: int, purpose: str) -> dict:
    account, token = operations.issue_link(current_uow(), account_id, purpose, actor_id=g.principal.account_id)
    url, mailed = links.deliver(account, purpose, token)
    return {"url": url, "mailed": mailed, "expires_at": utcnow() + operations.LINK_LIFETIME[purpose]}


@api.route("/accounts/<int:account_id>/invitation")
class Invitation(MethodView):
    @allow("coordinator")
    @api.response(201, LinkSchema)
    def post(self, account_id):
        """A new one-time invitation link (earlier links stop working)"""
        return _link(account_id, "invite")


@api.route("/accounts/<int:account_id>/password-reset")
class PasswordReset(MethodView):
    @allow("coordinator")
    @api.response(201, LinkSchema)
    def post(self, account_id):
        """A one-time link that sets a new password (mailed when a mail server is configured)"""
        return _link(account_id, "reset")


@api.route("/auth/password")
class SetPassword(MethodView):
    @allow(PUBLIC)
    @api.arguments(SetPasswordSchema)
    @api.response(204)
    def post(self, data):
        """Set a password with a one-time link's token"""
        operations.set_password_with_link(current_uow(), data["token"], data["password"], testing=_settings().testing)


@api.route("/accounts/me")
class MeResource(MethodView):
    @allow(SIGNED_IN)
    @api.response(200, AccountSchema)
    def get(self):
        """The signed-in account"""
        account = current_uow().session.get(Account, g.principal.account_id)
        if account is None:
            raise UseCaseError(404)
        return account


class SignInForm(FlaskForm):
    email = EmailField(lazy_gettext("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=1024)])


def _safe_next(target: str | None, roles) -> str:
    """Back where the person was going (same origin only), else the first place their roles open."""
    from services.site import SITE
    from shared.web.redirects import local_path

    if local_path(target):
        return target

    return SITE.home_for(roles)


@pages.route("/sign-in", methods=["GET", "POST"])
@allow(PUBLIC)
def sign_in():
    form = SignInForm()
    if request.method == "GET" and not form.email.data:
        form.email.data = (request.args.get("email") or "")[:254]  # back from setting a password: one field less
    status = 200
    headers = {}
    if form.validate_on_submit():
        try:
            account = _authenticate(form.email.data, form.password.data)
        except UseCaseError as exc:
            form.form_errors.append(translate_messages(exc.message))
            status = exc.status
            if exc.extra.get("retry_after"):
                headers["Retry-After"] = str(exc.extra["retry_after"])
        else:
            session.clear()
            session.permanent = True
            session.update(aid=account.id, roles=list(account.roles), v=account.version, name=account.name, iat=auth.now_ms())
            if account.language:
                session["lang"] = session["lang_saved"] = account.language
            flash(gettext("Welcome, %(name)s!", name=account.name), "success")
            return redirect(_safe_next(request.args.get("next"), account.roles))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/sign_in.html", form=form), status, headers


@pages.route("/sign-out", methods=["POST"])
@allow(PUBLIC)
def sign_out():
    principal = g.get("principal")
    if principal is not None and principal.via == "session":
        # a copied cookie (or a token issued before) must not outlive the sign-out, here or in the other services
        operations.sign_out_everywhere(current_uow(), principal.account_id)
    session.clear()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("account_pages.sign_in"))
