"""The app factory every service builds on: one look, one sign-in, one error shape."""
from __future__ import annotations

import functools
import hmac
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from flask import Flask, abort, g, jsonify, render_template, request, send_from_directory, session
from flask_babel import Babel, gettext
from flask_smorest import Api
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from shared import auth, logs
from shared.runtime import Runtime
from shared.web import access, boundary, errors, hosts, hygiene, i18n, limits, metrics
from shared.web.access import PUBLIC, allow
from shared.web.fields import MAX_ID
from shared.web.sessions import SlidingOnNavigation
from shared.web.site import Site

log = logging.getLogger("rostok.web")

SHARED_WEB = Path(__file__).parent
SESSION_COOKIE = "rostok_session"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# scripts only from the app's own files (no inline handlers); inline style attributes stay allowed
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

AccountLookup = Callable[[sa.orm.Session, int], "auth.AccountState | None"]
LINK_SESSION_KEY = "link"


@dataclass(frozen=True)
class PersonalLinks:
    """A service's personal links (a juror's phone, with no account signed in): how a token reads as a principal
    (``auth.TokenError`` if it is not one), and the name to show while it still works (None once it does not:
    removed, reissued, the account closed)."""

    principal: Callable[[str, str], "auth.Principal"]  # (secret, token)
    name: Callable[[sa.orm.Session, "auth.Principal"], "str | None"]


