"""A small grants competition reviewed remotely on the judging core: a call, its applications, experts assigned with
no conflict, their sheets, the ranking and the funding line, the awards. Plain rules first (``rules``,
``assignment``, ``funding``); the call's storage, API and pages stand on them."""


def register(app, api) -> None:
    """The grants calls' API and pages on the fairs application."""
    from services.fairs.grants import applicant_pages, coordinator_pages, expert_pages
    from services.fairs.grants.views import api as grants_api

    api.register_blueprint(grants_api)
    for audience in (applicant_pages, coordinator_pages, expert_pages):
        app.register_blueprint(audience.pages)
