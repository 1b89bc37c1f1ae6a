"""The fairs web application (``gunicorn "services.fairs.app:create_app()"``)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared.config import Settings
from services.site import SITE
from shared.web.app import PersonalLinks, create_service_app


def create_app(settings: Settings | None = None) -> Flask:
    from services.fairs.audience import register as register_audience
    from services.fairs.db import REPLICAS
    from services.fairs.grants import register as register_grants
    from services.fairs.jury import register as register_jury
    from services.fairs.leaderboard import register as register_leaderboard
    from services.fairs.pledges import register as register_pledges
    from services.fairs.results import register as register_results
    from services.fairs.runtime import build_runtime
    from services.fairs.setup import register as register_setup
    from services.fairs.stage import register as register_stage
    from services.fairs.zones import register as register_zones
    from shared.events.replicas import account_state_from
    from shared.web.replica_api import team_replica_api

    settings = settings or Settings.from_env("fairs")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        static=sorted(Path(__file__).parent.glob("*/static")),  # each package's scripts and styles
        account_lookup=account_state_from(REPLICAS),
        # a personal link works while its juror is on the jury (its expert on the call) and the link is the latest
        personal_links=PersonalLinks(principal=_link_principal, name=_link_name),
        site=SITE,
        title="Rostok fairs",
    )
    teams_api = team_replica_api("fairs", REPLICAS, ("coordinator", "juror"))
    api.register_blueprint(teams_api)
    register_setup(app, api)  # the fairs, their settings, criteria, lineup and state
    register_jury(app, api)  # jurors, their links and sheets, conflicts
    register_leaderboard(app, api)
    register_audience(app, api)  # the vote and its tickets
    register_results(app, api)  # publishing, the results page and exports
    register_stage(app, api)  # the console, the projector, the juror's live page and the stage API
    register_pledges(app, api)  # partners, needs, pledges: the desk, the board, the follow-up
    register_grants(app, api)  # grants calls reviewed on the judging core
    register_zones(app)  # a fair's pages show times in its programme's zone
    return app


def _link_principal(secret: str, token: str):
    """A personal link: a juror's at a fair, or an expert's on a grants call (each signed with its own salt)."""
    from services.fairs.grants import links as expert_links
    from services.fairs.jury import links as juror_links
    from shared.auth import TokenError

    try:
        return juror_links.principal(secret, token)
    except TokenError:
        return expert_links.principal(secret, token)


def _link_name(session, principal):
    """Whose a personal link is while it works (the juror on the jury, the expert on the call), else None."""
    from services.fairs.grants.review import expert_link_name
    from services.fairs.jury.operations import link_name

    return expert_link_name(session, principal) if "expert_id" in principal.scope else link_name(session, principal)
