"""Programmes, their cohorts and territories."""


def register(app, api) -> None:
    from services.cohorts.programs.pages import pages
    from services.cohorts.programs.views import api as programs_api

    api.register_blueprint(programs_api)
    app.register_blueprint(pages)
