"""The fairs web application (``gunicorn "services.fairs.app:create_app()"``)."""
from __future__ import annotations

from flask import Flask

from shared.config import Settings
from shared.web.app import create_service_app


def create_app(settings: Settings | None = None) -> Flask:
    from services.fairs.db import REPLICAS
    from services.fairs.runtime import build_runtime
    from shared.events.replicas import account_state_from
    from shared.web.replica_views import team_replica_blueprints

    settings = settings or Settings.from_env("fairs")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        account_lookup=account_state_from(REPLICAS),
        title="Rostok fairs",
    )
    teams_api, team_pages = team_replica_blueprints("fairs", REPLICAS, ("coordinator", "juror"))
    api.register_blueprint(teams_api)
    app.register_blueprint(team_pages)
    return app
