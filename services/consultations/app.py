"""The consultations web application (``gunicorn "services.consultations.app:create_app()"``)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared.config import Settings
from services.site import SITE
from shared.web.app import create_service_app


def create_app(settings: Settings | None = None) -> Flask:
    from services.consultations.db import REPLICAS
    from services.consultations import log
    from services.consultations.runtime import build_runtime
    from shared.events.replicas import account_state_from
    from shared.web.replica_api import team_replica_api

    settings = settings or Settings.from_env("consultations")
    runtime = build_runtime(settings)
    app, api = create_service_app(
        runtime,
        import_name=__name__,
        templates=[Path(__file__).parent / "log" / "templates"],
        static=sorted(Path(__file__).parent.glob("*/static")),
        account_lookup=account_state_from(REPLICAS),
        site=SITE,
        title="Rostok consultations",
    )
    teams_api = team_replica_api("consultations", REPLICAS, ("coordinator", "mentor"))
    api.register_blueprint(teams_api)
    log.register(app, api)
    return app
