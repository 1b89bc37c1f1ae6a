"""The stage of the fair day: the chair's console, the projector, the juror's live phone page."""


def register(app, api) -> None:
    """The stage's API and pages on the fairs application."""
    from services.fairs.stage.pages import pages
    from services.fairs.stage.views import api as stage_api

    api.register_blueprint(stage_api)
    app.register_blueprint(pages)
