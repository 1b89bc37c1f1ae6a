"""The cohorts web application (``gunicorn "services.cohorts.app:create_app()"``)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared.config import Settings
from shared.web.app import create_service_app

HERE = Path(__file__).parent
TEMPLATES = [HERE / area / "templates" for area in ("accounts", "programs", "teams", "school", "people", "imports")]


def create_app(settings: Settings | None = None) -> Flask:
    from services.cohorts.accounts import operations as accounts
    from services.cohorts.accounts.pages import pages as account_admin
    from services.cohorts.accounts.views import api as accounts_api, pages as account_pages
    from services.cohorts.demo_button.pages import pages as demo_pages
    from services.cohorts.events.pages import pages as event_pages
    from services.cohorts.events.views import api as events_api
    from services.cohorts.news.pages import pages as public_pages
    from services.cohorts.news.views import api as news_api
    from services.cohorts.plan.pages import pages as plan_pages
    from services.cohorts.plan.views import api as plan_api
    from services.cohorts.reach.pages import pages as reach_pages
    from services.cohorts.reach.views import api as reach_api
    from services.cohorts.visits.pages import pages as visit_pages
    from services.cohorts.visits.views import api as visits_api
    from services.cohorts.imports.views import api as imports_api, pages as import_pages
    from services.cohorts.membership.views import api as membership_api
    from services.cohorts.people.pages import pages as people_pages
    from services.cohorts.people.views import api as people_api
    from services.cohorts.programs.pages import pages as program_pages
    from services.cohorts.programs.views import api as programs_api
    from services.cohorts.report.pages import pages as report_pages
    from services.cohorts.report.views import api as report_api
    from services.cohorts.runtime import build_runtime
    from services.cohorts.school.pages import pages as school_pages
    from services.cohorts.organisations.pages import pages as organisation_pages
    from services.cohorts.organisations.views import api as organisations_api
    from services.cohorts.school.views import api as school_api
    from services.cohorts.teams import pages as _team_pages  # noqa: F401  (adds routes to team_pages)
    from services.cohorts.teams.views import api as teams_api, pages as team_pages

    settings = settings or Settings.from_env("cohorts")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        templates=TEMPLATES,
        account_lookup=accounts.account_state,
        title="Rostok cohorts",
    )
    for blueprint in (accounts_api, programs_api, people_api, organisations_api, teams_api, membership_api, school_api,
                      imports_api, report_api, events_api, visits_api, plan_api, news_api, reach_api):
        api.register_blueprint(blueprint)
    for blueprint in (account_pages, account_admin, program_pages, team_pages, school_pages, people_pages, import_pages,
                      report_pages, demo_pages, organisation_pages, event_pages, visit_pages, plan_pages, public_pages,
                      reach_pages):
        app.register_blueprint(blueprint)
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
