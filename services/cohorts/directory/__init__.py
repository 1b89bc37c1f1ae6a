"""The people directory: finding anyone of the register by name, phone, e-mail, cohort, team, territory or role; a
cohort's participants; one person's page (edit, merge, erase). Pages and API over ``people`` and the packages that
place a person (membership, teams, programmes)."""


def register(app, api) -> None:
    from services.cohorts.directory.pages import pages
    from services.cohorts.directory.views import api as people_api

    api.register_blueprint(people_api)
    app.register_blueprint(pages)
