"""The cohorts web application (``gunicorn "services.cohorts.app:create_app()"``)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared.config import Settings
from services.site import SITE
from shared.web.app import create_service_app

HERE = Path(__file__).parent
TEMPLATES = [HERE / area / "templates" for area in ("accounts", "programs", "teams", "school", "directory", "imports")]
STATIC = sorted(HERE.glob("*/static"))  # each package's scripts and styles


def create_app(settings: Settings | None = None) -> Flask:
    from services.cohorts import (
        accounts, cascade, demo_button, directory, events, imports, materials, membership, news, organisations, people, plan, programs, reach,
        report, school, teams, visits, workplans,
    )
    from services.cohorts.accounts.operations import account_state
    from services.cohorts.runtime import build_runtime

    settings = settings or Settings.from_env("cohorts")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        templates=TEMPLATES,
        static=STATIC,
        account_lookup=account_state,
        site=SITE,
        title="Rostok cohorts",
    )
    # each package adds its API and pages, and registers what it takes part in below it (a person's references,
    # hooks); the order is the order of their blueprints in the OpenAPI document
    for package in (accounts, programs, organisations, people, directory, teams, membership, school, cascade, imports, report, events,
                    materials, visits, plan, news, reach, workplans, demo_button):
        package.register(app, api)
    app.before_request(_remember_language)
    return app


def _remember_language():
    """The language a signed-in person chose is kept on the account too (the cookie is set for everyone).

    The choice may have been made on a page of another service: that one keeps it
    in the shared session, and the account is updated here on the next visit.
    """
    from flask import g, request, session

    from services.cohorts.accounts.operations import remember_language
    from shared.web.boundary import in_own_transaction
    from shared.web.i18n import LANGUAGES

    principal = g.get("principal")
    if principal is None:
        return
    chosen = request.args.get("lang")
    if principal.via == "session":
        if chosen in LANGUAGES:
            session["lang"] = chosen
        chosen = session.get("lang")
        if chosen not in LANGUAGES or session.get("lang_saved") == chosen:
            return
        session["lang_saved"] = chosen
    if chosen in LANGUAGES:
        # its own transaction: a page read (GET) only reads in the request's
        in_own_transaction(remember_language, account_id=principal.account_id, language=chosen)
