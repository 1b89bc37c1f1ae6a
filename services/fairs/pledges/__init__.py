"""Live fundraising at the fair: partners counted once, each project's needs, pledges followed until received,
the pledge desk and the pledge board."""


def register(app, api) -> None:
    """The pledges' API and pages on the fairs application."""
    from services.fairs.pledges.pages import pages
    from services.fairs.pledges.views import api as pledges_api

    api.register_blueprint(pledges_api)
    app.register_blueprint(pages)
