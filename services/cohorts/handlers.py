"""Events cohorts applies: consultations' log and fairs' results and pledges, for its figures."""
from services.cohorts.figures import pledges
from services.cohorts.figures.models import ConsultationFact, FairResultFact
from shared.db import utcnow
from shared.events.replica import upsert_if_newer


def _consultation(uow, env):
    d = env.data
    upsert_if_newer(uow.session, ConsultationFact.__table__, {"id": d["id"]}, dict(
        cohort_id=d["cohort_id"], kind=d["kind"], status=d["status"], started_at=d["started_at"],
        duration_minutes=d["duration_minutes"], mentor_account_id=d["mentor_account_id"], team_ids=d["team_ids"],
        attendee_ids=d["attendee_ids"], anonymous_attendees=d["anonymous_attendees"], updated_at=utcnow(),
    ), version=env.entity_version)


def _results(uow, env):
    d = env.data
    for entry in d["ranking"]:
        upsert_if_newer(uow.session, FairResultFact.__table__, {"fair_id": d["fair_id"], "team_id": entry["team_id"]}, dict(
            cohort_id=d["cohort_id"], rank=entry["rank"], score=entry["score"], leader=entry["leader"], updated_at=utcnow(),
        ), version=env.entity_version)


HANDLERS = {
    "consultations.consultation.logged": _consultation,
    "consultations.consultation.amended": _consultation,
    "consultations.consultation.cancelled": _consultation,
    "fairs.results.published": _results,
    "fairs.pledge.recorded": pledges.apply,
    "fairs.pledge.updated": pledges.apply,
}
