"""The school: a cohort's sessions and who attended them."""


def register(app, api) -> None:
    from services.cohorts.events.pages import event_notes
    from services.cohorts.people.references import REFERENCES, Holder
    from services.cohorts.school.models import Attendance
    from services.cohorts.school.operations import follow_merge, recount_reach
    from services.cohorts.school.pages import event_note, pages
    from services.cohorts.school.views import api as school_api

    api.register_blueprint(school_api)
    app.register_blueprint(pages)
    event_notes.register("school", event_note)  # a session's event page leads to its attendance list
    REFERENCES.register(Holder("school", tables=((Attendance.__table__, "person_id", ("session_id",)),), before_merge=follow_merge,
                               after_merge=recount_reach))
