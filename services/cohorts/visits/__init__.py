"""Visits: someone used the library, the office or the incubator's desk (a one-line log)."""


def register(app, api) -> None:
    from services.cohorts.people.references import REFERENCES, Holder
    from services.cohorts.visits.models import Visit
    from services.cohorts.visits.pages import pages
    from services.cohorts.visits.views import api as visits_api

    api.register_blueprint(visits_api)
    app.register_blueprint(pages)
    REFERENCES.register(Holder("visits", tables=((Visit.__table__, "person_id", ()),)))
