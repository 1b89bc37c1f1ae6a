"""The fairs web application (``gunicorn "services.fairs.app:create_app()"``)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared.config import Settings
from shared.web.app import create_service_app


def create_app(settings: Settings | None = None) -> Flask:
    from services.fairs.day import register as register_day
    from services.fairs.db import REPLICAS
    from services.fairs.judging.operations import link_name
    from services.fairs.judging.pages import pages as judging_pages
    from services.fairs.pledges import register as register_pledges
    from services.fairs.judging.views import api as judging_api
    from services.fairs.runtime import build_runtime
    from services.fairs.stage import register as register_stage
    from services.fairs.zones import register as register_zones
    from shared.events.replicas import account_state_from
    from shared.web.replica_views import team_replica_blueprints

    settings = settings or Settings.from_env("fairs")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        templates=[Path(__file__).parent / "judging" / "templates"],
        account_lookup=account_state_from(REPLICAS),
        link_lookup=link_name,  # a juror's personal link works while the juror is on the jury and the link is the latest
        title="Rostok fairs",
    )
    teams_api, _replica_pages = team_replica_blueprints("fairs", REPLICAS, ("coordinator", "juror"))
    api.register_blueprint(teams_api)
    api.register_blueprint(judging_api)
    register_day(app, api)  # the fair's life and formula, leaderboard, audience vote, results
    app.register_blueprint(judging_pages)  # its home (the fairs) replaces the plain team list, kept at /fairs/teams
    register_stage(app, api)  # the console, the projector, the juror's live page and the stage API
    register_pledges(app, api)  # partners, needs, pledges: the desk, the board, the follow-up
    register_zones(app)  # a fair's pages show times in its programme's zone
    return app
