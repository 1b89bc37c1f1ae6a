"""A working group's work plan: items with an owner (a member), a due date and a status, kept by the programme's
coordinators; the programme's overdue items in one list."""


def register(app, api) -> None:
    from services.cohorts.people.references import REFERENCES, Holder
    from services.cohorts.workplans.models import WorkItem
    from services.cohorts.workplans.pages import pages
    from services.cohorts.workplans.views import api as workplans_api

    api.register_blueprint(workplans_api)
    app.register_blueprint(pages)
    # an item's owner follows a merged record
    REFERENCES.register(Holder("workplans", tables=((WorkItem.__table__, "owner_person_id", ()),)))
