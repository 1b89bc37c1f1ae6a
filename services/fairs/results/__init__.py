"""The fair's results: published once, frozen, read by everyone, exported."""


def register(app, api) -> None:
    """The results' API and pages on the fairs application."""
    from services.fairs.results.views import api as results_api
    from services.fairs.results.views import pages

    api.register_blueprint(results_api)
    app.register_blueprint(pages)
