"""The stage of the fair day: the chair's console, the projector, the juror's live phone page."""


def register(app, api) -> None:
    """The stage's API and pages on the fairs application."""
    from services.fairs.jury.pages import juror_landing
    from services.fairs.stage.pages import live_or_none, pages
    from services.fairs.stage.views import api as stage_api

    api.register_blueprint(stage_api)
    app.register_blueprint(pages)
    juror_landing.register("stage", live_or_none)  # on the day a juror's link opens the live page
