"""The audience vote: by phone or by paper ticket, one vote a person, bursts set aside by the chair."""


def register(app, api) -> None:
    """The vote's API and pages (the vote, the tickets) on the fairs application."""
    from services.fairs.audience.views import api as audience_api
    from services.fairs.audience.views import pages

    api.register_blueprint(audience_api)
    app.register_blueprint(pages)
