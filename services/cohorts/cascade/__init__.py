"""A cascade of trainers: a cohort may name its parent cohort and its trainers, people who were participants of the
parent and now lead it (resource-centre staff trained by experts, who then train rural NGO workers), to any depth;
the programme's report counts each level's people and organisations, each trainer's reach, and everyone once."""


def register(app, api) -> None:
    from services.cohorts.cascade.models import CohortTrainer
    from services.cohorts.cascade.operations import set_cascade, trainers
    from services.cohorts.people.references import REFERENCES, Holder
    from services.cohorts.programs.operations import cohort_cascade, cohort_trainers

    from services.cohorts.cascade.views import api as cascade_api
    from services.cohorts.cascade.views import pages

    api.register_blueprint(cascade_api)
    app.register_blueprint(pages)
    cohort_cascade.register("cascade", set_cascade)  # a cohort made or changed with its parent and trainers
    cohort_trainers.register("cascade", trainers)
    REFERENCES.register(Holder("cascade", tables=((CohortTrainer.__table__, "person_id", ("cohort_id",)),)))
