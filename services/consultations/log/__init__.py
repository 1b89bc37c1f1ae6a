"""The consultations' log: consultations with their attendees, topics and hours, the desk's walk-ins, the mentor's
pages and the team's timeline."""


def register(app, api) -> None:
    from services.consultations.log.pages import pages
    from services.consultations.log.views import api as consultations_api

    api.register_blueprint(consultations_api)
    app.register_blueprint(pages)  # its home replaces the plain team list