def create_service_app(
    runtime: Runtime,
    *,
    import_name: str,
    templates: list[Path] = (),
    static: list[Path] = (),
    account_lookup: AccountLookup | None = None,
    personal_links: PersonalLinks | None = None,
    site: Site,
    title: str,
) -> tuple[Flask, Api]:
    settings = runtime.settings
    service = runtime.service
    prefix = f"/{service}"
    app = ServiceFlask(import_name, static_folder=str(SHARED_WEB / "static"), static_url_path=f"{prefix}/static")
    app.static_folders = [Path(folder) for folder in static] + [SHARED_WEB / "static"]
    app.url_map.converters["int"] = _IdConverter  # before any route is added
    loaders = [FileSystemLoader(str(t)) for t in templates]
    app.jinja_loader = ChoiceLoader(loaders + [FileSystemLoader(str(SHARED_WEB / "templates"))])
    app.config.update(
        SECRET_KEY=settings.secret_key,
        # one cookie for the three apps on the one origin
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookie_secure,  # behind TLS in production
        PERMANENT_SESSION_LIFETIME=settings.token_ttl_seconds,
        WTF_CSRF_CHECK_DEFAULT=False,  # checked below for pages only: the bearer API has no cookie to forge
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_FIELD_NAME="csrf_token",
        TESTING=settings.testing,
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=f"{prefix}/api",
        OPENAPI_JSON_PATH="openapi.json",
        SIGN_IN_URL=site.sign_in,
        SERVICE=service,
        BABEL_DEFAULT_LOCALE="ru",
        # the service's catalogue first, then the one of the shared UI
        BABEL_TRANSLATION_DIRECTORIES=";".join(
            str(p) for p in (SHARED_WEB.parents[1] / "services" / service / "translations", SHARED_WEB / "translations")
        ),
    )
    limits.configure(app)
    if settings.proxy_hops:
        # behind the gateway the client's address is in X-Forwarded-For (sign-in throttling counts per address)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)
    app.extensions["rostok.runtime"] = runtime
    app.json.ensure_ascii = False  # Cyrillic as itself, not \u escapes
    logs.configure(service, "web", level=settings.log_level, fmt=settings.log_format)

    Babel(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.install(app)
    app.jinja_env.globals.update(nav_items=site.nav_items, home_url=site.home_url, uuid4=lambda: str(uuid.uuid4()))
    app.session_interface = SlidingOnNavigation()  # background polls never put back an older cookie
    csrf = CSRFProtect(app)
    api = Api(app, spec_kwargs={"components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}})
    errors.install(app)
    boundary.install(app)

    @app.before_request
    def _context():
        incoming = request.headers.get("X-Request-ID", "")
        # a caller's id is kept only when it is a plain token: it goes into every log line
        g.correlation_id = incoming if _REQUEST_ID.fullmatch(incoming) else logs.new_correlation_id()
        g._corr_token = logs.set_correlation_id(g.correlation_id)
        if not hosts.host_allowed(settings):
            return errors.error_response(400, gettext("This address is not served here."))
        limits.apply_view_limit(app)
        g.principal = _load_principal(settings, account_lookup, personal_links)
        access.check_access()
        limits.refuse_deep_json()
        hygiene.refuse_nul_characters()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if _needs_csrf():
                csrf.protect()  # a page's forms then skip their own check (Flask-WTF reads g.csrf_valid)
            else:
                g.csrf_valid = True  # nothing a browser could send on its own: no token to ask of any form

    @app.after_request
    def _headers(response):
        response.headers["X-Request-ID"] = g.get("correlation_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if settings.hsts_seconds:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={settings.hsts_seconds}")
        if g.get("principal") is not None or errors.is_api_path():
            # what a signed-in person sees is theirs: not kept by the browser or a shared cache
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.teardown_request
    def _reset(exc):
        token = g.pop("_corr_token", None)
        if token is not None:
            logs.reset_correlation_id(token)

    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return errors.error_response(400, gettext("The form has expired. Please reload the page and try again."))

    metrics.install(app, runtime, prefix)

    @allow(PUBLIC)
    def healthz():
        return jsonify(status="ok", service=service)

    @allow(PUBLIC)
    def readyz():
        # Without its database a process serves nothing: not ready (503). Without the broker it serves
        # everything (the outbox keeps the events): ready, reported as degraded. The broker's state is the
        # last background check's, so a probe never opens a broker connection in a web thread.
        checks = {}
        try:
            with runtime.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable: {type(exc).__name__}"
        broker_state = runtime.broker_probe.state()
        checks["broker"] = "ok" if broker_state.ok else f"degraded: {broker_state.detail}"
        if checks["database"] != "ok":
            return jsonify(status="unavailable", checks=checks), 503
        return jsonify(status="ok" if broker_state.ok else "degraded", checks=checks), 200

    @allow(PUBLIC)
    def api_docs():
        spec = api.spec.to_dict()
        return render_template("api_docs.html", spec=spec, openapi_url=f"{prefix}/api/openapi.json")

    app.add_url_rule(f"{prefix}/healthz", "healthz", healthz)
    app.add_url_rule(f"{prefix}/readyz", "readyz", readyz)
    app.add_url_rule(f"{prefix}/api/docs", "api_docs", api_docs)
    # flask-smorest's own spec route (a bound method: wrapped to carry its rule)
    spec_view = app.view_functions["api-docs.openapi_json"]
    app.view_functions["api-docs.openapi_json"] = allow(PUBLIC)(functools.wraps(spec_view)(lambda **kw: spec_view(**kw)))
    return app, api


class ServiceFlask(Flask):
    """A service's application: its own scripts and styles (each package's ``static`` folder) and the shared ones,
    all under the one address ``/<service>/static/<name>`` (the service's first: a page never names where a file
    lives)."""

    static_folders: list[Path] = []

    def send_static_file(self, filename: str):
        for folder in self.static_folders:
            if (folder / filename).is_file():
                return send_from_directory(folder, filename, max_age=self.get_send_file_max_age(filename))
        abort(404)


class _IdConverter(IntegerConverter):
    """``<int:…>`` in every route stops at the largest id a database column holds: beyond, 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _needs_csrf() -> bool:
    """Whatever a browser could send on its own carries the form's token.

    A bearer token is never sent by a browser unasked, so a request that
    authenticates with one cannot be forged. The cookie is: pages, and API
    calls made with the session cookie (the tick-list's fetch), need the token.
    An API call with no session at all (signing in for a token) has nothing
    to forge.
    """
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return False
    if errors.is_api_path() and SESSION_COOKIE not in request.cookies:
        return False
    return True


def _load_principal(settings, account_lookup: AccountLookup | None, links: PersonalLinks | None) -> auth.Principal | None:
    principal = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        credential = header[7:].strip()
        if settings.metrics_token and hmac.compare_digest(credential.encode(), settings.metrics_token.encode()):
            return auth.Principal(account_id=0, roles=frozenset(), version=0, via=access.SCRAPER)
        if not auth.looks_timed(credential):
            return _link_principal(settings, links, credential)  # a juror's phone sends its link token instead
        try:
            principal = auth.verify_token(settings.secret_key, credential, max_age=settings.token_ttl_seconds)
        except auth.TokenError:
            return _link_principal(settings, links, credential)
    elif session.get("aid"):
        try:
            principal = auth.Principal(
                account_id=int(session["aid"]),
                roles=frozenset(session.get("roles", ())),
                version=int(session.get("v", 0)),
                name=session.get("name", ""),
                via="session",
                issued_at=int(session["iat"]) if session.get("iat") is not None else None,
            )
        except (TypeError, ValueError):
            session.clear()
            return None
    elif session.get(LINK_SESSION_KEY):
        if links is None:
            return None  # a service without personal links: the link stays in the session for the one that has them
        principal = _link_principal(settings, links, session[LINK_SESSION_KEY])
        if principal is None:
            session.pop(LINK_SESSION_KEY, None)  # removed or reissued: forget it
        return principal
    if principal is None:
        return None
    if account_lookup is not None:
        state = account_lookup(boundary.current_uow().session, principal.account_id)
        principal = auth.reconcile(principal, state)
    return principal


def _link_principal(settings, links: PersonalLinks | None, credential: str) -> auth.Principal | None:
    """A personal link is honoured only by a service that can tell it is still valid."""
    if links is None:
        return None
    try:
        principal = links.principal(settings.secret_key, credential)
    except auth.TokenError:
        return None
    name = links.name(boundary.current_uow().session, principal)
    if name is None:
        return None
    return auth.Principal(principal.account_id, principal.roles, principal.version, name, "link", principal.scope)
