"""The fair's jury: jurors and their personal links, score sheets on the lineup, conflicts declared and standing, the chair's review of consultations."""


def register(app, api) -> None:
    """The jury's API (jurors, links, sheets, conflicts) and pages (the jury, the personal link, a juror's sheets)."""
    from services.fairs.jury.pages import pages
    from services.fairs.jury.views import api as jury_api

    api.register_blueprint(jury_api)
    app.register_blueprint(pages)
