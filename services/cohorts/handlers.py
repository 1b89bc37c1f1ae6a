"""Events cohorts applies: consultations' log and fairs' results, pledges and grants awarded, for its figures."""
from services.cohorts.figures import consultations, grants, pledges
from services.cohorts.figures.models import FairResultFact
from shared.db import utcnow
from shared.events.replica import batched, replica_write


@batched
def _results(uow, env):
    d = env.data
    for entry in d["ranking"]:
        replica_write(uow, FairResultFact.__table__, {"fair_id": d["fair_id"], "team_id": entry["team_id"]}, dict(
            cohort_id=d["cohort_id"], rank=entry["rank"], score=entry["score"], leader=entry["leader"],
            published_at=d["published_at"], updated_at=utcnow(),
        ), version=env.entity_version)


def _visitor(uow, env):
    """A visitor typed at the consultations desk: one person of the register (matched by phone or e-mail, or
    created), announced back to consultations with ``cohorts.visitor.matched``."""
    from services.cohorts.people.operations import match_or_register

    d = env.data
    person, _new = match_or_register(uow, {"full_name": d["full_name"], "phone": d.get("phone"), "email": d.get("email"),
                                           "organisation": d.get("organisation")})
    uow.publish("cohorts.visitor.matched", {"consultation_id": d["consultation_id"], "visitor_id": d["visitor_id"],
                                            "person_id": person.id, "organisation_id": person.organisation_id}, entity_version=1)


def _applicant(uow, env):
    """A grant applicant's organisation, partners and contact: organisations and a person of the register (matched by
    INN, phone or e-mail, or created; once however often the application is sent or changed), announced back to
    fairs with ``cohorts.applicant.matched``."""
    from services.cohorts.organisations.operations import match_or_register as organisation_of
    from services.cohorts.people.operations import match_or_register

    d = env.data
    organisation = organisation_of(uow, d["organisation"]["name"], d["organisation"].get("inn"))
    partners = [organisation_of(uow, p["name"], p.get("inn")).id for p in d["partners"]]
    person, _new = match_or_register(uow, {"full_name": d["contact_name"], "phone": d.get("phone"), "email": d.get("email"),
                                           "organisation": organisation.name, "organisation_id": organisation.id})
    uow.publish("cohorts.applicant.matched", {"application_id": d["application_id"], "person_id": person.id,
                                              "organisation_id": organisation.id, "partner_ids": partners},
                entity_version=env.entity_version)


HANDLERS = {
    "consultations.consultation.logged": consultations.apply,
    "consultations.consultation.amended": consultations.apply,
    "consultations.consultation.cancelled": consultations.apply,
    "consultations.visitor.met": _visitor,
    "fairs.application.submitted": _applicant,
    "fairs.results.published": _results,
    "fairs.pledge.recorded": pledges.apply,
    "fairs.pledge.updated": pledges.apply,
    "fairs.grant.awarded": grants.apply,
}
