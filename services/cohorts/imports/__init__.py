"""Importing people and teams from a spreadsheet: a preview to check, then one confirmation."""


def register(app, api) -> None:
    from services.cohorts.imports.operations import scrub_person
    from services.cohorts.imports.views import api as imports_api
    from services.cohorts.imports.views import pages
    from services.cohorts.people.references import REFERENCES, Holder

    api.register_blueprint(imports_api)
    app.register_blueprint(pages)
    REFERENCES.register(Holder("imports", erase=scrub_person))  # previews keep the rows as they were read
