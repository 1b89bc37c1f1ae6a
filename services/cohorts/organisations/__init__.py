"""The register of organisations: each NGO, initiative group, state or municipal body, business, school, medium
counted once (by INN, and warned of by name in a settlement)."""


def register(app, api) -> None:
    from services.cohorts.organisations.pages import pages
    from services.cohorts.organisations.views import api as organisations_api

    api.register_blueprint(organisations_api)
    app.register_blueprint(pages)
