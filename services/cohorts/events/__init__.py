"""Events of the centre (open days, seminars, round tables, conferences …): registration, tickets, the door."""


def register(app, api) -> None:
    from services.cohorts.events.models import Registration
    from services.cohorts.events.operations import recount_seats
    from services.cohorts.events.pages import pages
    from services.cohorts.events.views import api as events_api
    from services.cohorts.people.references import REFERENCES, Holder

    api.register_blueprint(events_api)
    app.register_blueprint(pages)
    # a registration dropped at a merge as a twin of the kept one gives its seat back
    REFERENCES.register(Holder("events", tables=((Registration.__table__, "person_id", ("event_id",)),),
                               after_merge=lambda uow, kept: recount_seats(uow, kept.id)))
