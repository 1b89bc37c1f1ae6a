"""Events cohorts applies: consultations' log and fairs' results and pledges, for its figures."""
from services.cohorts.figures import consultations, pledges
from services.cohorts.figures.models import FairResultFact
from shared.db import utcnow
from shared.events.replica import upsert_if_newer


def _results(uow, env):
    d = env.data
    for entry in d["ranking"]:
        upsert_if_newer(uow.session, FairResultFact.__table__, {"fair_id": d["fair_id"], "team_id": entry["team_id"]}, dict(
            cohort_id=d["cohort_id"], rank=entry["rank"], score=entry["score"], leader=entry["leader"],
            published_at=d["published_at"], updated_at=utcnow(),
        ), version=env.entity_version)


HANDLERS = {
    "consultations.consultation.logged": consultations.apply,
    "consultations.consultation.amended": consultations.apply,
    "consultations.consultation.cancelled": consultations.apply,
    "fairs.results.published": _results,
    "fairs.pledge.recorded": pledges.apply,
    "fairs.pledge.updated": pledges.apply,
}
