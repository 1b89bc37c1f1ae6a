"""The stage of the fair day: the chair's console, the projector, the juror's live phone page."""


def register(app, api) -> None:
    """The stage's API and pages on the fairs application."""
    from services.fairs.stage.pages import juror_landing, pages
    from services.fairs.stage.views import api as stage_api

    api.register_blueprint(stage_api)
    app.register_blueprint(pages)
    app.extensions["fairs.juror_landing"] = juror_landing  # where a juror's personal link leads (judging's open_link)
